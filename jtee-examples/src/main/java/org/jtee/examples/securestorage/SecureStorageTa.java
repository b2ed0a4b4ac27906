package org.jtee.examples.securestorage;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * OP-TEE's secure_storage TA: data objects in the TA's private storage, created, read back and
 * deleted on the client's word. Like OP-TEE's, it copies the object id and the data out of the
 * client's buffers before it hands them to the storage API (an id in memory the client shares
 * would make {@code TEE_OpenPersistentObject} panic), and its private copies of the data are
 * wiped once used.
 */
@Ta(uuid = SecureStorageContract.UUID_STRING, singleInstance = true, version = "1.0",
        description = "Example of TA writing/reading data from its secure storage")
public final class SecureStorageTa implements TrustedApplication<Void> {
    /** WRITE_RAW creates objects it may later read, write, rename or delete, replacing any of the same id. */
    static final int CREATE_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_OVERWRITE;
    /** READ_RAW opens for reading and lets others read at the same time. */
    static final int READ_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_SHARE_READ;
    /** DELETE needs the right to delete (WRITE_META). */
    static final int DELETE_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case SecureStorageContract.CMD_READ_RAW -> readRaw(params);
            case SecureStorageContract.CMD_WRITE_RAW -> writeRaw(params);
            case SecureStorageContract.CMD_DELETE -> delete(params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId + " is not supported");
        }
    }

    /** WRITE_RAW: a new object holding the client's data; one that cannot be filled is deleted again. */
    private static void writeRaw(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE);
        byte[] id = params.memref(0).toByteArray();
        byte[] data = params.memref(1).toByteArray();
        try {
            PersistentObject object = PersistentObject.create(TeeStorage.PRIVATE, id, CREATE_FLAGS, null);
            try {
                object.write(data, 0, data.length);
            } catch (TeeException e) {
                deleteAfterFailure(object, e);
                throw e;
            }
            object.close();
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static void deleteAfterFailure(PersistentObject object, TeeException failure) {
        try {
            object.closeAndDelete();
        } catch (TeeException e) {
            failure.addSuppressed(e);
        }
    }

    /** READ_RAW: the whole data stream, or SHORT_BUFFER with the object's size. */
    private static void readRaw(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        byte[] id = params.memref(0).toByteArray();
        MemoryReference out = params.memref(1);
        try (PersistentObject object = PersistentObject.open(TeeStorage.PRIVATE, id, READ_FLAGS)) {
            long size = object.info().dataSize();
            if (size > out.size()) {
                out.setSize(size);
                throw new TeeException(TeeResult.SHORT_BUFFER, "the object holds " + size
                        + " bytes, the output " + out.capacity());
            }
            byte[] data = new byte[(int) size];
            try {
                int read = object.read(data, 0, data.length);
                MemorySegment.copy(data, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, read);
                out.setSize(read);
            } finally {
                Arrays.fill(data, (byte) 0);
            }
        }
    }

    /** DELETE: opens with the right to delete, then deletes. */
    private static void delete(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        byte[] id = params.memref(0).toByteArray();
        PersistentObject.open(TeeStorage.PRIVATE, id, DELETE_FLAGS).closeAndDelete();
    }
}
