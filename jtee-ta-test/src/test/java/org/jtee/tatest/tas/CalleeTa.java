package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** The callee of TA-to-TA calls: says who its client is, and waits to be cancelled. */
@Ta(uuid = GpTas.CALLEE)
public final class CalleeTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.IDENTIFY -> identify(call, params);
            case GpTas.WAIT_UNMASKED -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                call.unmaskCancellation();
                Waits.untilCancelled(call, params.value(0));
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }

    private static void identify(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_OUTPUT, MEMREF_OUTPUT, MEMREF_INOUT, NONE);
        params.value(0).setA(call.client().login());
        params.value(0).setB(call.clientProperties().getIdentity("gpd.client.identity").equals(call.client()) ? 1 : 0);
        params.memref(1).write(call.client().uuid().toString().getBytes(StandardCharsets.US_ASCII));
        MemoryReference m = params.memref(2);
        MemorySegment b = m.buffer();
        for (long i = 0; i < m.capacity(); i++) {
            b.set(ValueLayout.JAVA_BYTE, i, (byte) (b.get(ValueLayout.JAVA_BYTE, i) + 1));
        }
    }
}
