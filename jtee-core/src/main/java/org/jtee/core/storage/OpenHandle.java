package org.jtee.core.storage;

import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.TeeStorage;
import org.jtee.protocol.StorageRpc;

/**
 * One open handle of a persistent object ({@code TEE_ObjectHandle} in the core): the object, the
 * flags it was opened with and its data position, with GP's data-stream semantics (§5.9): a read
 * at or past the end reads nothing, a write past the end fills the gap with zeros, a seek is
 * clamped at 0 and may not pass {@link TeeStorage#DATA_MAX_POSITION}, a truncate leaves the
 * position alone. The access checks give OP-TEE's results: {@code TEE_ERROR_ACCESS_CONFLICT}
 * for a read without {@code ACCESS_READ} or a write or truncate without {@code ACCESS_WRITE}.
 */
final class OpenHandle {
    /** The access and share bits; OVERWRITE and the rest are not the handle's. */
    static final int SHARING_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_SHARE_READ | TeeStorage.DATA_FLAG_SHARE_WRITE;

    final Backend backend;
    final Backend.OpenObject object;
    final int flags;
    private long position;
    /** Where the next part of a CREATE's initial data goes, and how many bytes are still to come. */
    private long fillAt;
    private long fillRemaining;
    /** The object was found corrupt and deleted, and the handle kept (the TA asked for it). */
    boolean corrupt;

    OpenHandle(Backend backend, Backend.OpenObject object, int flags) {
        this.backend = backend;
        this.object = object;
        this.flags = flags & SHARING_FLAGS;
    }

    long number() {
        return object.number;
    }

    long dataSize() {
        return backend.dataSize(object);
    }

    /** A CREATE's first {@code sent} of {@code total} bytes are in: the rest comes by {@link #append}. */
    void expectFill(long sent, long total) {
        fillAt = sent;
        fillRemaining = total - sent;
    }

    boolean filling() {
        return fillRemaining > 0;
    }

    /** More of the CREATE's initial data, at the end; the position stays 0. */
    StorageRpc.Reply append(byte[] data) throws TeeException {
        if (data.length > fillRemaining) {
            throw new TeeException(TeeResult.BAD_STATE, ReturnOrigin.TEE, data.length + " bytes appended where "
                    + fillRemaining + " were announced");
        }
        backend.store.write(object.number, fillAt, data, 0, data.length);
        fillAt += data.length;
        fillRemaining -= data.length;
        backend.wrote(object, fillAt);
        return new StorageRpc.Position(position, dataSize());
    }

    /** {@code TEE_ReadObjectData} of up to {@code length} bytes. */
    StorageRpc.Reply read(int length) throws TeeException {
        require(TeeStorage.DATA_FLAG_ACCESS_READ, "read", TeeResult.ACCESS_CONFLICT);
        byte[] buffer = new byte[length];
        int n = length == 0 ? 0 : backend.store.read(object.number, position, buffer, 0, length);
        byte[] got = n == length ? buffer : java.util.Arrays.copyOf(buffer, n);
        if (got != buffer) {
            java.util.Arrays.fill(buffer, (byte) 0);
        }
        position += n;
        return new StorageRpc.Data(position, dataSize(), got);
    }

    /**
     * Whether the data may go to the TA ahead of its reads: the handle has {@code ACCESS_READ} and
     * not {@code SHARE_WRITE}, so no other handle may write the object while it is open (GP
     * §5.7.1) and the data changes only through this handle.
     */
    boolean readsAhead() {
        return (flags & TeeStorage.DATA_FLAG_ACCESS_READ) != 0 && (flags & TeeStorage.DATA_FLAG_SHARE_WRITE) == 0;
    }

    /**
     * The first {@code length} bytes of the data, or all of it if it is shorter; the position does
     * not move. Null if the store gives fewer bytes than the data size says.
     */
    byte[] readAhead(int length) throws TeeException {
        int n = (int) Math.min(length, dataSize());
        byte[] ahead = new byte[n];
        boolean whole = false;
        try {
            whole = n == 0 || backend.store.read(object.number, 0, ahead, 0, n) == n;
            return whole ? ahead : null;
        } finally {
            if (!whole) {
                java.util.Arrays.fill(ahead, (byte) 0);
            }
        }
    }

    /** {@code TEE_WriteObjectData} of {@code data} at the position. */
    StorageRpc.Reply write(byte[] data) throws TeeException {
        require(TeeStorage.DATA_FLAG_ACCESS_WRITE, "write", TeeResult.ACCESS_CONFLICT);
        long end = position + data.length;
        if (end > TeeStorage.DATA_MAX_POSITION) {
            throw new TeeException(TeeResult.OVERFLOW, ReturnOrigin.TEE, "writing " + data.length + " bytes at "
                    + position + " passes TEE_DATA_MAX_POSITION");
        }
        if (data.length > 0) {
            backend.store.write(object.number, position, data, 0, data.length);
            backend.wrote(object, end);
        }
        position = end;
        return new StorageRpc.Position(position, dataSize());
    }

    /** {@code TEE_TruncateObjectData}. */
    StorageRpc.Reply truncate(long size) throws TeeException {
        require(TeeStorage.DATA_FLAG_ACCESS_WRITE, "truncate", TeeResult.ACCESS_CONFLICT);
        if (size < 0 || size > TeeStorage.DATA_MAX_POSITION) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "a data size of " + size
                    + " is outside 0 to TEE_DATA_MAX_POSITION");
        }
        backend.store.truncate(object.number, size);
        backend.truncated(object, size);
        return new StorageRpc.Position(position, size);
    }

    /** {@code TEE_SeekObjectData}. */
    StorageRpc.Reply seek(long offset, int whence) throws TeeException {
        long base = switch (whence) {
            case TeeStorage.SEEK_SET -> 0;
            case TeeStorage.SEEK_CUR -> position;
            case TeeStorage.SEEK_END -> dataSize();
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "whence " + whence
                    + " is none of SEEK_SET, SEEK_CUR, SEEK_END");
        };
        long target;
        try {
            target = Math.max(0, Math.addExact(base, offset));
        } catch (ArithmeticException e) {
            target = offset > 0 ? Long.MAX_VALUE : 0;
        }
        if (target > TeeStorage.DATA_MAX_POSITION) {
            throw new TeeException(TeeResult.OVERFLOW, ReturnOrigin.TEE, "seeking to " + base + " + " + offset
                    + " passes TEE_DATA_MAX_POSITION");
        }
        position = target;
        return new StorageRpc.Position(position, dataSize());
    }

    /** Fails with {@code result} unless the handle was opened with {@code flag}. */
    void require(int flag, String what, int result) throws TeeException {
        if ((flags & flag) == 0) {
            throw new TeeException(result, ReturnOrigin.TEE, String.format("the handle (flags 0x%X) may not %s", flags, what));
        }
    }
}
