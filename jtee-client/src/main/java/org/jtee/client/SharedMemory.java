package org.jtee.client;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * Shared memory ({@code TEEC_SharedMemory}) registered with the core.
 *
 * <p>{@link TeeContext#allocateSharedMemory} gives real shared memory: a segment both the client
 * and the core map, so data crosses without a copy. {@link TeeContext#registerSharedMemory}
 * cannot share a buffer Java already owns with another process; like libteec without kernel
 * support for registration, it keeps the caller's buffer as a shadow of an allocated segment and
 * copies it in before each call (INPUT) and out after it (OUTPUT).
 */
public final class SharedMemory implements AutoCloseable {
    /** {@code TEEC_MEM_INPUT}: the TA reads the memory. */
    public static final int INPUT = 1;
    /** {@code TEEC_MEM_OUTPUT}: the TA writes the memory. */
    public static final int OUTPUT = 2;

    private final TeeContext context;
    private final int id;
    private final long size;
    private final int flags;
    private final MappedByteBuffer mapped;
    private final ByteBuffer shadow;
    private volatile boolean released;

    SharedMemory(TeeContext context, int id, long size, int flags, MappedByteBuffer mapped, ByteBuffer shadow) {
        this.context = context;
        this.id = id;
        this.size = size;
        this.flags = flags;
        this.mapped = mapped;
        this.shadow = shadow;
    }

    /**
     * The memory: for allocated memory a view of the shared segment (each call returns a new view
     * with its own position); for registered memory the caller's buffer.
     */
    public ByteBuffer buffer() {
        if (shadow != null) {
            return shadow.duplicate();
        }
        return mapped == null ? ByteBuffer.allocate(0) : mapped.duplicate();
    }

    public long size() {
        return size;
    }

    public int flags() {
        return flags;
    }

    int id() {
        return id;
    }

    void checkUsableBy(TeeContext ctx) throws TeeException {
        if (ctx != context) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "shared memory belongs to another context");
        }
        if (released) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "shared memory was released");
        }
    }

    void beforeCall() {
        if (shadow != null && (flags & INPUT) != 0 && mapped != null) {
            mapped.duplicate().put(shadow.duplicate());
        }
    }

    void afterCall() {
        if (shadow != null && (flags & OUTPUT) != 0 && mapped != null) {
            shadow.duplicate().put(mapped.duplicate());
        }
    }

    /** {@code TEEC_ReleaseSharedMemory}. Idempotent. */
    @Override
    public void close() {
        if (!released) {
            released = true;
            context.unregister(id);
        }
    }
}
