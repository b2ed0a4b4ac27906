package org.jtee.xtest.tas;

import static org.jtee.xtest.ta.common.StorageContract.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeException;

/**
 * A session to the storage or storage2 TA, with xtest's {@code fs_*} helpers of
 * {@code regression_6000.c}: the same commands with the same parameter types (temporary memory
 * references, values), so a test calls the TA as xtest does. A null id is a NULL buffer.
 */
final class StorageClient implements AutoCloseable {
    /** Bytes of {@code struct ta_storage_obj_info}, as seven ints: type, size, max size, usage, data size, position, flags. */
    record ObjInfo(int objectType, int objectSize, int maxObjectSize, int objectUsage, int dataSize, int dataPosition,
            int handleFlags) {}

    private final TeeSession session;

    StorageClient(TeeSession session) {
        this.session = session;
    }

    TeeSession session() {
        return session;
    }

    int create(byte[] id, int flags, int attributes, byte[] data, int storageId) throws TeeException {
        ValueParameter handle = ValueParameter.inout(flags, 0);
        invoke(CMD_CREATE, temp(id), handle, ValueParameter.input(attributes, storageId), temp(data));
        return handle.b();
    }

    int open(byte[] id, int flags, int storageId) throws TeeException {
        ValueParameter handle = ValueParameter.inout(flags, 0);
        invoke(CMD_OPEN, temp(id), handle, ValueParameter.input(storageId, 0));
        return handle.b();
    }

    void createOverwrite(byte[] id, int storageId) throws TeeException {
        invoke(CMD_CREATE_OVERWRITE, temp(id), ValueParameter.input(storageId, 0));
    }

    void close(int handle) throws TeeException {
        invoke(CMD_CLOSE, ValueParameter.input(handle, 0));
    }

    /** The bytes read, as many as the TA says it read. */
    byte[] read(int handle, int length) throws TeeException {
        TempMemory out = TempMemory.output(length);
        ValueParameter count = ValueParameter.inout(handle, 0);
        invoke(CMD_READ, out, count);
        return Arrays.copyOf(out.buffer(), count.b());
    }

    void write(int handle, byte[] data) throws TeeException {
        invoke(CMD_WRITE, TempMemory.input(data), ValueParameter.input(handle, 0));
    }

    /** The position after the seek. */
    int seek(int handle, int offset, int whence) throws TeeException {
        ValueParameter position = ValueParameter.inout(whence, 0);
        invoke(CMD_SEEK, ValueParameter.input(handle, offset), position);
        return position.b();
    }

    void unlink(int handle) throws TeeException {
        invoke(CMD_UNLINK, ValueParameter.input(handle, 0));
    }

    void rename(int handle, byte[] id) throws TeeException {
        invoke(CMD_RENAME, ValueParameter.input(handle, 0), temp(id));
    }

    void truncate(int handle, int size) throws TeeException {
        invoke(CMD_TRUNC, ValueParameter.input(handle, size));
    }

    int allocateEnumerator() throws TeeException {
        ValueParameter handle = ValueParameter.output();
        invoke(CMD_ALLOC_ENUM, handle);
        return handle.a();
    }

    void freeEnumerator(int handle) throws TeeException {
        invoke(CMD_FREE_ENUM, ValueParameter.input(handle, 0));
    }

    void resetEnumerator(int handle) throws TeeException {
        invoke(CMD_RESET_ENUM, ValueParameter.input(handle, 0));
    }

    void startEnumerator(int handle, int storageId) throws TeeException {
        invoke(CMD_START_ENUM, ValueParameter.input(handle, storageId));
    }

    /** The next object's id; {@code info}, if not null, receives the native {@code TEE_ObjectInfo}. */
    byte[] next(int handle, TempMemory info) throws TeeException {
        TempMemory id = TempMemory.output(200);
        invoke(CMD_NEXT_ENUM, ValueParameter.input(handle, 0), info, id);
        return Arrays.copyOf(id.buffer(), (int) id.size());
    }

    void restrictUsage(int handle, int usage) throws TeeException {
        invoke(CMD_RESTRICT_USAGE, ValueParameter.input(handle, usage));
    }

    int allocateObject(int type, int maxSize) throws TeeException {
        ValueParameter handle = ValueParameter.output();
        invoke(CMD_ALLOC_OBJ, ValueParameter.input(type, maxSize), handle);
        return handle.a();
    }

    ObjInfo info(int handle) throws TeeException {
        TempMemory out = TempMemory.output(OBJ_INFO_BYTES);
        invoke(CMD_GET_OBJ_INFO, ValueParameter.input(handle, 0), out);
        ByteBuffer b = ByteBuffer.wrap(out.buffer()).order(ByteOrder.nativeOrder());
        return new ObjInfo(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    /** A command with one value input. */
    void command(int command, int a) throws TeeException {
        invoke(command, ValueParameter.input(a, 0));
    }

    void invoke(int command, org.jtee.client.Parameter... params) throws TeeException {
        session.invokeCommand(command, Operation.of(params));
    }

    private static TempMemory temp(byte[] data) {
        return data == null ? TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT) : TempMemory.input(data);
    }

    @Override
    public void close() {
        session.close();
    }
}
