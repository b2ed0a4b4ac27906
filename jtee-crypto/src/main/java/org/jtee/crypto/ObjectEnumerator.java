package org.jtee.crypto;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.StorageRpc;
import org.jtee.ta.TaPanic;

/**
 * A GP persistent-object enumerator ({@code TEE_ObjectEnumHandle}, GP TEE Internal Core API
 * 1.3.1 §5.8): walks the objects of the calling TA in one storage — never another TA's, as the
 * core decides by the TA it runs, not by anything the TA says. The core keeps the enumerator;
 * an instance holds at most 64 at a time. Results and panics as in OP-TEE's libutee, listed on
 * each method. Once closed, every method but {@link #close} panics with
 * {@code TEE_ERROR_BAD_STATE}. Not thread-safe, as GP handles are not.
 */
public final class ObjectEnumerator implements AutoCloseable {
    private static final int[] ALLOCATE_RESULTS = {TeeResult.ACCESS_CONFLICT, TeeResult.OUT_OF_MEMORY,
        TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] START_RESULTS = {TeeResult.ITEM_NOT_FOUND, TeeResult.CORRUPT_OBJECT,
        TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] NONE = {};

    /**
     * One object of the enumeration.
     *
     * @param info type, sizes, usage and data size as stored; position 0; handle flags
     *     {@code PERSISTENT | INITIALIZED}
     * @param objectId the object's id, the caller's own copy
     */
    public record Entry(ObjectInfo info, byte[] objectId) {}

    private final int handle;
    private boolean closed;

    private ObjectEnumerator(int handle) {
        this.handle = handle;
    }

    /**
     * {@code TEE_AllocatePersistentObjectEnumerator}.
     *
     * @throws TeeException {@code TEE_ERROR_OUT_OF_MEMORY} if the instance holds 64 enumerators
     *     (GP's result; OP-TEE's libutee panics instead), {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     *     without a storage channel
     */
    public static ObjectEnumerator allocate() throws TeeException {
        StorageRpc.Reply r = StorageCalls.send(new StorageRpc.EnumAllocate());
        return new ObjectEnumerator(StorageCalls.expect(r, StorageRpc.Allocated.class,
                "TEE_AllocatePersistentObjectEnumerator", ALLOCATE_RESULTS).enumerator());
    }

    /**
     * {@code TEE_StartPersistentObjectEnumerator}: (re)starts at the first object of this TA in
     * storage {@code storageId}.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} if the TA has no object there or there
     *     is no such storage, {@code TEE_ERROR_CORRUPT_OBJECT}, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     */
    public void start(int storageId) throws TeeException {
        String function = "TEE_StartPersistentObjectEnumerator";
        checkOpen(function);
        StorageCalls.expect(StorageCalls.send(new StorageRpc.EnumStart(handle, storageId)), StorageRpc.Done.class, function,
                START_RESULTS);
    }

    /**
     * {@code TEE_GetNextPersistentObject}: the next object. Objects created after the start are
     * not seen; objects deleted since are skipped.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} at the end, or if the enumeration was
     *     never started or was reset; {@code TEE_ERROR_CORRUPT_OBJECT},
     *     {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     */
    public Entry next() throws TeeException {
        String function = "TEE_GetNextPersistentObject";
        checkOpen(function);
        StorageRpc.Next n = StorageCalls.expect(StorageCalls.send(new StorageRpc.EnumNext(handle)), StorageRpc.Next.class,
                function, START_RESULTS);
        StorageRpc.ObjectHeader h = n.header();
        return new Entry(new ObjectInfo(h.objectType(), h.objectSize(), h.maxObjectSize(), h.usage(), n.dataSize(), 0,
                TeeCrypto.HANDLE_FLAG_PERSISTENT | TeeCrypto.HANDLE_FLAG_INITIALIZED), n.id());
    }

    /**
     * {@code TEE_ResetPersistentObjectEnumerator}: back to the state after allocation (not started).
     *
     * @throws TaPanic with the core's result if it fails
     */
    public void reset() {
        String function = "TEE_ResetPersistentObjectEnumerator";
        checkOpen(function);
        try {
            StorageCalls.expect(StorageCalls.send(new StorageRpc.EnumReset(handle)), StorageRpc.Done.class, function, NONE);
        } catch (TeeException e) {
            throw new TaPanic(e.result(), e.getMessage()); // NONE lets no result through: not reached
        }
    }

    /**
     * {@code TEE_FreePersistentObjectEnumerator}. A second close does nothing; without a storage
     * channel the enumerator is only forgotten here (the core frees it with the instance).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        StorageRpc.Reply r = StorageCalls.sendQuietly(new StorageRpc.EnumFree(handle));
        if (r instanceof StorageRpc.Failed f && f.result() != TeeResult.STORAGE_NOT_AVAILABLE) {
            throw new TaPanic(f.result(), "TEE_FreePersistentObjectEnumerator: the core refused to free enumerator " + handle);
        }
    }

    private void checkOpen(String function) {
        if (closed) {
            throw new TaPanic(TeeResult.BAD_STATE, function + ": the enumerator is freed");
        }
    }
}
