package org.jtee.client;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jtee.client.internal.BadArgument;

/**
 * Shared memory registered with the core ({@code TEEC_SharedMemory}), owned by the
 * {@link TeeContext} that created it and usable only in that context's calls, through
 * {@link SharedMemoryReference}.
 *
 * <p><b>Allocated memory</b> ({@link TeeContext#allocateSharedMemory}) is real shared memory: a
 * segment mapped by this process and by the core, so the TA reads and writes
 * {@link #buffer()} in place, without a copy and without a message. Anything this process
 * writes is visible to the TA during a call and the other way round.
 *
 * <p><b>Registered memory</b> ({@link TeeContext#registerSharedMemory}) cannot be shared the same
 * way: Java cannot hand memory it already owns (a heap array, a buffer of another library) to
 * another process. Like libteec on a kernel without registration support, the library allocates a
 * segment of the same size and keeps the caller's buffer as its <em>shadow</em>: before each call
 * that references it, the referenced range is copied from the caller's buffer into the segment (if
 * the reference is an input); after the call, the bytes the TA wrote back are copied from the
 * segment into the caller's buffer (if it is an output). Between calls the TA's view and the
 * caller's buffer are independent. For zero-copy transfers, allocate instead.
 *
 * <p>Size and flags never change. Thread-safe: {@link #buffer()} hands each caller its own view;
 * {@link #close()} may be called from any thread, any number of times. Concurrent calls that
 * reference the same memory share it, as in C: whatever they write to overlapping ranges races.
 */
public final class SharedMemory implements AutoCloseable {
    /** {@code TEEC_MEM_INPUT}: the TA reads the memory. */
    public static final int INPUT = 1;
    /** {@code TEEC_MEM_OUTPUT}: the TA writes the memory. */
    public static final int OUTPUT = 2;

    private final TeeContext context;
    private final int id;
    private final long sizeBytes;
    private final int flags;
    /** The mapped segment (a direct buffer of capacity 0 for size 0). Absolute access only. */
    private final ByteBuffer segment;
    /** The caller's buffer of registered memory, null for allocated memory. Absolute access only. */
    private final ByteBuffer shadow;
    private final AtomicBoolean released = new AtomicBoolean();

    SharedMemory(TeeContext context, int id, long sizeBytes, int flags, ByteBuffer segment, ByteBuffer shadow) {
        this.context = context;
        this.id = id;
        this.sizeBytes = sizeBytes;
        this.flags = flags;
        this.segment = segment;
        this.shadow = shadow;
    }

    /**
     * The memory, as a new view on each call (position 0, limit and capacity {@link #size()},
     * big-endian like any new buffer): for allocated memory the shared segment itself, for
     * registered memory the caller's buffer (from the position it had when registered).
     */
    public ByteBuffer buffer() {
        return (shadow != null ? shadow : segment).duplicate();
    }

    /** The size in bytes. */
    public long size() {
        return sizeBytes;
    }

    /** {@link #INPUT}, {@link #OUTPUT} or both. */
    public int flags() {
        return flags;
    }

    /** True for registered memory, which a shadow copy backs (see above). */
    public boolean isShadowed() {
        return shadow != null;
    }

    /** True once {@link #close()} was called. */
    public boolean isReleased() {
        return released.get();
    }

    /** The context the memory belongs to. */
    public TeeContext context() {
        return context;
    }

    int id() {
        return id;
    }

    boolean allows(int directions) {
        return (flags & directions) == directions;
    }

    void checkUsableBy(TeeContext ctx) throws BadArgument {
        if (ctx != context) {
            throw new BadArgument("the shared memory belongs to another context");
        }
        if (released.get()) {
            throw new BadArgument("the shared memory was released");
        }
    }

    /** Shadowed memory: caller's buffer → segment, {@code lengthBytes} at {@code offsetBytes}. */
    void copyIn(long offsetBytes, long lengthBytes) {
        if (shadow != null && lengthBytes > 0) {
            segment.put((int) offsetBytes, shadow, (int) offsetBytes, (int) lengthBytes);
        }
    }

    /** Shadowed memory: segment → caller's buffer, {@code lengthBytes} at {@code offsetBytes}. */
    void copyOut(long offsetBytes, long lengthBytes) {
        if (shadow != null && lengthBytes > 0) {
            shadow.put((int) offsetBytes, segment, (int) offsetBytes, (int) lengthBytes);
        }
    }

    /**
     * {@code TEEC_ReleaseSharedMemory}: tells the core to forget the memory (it unmaps it once
     * no call uses it any more). Later calls that reference it fail with
     * {@code TEE_ERROR_BAD_PARAMETERS} (origin API). Idempotent; never fails — after the context
     * is closed the core has released the memory already. The local mapping of allocated memory
     * stays readable until the garbage collector frees it.
     */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            context.release(id);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + sizeBytes + " bytes, flags " + flags + (shadow != null ? ", shadowed" : "")
                + (released.get() ? ", released" : "") + "]";
    }
}
