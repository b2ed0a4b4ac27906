package org.jtee.core.storage;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeStorage;
import org.jtee.crypto.TeeType;
import org.jtee.protocol.StorageRpc;
import org.jtee.storage.ObjectStore;
import org.jtee.storage.StripedLocks;

/**
 * The persistent-object handles and enumerators of one TA instance, and the GP calls on them
 * ({@link #serve}): the objects are those of {@link #owner}, the TA's UUID as the core knows it,
 * so a TA can neither name nor learn of another TA's objects (the same id of another TA is
 * {@code TEE_ERROR_ITEM_NOT_FOUND}). An instance holds at most {@link #MAX_OBJECT_HANDLES}
 * object handles and {@link #MAX_ENUMERATORS} enumerators; past that it gets
 * {@code TEE_ERROR_OUT_OF_MEMORY}, and no other instance notices. {@link #close} releases
 * everything when the instance ends, for whatever reason.
 *
 * <p>Results are the core's side of OP-TEE's ({@code core/tee/tee_svc_storage.c}); the TA's side
 * ({@code PersistentObject}) turns those GP does not let a function return into panics. A handle
 * or enumerator the instance does not hold is {@code TEE_ERROR_BAD_PARAMETERS}.
 *
 * <p>A corrupt object ({@code TEE_ERROR_CORRUPT_OBJECT} from the store) is handled as OP-TEE does
 * ({@code remove_corrupt_obj}): it is deleted and the handle closed, unless the TA sets
 * {@code gpd.ta.doesNotCloseHandleOnCorruptObject}; then the handle stays and answers
 * {@code TEE_ERROR_CORRUPT_OBJECT} from then on. Found corrupt on open, it is deleted if no handle
 * has it open; if it cannot be deleted, the result is still {@code TEE_ERROR_CORRUPT_OBJECT}.
 * Calls of one instance are serialised here; different instances run in parallel.
 *
 * <p>OPEN_READ also sends the first bytes of the data to a handle with {@code ACCESS_READ} and
 * without {@code SHARE_WRITE}, which no other handle can write beside (GP §5.7.1); the handle's
 * position stays 0. It and CLOSE_MANY close the handles the TA closed earlier, all or none.
 */
public final class TaStorage {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** The most object handles one instance holds at a time. */
    public static final int MAX_OBJECT_HANDLES = 1024;
    /** The most enumerators one instance holds at a time. */
    public static final int MAX_ENUMERATORS = 64;

    private static final int OPEN_FLAGS = OpenHandle.SHARING_FLAGS;
    private static final int CREATE_FLAGS = OpenHandle.SHARING_FLAGS | TeeStorage.DATA_FLAG_OVERWRITE;

    private final StorageService service;
    private final UUID owner;
    private final boolean keepHandleOnCorrupt;
    private final Map<Integer, OpenHandle> handles = new HashMap<>();
    private final Map<Integer, Enumeration> enumerators = new HashMap<>();
    private int lastId;
    private boolean closed;

    TaStorage(StorageService service, UUID owner, boolean keepHandleOnCorrupt) {
        this.service = service;
        this.owner = owner;
        this.keepHandleOnCorrupt = keepHandleOnCorrupt;
    }

    /** The TA whose objects these are. */
    public UUID owner() {
        return owner;
    }

    /** Serves one request of the instance; never throws. */
    public synchronized StorageRpc.Reply serve(StorageRpc.Request request) {
        if (closed) {
            return new StorageRpc.Failed(TeeResult.STORAGE_NOT_AVAILABLE, false);
        }
        try {
            service.checkAvailable();
            return dispatch(request);
        } catch (TeeException e) {
            return new StorageRpc.Failed(e.result(), false);
        }
    }

