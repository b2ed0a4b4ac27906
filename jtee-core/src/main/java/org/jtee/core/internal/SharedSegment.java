package org.jtee.core.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's shared-memory segment mapped into the core. Operations that reference it hold a
 * reference; the mapping goes away when the client unregisters it (or disconnects) and the last
 * operation using it has finished.
 */
final class SharedSegment {
    final int id;
    final int flags;
    private final Arena arena;
    private final MemorySegment memory;
    /** One for the registration, one per operation using it. */
    private final AtomicInteger refs = new AtomicInteger(1);

    SharedSegment(int id, int flags, Arena arena, MemorySegment memory) {
        this.id = id;
        this.flags = flags;
        this.arena = arena;
        this.memory = memory;
    }

    long size() {
        return memory.byteSize();
    }

    MemorySegment slice(long offset, long size) {
        return memory.asSlice(offset, size);
    }

    /**
     * True if every byte of {@code [offset, offset + size)} is still backed by the client's file.
     * A client can only shrink a file from its end, so the range is backed exactly when its last
     * byte is: that byte is read once, and the fault a shrunk file gives (SIGBUS, which HotSpot
     * raises as {@link InternalError}) is caught here instead of reaching the caller.
     */
    boolean isBacked(long offset, long size) {
        if (size == 0) {
            return true;
        }
        try {
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset + size - 1, new byte[1], 0, 1);
            return true;
        } catch (InternalError e) {
            return false;
        }
    }

    /** Takes a reference for an operation; false if the segment is already gone. */
    boolean retain() {
        int n;
        do {
            n = refs.get();
            if (n == 0) {
                return false;
            }
        } while (!refs.compareAndSet(n, n + 1));
        return true;
    }

    /** Drops a reference; the last one unmaps. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            arena.close();
        }
    }
}
