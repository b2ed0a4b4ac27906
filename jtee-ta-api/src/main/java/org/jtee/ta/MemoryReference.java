package org.jtee.ta;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * A memory reference parameter ({@code TEE_Param.memref}): a buffer and a size.
 *
 * <p>For a reference into the client's registered shared memory, the buffer <em>is</em> that
 * memory — mapped into the core for a built-in TA, into the TA host for a dynamic one — exactly
 * as OP-TEE maps a client's buffer into a TA: what the TA writes is what the client sees, and the
 * client can change it while the TA runs. A TA that checks input and then uses it must take a
 * private copy first ({@link #toByteArray()}). A temporary reference is a copy the client cannot
 * change any more (for a dynamic TA, in memory the core and the host share), and so is every
 * reference of a TA-to-TA call; still, as in OP-TEE, no parameter's buffer is the TA's own:
 * {@link CallContext#checkMemoryAccessRights} without {@link Tee#MEMORY_ACCESS_ANY_OWNER} refuses
 * them all, and passes the TA's private copy. A dynamic TA's buffer is valid for its call only, on the thread
 * the call runs on: kept and used later, it fails with {@link IllegalStateException}.
 *
 * <p>{@link #size()} starts as the buffer's size. An output TA sets it to the number of bytes it
 * produced, or to the size it needs when the buffer is too small (then it fails with
 * {@code TEE_ERROR_SHORT_BUFFER}); the client sees that size.
 */
public final class MemoryReference {
    private final int type;
    private final MemorySegment buffer;
    private final boolean isNull;
    private long size;

    /** A reference to {@code buffer}; {@code isNull} marks the client's NULL buffer (size 0). */
    public MemoryReference(int type, MemorySegment buffer, boolean isNull) {
        if (!ParamTypes.isMemref(type)) {
            throw new IllegalArgumentException(ParamTypes.name(type) + " is not a memory reference type");
        }
        this.type = type;
        this.buffer = type == ParamTypes.MEMREF_INPUT ? buffer.asReadOnly() : buffer;
        this.isNull = isNull;
        this.size = buffer.byteSize();
    }

    public int type() {
        return type;
    }

    /** True if the client passed a NULL buffer. */
    public boolean isNull() {
        return isNull;
    }

    /** The buffer: its whole capacity. Read-only for {@code MEMREF_INPUT}. */
    public MemorySegment buffer() {
        return buffer;
    }

    /** Bytes the buffer holds. */
    public long capacity() {
        return buffer.byteSize();
    }

    /** The size: the buffer's on entry, whatever the TA set afterwards. */
    public long size() {
        return size;
    }

    /** Sets the size the client sees: bytes produced, or bytes needed (may exceed the capacity). */
    public void setSize(long size) {
        if (!ParamTypes.isOutput(type)) {
            throw new IllegalStateException("the size of a MEMREF_INPUT parameter cannot be written");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        this.size = size;
    }

    /** A copy of the buffer's first {@code min(size, capacity)} bytes. */
    public byte[] toByteArray() {
        return buffer.asSlice(0, Math.min(size, capacity())).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Writes {@code data} at the start of the buffer and sets the size to its length.
     *
     * @throws TeeException {@code TEE_ERROR_SHORT_BUFFER} if it does not fit; the size is then
     *     set to {@code data.length} so the client learns what it needs
     */
    public void write(byte[] data) throws TeeException {
        setSize(data.length);
        if (data.length > capacity()) {
            throw new TeeException(TeeResult.SHORT_BUFFER, "output needs " + data.length
                    + " bytes, the buffer holds " + capacity());
        }
        MemorySegment.copy(data, 0, buffer, ValueLayout.JAVA_BYTE, 0, data.length);
    }
}
