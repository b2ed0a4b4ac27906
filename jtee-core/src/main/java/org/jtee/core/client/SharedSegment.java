package org.jtee.core.client;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.os.SharedMemory;

/**
 * A client's shared-memory segment mapped into the core, with the descriptor of its file kept
 * open so that TA hosts can map the same memory (the client has unlinked the file by now).
 * Operations that reference it hold a reference; the mapping and the descriptor go away when the
 * client unregisters it (or disconnects) and the last operation using it has finished.
 */
public final class SharedSegment {
    final int id;
    final int flags;
    private final Arena arena;
    private final MemorySegment memory;
    private final int descriptor;
    /** True if the client's file can never shrink below the mapping (a sealed memfd). */
    private final boolean backedForGood;
    private final Runnable onRelease;
    /** One for the registration, one per operation using it. */
    private final AtomicInteger refs = new AtomicInteger(1);

    SharedSegment(int id, int flags, Arena arena, SharedMemory.Shared shared, Runnable onRelease) {
        this.id = id;
        this.flags = flags;
        this.arena = arena;
        this.memory = shared.memory();
        this.descriptor = shared.descriptor();
        this.backedForGood = descriptor >= 0 && SharedMemory.backedForGood(descriptor, memory.byteSize());
        this.onRelease = onRelease;
    }

    /** The size the client registered. */
    public long size() {
        return memory.byteSize();
    }

    /**
     * The descriptor of the client's file, to hand to a TA host while an operation holds a
     * reference; -1 for an empty segment.
     */
    public int descriptor() {
        return descriptor;
    }

    /** The whole mapping in the core. */
    public MemorySegment memory() {
        return memory;
    }

    /** True once the client has unregistered it and no operation uses it: its memory is gone. */
    public boolean isReleased() {
        return refs.get() == 0;
    }

    MemorySegment slice(long offset, long size) {
        return memory.asSlice(offset, size);
    }

    /**
     * True if every byte of {@code [offset, offset + size)} is still backed by the client's file,
     * asked of the kernel without touching the memory ({@link SharedMemory#isBacked}): a client
     * can shrink its file at any time, and a load past the new end would fault. A file sealed
     * against shrinking when it was registered ({@link SharedMemory#backedForGood}, as libteec's
     * allocated memory) is not asked again.
     */
    boolean isBacked(long offset, long size) {
        if (backedForGood) {
            Objects.checkFromIndexSize(offset, size, memory.byteSize());
            return true;
        }
        return SharedMemory.isBacked(memory, offset, size);
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
            onRelease.run();
        }
    }
}
