package org.jtee.crypto;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.StorageRpc;
import org.jtee.ta.TaPanic;

/**
 * A GP persistent object ({@code TEE_ObjectHandle} of {@code TEE_OpenPersistentObject} and
 * {@code TEE_CreatePersistentObject}, GP TEE Internal Core API 1.3.1 §5.7–5.9): an object of the
 * calling TA in trusted storage, with attributes (a key, or none for a pure data object of type
 * {@code TEE_TYPE_DATA}) and a data stream. The core keeps the object and the handle's flags and
 * data position, and enforces the GP sharing rules among every handle of the object in the core;
 * this side keeps the attributes, read once at open, so that {@link Operation#setKey(ObjectHandle)}
 * and {@link TransientObject#copyAttributesFrom(ObjectHandle)} take a persistent key as they take
 * a transient one. Requests reach the core through the runtime's {@link org.jtee.crypto.spi.StorageChannel};
 * without one every call fails with {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}.
 *
 * <p>Results follow OP-TEE's libutee ({@code lib/libutee/tee_api_objects.c}): each function returns
 * the results GP lets it return, listed on it, as {@link TeeException} (origin TEE), and panics
 * ({@link TaPanic} with the result as its code) on the rest — for instance reading without
 * {@code ACCESS_READ} ({@code TEE_ERROR_ACCESS_CONFLICT}), renaming or deleting without
 * {@code ACCESS_WRITE_META}, an object id over 64 bytes ({@code TEE_ERROR_BAD_PARAMETERS}), an
 * object id in memory that is not the TA's own ({@code TEE_ERROR_ACCESS_DENIED}). Once closed,
 * every method but {@link #close} panics with {@code TEE_ERROR_BAD_STATE}.
 *
 * <p>Reads and writes of more than {@link StorageRpc#MAX_DATA_BYTES} (1 MiB) go to the core in
 * parts of that size, each its own commit; so does initial data of a create beyond its first MiB.
 * A failure or crash part-way leaves the parts before it done (and, for a write, the position
 * after them). Not thread-safe, as GP handles are not.
 *
 * <p><b>Read-ahead.</b> Where the channel asks for it ({@link org.jtee.crypto.spi.StorageChannel#readAheadBytes},
 * a TA host's: 16 KiB), an open sends OPEN_READ, and the core answers a handle with
 * {@code ACCESS_READ} and without {@code SHARE_WRITE} with the first bytes of the data. No other
 * handle can write the object while this one is open (GP §5.7.1), so reads inside those bytes —
 * or anywhere, when they are all the data — are served here and move only this side's position;
 * the core's stays behind. Before anything else goes to the core on the handle the bytes are wiped
 * and dropped and, if the positions differ, a SEEK sets the core's. Results are the
 * same as without read-ahead; only the number of round trips differs.
 */
public final class PersistentObject implements ObjectHandle {
    private static final int[] OPEN_RESULTS = {TeeResult.ITEM_NOT_FOUND, TeeResult.ACCESS_CONFLICT,
        TeeResult.OUT_OF_MEMORY, TeeResult.CORRUPT_OBJECT, TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] CREATE_RESULTS = {TeeResult.ITEM_NOT_FOUND, TeeResult.ACCESS_CONFLICT,
        TeeResult.OUT_OF_MEMORY, TeeResult.STORAGE_NO_SPACE, TeeResult.CORRUPT_OBJECT, TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] READ_RESULTS = {TeeResult.CORRUPT_OBJECT, TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] WRITE_RESULTS = {TeeResult.STORAGE_NO_SPACE, TeeResult.OVERFLOW,
        TeeResult.CORRUPT_OBJECT, TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] TRUNCATE_RESULTS = {TeeResult.STORAGE_NO_SPACE, TeeResult.CORRUPT_OBJECT,
        TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] SEEK_RESULTS = {TeeResult.OVERFLOW, TeeResult.CORRUPT_OBJECT,
        TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] RENAME_RESULTS = {TeeResult.ACCESS_CONFLICT, TeeResult.CORRUPT_OBJECT,
        TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] DELETE_RESULTS = {TeeResult.STORAGE_NOT_AVAILABLE};
    private static final int[] USAGE_RESULTS = {TeeResult.CORRUPT_OBJECT, TeeResult.STORAGE_NOT_AVAILABLE};

