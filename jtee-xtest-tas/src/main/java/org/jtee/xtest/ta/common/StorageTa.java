package org.jtee.xtest.ta.common;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectEnumerator;
import org.jtee.crypto.ObjectInfo;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaPanic;
import org.jtee.ta.TrustedApplication;

/**
 * OP-TEE's storage test TA (optee_test/ta/storage) in Java: every command of
 * {@link StorageContract}, with OP-TEE's parameter types, results and panics, on jtee's GP
 * trusted storage ({@code org.jtee.crypto.PersistentObject}, {@code ObjectEnumerator}). The
 * subclasses declare the instance model with {@code @Ta}: storage (an instance per session) and
 * storage2 (single instance, one session at a time); the code is the same, the UUID, and so the
 * objects the instance sees, differ.
 *
 * <p>The client holds raw handles ({@link StorageHandles}). Where OP-TEE's libutee accepts
 * {@code TEE_HANDLE_NULL} as a no-op (close, unlink, free, reset), so does this TA; everywhere
 * else 0, a handle that names nothing or an object of the wrong kind panics the instance, as the
 * GP function does in OP-TEE. Object ids are copied out of the client's memory first, except
 * in the *_ID_IN_SHM commands, which hand the client's memory to the GP call (OP-TEE's
 * storage refuses such an id, and the TA panics).
 */
