package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CryptoWarmupTest {

    /** Every step works (a failing one throws, and the host logs it). */
    @Test
    void run_completesEveryRound() {
        assertEquals(CryptoWarmup.ROUNDS, CryptoWarmup.run(() -> false));
    }

    /** A host given its TA stops the warm-up at the next step. */
    @Test
    void run_stopsWhenTold() {
        AtomicInteger checks = new AtomicInteger();
        assertEquals(1, CryptoWarmup.run(() -> checks.incrementAndGet() > 2));
    }

    @Test
    void run_stoppedBeforeItStarts_doesNothing() {
        assertEquals(0, CryptoWarmup.run(() -> true));
    }
}