    private static final int CHUNK = StorageRpc.MAX_DATA_BYTES;

    private final int handle;
    private final int handleFlags;
    /** Type, sizes, usage and attributes: the key, for the crypto API; no attributes for a data object. */
    private final TransientObject key;
    private long dataSize;
    private long position;
    /** The position the core has for the handle: behind {@link #position} after reads served from {@link #ahead}. */
    private long corePosition;
    /** The data from position 0 that the core sent at open; null once dropped (or never sent). */
    private byte[] ahead;
    private boolean closed;

    private PersistentObject(int handle, int flags, TransientObject key, long dataSize) {
        this.handle = handle;
        this.handleFlags = TeeCrypto.HANDLE_FLAG_PERSISTENT | TeeCrypto.HANDLE_FLAG_INITIALIZED | flags;
        this.key = key;
        this.dataSize = dataSize;
    }

    // --- TEE_OpenPersistentObject ---

    /**
     * {@code TEE_OpenPersistentObject}: opens the object {@code objectId} (null: the empty id) of
     * this TA in storage {@code storageId}, with the {@code TEE_DATA_FLAG_ACCESS_*} and
     * {@code SHARE_*} bits of {@code flags}; the position is 0.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} if there is no such object or storage,
     *     {@code TEE_ERROR_ACCESS_CONFLICT} if an open handle of the object forbids it (GP §5.7.1),
     *     {@code TEE_ERROR_OUT_OF_MEMORY} if the instance holds as many handles as it may,
     *     {@code TEE_ERROR_CORRUPT_OBJECT} if the object failed its integrity check (it is then
     *     deleted), {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} for other flag bits or an id over 64 bytes
     */
    public static PersistentObject open(int storageId, byte[] objectId, int flags) throws TeeException {
        return openCopied(storageId, idCopy(objectId, "TEE_OpenPersistentObject"), flags);
    }

    /**
     * {@link #open(int, byte[], int)} with the id in {@code objectId}, which must be the TA's own
     * memory: never a parameter's buffer or the client's shared memory.
     *
     * @throws TaPanic {@code TEE_ERROR_ACCESS_DENIED} if it is not, as in OP-TEE (xtest 6020)
     */
    public static PersistentObject open(int storageId, MemorySegment objectId, int flags) throws TeeException {
        return openCopied(storageId, privateCopy(objectId, "TEE_OpenPersistentObject"), flags);
    }

    private static PersistentObject openCopied(int storageId, byte[] id, int flags) throws TeeException {
        int readAhead = StorageCalls.readAheadBytes();
        StorageRpc.Request open = readAhead == 0 ? new StorageRpc.Open(storageId, flags, id)
                : new StorageRpc.OpenRead(storageId, flags, id, readAhead, new int[0]);
        StorageRpc.Reply r = StorageCalls.send(open);
        StorageRpc.Opened o = StorageCalls.expect(r, StorageRpc.Opened.class, "TEE_OpenPersistentObject", OPEN_RESULTS);
        PersistentObject opened = fromStore(o, flags);
        opened.ahead = o.ahead();
        if (o.ahead() != null && !(readsAhead(flags) && o.ahead().length == Math.min(readAhead, o.dataSize()))) {
            opened.dropAhead();
            throw new TaPanic(TeeResult.COMMUNICATION, "TEE_OpenPersistentObject: the core sent " + o.ahead().length
                    + " bytes ahead for flags 0x" + Integer.toHexString(flags) + " and " + readAhead + " asked");
        }
        return opened;
    }

    /** Whether the core sends data ahead to a handle with {@code flags}: {@code ACCESS_READ} without {@code SHARE_WRITE}. */
    private static boolean readsAhead(int flags) {
        return (flags & TeeStorage.DATA_FLAG_ACCESS_READ) != 0 && (flags & TeeStorage.DATA_FLAG_SHARE_WRITE) == 0;
    }

