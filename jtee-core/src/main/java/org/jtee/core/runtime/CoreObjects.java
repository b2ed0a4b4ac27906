package org.jtee.core.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.jtee.storage.ObjectStore;

/**
 * The core's own durable state as objects in one trusted store: the TA version floors, the TA
 * persistent times, the TAs installed in secure storage. They belong to the reserved owner
 * {@link #OWNER}, the nil UUID, which no TA may have ({@link #refuseReserved}): OP-TEE keeps its
 * {@code ta.db} and {@code ta_ver.db} under the nil UUID too, but loads a TA with that UUID, which
 * would then share them. Each object is named by an ASCII id ({@code "ta-version:<uuid>"} and so
 * on) and read and written whole; a write is one commit of the store, durable when it returns,
 * and rollback-protected as every object of the store is.
 *
 * <p>Errors are the store's ({@link ObjectStore}): {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} until
 * the supplicant answers, {@code TEE_ERROR_SECURITY} when the store fails its check,
 * {@code TEE_ERROR_CORRUPT_OBJECT} for an object whose bytes do not authenticate.
 */
public final class CoreObjects {
    /** The owner of the core's objects: the nil UUID, reserved to the core. */
    public static final UUID OWNER = Uuids.NIL;
    /** {@code TEE_TYPE_DATA}, the type of a pure data object. */
    private static final int TYPE_DATA = 0xA00000BF;

    private final ObjectStore store;

    /** The core's objects in {@code store} (which the caller closes). */
    public CoreObjects(ObjectStore store) {
        this.store = store;
    }

    /** True for the UUID no TA may have: {@link #OWNER}. */
    public static boolean isReserved(UUID uuid) {
        return OWNER.equals(uuid);
    }

    /**
     * Refuses the reserved UUID as a TA's.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} (origin TEE) naming the reason
     */
    public static void refuseReserved(UUID ta) throws TeeException {
        if (isReserved(ta)) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, reservedMessage());
        }
    }

    /** Why a TA cannot have the nil UUID, for errors and logs. */
    public static String reservedMessage() {
        return "no TA may have the nil UUID " + OWNER + ": it owns the core's own objects in trusted storage";
    }

    /** The store the objects are in. */
    public ObjectStore store() {
        return store;
    }

    /** The whole data of object {@code id}, or null if there is none. */
    public byte[] read(String id) throws TeeException {
        ObjectStore.Entry e = store.find(OWNER, id(id));
        return e == null ? null : readAll(e);
    }

    /** The whole data of the object {@code e} as it is now, or null if it was deleted meanwhile. */
    public byte[] readAll(ObjectStore.Entry e) throws TeeException {
        if (e.dataSize() > Integer.MAX_VALUE - 8) {
            throw new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, "a core object of " + e.dataSize() + " bytes");
        }
        byte[] data = new byte[(int) e.dataSize()];
        int done = 0;
        try {
            while (done < data.length) {
                int n = store.read(e.number(), done, data, done, data.length - done);
                if (n <= 0) {
                    return Arrays.copyOf(data, done);
                }
                done += n;
            }
        } catch (TeeException x) {
            if (x.result() == TeeResult.ITEM_NOT_FOUND) {
                return null;
            }
            throw x;
        }
        return data;
    }

    /** Creates or replaces object {@code id} with {@code data}, in one commit. */
    public ObjectStore.Entry write(String id, byte[] data) throws TeeException {
        return write(id, data, new byte[0]);
    }

    /**
     * Creates or replaces object {@code id} with {@code data} and {@code attributes} (a small
     * description kept with the object, read with {@link #list}), in one commit.
     */
    public ObjectStore.Entry write(String id, byte[] data, byte[] attributes) throws TeeException {
        return store.create(OWNER, id(id), new ObjectStore.Header(TYPE_DATA, 0, 0, 0, attributes), data, true);
    }

    /** Deletes object {@code id} in one commit; false if there was none. */
    public boolean delete(String id) throws TeeException {
        ObjectStore.Entry e = store.find(OWNER, id(id));
        if (e == null) {
            return false;
        }
        try {
            store.delete(e.number());
            return true;
        } catch (TeeException x) {
            if (x.result() == TeeResult.ITEM_NOT_FOUND) {
                return false;
            }
            throw x;
        }
    }

    /** The core's objects whose ids begin with {@code prefix}, in creation order. */
    public List<ObjectStore.Entry> list(String prefix) throws TeeException {
        List<ObjectStore.Entry> out = new ArrayList<>();
        for (ObjectStore.Entry e : store.list(OWNER)) {
            if (idOf(e).startsWith(prefix)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The objects {@code <prefix><uuid>}, each read whole, by UUID. An object whose bytes do not
     * authenticate ({@code TEE_ERROR_CORRUPT_OBJECT}) is not in the map: its UUID goes into
     * {@code damaged}. Ids after the prefix that are not a UUID are skipped.
     */
    public Map<UUID, byte[]> readPerTa(String prefix, Set<UUID> damaged) throws TeeException {
        Map<UUID, byte[]> out = new TreeMap<>();
        for (ObjectStore.Entry e : list(prefix)) {
            UUID ta = uuidAfter(prefix, e);
            if (ta == null) {
                continue;
            }
            try {
                byte[] data = readAll(e);
                if (data != null) {
                    out.put(ta, data);
                }
            } catch (TeeException x) {
                if (x.result() != TeeResult.CORRUPT_OBJECT) {
                    throw x;
                }
                damaged.add(ta);
            }
        }
        return out;
    }

    private static UUID uuidAfter(String prefix, ObjectStore.Entry e) {
        try {
            return UUID.fromString(idOf(e).substring(prefix.length()));
        } catch (IllegalArgumentException x) {
            return null;
        }
    }

    /** The id of a core object, as text. */
    public static String idOf(ObjectStore.Entry e) {
        return new String(e.id(), StandardCharsets.US_ASCII);
    }

    private static byte[] id(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > ObjectStore.MAX_ID_BYTES) {
            throw new IllegalArgumentException("a core object id of " + bytes.length + " bytes: " + id);
        }
        return bytes;
    }
}
