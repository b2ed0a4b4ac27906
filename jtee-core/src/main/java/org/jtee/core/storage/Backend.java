package org.jtee.core.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.storage.ObjectStore;
import org.jtee.storage.StripedLocks;

/**
 * One storage backend as the GP layer uses it: its store, the objects that have handles open in
 * the core (whatever instance holds them) with the flags of each handle, and locks by name under
 * which a name is looked up and changed — so that an open cannot slip between an overwriting
 * create's check and its commit, nor a create between a rename's. The locks are striped by owner
 * and id: creates of different names, by any instances, commit together (the store's group
 * commit); only the same name waits.
 */
final class Backend {
    /** {@code TEE_STORAGE_PRIVATE_REE} or {@code TEE_STORAGE_PRIVATE_RPMB}. */
    final int storageId;
    final ObjectStore store;
    /** Objects with handles open, by number; guarded by this. */
    private final Map<Long, OpenObject> open = new HashMap<>();
    private final StripedLocks names = new StripedLocks(256);

    /**
     * An object with handles open on it: the access and share flags of each, and its data size,
     * which only those handles change (every write to a store goes through this layer).
     */
    static final class OpenObject {
        final long number;
        /** One entry per open handle; guarded by the backend. */
        private final List<Integer> handleFlags = new ArrayList<>(1);
        /** Guarded by the backend. */
        private long dataSize;

        private OpenObject(long number, long dataSize) {
            this.number = number;
            this.dataSize = dataSize;
        }
    }

    Backend(int storageId, ObjectStore store) {
        this.storageId = storageId;
        this.store = store;
    }

    /** Locks the names {@code ids} of {@code owner} (in a fixed order, so two callers never deadlock). */
    StripedLocks.Held names(UUID owner, byte[]... ids) {
        Object[] keys = new Object[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = List.of(owner, ByteBuffer.wrap(ids[i]));
        }
        return names.lock(keys);
    }

    /**
     * Adds a handle with {@code flags} to object {@code number}, whose data size is
     * {@code dataSize} if no handle has it open yet.
     *
     * @throws TeeException {@code TEE_ERROR_ACCESS_CONFLICT} if an open handle's flags and
     *     {@code flags} may not be open together ({@link Sharing})
     */
    synchronized OpenObject attach(long number, long dataSize, int flags) throws TeeException {
        OpenObject o = open.get(number);
        if (o == null) {
            o = new OpenObject(number, dataSize);
            open.put(number, o);
        } else {
            for (int f : o.handleFlags) {
                if (!Sharing.compatible(f, flags)) {
                    throw new TeeException(TeeResult.ACCESS_CONFLICT, ReturnOrigin.TEE, String.format(
                            "the object is open with flags 0x%X, which 0x%X may not share", f, flags));
                }
            }
        }
        o.handleFlags.add(flags);
        return o;
    }

    /** Removes a handle with {@code flags} from {@code o}; the last one forgets the object. */
    synchronized void detach(OpenObject o, int flags) {
        o.handleFlags.remove(Integer.valueOf(flags));
        if (o.handleFlags.isEmpty()) {
            open.remove(o.number, o);
        }
    }

    /** Whether any handle in the core has object {@code number} open. */
    synchronized boolean isOpen(long number) {
        return open.containsKey(number);
    }

    /** How many objects have handles open (for tests). */
    synchronized int openObjects() {
        return open.size();
    }

    synchronized long dataSize(OpenObject o) {
        return o.dataSize;
    }

    /** A write ended at {@code end}: the data is at least that long now. */
    synchronized void wrote(OpenObject o, long end) {
        o.dataSize = Math.max(o.dataSize, end);
    }

    synchronized void truncated(OpenObject o, long size) {
        o.dataSize = size;
    }
}