    /** The object {@code o} opened; a header that does not parse closes the handle again. */
    private static PersistentObject fromStore(StorageRpc.Opened o, int flags) throws TeeException {
        StorageRpc.ObjectHeader h = o.header();
        try {
            Map<Integer, Attribute> attrs = StoredAttributes.decode(h.attributes(), h.objectType());
            TransientObject key = TransientObject.restored(h.objectType(), h.maxObjectSize(), h.objectSize(), h.usage(), attrs);
            return new PersistentObject(o.handle(), flags, key, o.dataSize());
        } catch (TeeException e) {
            if (o.ahead() != null) {
                Arrays.fill(o.ahead(), (byte) 0);
            }
            StorageCalls.sendQuietly(new StorageRpc.Close(o.handle()));
            throw e;
        } finally {
            StoredAttributes.wipe(h.attributes());
        }
    }

    // --- TEE_CreatePersistentObject ---

    /**
     * {@code TEE_CreatePersistentObject} of a pure data object ({@code TEE_TYPE_DATA}, every usage):
     * the same as {@link #create(int, byte[], int, TransientObject, byte[])} with no attributes,
     * without having to say which kind of null they are.
     */
    public static PersistentObject create(int storageId, byte[] objectId, int flags, byte[] initialData)
            throws TeeException {
        return create(storageId, objectId, flags, (TransientObject) null, initialData);
    }

    /**
     * {@code TEE_CreatePersistentObject}: creates the object {@code objectId} (null: the empty id)
     * of this TA in storage {@code storageId} with the type, sizes, usage and attributes of
     * {@code attributes} (null: a pure data object, {@code TEE_TYPE_DATA} with every usage) and
     * {@code initialData} (null: none) as its data, in one commit (up to 1 MiB of data; the rest
     * follows in commits of 1 MiB, and if one fails the handle is closed and the object stays
     * with what was written); the
     * handle has the access and share bits of {@code flags} and position 0. With
     * {@code TEE_DATA_FLAG_OVERWRITE} an object of the same id is replaced in the same commit.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} for a storage id with no storage;
     *     {@code TEE_ERROR_ACCESS_CONFLICT} if the object exists and {@code OVERWRITE} is not set, or
     *     it is open; {@code TEE_ERROR_OUT_OF_MEMORY}, {@code TEE_ERROR_STORAGE_NO_SPACE},
     *     {@code TEE_ERROR_CORRUPT_OBJECT}, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} for other flag bits, an id over 64 bytes or
     *     an uninitialized {@code attributes}; {@code TEE_ERROR_BAD_STATE} for a freed one
     */
    public static PersistentObject create(int storageId, byte[] objectId, int flags, TransientObject attributes,
            byte[] initialData) throws TeeException {
        byte[] id = idCopy(objectId, "TEE_CreatePersistentObject");
        return createCopied(storageId, id, flags, attributes,
                initialData == null ? MemorySegment.NULL : MemorySegment.ofArray(initialData));
    }

    /**
     * {@link #create(int, byte[], int, TransientObject, byte[])} with the attributes of an open
     * persistent object (null: none).
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if {@code attributes} is closed
     */
    public static PersistentObject create(int storageId, byte[] objectId, int flags, PersistentObject attributes,
            byte[] initialData) throws TeeException {
        TransientObject key = attributes == null ? null : attributes.key("TEE_CreatePersistentObject");
        return create(storageId, objectId, flags, key, initialData);
    }

    /**
     * {@link #create(int, byte[], int, TransientObject, byte[])} with the id in {@code objectId},
     * which must be the TA's own memory, and the initial data in {@code initialData} (null: none),
     * which may be any memory the TA can read.
     *
     * @throws TaPanic {@code TEE_ERROR_ACCESS_DENIED} if {@code objectId} is not the TA's own
     *     memory, as in OP-TEE (xtest 6020)
     */
    public static PersistentObject create(int storageId, MemorySegment objectId, int flags, TransientObject attributes,
            MemorySegment initialData) throws TeeException {
        byte[] id = privateCopy(objectId, "TEE_CreatePersistentObject");
        return createCopied(storageId, id, flags, attributes, initialData == null ? MemorySegment.NULL : initialData);
    }

