package org.jtee.storage;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks that keys (an object number, a name) share by hash: holding the locks of
 * some keys keeps every other holder of the same keys out, while different keys rarely wait for
 * each other. Several keys are locked in stripe order, so two holders never deadlock.
 *
 * <pre>{@code
 * try (StripedLocks.Held h = locks.lock(number, newName)) {
 *     ... // commit the rename
 * }
 * }</pre>
 */
public final class StripedLocks {
    private final ReentrantLock[] stripes;

    public StripedLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** The locks of {@code keys} (by {@code hashCode}), held until {@link Held#close}. */
    public Held lock(Object... keys) {
        return new Held(Arrays.stream(keys).mapToInt(k -> Math.floorMod(k.hashCode() * 0x9E3779B1, stripes.length))
                .distinct().sorted().toArray());
    }

    /** Locks held; closing releases them. */
    public final class Held implements AutoCloseable {
        private final int[] held;

        private Held(int[] held) {
            this.held = held;
            for (int i : held) {
                stripes[i].lock();
            }
        }

        @Override
        public void close() {
            for (int i = held.length - 1; i >= 0; i--) {
                stripes[held[i]].unlock();
            }
        }
    }
}
