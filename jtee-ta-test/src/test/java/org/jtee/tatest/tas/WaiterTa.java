package org.jtee.tatest.tas;

import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaSession;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/** Time: TEE_Wait, system time, REE time, and a wait its client cancels. */
@Ta(uuid = GpTas.WAITER)
public final class WaiterTa implements TrustedApplication<Void> {
    /** 2020-09-13: a REE time before it is no clock at all. */
    private static final long PLAUSIBLE_EPOCH_SECONDS = 1_600_000_000L;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case GpTas.WAIT -> waitAndLook(call, params);
            case GpTas.WAIT_CANCELLABLE -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                try (TaSession board = call.openTaSession(GpTas.uuid(GpTas.SHARED_KEPT), Parameters.none())) {
                    board.invoke(GpTas.MARK, new Parameters(new Value(ParamTypes.VALUE_INPUT, params.value(0).a(), 0), null,
                            null, null));
                }
                call.unmaskCancellation();
                Waits.untilCancelled(call, params.value(1));
            }
            case GpTas.REE_TIME -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(call.reeTime().getEpochSecond() > PLAUSIBLE_EPOCH_SECONDS ? 1 : 0);
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId);
        }
    }

    private static void waitAndLook(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
        int millis = params.value(0).a();
        Instant before = call.systemTime();
        long start = System.nanoTime();
        call.await(millis);
        long waitedNanos = System.nanoTime() - start;
        Instant after = call.systemTime();
        params.value(1).setA(waitedNanos >= TimeUnit.MILLISECONDS.toNanos(millis) ? 1 : 0);
        params.value(1).setB(after.isAfter(before) ? 1 : 0);
    }
}