    private static PersistentObject createCopied(int storageId, byte[] id, int flags, TransientObject attributes,
            MemorySegment data) throws TeeException {
        String function = "TEE_CreatePersistentObject";
        StorageRpc.ObjectHeader header = attributes == null ? null : headerOf(attributes, function);
        long total = data.byteSize();
        byte[] first = chunk(data, 0, (int) Math.min(total, CHUNK));
        StorageRpc.Reply r;
        try {
            r = StorageCalls.send(new StorageRpc.Create(storageId, flags, id, header, total, first));
        } finally {
            Arrays.fill(first, (byte) 0);
            if (header != null) {
                StoredAttributes.wipe(header.attributes());
            }
        }
        StorageRpc.Opened o = StorageCalls.expect(r, StorageRpc.Opened.class, function, CREATE_RESULTS);
        TransientObject key = attributes == null
                ? TransientObject.restored(TeeType.DATA, 0, 0, TeeCrypto.USAGE_ALL, Map.of()) : attributes.snapshot();
        PersistentObject created = new PersistentObject(o.handle(), flags, key, o.dataSize());
        try {
            created.appendRest(data, first.length);
        } catch (TeeException | RuntimeException | Error e) {
            created.dropHandle();
            StorageCalls.sendQuietly(new StorageRpc.Close(o.handle()));
            throw e;
        }
        return created;
    }

    /** The stored form of an initialized transient object: type, sizes, usage and attributes. */
    private static StorageRpc.ObjectHeader headerOf(TransientObject attributes, String function) {
        if (!attributes.isInitialized()) {
            attributes.info(); // panics BAD_STATE if it is freed
            throw new TaPanic(TeeResult.BAD_PARAMETERS, function + ": the attributes object is not initialized");
        }
        ObjectInfo info = attributes.info();
        byte[] stored = StoredAttributes.encode(attributes.attributeList());
        return new StorageRpc.ObjectHeader(info.objectType(), info.objectSize(), info.maxObjectSize(), info.objectUsage(),
                stored);
    }

    /** The initial data past the first MiB, in parts; the position stays 0. */
    private void appendRest(MemorySegment data, long from) throws TeeException {
        for (long at = from; at < data.byteSize(); at += CHUNK) {
            byte[] part = chunk(data, at, (int) Math.min(data.byteSize() - at, CHUNK));
            try {
                StorageRpc.Position p = call(new StorageRpc.Append(handle, part), StorageRpc.Position.class,
                        "TEE_CreatePersistentObject", CREATE_RESULTS);
                dataSize = p.dataSize();
            } finally {
                Arrays.fill(part, (byte) 0);
            }
        }
    }

    // --- data stream ---

