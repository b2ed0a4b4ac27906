package org.jtee.core;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeStorage;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * Keeps data and an AES key in trusted storage, for the core's tests of the GP persistent-object
 * API: built in, and, as {@link DynamicStorageKeyTa}, a dynamic TA in a host. One instance per
 * session, so that what one session stored another instance reads.
 */
@Ta(uuid = StorageKeyTa.UUID_STRING, description = "core test: persistent objects, built in")
public class StorageKeyTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "5eed0002-7a7a-4c1e-9d00-000000000001";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);

    /**
     * [0] MEMREF_INPUT the object id; [1] MEMREF_INPUT the data; [2] MEMREF_OUTPUT the data as
     * read back: creates the object (OVERWRITE) with nothing, writes the data, closes it, opens it
     * again and reads it all.
     */
    public static final int CMD_WRITE_AND_READ_BACK = 0;
    /** [0] MEMREF_INPUT the object id; [1] MEMREF_OUTPUT its data: opens and reads it. */
    public static final int CMD_READ = 1;
    /** [0] MEMREF_INPUT a 32-byte AES key: kept as the persistent object "aes key" (OVERWRITE). */
    public static final int CMD_STORE_KEY = 2;
    /**
     * [0] MEMREF_INPUT blocks of 16 bytes; [1] MEMREF_OUTPUT the same encrypted with AES-CBC, a zero
     * IV and the key of "aes key", opened from storage and set on the operation as it is.
     */
    public static final int CMD_ENCRYPT_WITH_STORED_KEY = 3;
    /** [0] MEMREF_INPUT: opens an object with the client's buffer itself as the id (OP-TEE: a panic). */
    public static final int CMD_OPEN_ID_IN_CLIENT_MEMORY = 4;
    /**
     * [0] MEMREF_INPUT the object id: opens it with ACCESS_READ and no share flags, and keeps the
     * handle, never closing it: only the instance's end releases it.
     */
    public static final int CMD_OPEN_AND_KEEP = 5;
    /** [0] MEMREF_INPUT the object id; [1] VALUE_INPUT a = flags: opens it so and keeps the handle. */
    public static final int CMD_OPEN_WITH_FLAGS_AND_KEEP = 6;
    /**
     * [0] MEMREF_INPUT the object id; [1] VALUE_INPUT a = count, b = flags; [2] MEMREF_OUTPUT the
     * data: count times opens the object with the flags, reads it all (and nothing past its end),
     * closes it; any read that differs from the first: {@code TEE_ERROR_GENERIC}.
     */
    public static final int CMD_READ_LOOP = 7;

    static final byte[] KEY_ID = "aes key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int ALL = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_OVERWRITE;

    /** A session's state: the handles it keeps. */
    private static final class Kept {
        final java.util.List<PersistentObject> handles = new java.util.ArrayList<>();
    }

    @Override
    public Object openSession(CallContext call, Parameters params) {
        return new Kept();
    }

    @Override
    public void invokeCommand(Object session, CallContext call, int cmd, Parameters p) throws TeeException {
        switch (cmd) {
            case CMD_WRITE_AND_READ_BACK -> writeAndReadBack(p);
            case CMD_READ -> p.memref(1).write(read(p.memref(0).toByteArray()));
            case CMD_STORE_KEY -> storeKey(p.memref(0).toByteArray());
            case CMD_ENCRYPT_WITH_STORED_KEY -> p.memref(1).write(encrypt(p.memref(0).toByteArray()));
            case CMD_OPEN_ID_IN_CLIENT_MEMORY -> {
                p.expect(ParamTypes.MEMREF_INPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                MemorySegment id = p.memref(0).buffer();
                PersistentObject.open(TeeStorage.PRIVATE, id, 0).close();
            }
            case CMD_OPEN_AND_KEEP -> ((Kept) session).handles.add(
                    PersistentObject.open(TeeStorage.PRIVATE, p.memref(0).toByteArray(), TeeStorage.DATA_FLAG_ACCESS_READ));
            case CMD_OPEN_WITH_FLAGS_AND_KEEP -> ((Kept) session).handles.add(
                    PersistentObject.open(TeeStorage.PRIVATE, p.memref(0).toByteArray(), p.value(1).a()));
            case CMD_READ_LOOP -> p.memref(2).write(readLoop(p.memref(0).toByteArray(), p.value(1).a(), p.value(1).b()));
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + cmd);
        }
    }

    private static void writeAndReadBack(Parameters p) throws TeeException {
        byte[] id = p.memref(0).toByteArray();
        byte[] data = p.memref(1).toByteArray();
        try (PersistentObject o = PersistentObject.create(TeeStorage.PRIVATE, id, ALL, null)) {
            o.write(data, 0, data.length);
        }
        p.memref(2).write(read(id));
    }

    private static byte[] readLoop(byte[] id, int count, int flags) throws TeeException {
        byte[] first = read(id, flags);
        for (int i = 1; i < count; i++) {
            if (!java.util.Arrays.equals(first, read(id, flags))) {
                throw new TeeException(TeeResult.GENERIC, "read " + i + " differs from the first");
            }
        }
        return first;
    }

    private static byte[] read(byte[] id) throws TeeException {
        return read(id, TeeStorage.DATA_FLAG_ACCESS_READ);
    }

    private static byte[] read(byte[] id, int flags) throws TeeException {
        try (PersistentObject o = PersistentObject.open(TeeStorage.PRIVATE, id, flags)) {
            byte[] data = new byte[(int) o.info().dataSize()];
            int n = o.read(data, 0, data.length);
            if (n != data.length || o.read(new byte[1], 0, 1) != 0) {
                throw new TeeException(TeeResult.GENERIC, "read " + n + " of " + data.length + " bytes, or more past the end");
            }
            return data;
        }
    }

    private static void storeKey(byte[] key) throws TeeException {
        try (TransientObject aes = TransientObject.allocate(TeeType.AES, 256)) {
            aes.populate(Attribute.ref(TeeAttr.SECRET_VALUE, key));
            PersistentObject.create(TeeStorage.PRIVATE, KEY_ID, ALL, aes, null).close();
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] encrypt(byte[] plain) throws TeeException {
        try (PersistentObject key = PersistentObject.open(TeeStorage.PRIVATE, KEY_ID, TeeStorage.DATA_FLAG_ACCESS_READ)) {
            Operation op = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, key.info().maxObjectSize());
            op.setKey(key);
            op.cipherInit(new byte[16]);
            ByteBuffer out = ByteBuffer.allocate(plain.length);
            op.cipherDoFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        }
    }
}
