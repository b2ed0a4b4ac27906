package org.jtee.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallSchedulerTest {
    record Call(String owner, int n) {}

    private final CallScheduler<Call> scheduler = new CallScheduler<>(1, Call::owner);

    @Test
    void slotsTaken_furtherCallsQueue() {
        assertTrue(scheduler.tryAcquire());
        assertFalse(scheduler.tryAcquire());
        assertEquals(1, scheduler.busySlots());
    }

    @Test
    void queuedCalls_servedRoundRobinAcrossOwners() {
        assertTrue(scheduler.tryAcquire());
        scheduler.enqueue(new Call("flood", 1));
        scheduler.enqueue(new Call("flood", 2));
        scheduler.enqueue(new Call("flood", 3));
        scheduler.enqueue(new Call("quiet", 1));
        assertEquals(new Call("flood", 1), scheduler.nextOrRelease());
        assertEquals(new Call("quiet", 1), scheduler.nextOrRelease(), "the quiet owner does not wait behind the flood");
        assertEquals(new Call("flood", 2), scheduler.nextOrRelease());
        assertEquals(new Call("flood", 3), scheduler.nextOrRelease());
        assertNull(scheduler.nextOrRelease());
        assertEquals(0, scheduler.busySlots());
    }

    @Test
    void freeSlot_notTakenAheadOfQueuedCalls() {
        CallScheduler<Call> two = new CallScheduler<>(2, Call::owner);
        assertTrue(two.tryAcquire());
        assertTrue(two.tryAcquire());
        two.enqueue(new Call("a", 1));
        assertEquals(new Call("a", 1), two.nextOrRelease());
        assertNull(two.nextOrRelease());
        assertTrue(two.tryAcquire());
    }

    @Test
    void drain_removesOnlyThatOwnersCalls() {
        assertTrue(scheduler.tryAcquire());
        scheduler.enqueue(new Call("gone", 1));
        scheduler.enqueue(new Call("stays", 1));
        scheduler.enqueue(new Call("gone", 2));
        assertEquals(List.of(new Call("gone", 1), new Call("gone", 2)), scheduler.drain("gone"));
        assertEquals(new Call("stays", 1), scheduler.nextOrRelease());
        assertNull(scheduler.nextOrRelease());
    }
}
