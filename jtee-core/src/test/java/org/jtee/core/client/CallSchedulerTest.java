package org.jtee.core.client;

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
        assertTrue(scheduler.acquireOrEnqueue(new Call("a", 1)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("a", 2)));
        assertEquals(1, scheduler.busySlots());
    }

    @Test
    void queuedCalls_servedRoundRobinAcrossOwners() {
        assertTrue(scheduler.acquireOrEnqueue(new Call("first", 0)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("flood", 1)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("flood", 2)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("flood", 3)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("quiet", 1)));
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
        assertTrue(two.acquireOrEnqueue(new Call("a", 0)));
        assertTrue(two.acquireOrEnqueue(new Call("b", 0)));
        assertFalse(two.acquireOrEnqueue(new Call("a", 1)));
        assertEquals(new Call("a", 1), two.nextOrRelease());
        assertNull(two.nextOrRelease());
        assertTrue(two.acquireOrEnqueue(new Call("c", 0)));
    }

    @Test
    void drain_removesOnlyThatOwnersCalls() {
        assertTrue(scheduler.acquireOrEnqueue(new Call("first", 0)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("gone", 1)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("stays", 1)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("gone", 2)));
        assertEquals(List.of(new Call("gone", 1), new Call("gone", 2)), scheduler.drain("gone"));
        assertEquals(new Call("stays", 1), scheduler.nextOrRelease());
        assertNull(scheduler.nextOrRelease());
    }

    @Test
    void lastCallEndsWhileAnotherArrives_eitherOrder_theNewCallRuns() {
        // the race of a call arriving as the last running call ends, replayed in both orders
        assertTrue(scheduler.acquireOrEnqueue(new Call("running", 1)));
        assertFalse(scheduler.acquireOrEnqueue(new Call("late", 1)));
        assertEquals(new Call("late", 1), scheduler.nextOrRelease(), "the ending call hands its slot on");
        assertNull(scheduler.nextOrRelease());
        assertTrue(scheduler.acquireOrEnqueue(new Call("late", 2)), "after the release the slot is free");
        assertNull(scheduler.nextOrRelease());
        assertEquals(0, scheduler.queued());
    }

    /**
     * Many threads arrive while others end their calls: no call may be left queued with every slot
     * free (the lost wake-up of a check-then-queue in two steps), so every call runs.
     */
    @Test
    void concurrentArrivalsAndEnds_everyCallRuns_noneStranded() throws Exception {
        CallScheduler<Call> one = new CallScheduler<>(1, Call::owner);
        int threads = 4;
        int perThread = 20_000;
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String owner = "t" + t;
            started.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (one.acquireOrEnqueue(new Call(owner, i))) {
                        do {
                            ran.incrementAndGet();
                        } while (one.nextOrRelease() != null);
                    }
                }
            }));
        }
        for (Thread t : started) {
            t.join();
        }
        assertEquals(0, one.queued(), "calls left queued with no call running");
        assertEquals(0, one.busySlots());
        assertEquals(threads * perThread, ran.get());
    }
}
