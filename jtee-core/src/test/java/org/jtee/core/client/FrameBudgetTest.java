package org.jtee.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {
    private final FrameBudget budget = new FrameBudget(100);

    @Test
    void reserve_withinTheLimit_granted() {
        assertTrue(budget.reserve(60, 0));
        assertTrue(budget.reserve(40, 0));
        assertEquals(100, budget.usedBytes());
    }

    @Test
    void reserve_overTheLimit_refusedAfterTheWait() {
        assertTrue(budget.reserve(60, 0));
        assertFalse(budget.reserve(41, 20));
        assertEquals(60, budget.usedBytes());
    }

    @Test
    void reserve_moreThanTheWholeBudget_refusedAtOnce() {
        assertFalse(budget.reserve(101, 60_000));
    }

    @Test
    void release_letsAWaiterIn() throws Exception {
        assertTrue(budget.reserve(100, 0));
        Thread releaser = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            budget.release(100);
        });
        assertTrue(budget.reserve(80, 30_000), "granted once the holder released");
        releaser.join();
        assertEquals(80, budget.usedBytes());
    }
}