public abstract class StorageTa implements TrustedApplication<Void> {
    private final StorageHandles handles = new StorageHandles();

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    /** Closes whatever the client left open, as OP-TEE does when it tears an instance down. */
    @Override
    public void destroy() {
        for (Object entry : handles.removeAll()) {
            switch (entry) {
                case PersistentObject p -> p.close();
                case TransientObject t -> t.close();
                case ObjectEnumerator e -> e.close();
                default -> throw new IllegalStateException("unknown handle entry " + entry.getClass().getName());
            }
        }
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case StorageContract.CMD_OPEN, StorageContract.CMD_OPEN_ID_IN_SHM -> open(commandId, params);
            case StorageContract.CMD_CREATE, StorageContract.CMD_CREATE_ID_IN_SHM -> create(commandId, params);
            case StorageContract.CMD_CREATE_OVERWRITE, StorageContract.CMD_CREATEOVER_ID_IN_SHM ->
                    createOverwrite(commandId, params);
            case StorageContract.CMD_RENAME, StorageContract.CMD_RENAME_ID_IN_SHM -> rename(commandId, params);
            case StorageContract.CMD_CLOSE -> close(handleIn(params));
            case StorageContract.CMD_READ -> read(params);
            case StorageContract.CMD_WRITE -> {
                params.expect(MEMREF_INPUT, VALUE_INPUT, NONE, NONE);
                MemoryReference data = params.memref(0);
                byte[] copy = data.isNull() ? new byte[0] : data.toByteArray();
                persistent(params.value(1).a()).write(copy, 0, copy.length);
            }
            case StorageContract.CMD_SEEK -> seek(params);
            case StorageContract.CMD_UNLINK -> unlink(handleIn(params));
            case StorageContract.CMD_TRUNC -> {
                int handle = handleIn(params);
                persistent(handle).truncate(Integer.toUnsignedLong(params.value(0).b()));
            }
            case StorageContract.CMD_ALLOC_ENUM -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(0);
                params.value(0).setA(handles.put(ObjectEnumerator.allocate()));
            }
            case StorageContract.CMD_FREE_ENUM -> freeEnumerator(handleIn(params));
            case StorageContract.CMD_RESET_ENUM -> {
                int handle = handleIn(params);
                if (handle != 0) {
                    enumerator(handle).reset();
                }
            }
            case StorageContract.CMD_START_ENUM -> {
                int handle = handleIn(params);
                enumerator(handle).start(params.value(0).b());
            }
            case StorageContract.CMD_NEXT_ENUM -> nextObject(params);
            case StorageContract.CMD_KEY_IN_PERSISTENT -> StorageSequences.keyInPersistent(storageIn(params));
            case StorageContract.CMD_LOOP -> StorageSequences.loop(storageIn(params));
            case StorageContract.CMD_RESTRICT_USAGE -> restrictUsage(params);
            case StorageContract.CMD_ALLOC_OBJ -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                params.value(1).setA(0);
                TransientObject object = TransientObject.allocate(params.value(0).a(), params.value(0).b());
                params.value(1).setA(handles.put(object));
            }
            case StorageContract.CMD_FREE_OBJ -> freeObject(handleIn(params));
            case StorageContract.CMD_RESET_OBJ -> {
                int handle = handleIn(params);
                if (handle != 0) {
                    transientObject(handle).reset();
                }
            }
            case StorageContract.CMD_GET_OBJ_INFO -> objectInfo(params);
            // the C TA checks no types here: xtest --clear-storage sends none
            case StorageContract.CMD_CLEAR_STORAGE -> StorageSequences.clearStorage();
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "storage: unknown command " + commandId);
        }
    }

    // --- persistent objects ---

    private void open(int commandId, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, VALUE_INOUT, VALUE_INPUT, NONE);
        MemoryReference id = params.memref(0);
        int flags = params.value(1).a();
        int storageId = params.value(2).a();
        params.value(1).setB(0);
        PersistentObject object = commandId == StorageContract.CMD_OPEN
                ? PersistentObject.open(storageId, privateCopy(id), flags)
                : PersistentObject.open(storageId, clientMemory(id), flags);
        params.value(1).setB(handles.put(object));
    }

    private void create(int commandId, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, VALUE_INOUT, VALUE_INPUT, MEMREF_INPUT);
        MemoryReference id = params.memref(0);
        MemoryReference data = params.memref(3);
        int flags = params.value(1).a();
        Object attributes = attributesObject(params.value(2).a());
        int storageId = params.value(2).b();
        params.value(1).setB(0);
        PersistentObject object;
        if (commandId == StorageContract.CMD_CREATE) {
            byte[] initialData = privateCopy(data);
            object = attributes instanceof PersistentObject p
                    ? PersistentObject.create(storageId, privateCopy(id), flags, p, initialData)
                    : PersistentObject.create(storageId, privateCopy(id), flags, (TransientObject) attributes, initialData);
        } else if (attributes instanceof PersistentObject) {
            throw new TeeException(TeeResult.NOT_SUPPORTED,
                    "storage: CREATE_ID_IN_SHM takes a transient attributes object only");
        } else {
            object = PersistentObject.create(storageId, clientMemory(id), flags, (TransientObject) attributes,
                    clientMemory(data));
        }
        params.value(1).setB(handles.put(object));
    }

    private static void createOverwrite(int commandId, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, VALUE_INPUT, NONE, NONE);
        MemoryReference id = params.memref(0);
        int storageId = params.value(1).a();
        PersistentObject object = commandId == StorageContract.CMD_CREATE_OVERWRITE
                ? PersistentObject.create(storageId, privateCopy(id), TeeStorage.DATA_FLAG_OVERWRITE, (byte[]) null)
                : PersistentObject.create(storageId, clientMemory(id), TeeStorage.DATA_FLAG_OVERWRITE, null, null);
        object.close();
    }

    private void rename(int commandId, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
        int handle = params.value(0).a();
        MemoryReference newId = params.memref(1);
        if (handle == 0) {
            // TEE_RenamePersistentObject(TEE_HANDLE_NULL) is ITEM_NOT_FOUND, which libutee panics on
            throw new TaPanic(TeeResult.ITEM_NOT_FOUND, "storage: rename of TEE_HANDLE_NULL");
        }
        PersistentObject object = persistent(handle);
        if (commandId == StorageContract.CMD_RENAME) {
            object.rename(privateCopy(newId));
        } else {
            object.rename(clientMemory(newId));
        }
    }

    private void read(Parameters params) throws TeeException {
        params.expect(MEMREF_OUTPUT, VALUE_INOUT, NONE, NONE);
        MemoryReference out = params.memref(0);
        PersistentObject object = persistent(params.value(1).a());
        // as the C TA: read into a zeroed buffer of the output's size, then copy all of it back
        byte[] buffer = new byte[Math.toIntExact(out.capacity())];
        int count = object.read(buffer, 0, buffer.length);
        params.value(1).setB(count);
        MemorySegment.copy(buffer, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, buffer.length);
    }

    private void seek(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INOUT, NONE, NONE);
        PersistentObject object = persistent(params.value(0).a());
        // [0].b is the offset's int32 bit pattern
        object.seek(params.value(0).b(), params.value(1).a());
        params.value(1).setB((int) object.info().dataPosition());
    }

    private void unlink(int handle) throws TeeException {
        if (handle == 0) {
            return;
        }
        persistent(handle).closeAndDelete();
        handles.remove(handle);
    }

    // --- any object ---

    private void close(int handle) {
        if (handle == 0) {
            return;
        }
        Object object = anyObject(handle);
        handles.remove(handle);
        if (object instanceof PersistentObject p) {
            p.close();
        } else {
            ((TransientObject) object).close();
        }
    }

    private void restrictUsage(Parameters params) throws TeeException {
        int handle = handleIn(params);
        int usage = params.value(0).b();
        Object object = anyObject(handle);
        if (object instanceof TransientObject t) {
            t.restrictUsage(usage);
            return;
        }
        try {
            ((PersistentObject) object).restrictUsage(usage);
        } catch (TeeException e) {
            // the C TA drops TEE_RestrictObjectUsage1's result (CORRUPT_OBJECT, STORAGE_NOT_AVAILABLE)
        }
    }

    private void objectInfo(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE);
        MemoryReference out = params.memref(1);
        if (out.size() < StorageContract.OBJ_INFO_BYTES) {
            throw new TeeException(TeeResult.SHORT_BUFFER,
                    "storage: struct ta_storage_obj_info needs " + StorageContract.OBJ_INFO_BYTES + " bytes");
        }
        Object object = anyObject(params.value(0).a());
        ObjectInfo info = object instanceof PersistentObject p ? p.info() : ((TransientObject) object).info();
        out.write(objInfo(info));
    }

    // --- transient objects ---

    private void freeObject(int handle) {
        if (handle == 0) {
            return;
        }
        TransientObject object = transientObject(handle);
        handles.remove(handle);
        object.close();
    }

    // --- enumerators ---

    private void freeEnumerator(int handle) {
        if (handle == 0) {
            return;
        }
        ObjectEnumerator enumerator = enumerator(handle);
        handles.remove(handle);
        enumerator.close();
    }

    /**
     * NEXT_ENUM, checked in the C TA's order: the types of [0], [2] and [3]; [2]'s room for the
     * longest id; [1] absent or an output with room for the native {@code TEE_ObjectInfo}
     * (else its size becomes that size); only then is the enumerator used.
     */
    private void nextObject(Parameters params) throws TeeException {
        if (params.type(0) != VALUE_INPUT || params.type(2) != MEMREF_OUTPUT || params.type(3) != NONE) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "storage: NEXT_ENUM takes VALUE_INPUT, an optional"
                    + " MEMREF_OUTPUT, MEMREF_OUTPUT, NONE");
        }
        MemoryReference idOut = params.memref(2);
        if (idOut.size() < StorageContract.OBJECT_ID_MAX_BYTES) {
            throw new TeeException(TeeResult.SHORT_BUFFER,
                    "storage: the id buffer needs " + StorageContract.OBJECT_ID_MAX_BYTES + " bytes");
        }
        MemoryReference infoOut = switch (params.type(1)) {
            case NONE -> null;
            case MEMREF_OUTPUT -> params.memref(1);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS,
                    "storage: NEXT_ENUM's parameter 1 is NONE or MEMREF_OUTPUT");
        };
        if (infoOut != null) {
            boolean tooSmall = infoOut.size() < StorageContract.NATIVE_OBJECT_INFO_BYTES;
            infoOut.setSize(StorageContract.NATIVE_OBJECT_INFO_BYTES);
            if (tooSmall) {
                throw new TeeException(TeeResult.SHORT_BUFFER, "storage: TEE_ObjectInfo needs "
                        + StorageContract.NATIVE_OBJECT_INFO_BYTES + " bytes");
            }
        }
        ObjectEnumerator.Entry next = enumerator(params.value(0).a()).next();
        idOut.write(next.objectId());
        if (infoOut != null) {
            infoOut.write(nativeObjectInfo(next.info()));
        }
    }

    // --- handles ---

    /** A persistent object's handle: 0, a miss or another kind panics. */
    private PersistentObject persistent(int handle) {
        return handles.get(handle, PersistentObject.class, TeeResult.BAD_STATE);
    }

    /** A transient object's handle; a persistent object panics with 0, as libutee's free and reset do. */
    private TransientObject transientObject(int handle) {
        Object object = handles.get(handle);
        if (object instanceof TransientObject t) {
            return t;
        }
        throw new TaPanic(object instanceof PersistentObject ? 0 : TeeResult.BAD_PARAMETERS,
                String.format("storage: handle 0x%x is not a transient object", handle));
    }

    /** A transient or persistent object's handle. */
    private Object anyObject(int handle) {
        Object object = handles.get(handle);
        if (object instanceof ObjectEnumerator) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, String.format("storage: handle 0x%x is an enumerator", handle));
        }
        return object;
    }

    /** CREATE's attributes: none for 0, else a transient or persistent object. */
    private Object attributesObject(int handle) {
        return handle == 0 ? null : anyObject(handle);
    }

    private ObjectEnumerator enumerator(int handle) {
        return handles.get(handle, ObjectEnumerator.class, TeeResult.BAD_PARAMETERS);
    }

    // --- parameters ---

    /** [0].a of the one-value commands, after their type check. */
    private static int handleIn(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, NONE, NONE, NONE);
        return params.value(0).a();
    }

    private static int storageIn(Parameters params) throws TeeException {
        return handleIn(params);
    }

    /**
     * The TA's own copy of a memory reference's bytes, as the C TA copies an id into its heap; a
     * NULL buffer gives null, which the GP functions take as the empty id (and no data), as
     * OP-TEE takes a NULL id of length 0.
     */
    private static byte[] privateCopy(MemoryReference m) {
        return m.isNull() ? null : m.toByteArray();
    }

    /** The client's memory itself, as the C TA passes {@code params[i].memref.buffer} on; a NULL buffer gives null. */
    private static MemorySegment clientMemory(MemoryReference m) {
        return m.isNull() ? null : m.buffer().asSlice(0, Math.min(m.size(), m.capacity()));
    }

    /** {@code struct ta_storage_obj_info}: see {@link StorageContract#OBJ_INFO_BYTES}. */
    static byte[] objInfo(ObjectInfo info) {
        return ByteBuffer.allocate(StorageContract.OBJ_INFO_BYTES).order(ByteOrder.nativeOrder())
                .putInt(info.objectType()).putInt(info.objectSize()).putInt(info.maxObjectSize())
                .putInt(info.objectUsage()).putInt((int) info.dataSize()).putInt((int) info.dataPosition())
                .putInt(info.handleFlags()).array();
    }

    /** The native {@code TEE_ObjectInfo}: see {@link StorageContract#NATIVE_OBJECT_INFO_BYTES}. */
    static byte[] nativeObjectInfo(ObjectInfo info) {
        return ByteBuffer.allocate(StorageContract.NATIVE_OBJECT_INFO_BYTES).order(ByteOrder.nativeOrder())
                .putInt(info.objectType()).putInt(info.objectSize()).putInt(info.maxObjectSize())
                .putInt(info.objectUsage()).putLong(info.dataSize()).putLong(info.dataPosition())
                .putInt(info.handleFlags()).array();
    }
}
