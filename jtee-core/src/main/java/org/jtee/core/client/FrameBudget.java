package org.jtee.core.client;

import java.util.concurrent.TimeUnit;

/**
 * A core-wide budget of bytes that clients make the core hold. The core has two: one for large
 * request frames (bytes of frames being read, and of calls decoded from them until the call ends:
 * a frame over the read buffer's 64 KiB reserves its whole size as soon as its length is known,
 * before a byte of its body is buffered, see {@link MeteredChannel}), and one for replies queued
 * because their clients do not read them ({@link Outbox}).
 */
final class FrameBudget {
    private final long limitBytes;
    private long usedBytes;

    FrameBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * Reserves {@code bytes}, waiting up to {@code waitMillis} for others to release enough.
     *
     * @return false if the budget could not be had in time (or never can: more than all of it)
     */
    synchronized boolean reserve(long bytes, long waitMillis) {
        if (bytes > limitBytes) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (usedBytes + bytes > limitBytes) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        usedBytes += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        if (bytes > 0) {
            usedBytes -= bytes;
            notifyAll();
        }
    }

    synchronized long usedBytes() {
        return usedBytes;
    }
}
