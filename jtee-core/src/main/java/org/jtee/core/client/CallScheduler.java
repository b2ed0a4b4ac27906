package org.jtee.core.client;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The core's call slots, OP-TEE's thread contexts: at most {@code slots} OPEN_SESSION and INVOKE
 * calls run at once. When all are busy, calls wait in one queue per owner (connection) and the
 * queues are served round-robin, so a client that floods the core delays only itself. Control
 * calls (close, cancel, shared memory) never take a slot and so never wait behind TA calls.
 *
 * @param <T> a queued call
 */
final class CallScheduler<T> {
    private final int slots;
    private final Function<T, Object> owner;
    private int busy;
    private final Map<Object, ArrayDeque<T>> queues = new HashMap<>();
    private final ArrayDeque<Object> ready = new ArrayDeque<>();

    CallScheduler(int slots, Function<T, Object> owner) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one call slot, got " + slots);
        }
        this.slots = slots;
        this.owner = owner;
    }

    /**
     * Takes a slot for {@code call} if one is free and nobody is queued for it, or else queues
     * it, in one step: a call is never queued while a slot is free, so a queued call always has
     * a running call whose {@link #nextOrRelease} will hand it on.
     *
     * @return true if the caller holds a slot and must run {@code call} now; false if queued
     */
    synchronized boolean acquireOrEnqueue(T call) {
        if (busy < slots && ready.isEmpty()) {
            busy++;
            return true;
        }
        Object key = owner.apply(call);
        ArrayDeque<T> q = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
        q.add(call);
        if (q.size() == 1) {
            ready.add(key);
        }
        return false;
    }

    /**
     * Called by a thread that finished a call: hands it the next queued call, keeping the slot,
     * or frees the slot and returns null.
     */
    synchronized T nextOrRelease() {
        Object key = ready.poll();
        if (key == null) {
            busy--;
            return null;
        }
        ArrayDeque<T> q = queues.get(key);
        T call = q.poll();
        if (q.isEmpty()) {
            queues.remove(key);
        } else {
            ready.add(key);
        }
        return call;
    }

    /** Removes and returns every queued call of {@code key}, which went away. */
    synchronized List<T> drain(Object key) {
        ready.remove(key);
        ArrayDeque<T> q = queues.remove(key);
        return q == null ? List.of() : List.copyOf(q);
    }

    synchronized int busySlots() {
        return busy;
    }

    /** How many calls wait in all queues. */
    synchronized int queued() {
        int n = 0;
        for (ArrayDeque<T> q : queues.values()) {
            n += q.size();
        }
        return n;
    }
}