    /**
     * {@code TEE_ReadObjectData}: reads up to {@code length} bytes from the data position into
     * {@code buffer} at {@code offset}, and advances the position by as many. At or past the end it
     * reads 0 bytes.
     *
     * @return the number of bytes read: fewer than {@code length} only at the end of the data
     *     (served without a call to the core when they are among the bytes read ahead at open)
     * @throws TeeException {@code TEE_ERROR_CORRUPT_OBJECT} (the object is deleted and, unless the
     *     TA says otherwise, this handle closed), {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_ACCESS_CONFLICT} without {@code ACCESS_READ}
     */
    public int read(byte[] buffer, int offset, int length) throws TeeException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return read(MemorySegment.ofArray(buffer).asSlice(offset, length));
    }

    /**
     * {@link #read(byte[], int, int)} into {@code buffer} (up to its size, at most
     * {@code Integer.MAX_VALUE} bytes), which may be any memory the TA can write.
     *
     * @throws TaPanic {@code TEE_ERROR_ACCESS_DENIED} if {@code buffer} is read-only
     */
    public int read(MemorySegment buffer) throws TeeException {
        String function = "TEE_ReadObjectData";
        checkOpen(function);
        if (buffer.isReadOnly() && buffer.byteSize() > 0) {
            throw new TaPanic(TeeResult.ACCESS_DENIED, function + ": the buffer is read-only");
        }
        int length = (int) Math.min(buffer.byteSize(), Integer.MAX_VALUE);
        if (holdsAhead(length)) {
            return readAhead(buffer, length);
        }
        sync(function, READ_RESULTS);
        int total = 0;
        do {
            int want = Math.min(length - total, CHUNK);
            StorageRpc.Data d = call(new StorageRpc.Read(handle, want), StorageRpc.Data.class, function, READ_RESULTS);
            byte[] got = d.bytes();
            try {
                if (got.length > want) {
                    throw new TaPanic(TeeResult.COMMUNICATION, function + ": the core sent " + got.length + " bytes for " + want);
                }
                MemorySegment.copy(got, 0, buffer, ValueLayout.JAVA_BYTE, total, got.length);
            } finally {
                Arrays.fill(got, (byte) 0);
            }
            moved(d.position(), d.dataSize());
            total += got.length;
            if (got.length < want) {
                break;
            }
        } while (total < length);
        return total;
    }

    /**
     * {@code TEE_WriteObjectData}: writes {@code length} bytes of {@code buffer} from {@code offset}
     * at the data position and advances it; writing past the end first fills the gap with zeros.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if the data would pass
     *     {@link TeeStorage#DATA_MAX_POSITION} (nothing is written), {@code TEE_ERROR_STORAGE_NO_SPACE},
     *     {@code TEE_ERROR_CORRUPT_OBJECT}, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_ACCESS_CONFLICT} without {@code ACCESS_WRITE}
     */
    public void write(byte[] buffer, int offset, int length) throws TeeException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        write(MemorySegment.ofArray(buffer).asSlice(offset, length));
    }

    /** {@link #write(byte[], int, int)} of all of {@code buffer}, which may be any memory the TA can read. */
    public void write(MemorySegment buffer) throws TeeException {
        String function = "TEE_WriteObjectData";
        checkOpen(function);
        long length = buffer.byteSize();
        if (length > TeeStorage.DATA_MAX_POSITION || position + length > TeeStorage.DATA_MAX_POSITION) {
            throw StorageCalls.filter(new StorageRpc.Failed(TeeResult.OVERFLOW, false), function, WRITE_RESULTS,
                    "writing " + length + " bytes at " + position + " passes TEE_DATA_MAX_POSITION");
        }
        sync(function, WRITE_RESULTS);
        long done = 0;
        do {
            byte[] part = chunk(buffer, done, (int) Math.min(length - done, CHUNK));
            try {
                StorageRpc.Position p = call(new StorageRpc.Write(handle, part), StorageRpc.Position.class, function,
                        WRITE_RESULTS);
                moved(p.position(), p.dataSize());
            } finally {
                Arrays.fill(part, (byte) 0);
            }
            done += part.length;
        } while (done < length);
    }

    /**
     * {@code TEE_TruncateObjectData}: cuts the data to {@code size} bytes, or extends it with zeros;
     * the position does not change.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NO_SPACE}, {@code TEE_ERROR_CORRUPT_OBJECT},
     *     {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_ACCESS_CONFLICT} without {@code ACCESS_WRITE};
     *     {@code TEE_ERROR_BAD_PARAMETERS} for a size outside 0 to {@link TeeStorage#DATA_MAX_POSITION}
     */
    public void truncate(long size) throws TeeException {
        String function = "TEE_TruncateObjectData";
        checkOpen(function);
        sync(function, TRUNCATE_RESULTS);
        StorageRpc.Position p = call(new StorageRpc.Truncate(handle, size), StorageRpc.Position.class, function,
                TRUNCATE_RESULTS);
        moved(p.position(), p.dataSize());
    }

    /**
     * {@code TEE_SeekObjectData}: the position becomes {@code offset} from the start
     * ({@link TeeStorage#SEEK_SET}), the position ({@code SEEK_CUR}) or the end ({@code SEEK_END});
     * below 0 it becomes 0. It may pass the end of the data.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if it would pass {@link TeeStorage#DATA_MAX_POSITION}
     *     (the position does not change), {@code TEE_ERROR_CORRUPT_OBJECT}, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} for another {@code whence}
     */
    public void seek(long offset, int whence) throws TeeException {
        String function = "TEE_SeekObjectData";
        checkOpen(function);
        sync(function, SEEK_RESULTS);
        StorageRpc.Position p = call(new StorageRpc.Seek(handle, offset, whence), StorageRpc.Position.class, function,
                SEEK_RESULTS);
        moved(p.position(), p.dataSize());
    }

    // --- meta ---

    /**
     * {@code TEE_RenamePersistentObject}: the object's id becomes {@code newObjectId} (null: the empty id).
     *
     * @throws TeeException {@code TEE_ERROR_ACCESS_CONFLICT} if this TA has an object with that id
     *     in the storage, {@code TEE_ERROR_CORRUPT_OBJECT}, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} without {@code ACCESS_WRITE_META};
     *     {@code TEE_ERROR_BAD_PARAMETERS} for an id over 64 bytes
     */
    public void rename(byte[] newObjectId) throws TeeException {
        checkOpen("TEE_RenamePersistentObject");
        rename(idCopy(newObjectId, "TEE_RenamePersistentObject"), "TEE_RenamePersistentObject");
    }

    /**
     * {@link #rename(byte[])} with the id in {@code newObjectId}, which must be the TA's own memory.
     *
     * @throws TaPanic {@code TEE_ERROR_ACCESS_DENIED} if it is not, as in OP-TEE (xtest 6020)
     */
    public void rename(MemorySegment newObjectId) throws TeeException {
        checkOpen("TEE_RenamePersistentObject");
        rename(privateCopy(newObjectId, "TEE_RenamePersistentObject"), "TEE_RenamePersistentObject");
    }

    private void rename(byte[] id, String function) throws TeeException {
        sync(function, RENAME_RESULTS);
        call(new StorageRpc.Rename(handle, id), StorageRpc.Done.class, function, RENAME_RESULTS);
    }

    /**
     * {@code TEE_CloseAndDeletePersistentObject1}: deletes the object and closes this handle.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     * @throws TaPanic {@code TEE_ERROR_ACCESS_CONFLICT} without {@code ACCESS_WRITE_META}
     */
    public void closeAndDelete() throws TeeException {
        String function = "TEE_CloseAndDeletePersistentObject1";
        checkOpen(function);
        dropAhead(); // the handle ends whatever the core answers: its position no longer matters
        call(new StorageRpc.CloseAndDelete(handle), StorageRpc.Done.class, function, DELETE_RESULTS);
        dropHandle();
    }

    /**
     * {@code TEE_GetObjectInfo1}: type, sizes and usage as stored; data size and position as this
     * handle last learned them from the core (a write through another handle shows after this
     * handle's next call, as in OP-TEE, where each handle keeps its own data size); handle flags
     * {@code PERSISTENT | INITIALIZED} and the flags it was opened with.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if the handle is closed
     */
    @Override
    public ObjectInfo info() {
        checkOpen("TEE_GetObjectInfo1");
        ObjectInfo k = key.info();
        return new ObjectInfo(k.objectType(), k.objectSize(), k.maxObjectSize(), k.objectUsage(), dataSize, position,
                handleFlags);
    }

    /**
     * {@code TEE_RestrictObjectUsage1}: the stored usage becomes usage AND {@code objectUsage}, for
     * every handle of the object.
     *
     * @throws TeeException {@code TEE_ERROR_CORRUPT_OBJECT}, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     */
    public void restrictUsage(int objectUsage) throws TeeException {
        String function = "TEE_RestrictObjectUsage1";
        checkOpen(function);
        sync(function, USAGE_RESULTS);
        StorageRpc.Usage u = call(new StorageRpc.RestrictUsage(handle, objectUsage), StorageRpc.Usage.class, function,
                USAGE_RESULTS);
        key.restrictUsage(u.usage());
    }

    /** {@code TEE_GetObjectBufferAttribute}, with {@link TransientObject#bufferAttribute}'s rules. */
    public byte[] bufferAttribute(int attributeId) throws TeeException {
        return key("TEE_GetObjectBufferAttribute").bufferAttribute(attributeId);
    }

    /** {@code TEE_GetObjectBufferAttribute}, with {@link TransientObject#getBufferAttribute}'s rules. */
    public int getBufferAttribute(int attributeId, ByteBuffer out) throws TeeException {
        return key("TEE_GetObjectBufferAttribute").getBufferAttribute(attributeId, out);
    }

    /** {@code TEE_GetObjectValueAttribute}, with {@link TransientObject#valueAttribute}'s rules. */
    public Attribute valueAttribute(int attributeId) throws TeeException {
        return key("TEE_GetObjectValueAttribute").valueAttribute(attributeId);
    }

    /**
     * {@code TEE_CloseObject}: wipes the attributes and data held here and closes the handle in the
     * core — at once, or with the channel's next message to the core and at the latest when the
     * entry point returns (a TA host's channel). A second close does nothing (Java's
     * {@link AutoCloseable} convention, where GP would panic).
     *
     * @throws TaPanic if the core refuses the close with anything but {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     *     (for a later close, at that time)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        dropHandle();
        StorageCalls.closeLater(handle);
    }

    /** Names the handle and type, never the attributes. */
    @Override
    public String toString() {
        return String.format("PersistentObject[handle %d, type 0x%08X, %s]", handle, key.type(), closed ? "closed" : "open");
    }

    // --- for Operation and TransientObject ---

    /** The key {@code h} holds: a transient object itself, a persistent object's attributes; null for null. */
    static TransientObject keyOf(ObjectHandle h, String function) {
        return switch (h) {
            case null -> null;
            case TransientObject t -> t;
            case PersistentObject p -> p.key(function);
        };
    }

    /** The stored type, sizes, usage and attributes; panics if the handle is closed. */
    TransientObject key(String function) {
        checkOpen(function);
        return key;
    }

    // --- internals ---

    private <R extends StorageRpc.Reply> R call(StorageRpc.Request request, Class<R> kind, String function, int[] allowed)
            throws TeeException {
        StorageRpc.Reply r = StorageCalls.send(request);
        if (r instanceof StorageRpc.Failed f && f.handleClosed()) {
            dropHandle();
        }
        return StorageCalls.expect(r, kind, function, allowed);
    }

    private void moved(long newPosition, long newDataSize) {
        position = newPosition;
        corePosition = newPosition;
        dataSize = newDataSize;
    }

    /**
     * Whether a read of {@code length} bytes at the position is served from {@link #ahead}: it
     * lies inside them, or they are all the data (a read at the end then gets fewer bytes, as the
     * core would give).
     */
    private boolean holdsAhead(int length) {
        return ahead != null && (position + length <= ahead.length || ahead.length == dataSize);
    }

    private int readAhead(MemorySegment buffer, int length) {
        int n = (int) Math.min(length, ahead.length - position);
        MemorySegment.copy(ahead, (int) position, buffer, ValueLayout.JAVA_BYTE, 0, n);
        position += n;
        return n;
    }

    /**
     * Before a request on the handle: drops the data read ahead and, if reads from them moved the
     * position, sets the core's to it (SEEK_SET), its failures filtered as {@code function}'s.
     */
    private void sync(String function, int[] allowed) throws TeeException {
        dropAhead();
        if (position != corePosition) {
            StorageRpc.Position p = call(new StorageRpc.Seek(handle, position, TeeStorage.SEEK_SET), StorageRpc.Position.class,
                    function, allowed);
            moved(p.position(), p.dataSize());
        }
    }

    private void dropAhead() {
        if (ahead != null) {
            Arrays.fill(ahead, (byte) 0);
            ahead = null;
        }
    }

    private void dropHandle() {
        closed = true;
        key.close();
        dropAhead();
    }

    private void checkOpen(String function) {
        if (closed) {
            throw new TaPanic(TeeResult.BAD_STATE, function + ": the object handle is closed");
        }
    }

    private static byte[] idCopy(byte[] id, String function) {
        if (id == null) {
            return new byte[0];
        }
        checkIdLength(id.length, function);
        return id.clone();
    }

    private static byte[] privateCopy(MemorySegment id, String function) throws TeeException {
        if (id == null) {
            return new byte[0];
        }
        checkIdLength(id.byteSize(), function);
        StorageCalls.checkPrivate(id, function);
        return id.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void checkIdLength(long length, String function) {
        if (length > TeeStorage.OBJECT_ID_MAX_LEN) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, function + ": an object id of " + length + " bytes exceeds "
                    + TeeStorage.OBJECT_ID_MAX_LEN);
        }
    }

    private static byte[] chunk(MemorySegment data, long at, int length) {
        return data.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
