package org.jtee.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.Tee;
import org.junit.jupiter.api.Test;

/** Cancellation of an operation, by its client and by the timeouts of the TA-to-TA calls nested in it. */
class OperationTest {
    private final Operation op = new Operation(null, 1, null);

    /** Enters an entry of the operation and unmasks cancellation, as a TA does. */
    private void enterUnmasked() {
        op.enter();
        op.setMasked(false);
    }

    @Test
    void theClientsCancellation_reachesEveryDepth_andEveryHook() throws Exception {
        AtomicInteger outer = new AtomicInteger();
        AtomicInteger inner = new AtomicInteger();
        enterUnmasked();
        op.addCancelHook(outer::incrementAndGet);
        op.nest(4);
        enterUnmasked();
        op.addCancelHook(inner::incrementAndGet);
        op.cancel();
        op.cancel();
        assertTrue(op.cancellationRequested());
        assertEquals(1, outer.get());
        assertEquals(1, inner.get(), "a repeated cancellation is one");
    }

    @Test
    void anExpiredTimeout_cancelsItsCallAndDeeper_notTheCaller() throws Exception {
        AtomicInteger caller = new AtomicInteger();
        AtomicInteger callee = new AtomicInteger();
        enterUnmasked();
        op.addCancelHook(caller::incrementAndGet);
        op.nest(4);
        Operation.Timeout t = op.startTimeout(50);
        boolean callerMask = op.enter();
        op.setMasked(false);
        op.addCancelHook(callee::incrementAndGet);
        assertFalse(op.cancellationRequested(), "not before it expires");
        TeeException e = assertThrows(TeeException.class, () -> op.await(10_000), "TEE_Wait ends when it expires");
        assertEquals(TeeResult.CANCEL, e.result());
        waitFor(() -> callee.get() == 1);
        assertEquals(0, caller.get(), "the caller's host is not told");
        op.exit(callerMask);
        op.endTimeout(t);
        op.unnest();
        assertFalse(op.cancellationRequested(), "the caller's own call is not cancelled");
        op.await(5);
    }

    @Test
    void aHookAdded_afterItsTimeoutExpired_runsAtOnce() throws Exception {
        op.nest(4);
        Operation.Timeout t = op.startTimeout(0);
        waitFor(() -> {
            enterUnmasked();
            return op.cancellationRequested();
        });
        AtomicInteger late = new AtomicInteger();
        op.addCancelHook(late::incrementAndGet);
        assertEquals(1, late.get());
        op.endTimeout(t);
    }

    @Test
    void anEndedTimeout_neverFires_andInfiniteStartsNone() throws Exception {
        AtomicInteger callee = new AtomicInteger();
        op.nest(4);
        assertEquals(null, op.startTimeout(Tee.TIMEOUT_INFINITE));
        assertEquals(null, op.startTimeout(-1));
        Operation.Timeout t = op.startTimeout(30);
        op.addCancelHook(callee::incrementAndGet);
        op.endTimeout(t);
        Thread.sleep(80);
        assertEquals(0, callee.get());
        enterUnmasked();
        assertFalse(op.cancellationRequested());
    }

    @Test
    void aTimeoutExpiringAsItsCallReturns_doesNotCancelTheNextCallAtThatDepth() throws Exception {
        AtomicInteger next = new AtomicInteger();
        op.nest(4);
        Operation.Timeout t = op.startTimeout(60_000);
        Runnable firstHost = () -> {};
        op.addCancelHook(firstHost);
        java.util.List<Runnable> due = op.expiring(t); // the timer has passed its check: the call has not returned
        op.removeCancelHook(firstHost);
        op.endTimeout(t);
        op.unnest();
        op.nest(4);
        op.addCancelHook(next::incrementAndGet); // the next call at the same depth
        due.forEach(Runnable::run);
        assertEquals(0, next.get(), "the next call's host is not cancelled");
        enterUnmasked();
        assertFalse(op.cancellationRequested(), "nor is the next call");
    }

    @Test
    void aTimeoutWhoseCallHasReturned_expiresNoMore() throws Exception {
        op.nest(4);
        Operation.Timeout t = op.startTimeout(60_000);
        op.endTimeout(t);
        assertEquals(null, op.expiring(t));
    }

    @Test
    void await_withTimeoutInfinite_waitsUntilCancelled() throws Exception {
        enterUnmasked();
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            op.cancel();
        });
        assertEquals(TeeResult.CANCEL, assertThrows(TeeException.class, () -> op.await(Tee.TIMEOUT_INFINITE)).result());
        canceller.join();
    }

    /** As a TA host's {@code TEE_Wait}: the cancellation is the TEE's answer to the TA (the client then sees the TA's). */
    @Test
    void await_cancelled_isCancelWithOriginTee() throws Exception {
        enterUnmasked();
        op.cancel();
        TeeException e = assertThrows(TeeException.class, () -> op.await(Tee.TIMEOUT_INFINITE));
        assertEquals(TeeResult.CANCEL, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(2);
        }
    }
}