    private StorageRpc.Reply dispatch(StorageRpc.Request request) throws TeeException {
        return switch (request) {
            case StorageRpc.Open o -> open(o.storageId(), o.flags(), o.id());
            case StorageRpc.OpenRead o -> openRead(o);
            case StorageRpc.CloseMany c -> closeAll(c.handles());
            case StorageRpc.Create c -> create(c);
            case StorageRpc.Close c -> close(c.handle());
            case StorageRpc.CloseAndDelete d -> closeAndDelete(d.handle());
            case StorageRpc.Append a -> onHandle(a.handle(), true, h -> h.append(a.data()));
            case StorageRpc.Read r -> onHandle(r.handle(), false, h -> h.read(r.length()));
            case StorageRpc.Write w -> onHandle(w.handle(), false, h -> h.write(w.data()));
            case StorageRpc.Truncate t -> onHandle(t.handle(), false, h -> h.truncate(t.size()));
            case StorageRpc.Seek s -> onHandle(s.handle(), false, h -> h.seek(s.offset(), s.whence()));
            case StorageRpc.Rename r -> onHandle(r.handle(), false, h -> rename(h, r.newId()));
            case StorageRpc.RestrictUsage u -> onHandle(u.handle(), false, h -> restrictUsage(h, u.usage()));
            case StorageRpc.EnumAllocate a -> allocateEnumerator();
            case StorageRpc.EnumFree f -> freeEnumerator(f.enumerator());
            case StorageRpc.EnumReset r -> resetEnumerator(r.enumerator());
            case StorageRpc.EnumStart s -> startEnumerator(s.enumerator(), s.storageId());
            case StorageRpc.EnumNext n -> next(n.enumerator());
        };
    }

    /** Releases every handle and enumerator; later calls fail with {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.values().forEach(h -> h.backend.detach(h.object, h.flags));
        handles.clear();
        enumerators.clear();
    }

    /** Object handles held now. */
    public synchronized int handleCount() {
        return handles.size();
    }

    // --- open, create ---

    private StorageRpc.Opened open(int storageId, int flags, byte[] id) throws TeeException {
        checkFlags(flags, OPEN_FLAGS);
        Backend b = service.backend(storageId);
        checkRoom();
        try (StripedLocks.Held names = b.names(owner, id)) {
            ObjectStore.Entry e = find(b, id);
            if (e == null) {
                throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no such object");
            }
            OpenHandle h = attach(b, e, flags);
            return new StorageRpc.Opened(add(h), headerOf(e), h.dataSize());
        }
    }

    /**
     * OPEN_READ: closes {@code closeFirst}, opens, and sends the data ahead when the handle's
     * flags allow it. Data that cannot be read now (a corrupt object, a store failure) is not
     * sent: the handle's first read meets the failure as it would have without read-ahead.
     */
    private StorageRpc.Reply openRead(StorageRpc.OpenRead o) throws TeeException {
        closeAll(o.closeFirst());
        StorageRpc.Opened opened = open(o.storageId(), o.flags(), o.id());
        OpenHandle h = handles.get(opened.handle());
        if (o.readAheadBytes() == 0 || !h.readsAhead()) {
            return opened;
        }
        try {
            byte[] ahead = h.readAhead(o.readAheadBytes());
            return ahead == null ? opened : new StorageRpc.Opened(opened.handle(), opened.header(), opened.dataSize(), ahead);
        } catch (TeeException e) {
            return opened;
        }
    }

    /** The object {@code id} of the owner; one found corrupt is deleted if no handle has it open. */
    private ObjectStore.Entry find(Backend b, byte[] id) throws TeeException {
        try {
            return b.store.find(owner, id);
        } catch (TeeException e) {
            if (isCorrupt(e)) {
                deleteCorrupt(b, id);
                throw corrupt("the object failed its integrity check");
            }
            throw e;
        }
    }

