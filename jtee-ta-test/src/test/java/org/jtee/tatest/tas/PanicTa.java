package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/** Single instance, multi session: counts, and panics on request. */
@Ta(uuid = GpTas.PANIC, singleInstance = true, multiSession = true)
public final class PanicTa implements TrustedApplication<Void> {
    private int count;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.COUNT_INSTANCE -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(++count);
            }
            case GpTas.PANIC_NOW -> throw Tee.panic(0x0bad);
            case GpTas.THROW -> throw new IllegalStateException("a bug in the TA");
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }
}
