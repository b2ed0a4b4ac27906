package org.jtee.xtest.ta.common;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectEnumerator;
import org.jtee.crypto.ObjectInfo;
import org.jtee.crypto.Operation;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeStorage;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;

/**
 * The storage TA's self-contained commands, which run a fixed sequence of GP storage calls and
 * return the first failure: KEY_IN_PERSISTENT (xtest 6013), LOOP (6014) and CLEAR_STORAGE
 * ({@code xtest --clear-storage}). Object ids are C integers in the machine's byte order, as
 * the C TA passes {@code &objectID}.
 */
final class StorageSequences {
    private static final int KEY_BITS = 256;
    private static final int KEY_FLAGS = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META | TeeStorage.DATA_FLAG_SHARE_READ
            | TeeStorage.DATA_FLAG_SHARE_WRITE;
    private static final int LOOP_COUNT = 20;
    private static final int[] CLEARED_STORAGES = {TeeStorage.PRIVATE_REE, TeeStorage.PRIVATE_RPMB};

    private StorageSequences() {}

    /**
     * KEY_IN_PERSISTENT: an AES-256 key generated in a transient object is stored as persistent
     * object 1 (its type, size, maximum size and usage must be the transient's), deleted, stored
     * again from the transient, reopened (the same four fields again) and set as the key of an
     * AES-CBC encryption, which is initialized with a zero IV. The object is deleted at the end.
     *
     * @throws TeeException the first GP failure; {@code TEE_ERROR_GENERIC} if an info differs
     */
    static void keyInPersistent(int storageId) throws TeeException {
        byte[] id = nativeInt(1);
        ObjectInfo stored;
        try (TransientObject transientKey = TransientObject.allocate(TeeType.AES, KEY_BITS)) {
            transientKey.generateKey(KEY_BITS);
            ObjectInfo generated = transientKey.info();
            try (PersistentObject first = PersistentObject.create(storageId, id, KEY_FLAGS, transientKey, null)) {
                checkSameKey(generated, first.info());
                first.closeAndDelete();
            }
            // OP-TEE turns the transient into the persistent object here (no handle asked for);
            // jtee's create returns a new handle, closed at once, and the transient stays the reference
            PersistentObject.create(storageId, id, KEY_FLAGS, transientKey, null).close();
            stored = transientKey.info();
            checkSameKey(generated, stored);
        }
        PersistentObject key = PersistentObject.open(storageId, id, KEY_FLAGS);
        try {
            checkSameKey(key.info(), stored);
            try (Operation encrypt = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT,
                    key.info().maxObjectSize())) {
                encrypt.setKey(key);
                encrypt.cipherInit(new byte[16]);
            }
        } finally {
            deleteQuietly(key);
        }
    }

    /** LOOP: 20 times, create object {@code i} (OVERWRITE, WRITE_META, no data), then close and delete it. */
    static void loop(int storageId) throws TeeException {
        for (int i = 0; i < LOOP_COUNT; i++) {
            PersistentObject object = PersistentObject.create(storageId, nativeInt(i),
                    TeeStorage.DATA_FLAG_OVERWRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, (byte[]) null);
            object.closeAndDelete();
        }
    }

    /**
     * CLEAR_STORAGE: in REE FS, then RPMB, deletes every object the TA has there. A storage where
     * the TA has none (the enumerator's start says ITEM_NOT_FOUND) is passed over.
     */
    static void clearStorage() throws TeeException {
        for (int storageId : CLEARED_STORAGES) {
            clearStorage(storageId);
        }
    }

    private static void clearStorage(int storageId) throws TeeException {
        try (ObjectEnumerator objects = ObjectEnumerator.allocate()) {
            if (!started(objects, storageId)) {
                return;
            }
            ObjectEnumerator.Entry entry;
            while ((entry = nextOrNull(objects)) != null) {
                PersistentObject.open(storageId, entry.objectId(), TeeStorage.DATA_FLAG_ACCESS_WRITE_META)
                        .closeAndDelete();
            }
        }
    }

    private static boolean started(ObjectEnumerator objects, int storageId) throws TeeException {
        try {
            objects.start(storageId);
            return true;
        } catch (TeeException e) {
            if (e.result() == TeeResult.ITEM_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private static ObjectEnumerator.Entry nextOrNull(ObjectEnumerator objects) throws TeeException {
        try {
            return objects.next();
        } catch (TeeException e) {
            if (e.result() == TeeResult.ITEM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The C TA's {@code check_obj}: type, size, maximum size and usage. */
    private static void checkSameKey(ObjectInfo a, ObjectInfo b) throws TeeException {
        if (a.objectType() != b.objectType() || a.objectSize() != b.objectSize()
                || a.maxObjectSize() != b.maxObjectSize() || a.objectUsage() != b.objectUsage()) {
            throw new TeeException(TeeResult.GENERIC, "storage: the key's info differs: " + a + " and " + b);
        }
    }

    /** The C TA's cleanup deletes the key and drops the result (STORAGE_NOT_AVAILABLE at most). */
    private static void deleteQuietly(PersistentObject key) {
        try {
            key.closeAndDelete();
        } catch (TeeException e) {
            // as the C TA: the sequence's result is what it returns, not the cleanup's
        }
    }

    private static byte[] nativeInt(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(value).array();
    }
}