    private StorageRpc.Reply create(StorageRpc.Create c) throws TeeException {
        checkFlags(c.flags(), CREATE_FLAGS);
        Backend b = service.backend(c.storageId());
        if (c.totalDataBytes() > TeeStorage.DATA_MAX_POSITION) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, c.totalDataBytes()
                    + " bytes of initial data pass TEE_DATA_MAX_POSITION");
        }
        checkRoom();
        boolean overwrite = (c.flags() & TeeStorage.DATA_FLAG_OVERWRITE) != 0;
        try (StripedLocks.Held names = b.names(owner, c.id())) {
            checkReplaceable(b, c.id(), overwrite);
            ObjectStore.Entry e = b.store.create(owner, c.id(), storedHeader(c.header()), c.data(), overwrite);
            OpenHandle h = attach(b, e, c.flags());
            h.expectFill(c.data().length, c.totalDataBytes());
            return new StorageRpc.Opened(add(h), withoutAttributes(e.header()), h.dataSize());
        }
    }

    /**
     * An existing object may be replaced only with {@code OVERWRITE} and while no handle in the
     * core has it open: the replacement deletes it, which takes the exclusive
     * {@code ACCESS_WRITE_META}. One that fails its integrity check may be replaced.
     */
    private void checkReplaceable(Backend b, byte[] id, boolean overwrite) throws TeeException {
        ObjectStore.Entry old;
        try {
            old = b.store.find(owner, id);
        } catch (TeeException e) {
            if (isCorrupt(e) && overwrite) {
                return;
            }
            throw isCorrupt(e) ? corrupt("an object of that id failed its integrity check") : e;
        }
        if (old != null) {
            if (!overwrite || b.isOpen(old.number())) {
                throw new TeeException(TeeResult.ACCESS_CONFLICT, ReturnOrigin.TEE, overwrite
                        ? "the object to overwrite is open" : "an object of that id exists and OVERWRITE is not set");
            }
        }
    }

    private static ObjectStore.Header storedHeader(StorageRpc.ObjectHeader h) {
        if (h == null) {
            return new ObjectStore.Header(TeeType.DATA, 0, 0, TeeCrypto.USAGE_ALL, new byte[0]);
        }
        try {
            return new ObjectStore.Header(h.objectType(), h.objectSize(), h.maxObjectSize(), h.usage(), h.attributes());
        } finally {
            Arrays.fill(h.attributes(), (byte) 0);
        }
    }

    private OpenHandle attach(Backend b, ObjectStore.Entry e, int flags) throws TeeException {
        int sharing = flags & OpenHandle.SHARING_FLAGS;
        return new OpenHandle(b, b.attach(e.number(), e.dataSize(), sharing), sharing);
    }

    private int add(OpenHandle h) {
        int id = newId();
        handles.put(id, h);
        return id;
    }

    // --- handles ---

    private interface HandleOp {
        StorageRpc.Reply run(OpenHandle h) throws TeeException;
    }

    /**
     * Runs {@code op} on handle {@code id}. A handle still taking a CREATE's data takes nothing
     * else ({@code TEE_ERROR_BAD_STATE}); a corrupt object is deleted and the handle closed.
     */
    private StorageRpc.Reply onHandle(int id, boolean append, HandleOp op) throws TeeException {
        OpenHandle h = handle(id);
        if (h.filling() != append) {
            throw new TeeException(TeeResult.BAD_STATE, ReturnOrigin.TEE, append
                    ? "the handle takes no more initial data" : "the handle still takes its initial data");
        }
        if (h.corrupt) {
            throw corrupt("the object was found corrupt and deleted");
        }
        try {
            return op.run(h);
        } catch (TeeException e) {
            if (!isCorrupt(e)) {
                throw e;
            }
            return corrupted(id, h);
        }
    }

    /** OP-TEE's {@code remove_corrupt_obj}: delete the object; close the handle unless the TA keeps it. */
    private StorageRpc.Reply corrupted(int id, OpenHandle h) {
        LOG.log(Level.WARNING, "TA {0}: object {1} in storage 0x{2} failed its integrity check; it is deleted", owner,
                Long.toString(h.number()), Integer.toHexString(h.backend.storageId));
        try {
            h.backend.store.delete(h.number());
        } catch (TeeException e) {
            LOG.log(Level.WARNING, "TA {0}: the corrupt object {1} could not be deleted: {2}", owner,
                    Long.toString(h.number()), e.getMessage());
        }
        if (keepHandleOnCorrupt) {
            h.corrupt = true;
            return new StorageRpc.Failed(TeeResult.CORRUPT_OBJECT, false);
        }
        release(id, h);
        return new StorageRpc.Failed(TeeResult.CORRUPT_OBJECT, true);
    }

    private StorageRpc.Reply close(int id) throws TeeException {
        release(id, handle(id));
        return new StorageRpc.Done();
    }

    /**
     * Closes every handle of {@code ids} (the TA's earlier {@code TEE_CloseObject}s) or, if one is
     * not held or is named twice, none: {@code TEE_ERROR_BAD_PARAMETERS}.
     */
    private StorageRpc.Reply closeAll(int[] ids) throws TeeException {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int id : ids) {
            handle(id);
            if (!seen.add(id)) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "object handle " + id + " is closed twice");
            }
        }
        for (int id : ids) {
            release(id, handles.get(id));
        }
        return new StorageRpc.Done();
    }

    /**
     * {@code TEE_CloseAndDeletePersistentObject1}: needs {@code ACCESS_WRITE_META}
     * ({@code TEE_ERROR_ACCESS_CONFLICT} otherwise, and the handle stays); the handle is closed
     * whether or not the delete succeeds, as OP-TEE does.
     */
    private StorageRpc.Reply closeAndDelete(int id) throws TeeException {
        OpenHandle h = handle(id);
        h.require(TeeStorage.DATA_FLAG_ACCESS_WRITE_META, "delete the object", TeeResult.ACCESS_CONFLICT);
        // ACCESS_WRITE_META is exclusive: no other handle has the object, and none can open it
        // until this one is released, after the delete; so the name needs no lock
        try {
            if (!h.corrupt) {
                h.backend.store.delete(h.number());
            }
            return new StorageRpc.Done();
        } catch (TeeException e) {
            return new StorageRpc.Failed(e.result(), true);
        } finally {
            release(id, h);
        }
    }

    /** {@code TEE_RenamePersistentObject}: needs {@code ACCESS_WRITE_META} ({@code TEE_ERROR_BAD_STATE} otherwise). */
    private StorageRpc.Reply rename(OpenHandle h, byte[] newId) throws TeeException {
        h.require(TeeStorage.DATA_FLAG_ACCESS_WRITE_META, "rename the object", TeeResult.BAD_STATE);
        try (StripedLocks.Held names = h.backend.names(owner, newId)) {
            h.backend.store.rename(h.number(), newId);
            return new StorageRpc.Done();
        }
    }

    /** {@code TEE_RestrictObjectUsage1}: the stored usage ANDed with {@code usage}, for every handle. */
    private StorageRpc.Reply restrictUsage(OpenHandle h, int usage) throws TeeException {
        // one read-modify-write of the stored usage at a time, per object
        synchronized (h.object) {
            ObjectStore.Entry e = h.backend.store.entry(h.number());
            int restricted = e.header().usage() & usage;
            h.backend.store.setUsage(h.number(), restricted);
            return new StorageRpc.Usage(restricted);
        }
    }

    private void release(int id, OpenHandle h) {
        handles.remove(id);
        h.backend.detach(h.object, h.flags);
    }

    private OpenHandle handle(int id) throws TeeException {
        OpenHandle h = handles.get(id);
        if (h == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "no object handle " + id);
        }
        return h;
    }

    // --- enumerators ---

    private StorageRpc.Reply allocateEnumerator() throws TeeException {
        if (enumerators.size() >= MAX_ENUMERATORS) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, "the instance holds "
                    + MAX_ENUMERATORS + " enumerators already");
        }
        int id = newId();
        enumerators.put(id, new Enumeration());
        return new StorageRpc.Allocated(id);
    }

    private StorageRpc.Reply freeEnumerator(int id) throws TeeException {
        enumerator(id);
        enumerators.remove(id);
        return new StorageRpc.Done();
    }

    private StorageRpc.Reply resetEnumerator(int id) throws TeeException {
        enumerator(id).reset();
        return new StorageRpc.Done();
    }

    /** {@code TEE_StartPersistentObjectEnumerator}: {@code TEE_ERROR_ITEM_NOT_FOUND} if the TA has no object there. */
    private StorageRpc.Reply startEnumerator(int id, int storageId) throws TeeException {
        Enumeration e = enumerator(id);
        e.reset();
        Backend b = service.backend(storageId);
        List<ObjectStore.Entry> objects = b.store.list(owner);
        if (objects.isEmpty()) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "the TA has no objects in this storage");
        }
        e.start(b, objects.stream().mapToLong(ObjectStore.Entry::number).toArray());
        return new StorageRpc.Done();
    }

    /** {@code TEE_GetNextPersistentObject}: objects deleted since the start are skipped. */
    private StorageRpc.Reply next(int id) throws TeeException {
        Enumeration en = enumerator(id);
        while (en.hasNext()) {
            ObjectStore.Entry e;
            try {
                e = en.backend().store.entry(en.next());
            } catch (TeeException x) {
                if (x.result() == TeeResult.ITEM_NOT_FOUND) {
                    continue;
                }
                throw isCorrupt(x) ? corrupt("an object failed its integrity check") : x;
            }
            if (e.owner().equals(owner)) {
                return new StorageRpc.Next(withoutAttributes(e.header()), e.dataSize(), e.id());
            }
        }
        throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no more objects");
    }

    private Enumeration enumerator(int id) throws TeeException {
        Enumeration e = enumerators.get(id);
        if (e == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "no enumerator " + id);
        }
        return e;
    }

    // --- helpers ---

    private static void checkFlags(int flags, int allowed) throws TeeException {
        if ((flags & ~allowed) != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    String.format("flags 0x%X name bits 0x%X that are no TEE_DATA_FLAG_*", flags, flags & ~allowed));
        }
    }

    private void checkRoom() throws TeeException {
        if (handles.size() >= MAX_OBJECT_HANDLES) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, "the instance holds "
                    + MAX_OBJECT_HANDLES + " object handles already");
        }
    }

    /** A handle or enumerator id: positive, not 0 ({@code TEE_HANDLE_NULL}), not held now. */
    private int newId() {
        do {
            lastId = lastId == Integer.MAX_VALUE ? 1 : lastId + 1;
        } while (handles.containsKey(lastId) || enumerators.containsKey(lastId));
        return lastId;
    }

    /** The object {@code id} of the owner, found corrupt: deleted unless a handle has it open. */
    private void deleteCorrupt(Backend b, byte[] id) {
        try {
            for (ObjectStore.Entry e : b.store.list(owner)) {
                if (Arrays.equals(e.id(), id) && !b.isOpen(e.number())) {
                    b.store.delete(e.number());
                    LOG.log(Level.WARNING, "TA {0}: object {1} failed its integrity check on open; it is deleted", owner,
                            Long.toString(e.number()));
                }
            }
        } catch (TeeException e) {
            LOG.log(Level.WARNING, "TA {0}: a corrupt object could not be deleted: {1}", owner, e.getMessage());
        }
    }

    /** The header of a created object: the TA has the attributes it sent, which do not come back. */
    private static StorageRpc.ObjectHeader withoutAttributes(ObjectStore.Header h) {
        return new StorageRpc.ObjectHeader(h.objectType(), h.objectSize(), h.maxObjectSize(), h.usage(), new byte[0]);
    }

    private static StorageRpc.ObjectHeader headerOf(ObjectStore.Entry e) {
        ObjectStore.Header h = e.header();
        return new StorageRpc.ObjectHeader(h.objectType(), h.objectSize(), h.maxObjectSize(), h.usage(), h.attributes());
    }

    private static boolean isCorrupt(TeeException e) {
        return e.result() == TeeResult.CORRUPT_OBJECT || e.result() == TeeResult.CORRUPT_OBJECT_2;
    }

    private static TeeException corrupt(String why) {
        return new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, why);
    }
}
