package org.jtee.core.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.TeeStorage;
import org.jtee.storage.ObjectStore;

/**
 * The core's GP persistent-object layer over the storage engine's backends: it resolves storage
 * ids, gives each TA instance its handle table ({@link #forInstance}) and keeps, across all of
 * them, which objects are open with which flags, so that GP's sharing rules hold among every
 * handle of an object in the core, whichever instance of the TA holds it.
 *
 * <p>Storage ids are OP-TEE's: {@code TEE_STORAGE_PRIVATE_REE} and {@code TEE_STORAGE_PRIVATE_RPMB}
 * name their backends, {@code TEE_STORAGE_PRIVATE} the REE one; an id with no backend gives
 * {@code TEE_ERROR_ITEM_NOT_FOUND}, as OP-TEE answers for a backend it was built without. A
 * service with no backend at all ({@link #unavailable()}) answers every call with
 * {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}. The stores stay their maker's: this service never
 * closes them.
 */
public final class StorageService {
    private final Map<Integer, Backend> backends;

    /**
     * A service over {@code stores}, keyed by {@link TeeStorage#PRIVATE_REE} and
     * {@link TeeStorage#PRIVATE_RPMB} (either may be missing).
     *
     * @throws IllegalArgumentException for any other key
     */
    public StorageService(Map<Integer, ObjectStore> stores) {
        Map<Integer, Backend> b = new LinkedHashMap<>();
        stores.forEach((id, store) -> {
            if (id != TeeStorage.PRIVATE_REE && id != TeeStorage.PRIVATE_RPMB) {
                throw new IllegalArgumentException(String.format("storage id 0x%08X names no backend", id));
            }
            b.put(id, new Backend(id, java.util.Objects.requireNonNull(store, "store")));
        });
        this.backends = Map.copyOf(b);
    }

    /** A service with no storage: every call fails with {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}. */
    public static StorageService unavailable() {
        return new StorageService(Map.of());
    }

    /** Whether any backend is there. */
    public boolean available() {
        return !backends.isEmpty();
    }

    /**
     * A new, empty handle table for one instance of TA {@code ta}, which the instance closes when
     * it ends. {@code keepHandleOnCorruptObject} is the TA's
     * {@code gpd.ta.doesNotCloseHandleOnCorruptObject}.
     */
    public TaStorage forInstance(UUID ta, boolean keepHandleOnCorruptObject) {
        return new TaStorage(this, ta, keepHandleOnCorruptObject);
    }

    /**
     * The backend of {@code storageId}.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} if there is no storage at all,
     *     {@code TEE_ERROR_ITEM_NOT_FOUND} if none has that id
     */
    Backend backend(int storageId) throws TeeException {
        checkAvailable();
        Backend b = backends.get(storageId == TeeStorage.PRIVATE ? TeeStorage.PRIVATE_REE : storageId);
        if (b == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                    String.format("storage id 0x%08X has no backend in this core", storageId));
        }
        return b;
    }

    void checkAvailable() throws TeeException {
        if (backends.isEmpty()) {
            throw new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, "this core has no trusted storage");
        }
    }

    /** How many objects have handles open in the core, in all backends (for tests). */
    int openObjects() {
        return backends.values().stream().mapToInt(Backend::openObjects).sum();
    }
}
