package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaSession;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/** Calls other TAs under test (GP TA-to-TA calls) and reports what it got. */
@Ta(uuid = GpTas.CALLER)
public final class CallerTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.WHO_CALLS -> whoCalls(call, params);
            case GpTas.CALL_MISSING -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                try (TaSession s = call.openTaSession(GpTas.uuid(GpTas.MISSING), Parameters.none())) {
                    params.value(0).setA(0);
                } catch (TeeException e) {
                    report(params.value(0), e);
                }
            }
            case GpTas.CALL_PANICKING -> callPanicking(call, params);
            case GpTas.CALL_WITH_TIMEOUT -> callWithTimeout(call, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }

    private static void whoCalls(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_OUTPUT, MEMREF_OUTPUT, MEMREF_INOUT, NONE);
        Value identity = new Value(ParamTypes.VALUE_OUTPUT, 0, 0);
        MemoryReference uuid = new MemoryReference(ParamTypes.MEMREF_OUTPUT, MemorySegment.ofArray(new byte[64]), false);
        MemoryReference bytes = new MemoryReference(ParamTypes.MEMREF_INOUT, MemorySegment.ofArray(params.memref(2).toByteArray()),
                false);
        try (TaSession s = call.openTaSession(GpTas.uuid(GpTas.CALLEE), Parameters.none())) {
            s.invoke(GpTas.IDENTIFY, new Parameters(identity, uuid, bytes, null));
        }
        params.value(0).setA(identity.a());
        params.value(0).setB(identity.b());
        params.memref(1).write(uuid.toByteArray());
        MemorySegment.copy(bytes.buffer(), 0, params.memref(2).buffer(), 0, bytes.capacity());
    }

    private static void callPanicking(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_OUTPUT, VALUE_OUTPUT, NONE, NONE);
        try (TaSession s = call.openTaSession(GpTas.uuid(GpTas.PANIC), Parameters.none())) {
            invokeAndReport(s, GpTas.PANIC_NOW, Parameters.none(), params.value(0));
            Parameters count = new Parameters(new Value(ParamTypes.VALUE_OUTPUT, 0, 0), null, null, null);
            invokeAndReport(s, GpTas.COUNT_INSTANCE, count, params.value(1));
        }
    }

    private static void callWithTimeout(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE);
        Value seen = new Value(ParamTypes.VALUE_OUTPUT, 0, 0);
        try (TaSession s = call.openTaSession(GpTas.uuid(GpTas.CALLEE), Parameters.none())) {
            try {
                s.invoke(params.value(0).a(), GpTas.WAIT_UNMASKED, new Parameters(seen, null, null, null));
                params.value(1).setA(0);
            } catch (TeeException e) {
                report(params.value(1), e);
            }
        }
        params.value(2).setA(seen.a());
        params.value(2).setB(seen.b());
    }

    private static void invokeAndReport(TaSession s, int command, Parameters p, Value into) {
        try {
            s.invoke(command, p);
            into.setA(0);
        } catch (TeeException e) {
            report(into, e);
        }
    }

    private static void report(Value into, TeeException e) {
        into.setA(e.result());
        into.setB(e.origin());
    }
}
