package org.jtee.tatest.tas;

import org.jtee.common.TeeException;
import org.jtee.ta.CallContext;
import org.jtee.ta.Value;

/** A TEE_Wait that only a cancellation should end. */
final class Waits {
    private Waits() {}

    /**
     * Waits {@link GpTas#LONG_WAIT_MILLIS}; {@code seen} gets the result and origin of a
     * cancellation (a: 0 if none came), before the failure is passed on, so the client sees them.
     */
    static void untilCancelled(CallContext call, Value seen) throws TeeException {
        try {
            call.await(GpTas.LONG_WAIT_MILLIS);
            seen.setA(0);
        } catch (TeeException e) {
            seen.setA(e.result());
            seen.setB(e.origin());
            throw e;
        }
    }
}
