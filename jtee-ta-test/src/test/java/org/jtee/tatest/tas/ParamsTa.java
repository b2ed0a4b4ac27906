package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/** Parameter types, values and memory references in and out. */
@Ta(uuid = GpTas.PARAMS)
public final class ParamsTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) throws TeeException {
        if (params.type(0) == ParamTypes.VALUE_INPUT && params.value(0).a() == GpTas.REFUSE) {
            throw new TeeException(TeeResult.ACCESS_DENIED, "refused on request");
        }
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.ADD -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                params.value(1).setA(params.value(0).a() + params.value(0).b());
            }
            case GpTas.FIRST_VALUE -> params.value(1).setA(params.value(0).a());
            case GpTas.TRANSFORM -> transform(params);
            case GpTas.NEED -> {
                params.expect(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE);
                byte[] data = new byte[params.value(0).a()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) i;
                }
                params.memref(1).write(data);
            }
            case GpTas.READ_INPUT -> {
                params.expect(MEMREF_INPUT, VALUE_OUTPUT, NONE, NONE);
                MemoryReference in = params.memref(0);
                params.value(1).setA((int) in.capacity());
                params.value(1).setB(sum(in.buffer()));
            }
            case GpTas.ACCESS_RIGHTS -> accessRights(call, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }

    private static void accessRights(CallContext call, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE);
        MemorySegment buffer = params.memref(0).buffer();
        MemorySegment copy = MemorySegment.ofArray(params.memref(0).toByteArray());
        params.value(1).setA(result(() -> call.checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ | Tee.MEMORY_ACCESS_ANY_OWNER, buffer)));
        params.value(1).setB(result(() -> call.checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ, buffer)));
        params.value(2).setA(result(() -> call.checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ | Tee.MEMORY_ACCESS_WRITE, copy)));
    }

    private interface Check {
        void run() throws TeeException;
    }

    /** 0 (TEE_SUCCESS) or the result the check failed with. */
    private static int result(Check check) {
        try {
            check.run();
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    private static void transform(Parameters params) throws TeeException {
        params.expect(MEMREF_INOUT, VALUE_INPUT, VALUE_OUTPUT, NONE);
        MemoryReference m = params.memref(0);
        MemorySegment b = m.buffer();
        params.value(2).setA((int) m.capacity());
        params.value(2).setB(sum(b));
        for (long i = 0; i < m.capacity(); i++) {
            b.set(ValueLayout.JAVA_BYTE, i, (byte) (b.get(ValueLayout.JAVA_BYTE, i) + 0x10));
        }
        m.setSize(params.value(1).a());
    }

    private static int sum(MemorySegment b) {
        int sum = 0;
        for (long i = 0; i < b.byteSize(); i++) {
            sum += b.get(ValueLayout.JAVA_BYTE, i) & 0xff;
        }
        return sum;
    }
}
