package org.jtee.storage;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.storage.LogOps.Block;
import org.jtee.storage.LogOps.BlocksOp;
import org.jtee.storage.LogOps.ChunkSource;
import org.jtee.storage.LogOps.DeleteOp;
import org.jtee.storage.LogOps.NewChunk;
import org.jtee.storage.LogOps.ObjectOp;
import org.jtee.storage.LogOps.OldChunk;
import org.jtee.storage.LogOps.Op;
import org.jtee.storage.LogOps.RenameOp;
import org.jtee.storage.LogOps.TruncateOp;
import org.jtee.storage.LogOps.UsageOp;

/**
 * The storage engine: every TA's objects of one backend in one authenticated, append-only log,
 * anchored by a {@link MonotonicCounter} in the core's private state. The format, the commit
 * protocol and why it is crash-safe are in {@code docs/storage.md}; in short:
 *
 * <ul>
 *   <li>A commit is one record appended to the log's head segment, written and synced in one
 *       device write. Its metadata (the operations, object ids, sizes, where every chunk is and
 *       its nonce and tag) is AES-256-GCM-encrypted under the store key, with the record's header
 *       and the previous record's tag as AAD: records are chained. Data blocks and attributes are
 *       encrypted apart, under the object's own FEK, bound to owner, object and block index.</li>
 *   <li>After the record is durable the monotonic counter is raised to its sequence number; only
 *       then is the commit acknowledged and applied to the in-memory index. Commits that arrive
 *       while one is being written go together in the next record (group commit).</li>
 *   <li>On mount the whole log is read and checked: the chain must hold, the last record's
 *       sequence number must be at least the counter, and every segment from the tail the last
 *       record names must be there. Anything else fails the store closed with
 *       {@code TEE_ERROR_SECURITY}. A data chunk that does not authenticate when read gives
 *       {@code TEE_ERROR_CORRUPT_OBJECT} for its object only.</li>
 *   <li>Old segments are compacted: the live state of the tail segment is written again at the
 *       head (object snapshots; chunks copied as ciphertext), then the tail segment is dropped.</li>
 * </ul>
 */
public final class LogStore implements ObjectStore {
    private static final System.Logger LOG = System.getLogger("org.jtee.storage");
    static final int BLOCK_BYTES = 4096;
    static final int MAGIC = 0x4A54534C;
    static final int VERSION = 1;
    /**
     * magic | u8 version | 3 zero bytes | u64 segment | u64 seq | u32 metaLen | u32 dataLen |
     * nonce[12] | prevTag[16] | dataHash[32] (SHA-256 of the data area).
     */
    static final int HEADER_BYTES = 4 + 4 + 8 + 8 + 4 + 4 + 12 + 16 + 32;
    private static final int TAG_BYTES = 16;
    private static final long CACHE_BYTES = 32L << 20;
    private static final int LOCK_STRIPES = 64;
    private static final SecureRandom RANDOM = drbg();

    /** A NIST SP 800-90A DRBG for nonces: fast, and never the same nonce twice in practice (96 random bits). */
    static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** The index entry of one live object. Guarded by the store's monitor. */
    private static final class Stored {
        final long number;
        final UUID owner;
        byte[] id;
        int type;
        int objectSize;
        int maxObjectSize;
        int usage;
        long size;
        byte[] wrappedFek;
        Chunk attrs;
        final TreeMap<Integer, Chunk> blocks = new TreeMap<>();
        byte[] fek;

        Stored(long number, UUID owner) {
            this.number = number;
            this.owner = owner;
        }

        Entry entry() {
            return new Entry(number, owner, id, new Header(type, objectSize, maxObjectSize, usage, new byte[0]), size);
        }

        void wipe() {
            if (fek != null) {
                Arrays.fill(fek, (byte) 0);
                fek = null;
            }
        }
    }

    private record Name(UUID owner, String id) {
        static Name of(UUID owner, byte[] id) {
            return new Name(owner, java.util.HexFormat.of().formatHex(id));
        }
    }

    /** One commit waiting for the committer. */
    private static final class Pending {
        final List<Op> ops;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(List<Op> ops) {
            this.ops = ops;
        }
    }

    /** Tells the committer to stop. */
    private static final Pending STOP = new Pending(List.of());

    private final SegmentDevice device;
    private final StorageKeys keys;
    private final Path counterFile;
    private final byte[] storeKey;
    private final Map<Long, Stored> objects = new HashMap<>();
    private final Map<Name, Long> names = new HashMap<>();
    /** Segment → objects with any operation or chunk in it. */
    private final Map<Long, Set<Long>> residents = new HashMap<>();
    /** Segment → bytes of live chunks in it. */
    private final Map<Long, Long> liveBytes = new HashMap<>();
    private final LinkedHashMap<Chunk, byte[]> cache = new LinkedHashMap<>(256, 0.75f, true);
    private long cachedBytes;
    private final StripedLocks stripes = new StripedLocks(LOCK_STRIPES);
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Records written and synced, waiting for the counter; in log order. */
    private final LinkedBlockingQueue<Written> anchoring = new LinkedBlockingQueue<>();
    private final Object appliedLock = new Object();
    /** The last record anchored and applied; guarded by appliedLock. */
    private long appliedSeq;
    private Thread anchor;
    private final Object mountLock = new Object();

    private MonotonicCounter counter;
    private volatile boolean mounted;
    private volatile TeeException failed;
    private volatile boolean closed;
    private Thread committer;
    private long nextNumber = 1;
    // the head of the log; touched by the committer only once mounted
    private long lastSeq;
    private byte[] lastTag = new byte[TAG_BYTES];
    private long headSegment;
    private int headOffset;
    private long tailSegment;
    /**
     * Where a record that is not in the log may still authenticate (-1: none): one whose write
     * failed, or one that mount dropped as not whole. Set by mount, then the committer thread only.
     */
    private long staleSegment = -1;
    private int staleOffset;

    LogStore(SegmentDevice device, StorageKeys keys, Path counterFile) {
        this.device = device;
        this.keys = keys;
        this.counterFile = counterFile;
        this.storeKey = keys.storeKey();
    }

    // ------------------------------------------------------------------ mount

    /** Mounts on first use: the supplicant may come later than the core. */
    private void ensureMounted() throws TeeException {
        if (mounted) {
            return;
        }
        if (closed) {
            throw notAvailable("the store is closed");
        }
        if (failed != null) {
            throw failed;
        }
        synchronized (mountLock) {
            if (mounted) {
                return;
            }
            if (failed != null) {
                throw failed;
            }
            try {
                mount();
            } catch (TeeException e) {
                TeeException t = translate(e);
                if (t.result() == TeeResult.SECURITY || t.result() == TeeResult.CORRUPT_OBJECT) {
                    failed = new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, device.name() + " storage failed its check and is closed: "
                            + t.getMessage());
                    LOG.log(Level.ERROR, "secure storage tampering or corruption detected in the {0} store: {1}", device.name(), t.getMessage());
                    throw failed;
                }
                throw t;
            }
            mounted = true;
            synchronized (appliedLock) {
                appliedSeq = lastSeq;
            }
            anchor = Thread.ofPlatform().daemon().name("jtee-storage-anchor-" + keys.backend()).start(this::anchorLoop);
            committer = Thread.ofPlatform().daemon().name("jtee-storage-" + keys.backend()).start(this::commitLoop);
        }
    }

    private void mount() throws TeeException {
        SortedSet<Long> segments = device.segments();
        if (counter == null) {
            counter = MonotonicCounter.open(counterFile, keys.anchorKey(), segments.isEmpty());
        }
        long anchored = counter.value();
        staleSegment = -1;
        synchronized (this) {
            objects.values().forEach(Stored::wipe);
            objects.clear();
            names.clear();
            residents.clear();
            liveBytes.clear();
            cache.clear();
            cachedBytes = 0;
        }
        if (segments.isEmpty()) {
            if (anchored > 0) {
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the store's files are gone, but its counter is at " + anchored);
            }
            lastSeq = anchored;
            headSegment = 1;
            tailSegment = 1;
            headOffset = 0;
            lastTag = new byte[TAG_BYTES];
            return;
        }
        // the log is the run of consecutive segments that ends at the newest one; anything below a
        // gap is older than every tail a record has named since (a compaction that dropped a later
        // segment but not this one), and is checked against the tail below
        long runStart = segments.last();
        while (segments.contains(runStart - 1)) {
            runStart--;
        }
        long expectSegment = -1;
        long seq = -1;
        byte[] prevTag = null;
        long tail = -1;
        long lastSegment = -1;
        Record last = null;
        int lastEnd = 0;
        for (long segment : segments.tailSet(runStart)) {
            if (expectSegment >= 0 && segment != expectSegment) {
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "segment " + expectSegment + " is missing");
            }
            int offset = 0;
            int recordEnd = 0;
            boolean first = true;
            while (offset + HEADER_BYTES <= device.segmentBytes()) {
                Record r = readRecord(segment, offset);
                if (r == null) {
                    break;
                }
                if (prevTag != null && !Arrays.equals(r.prevTag, prevTag)) {
                    if (first) {
                        throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "segment " + segment + " does not continue the log");
                    }
                    break;
                }
                if (seq >= 0 && r.seq != seq + 1) {
                    throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "record " + r.seq + " follows " + seq);
                }
                if (r.seq > anchored && !dataWhole(segment, r)) {
                    // an unacknowledged record whose data never all reached the disk: the log ends
                    // here, but its header still authenticates; the next record goes over it, or
                    // spoils its header before it goes anywhere else (writeRecord), or a later mount,
                    // with the counter past its number, would take it for the log's continuation
                    staleSegment = segment;
                    staleOffset = offset;
                    break;
                }
                LogOps.Decoded d = decode(r);
                replay(d, segment);
                seq = r.seq;
                prevTag = r.tag;
                tail = d.tail();
                nextNumber = Math.max(nextNumber, d.nextNumber());
                lastSegment = segment;
                last = r;
                recordEnd = r.end;
                offset = align(r.end);
                lastEnd = offset;
                first = false;
            }
            if (!first && device.read(segment, recordEnd - 1, 1).length != 1) {
                // the metadata is whole but the data it names is not: the file was cut
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "segment " + segment + " is cut short");
            }
            if (first && segment == segments.last() && (prevTag != null || anchored == 0)) {
                // a new head segment whose first record never completed: nothing in it was acknowledged.
                // Releasing it need not erase it (an RPMB slot keeps its bytes until a later lap),
                // so a dropped record there is spoiled first: else, once the next record (written
                // in the segment before, with its number) is acknowledged, a later mount would take
                // it for the log's continuation
                if (staleSegment == segment) {
                    device.write(segment, staleOffset, new byte[HEADER_BYTES]);
                    staleSegment = -1;
                }
                device.release(segment);
                break;
            }
            if (first) {
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "segment " + segment + " holds no valid record");
            }
            expectSegment = segment + 1;
        }
        if (seq < 0) {
            if (anchored > 0) {
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the store's files hold no valid record");
            }
            // the first commit never completed (its segment was made, its record not written): a new store
            lastSeq = 0;
            headSegment = segments.last() + 1;
            tailSegment = headSegment;
            headOffset = 0;
            lastTag = new byte[TAG_BYTES];
            return;
        }
        if (seq < anchored) {
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the log ends at commit " + seq
                    + " but commit " + anchored + " was acknowledged: an older copy was put back or records were removed");
        }
        if (seq == anchored && !dataWhole(lastSegment, last)) {
            // a record without all of its data is one a crash cut short, past the counter until a
            // mount drops it, and overwritten or spoiled before anything after it is acknowledged;
            // at the counter it is an older copy of the device, from before that, or changed data
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the log ends at commit " + seq
                    + ", which does not hold all of its data: an older copy was put back or the record was changed");
        }
        if (runStart > tail) {
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "segment " + tail + " is missing");
        }
        for (long s : segments) {
            if (s < tail) {
                device.release(s);
            }
        }
        counter.raiseTo(seq);
        lastSeq = seq;
        lastTag = prevTag;
        headSegment = lastSegment;
        headOffset = lastEnd;
        tailSegment = tail;
        LOG.log(Level.DEBUG, "mounted the {0} store: {1} objects, commit {2}, segments {3}..{4}", device.name(),
                objects.size(), seq, tail, lastSegment);
    }

    private record Record(long seq, byte[] prevTag, byte[] dataHash, byte[] meta, byte[] tag, int dataStart, int end) {}

    /**
     * Whether the record's data area is all there, as its header's hash says. Only a record past
     * the counter can lack it: its write was never acknowledged, and a crash (or a write cut into
     * parts, or a supplicant killed inside one) may have left its metadata without its data. Mount
     * checks those, and the log's last record at the counter too (an older copy of the device may
     * end with such a record, from before the next one took its number).
     */
    private boolean dataWhole(long segment, Record r) throws TeeException {
        byte[] data = device.read(segment, r.dataStart, r.end - r.dataStart);
        try {
            return data.length == r.end - r.dataStart
                    && MessageDigest.isEqual(r.dataHash, MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The record at {@code offset}, or null where the log ends (zeros, a torn write, another segment's bytes). */
    private Record readRecord(long segment, int offset) throws TeeException {
        byte[] h = device.read(segment, offset, HEADER_BYTES);
        if (h.length < HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        if (b.getInt() != MAGIC || b.get() != VERSION) {
            return null;
        }
        b.position(8);
        long seg = b.getLong();
        long seq = b.getLong();
        int metaLen = b.getInt();
        int dataLen = b.getInt();
        if (seg != segment || metaLen < TAG_BYTES + 20 || dataLen < 0
                || (long) offset + HEADER_BYTES + metaLen + dataLen > device.segmentBytes()) {
            return null;
        }
        byte[] nonce = Arrays.copyOfRange(h, 32, 44);
        byte[] prevTag = Arrays.copyOfRange(h, 44, 60);
        byte[] dataHash = Arrays.copyOfRange(h, 60, 92);
        byte[] meta = device.read(segment, offset + HEADER_BYTES, metaLen);
        if (meta.length < metaLen) {
            return null;
        }
        try {
            Cipher c = Gcm.cipher();
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(storeKey, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(h);
            byte[] plain = c.doFinal(meta);
            return new Record(seq, prevTag, dataHash, plain, Arrays.copyOfRange(meta, metaLen - TAG_BYTES, metaLen),
                    offset + HEADER_BYTES + metaLen, offset + HEADER_BYTES + metaLen + dataLen);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static LogOps.Decoded decode(Record r) throws TeeException {
        try {
            return LogOps.decode(r.meta);
        } catch (IllegalArgumentException e) {
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "record " + r.seq + " authenticates but is malformed: " + e.getMessage());
        }
    }

    private synchronized void replay(LogOps.Decoded d, long segment) {
        for (Op op : d.ops()) {
            if (op instanceof ObjectOp || objects.containsKey(op.number())) {
                apply(op, segment);
            }
        }
    }

    private int align(int offset) {
        int a = device.alignment();
        return (offset + a - 1) / a * a;
    }

    // ------------------------------------------------------------------ the index

    /** Applies one operation of a durable record in {@code segment}. Caller holds the monitor. */
    private void apply(Op op, long segment) {
        switch (op) {
            case ObjectOp o -> {
                if (o.replaces() != 0) {
                    remove(o.replaces());
                }
                Stored old = objects.get(o.number());
                if (old != null) {
                    dropChunks(old);
                    names.remove(Name.of(old.owner, old.id));
                    old.wipe();
                }
                Stored s = new Stored(o.number(), o.owner());
                s.id = o.id();
                s.type = o.type();
                s.objectSize = o.objectSize();
                s.maxObjectSize = o.maxObjectSize();
                s.usage = o.usage();
                s.size = o.dataSize();
                s.wrappedFek = o.wrappedFek();
                s.attrs = o.attrs() == null ? null : chunkOf(o.attrs());
                if (s.attrs != null) {
                    addLive(s.attrs, s.number);
                }
                objects.put(s.number, s);
                names.put(Name.of(s.owner, s.id), s.number);
                nextNumber = Math.max(nextNumber, s.number + 1);
            }
            case BlocksOp b -> {
                Stored s = objects.get(b.number());
                for (Block k : b.blocks()) {
                    Chunk c = chunkOf(k.chunk());
                    Chunk was = s.blocks.put(k.index(), c);
                    if (was != null && was != c) {
                        dropLive(was);
                    }
                    if (was != c) {
                        addLive(c, s.number);
                    }
                    if (k.chunk() instanceof NewChunk n && n.plaintext != null) {
                        cachePut(c, n.plaintext);
                    }
                }
                s.size = b.dataSize();
            }
            case TruncateOp t -> {
                Stored s = objects.get(t.number());
                s.size = t.dataSize();
                int keep = (int) ((t.dataSize() + BLOCK_BYTES - 1) / BLOCK_BYTES);
                for (Chunk c : s.blocks.tailMap(keep, true).values()) {
                    dropLive(c);
                }
                s.blocks.tailMap(keep, true).clear();
            }
            case RenameOp r -> {
                Stored s = objects.get(r.number());
                names.remove(Name.of(s.owner, s.id));
                s.id = r.id();
                names.put(Name.of(s.owner, s.id), s.number);
            }
            case DeleteOp d -> remove(d.number());
            case UsageOp u -> objects.get(u.number()).usage = u.usage();
        }
        if (objects.containsKey(op.number())) {
            residents.computeIfAbsent(segment, k -> new HashSet<>()).add(op.number());
        }
    }

    private static Chunk chunkOf(ChunkSource source) {
        return source instanceof NewChunk n ? n.placed : ((OldChunk) source).chunk();
    }

    private void remove(long number) {
        Stored s = objects.remove(number);
        if (s != null) {
            names.remove(Name.of(s.owner, s.id));
            dropChunks(s);
            s.wipe();
        }
    }

    private void dropChunks(Stored s) {
        s.blocks.values().forEach(this::dropLive);
        if (s.attrs != null) {
            dropLive(s.attrs);
        }
    }

    private void addLive(Chunk c, long number) {
        liveBytes.merge(c.segment, (long) c.length, Long::sum);
        residents.computeIfAbsent(c.segment, k -> new HashSet<>()).add(number);
    }

    private void dropLive(Chunk c) {
        liveBytes.merge(c.segment, (long) -c.length, Long::sum);
        byte[] cached = cache.remove(c);
        if (cached != null) {
            cachedBytes -= cached.length;
        }
    }

    private void cachePut(Chunk c, byte[] plain) {
        byte[] was = cache.put(c, plain);
        cachedBytes += plain.length - (was == null ? 0 : was.length);
        var it = cache.entrySet().iterator();
        while (cachedBytes > CACHE_BYTES && it.hasNext()) {
            cachedBytes -= it.next().getValue().length;
            it.remove();
        }
    }

    private synchronized byte[] cached(Chunk c) {
        return cache.get(c);
    }

    private synchronized Stored stored(long number) throws TeeException {
        Stored s = objects.get(number);
        if (s == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "object " + number + " does not exist");
        }
        return s;
    }

    // ------------------------------------------------------------------ ObjectStore

    @Override
    public Entry find(UUID owner, byte[] id) throws TeeException {
        ensureMounted();
        Stored s;
        synchronized (this) {
            Long n = names.get(Name.of(owner, id));
            if (n == null) {
                return null;
            }
            s = objects.get(n);
        }
        return withAttributes(s);
    }

    @Override
    public Entry entry(long number) throws TeeException {
        ensureMounted();
        return withAttributes(stored(number));
    }

    /** The entry with its attributes decrypted (outside the monitor for the device read). */
    private Entry withAttributes(Stored s) throws TeeException {
        Entry e;
        synchronized (this) {
            e = s.entry();
        }
        if (s.attrs == null) {
            return e;
        }
        byte[] attrs = readChunk(s, s.attrs, -1);
        return new Entry(e.number(), e.owner(), e.id(), new Header(s.type, s.objectSize, s.maxObjectSize, s.usage, attrs), e.dataSize());
    }

    @Override
    public Entry create(UUID owner, byte[] id, Header header, byte[] data, boolean overwrite) throws TeeException {
        checkId(id);
        if (data.length > MAX_DATA_POSITION) {
            throw new TeeException(TeeResult.OVERFLOW, ReturnOrigin.TEE, "initial data past TEE_DATA_MAX_POSITION");
        }
        ensureMounted();
        Name name = Name.of(owner, id);
        try (StripedLocks.Held l = lock(name)) {
            long replaces = 0;
            long number;
            synchronized (this) {
                Long existing = names.get(name);
                if (existing != null) {
                    if (!overwrite) {
                        throw new TeeException(TeeResult.ACCESS_CONFLICT, ReturnOrigin.TEE, "the object exists");
                    }
                    replaces = existing;
                }
                number = nextNumber++;
            }
            byte[] fek = StorageKeys.newFek();
            try {
                List<Op> ops = new ArrayList<>();
                byte[] attrs = header.attributes();
                ChunkSource attrChunk = attrs.length == 0 ? null : seal(fek, owner, number, -1, attrs, false);
                ops.add(new ObjectOp(number, owner, id.clone(), header.objectType(), header.objectSize(),
                        header.maxObjectSize(), header.usage(), data.length, keys.wrapFek(owner, number, fek), replaces, attrChunk));
                if (data.length > 0) {
                    List<Block> blocks = new ArrayList<>();
                    for (int i = 0; (long) i * BLOCK_BYTES < data.length; i++) {
                        int from = i * BLOCK_BYTES;
                        blocks.add(new Block(i, seal(fek, owner, number, i, Arrays.copyOfRange(data, from,
                                Math.min(data.length, from + BLOCK_BYTES)), true)));
                    }
                    ops.add(new BlocksOp(number, data.length, blocks));
                }
                commit(ops);
                synchronized (this) {
                    Stored s = objects.get(number);
                    if (s != null && s.fek == null) {
                        s.fek = fek.clone();
                    }
                    return s.entry();
                }
            } finally {
                Arrays.fill(fek, (byte) 0);
            }
        }
    }

    @Override
    public int read(long number, long position, byte[] dst, int offset, int length) throws TeeException {
        ensureMounted();
        Stored s;
        long size;
        synchronized (this) {
            s = stored(number);
            size = s.size;
        }
        if (position >= size || length <= 0) {
            return 0;
        }
        int n = (int) Math.min(length, size - position);
        int done = 0;
        while (done < n) {
            long p = position + done;
            int index = (int) (p / BLOCK_BYTES);
            int within = (int) (p % BLOCK_BYTES);
            int take = Math.min(n - done, BLOCK_BYTES - within);
            Chunk c;
            synchronized (this) {
                c = s.blocks.get(index);
            }
            if (c == null) {
                Arrays.fill(dst, offset + done, offset + done + take, (byte) 0);
            } else {
                byte[] plain = readChunk(s, c, index);
                int have = Math.max(0, Math.min(take, plain.length - within));
                if (have > 0) {
                    System.arraycopy(plain, within, dst, offset + done, have);
                }
                Arrays.fill(dst, offset + done + have, offset + done + take, (byte) 0);
            }
            done += take;
        }
        return n;
    }

    @Override
    public void write(long number, long position, byte[] src, int offset, int length) throws TeeException {
        if (position < 0 || position + length > MAX_DATA_POSITION) {
            throw new TeeException(TeeResult.OVERFLOW, ReturnOrigin.TEE, "a write past TEE_DATA_MAX_POSITION");
        }
        ensureMounted();
        try (StripedLocks.Held l = lock(number)) {
            Stored s = stored(number);
            if (length == 0) {
                return;
            }
            long size;
            synchronized (this) {
                size = s.size;
            }
            long end = position + length;
            long newSize = Math.max(size, end);
            byte[] fek = fek(s);
            List<Block> blocks = new ArrayList<>();
            for (long index = position / BLOCK_BYTES; index * BLOCK_BYTES < end; index++) {
                long blockStart = index * BLOCK_BYTES;
                int blockLength = (int) Math.min(BLOCK_BYTES, newSize - blockStart);
                byte[] plain = new byte[blockLength];
                long from = Math.max(position, blockStart);
                long to = Math.min(end, blockStart + blockLength);
                if (from > blockStart || to < blockStart + blockLength) {
                    Chunk old;
                    synchronized (this) {
                        old = s.blocks.get((int) index);
                    }
                    if (old != null) {
                        byte[] was = readChunk(s, old, (int) index);
                        System.arraycopy(was, 0, plain, 0, Math.min(was.length, blockLength));
                    }
                }
                System.arraycopy(src, offset + (int) (from - position), plain, (int) (from - blockStart), (int) (to - from));
                blocks.add(new Block((int) index, seal(fek, s.owner, number, (int) index, plain, true)));
                if (blocks.size() * (long) BLOCK_BYTES >= maxRecordData()) {
                    commit(List.of(new BlocksOp(number, Math.max(size, Math.min(newSize, blockStart + blockLength)), blocks)));
                    blocks = new ArrayList<>();
                    synchronized (this) {
                        size = s.size;
                    }
                }
            }
            if (!blocks.isEmpty()) {
                commit(List.of(new BlocksOp(number, newSize, blocks)));
            }
        }
    }

    /** How much block data one record may carry: two such records fit in a segment with their metadata. */
    private long maxRecordData() {
        return device.segmentBytes() / 2 - 2L * BLOCK_BYTES;
    }

    @Override
    public void truncate(long number, long size) throws TeeException {
        if (size < 0 || size > MAX_DATA_POSITION) {
            throw new TeeException(TeeResult.OVERFLOW, ReturnOrigin.TEE, "a size past TEE_DATA_MAX_POSITION");
        }
        ensureMounted();
        try (StripedLocks.Held l = lock(number)) {
            Stored s = stored(number);
            List<Op> ops = new ArrayList<>();
            ops.add(new TruncateOp(number, size));
            int within = (int) (size % BLOCK_BYTES);
            Chunk last;
            long oldSize;
            synchronized (this) {
                last = s.blocks.get((int) (size / BLOCK_BYTES));
                oldSize = s.size;
            }
            if (within != 0 && last != null && size < oldSize) {
                // the cut block keeps only its first bytes, so that a later extension reads zeros
                byte[] was = readChunk(s, last, (int) (size / BLOCK_BYTES));
                byte[] kept = Arrays.copyOf(was, Math.min(was.length, within));
                byte[] fek = fek(s);
                try {
                    ops.add(new BlocksOp(number, size, List.of(new Block((int) (size / BLOCK_BYTES),
                            seal(fek, s.owner, number, (int) (size / BLOCK_BYTES), kept, true)))));
                } finally {
                    Arrays.fill(fek, (byte) 0);
                }
            }
            commit(ops);
        }
    }

    @Override
    public void rename(long number, byte[] newId) throws TeeException {
        checkId(newId);
        ensureMounted();
        Stored s = stored(number);
        Name target = Name.of(s.owner, newId);
        try (StripedLocks.Held l = lock(number, target)) {
            synchronized (this) {
                stored(number);
                Long other = names.get(target);
                if (other != null) {
                    if (other == number) {
                        return;
                    }
                    throw new TeeException(TeeResult.ACCESS_CONFLICT, ReturnOrigin.TEE, "an object with the new id exists");
                }
            }
            commit(List.of(new RenameOp(number, newId.clone())));
        }
    }

    @Override
    public void delete(long number) throws TeeException {
        ensureMounted();
        try (StripedLocks.Held l = lock(number)) {
            stored(number);
            commit(List.of(new DeleteOp(number)));
        }
    }

    @Override
    public void setUsage(long number, int usage) throws TeeException {
        ensureMounted();
        try (StripedLocks.Held l = lock(number)) {
            stored(number);
            commit(List.of(new UsageOp(number, usage)));
        }
    }

    @Override
    public List<Entry> list(UUID owner) throws TeeException {
        ensureMounted();
        List<Entry> out = new ArrayList<>();
        synchronized (this) {
            for (Stored s : new TreeMap<>(objects).values()) {
                if (s.owner.equals(owner)) {
                    out.add(s.entry());
                }
            }
        }
        return out;
    }

    @Override
    public Map<UUID, Usage> usage() throws TeeException {
        ensureMounted();
        Map<UUID, Usage> out = new TreeMap<>();
        synchronized (this) {
            for (Stored s : objects.values()) {
                long bytes = s.size + (s.attrs == null ? 0 : s.attrs.length);
                out.merge(s.owner, new Usage(1, bytes), (a, b) -> new Usage(a.objects() + b.objects(), a.bytes() + b.bytes()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static void checkId(byte[] id) throws TeeException {
        if (id.length > MAX_ID_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "an object id of " + id.length + " bytes (at most 64)");
        }
    }

    // ------------------------------------------------------------------ chunks

    /** The object's FEK (a copy the caller wipes), unwrapped once and kept while the object lives. */
    private byte[] fek(Stored s) throws TeeException {
        synchronized (this) {
            if (s.fek != null) {
                return s.fek.clone();
            }
        }
        byte[] fek = keys.unwrapFek(s.owner, s.number, s.wrappedFek);
        synchronized (this) {
            if (objects.get(s.number) == s && s.fek == null) {
                s.fek = fek.clone();
            }
        }
        return fek;
    }

    private static byte[] chunkAad(UUID owner, long number, int index) {
        return ByteBuffer.allocate(10 + 16 + 8 + 4).put("jtee block".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(StorageKeys.uuidBytes(owner)).putLong(number).putInt(index).array();
    }

    private static NewChunk seal(byte[] fek, UUID owner, long number, int index, byte[] plain, boolean cache) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Gcm.cipher();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(fek, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(chunkAad(owner, number, index));
            byte[] sealed = c.doFinal(plain);
            return new NewChunk(Arrays.copyOf(sealed, plain.length), nonce, Arrays.copyOfRange(sealed, plain.length, sealed.length),
                    cache ? plain : null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of {@code c}, from the cache or the device. A compaction may move the chunk
     * (and drop or reuse the segment it was in) between the caller's look at the index and the
     * read: a chunk that fails but is no longer the object's is read again where it is now.
     */
    private byte[] readChunk(Stored s, Chunk c, int index) throws TeeException {
        for (int attempt = 0; ; attempt++) {
            try {
                return readChunkOnce(s, c, index);
            } catch (TeeException e) {
                Chunk now;
                Stored current;
                synchronized (this) {
                    current = objects.get(s.number);
                    now = current == null ? null : index < 0 ? current.attrs : current.blocks.get(index);
                }
                if (attempt >= 3 || now == null || now == c) {
                    if (e.result() == TeeResult.CORRUPT_OBJECT) {
                        LOG.log(Level.WARNING, "secure storage corruption detected in the {0} store: object {1} of TA {2}: {3}",
                                device.name(), Long.toString(s.number), s.owner, e.getMessage());
                    }
                    throw e;
                }
                s = current;
                c = now;
            }
        }
    }

    private byte[] readChunkOnce(Stored s, Chunk c, int index) throws TeeException {
        byte[] plain = cached(c);
        if (plain != null) {
            return plain;
        }
        byte[] ct;
        try {
            ct = device.read(c.segment, c.position, c.length);
        } catch (TeeException e) {
            throw translate(e);
        }
        if (ct.length != c.length) {
            throw corrupt("a chunk is cut short");
        }
        byte[] fek = fek(s);
        try {
            Cipher cipher = Gcm.cipher();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(fek, "AES"), new GCMParameterSpec(128, c.nonce));
            cipher.updateAAD(chunkAad(s.owner, s.number, index));
            cipher.update(ct);
            plain = cipher.doFinal(c.tag);
        } catch (AEADBadTagException e) {
            throw corrupt("a chunk does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(fek, (byte) 0);
        }
        if (index >= 0) {
            synchronized (this) {
                if (objects.get(s.number) == s) {
                    cachePut(c, plain);
                }
            }
        }
        return plain;
    }

    private static TeeException corrupt(String why) {
        return new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, why);
    }

    // ------------------------------------------------------------------ commits

    /** Submits {@code ops} as one commit and waits until it is durable and applied. */
    private void commit(List<Op> ops) throws TeeException {
        if (failed != null) {
            throw failed;
        }
        Pending p = new Pending(ops);
        queue.add(p);
        if (closed) {
            queue.remove(p);
            throw notAvailable("the store is closed");
        }
        try {
            p.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the commit goes on; the caller was interrupted, and it is not known whether it landed
            throw new TeeException(TeeResult.CANCEL, ReturnOrigin.TEE, "interrupted while committing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TeeException t) {
                throw new TeeException(t.result(), t.origin(), t.getMessage(), t);
            }
            throw new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "commit failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The committer: takes every queued commit, writes them as one record and syncs it, then hands
     * the record to the anchor thread ({@link #anchorLoop}) and goes on with the next batch while
     * the counter is synced — two batches in flight, one in the log's sync and one in the
     * counter's. A compaction waits until both stages are empty.
     */
    private void commitLoop() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (!closed) {
                try {
                    Pending first = queue.take();
                    if (first == STOP) {
                        break;
                    }
                    batch.add(first);
                } catch (InterruptedException e) {
                    break;
                }
                long bytes = dataBytes(batch.get(0).ops);
                Pending p;
                while ((p = queue.peek()) != null && p != STOP && bytes + dataBytes(p.ops) <= maxRecordData()) {
                    bytes += dataBytes(p.ops);
                    batch.add(queue.poll());
                }
                if (failed != null) {
                    batch.forEach(b -> b.done.completeExceptionally(failed));
                    batch = new ArrayList<>();
                    continue;
                }
                List<Op> ops = new ArrayList<>();
                batch.forEach(b -> ops.addAll(b.ops));
                Placed placed = null;
                try {
                    placed = writeRecord(ops, tailSegment, ringReserve());
                } catch (TeeException e) {
                    TeeException t = translate(e);
                    batch.forEach(b -> b.done.completeExceptionally(t));
                }
                if (placed != null) {
                    if (queue.isEmpty() && appliedUpTo(placed.seq() - 1)) {
                        // nothing earlier in flight and nobody waiting to overlap with: anchor here,
                        // which saves two hand-overs between threads
                        anchor(new Written(placed, ops, batch));
                    } else {
                        anchoring.add(new Written(placed, ops, batch));
                    }
                }
                batch = new ArrayList<>();
                try {
                    if (compactionWorthIt()) {
                        drain();
                        compact();
                    }
                } catch (TeeException e) {
                    LOG.log(Level.WARNING, "compacting the {0} store: {1}", device.name(), e.getMessage());
                } catch (InterruptedException e) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the " + device.name() + " store's committer failed", e);
            failed = new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "the store failed: " + e);
            batch.forEach(b -> b.done.completeExceptionally(failed));
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            anchoring.add(Written.END);
            failQueued();
        }
    }

    /** A record in the log, waiting for the counter: its sequence number and segment, its operations, its callers. */
    private record Written(Placed record, List<Op> ops, List<Pending> callers) {
        static final Written END = new Written(null, List.of(), List.of());
    }

    /** Where a written record went: for the counter and the index. */
    private record Placed(long seq, long segment) {}

    /**
     * The anchor thread: raises the counter to each written record's sequence number in turn, then
     * applies its operations and acknowledges its callers. A counter that cannot be raised fails
     * the store closed: freshness could no longer be proven.
     */
    private void anchorLoop() {
        while (true) {
            Written w;
            try {
                w = anchoring.take();
            } catch (InterruptedException e) {
                return;
            }
            if (w == Written.END) {
                return;
            }
            anchor(w);
        }
    }

    /** Anchors, applies and acknowledges one written record (in the anchor thread, or inline by the committer). */
    private void anchor(Written w) {
        try {
            if (failed != null) {
                throw failed;
            }
            anchorAndApply(w.record(), w.ops());
            w.callers().forEach(b -> b.done.complete(null));
        } catch (TeeException e) {
            w.callers().forEach(b -> b.done.completeExceptionally(e));
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the " + device.name() + " store's anchor failed", e);
            failed = new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "the store failed: " + e);
            w.callers().forEach(b -> b.done.completeExceptionally(failed));
            if (e instanceof Error err) {
                throw err;
            }
        }
    }

    /** Whether every record up to {@code seq} is anchored and applied. */
    private boolean appliedUpTo(long seq) {
        synchronized (appliedLock) {
            return appliedSeq >= seq;
        }
    }

    /** Waits until every written record is anchored and applied. */
    private void drain() throws InterruptedException {
        synchronized (appliedLock) {
            while (appliedSeq < lastSeq && failed == null) {
                appliedLock.wait(100);
            }
        }
    }

    private void failQueued() {
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p == STOP) {
                continue;
            }
            p.done.completeExceptionally(failed != null ? failed : notAvailable("the store is closed"));
        }
    }

    private static long dataBytes(List<Op> ops) {
        long n = 0;
        for (Op op : ops) {
            if (op instanceof BlocksOp b) {
                n += (long) b.blocks().size() * BLOCK_BYTES;
            }
        }
        return n;
    }

    /**
     * Writes {@code ops} as the next record and syncs it; the head moves on. On a failure nothing
     * is applied and the head stays where it was: the next record overwrites whatever part of this
     * one reached the device. Committer thread only.
     */
    private Placed writeRecord(List<Op> ops, long newTail, int reserve) throws TeeException {
        long seq = lastSeq + 1;
        long segment = headSegment;
        int offset = headOffset;
        byte[] record = layOut(ops, segment, offset, seq, newTail);
        if (offset + record.length > device.segmentBytes()) {
            if (offset == 0) {
                throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "a commit of " + record.length
                        + " bytes does not fit in one segment");
            }
            segment = headSegment + 1;
            if (segment - tailSegment + 1 > (long) device.capacity() - reserve) {
                throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "the " + device.name() + " store is full");
            }
            offset = 0;
            record = layOut(ops, segment, offset, seq, newTail);
        }
        if (staleSegment >= 0 && (staleSegment != segment || staleOffset != offset)) {
            // a record whose write failed may still have reached the device, and this one goes
            // elsewhere: spoil the other's header first, or a mount would find two records
            // numbered seq, and a chain that does not continue
            device.write(staleSegment, staleOffset, new byte[HEADER_BYTES]);
            staleSegment = -1;
        }
        try {
            device.write(segment, offset, record);
        } catch (TeeException e) {
            staleSegment = segment;
            staleOffset = offset;
            throw e;
        }
        staleSegment = -1;
        lastSeq = seq;
        lastTag = Arrays.copyOfRange(record, HEADER_BYTES + metaLength(record) - TAG_BYTES, HEADER_BYTES + metaLength(record));
        headSegment = segment;
        headOffset = align(offset + record.length);
        return new Placed(seq, segment);
    }

    /** Raises the counter to the record's sequence number, then applies its operations to the index. */
    private void anchorAndApply(Placed r, List<Op> ops) throws TeeException {
        try {
            counter.raiseTo(r.seq());
        } catch (TeeException e) {
            failed = new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the monotonic counter cannot be raised: " + e.getMessage());
            throw failed;
        }
        synchronized (this) {
            for (Op op : ops) {
                if (op instanceof ObjectOp || objects.containsKey(op.number())) {
                    apply(op, r.segment());
                }
            }
        }
        synchronized (appliedLock) {
            appliedSeq = r.seq();
            appliedLock.notifyAll();
        }
    }

    /**
     * Slots of a ring device (RPMB) that only compaction may take: with one slot kept free, a
     * compaction can always start a new segment without writing over the tail segment it is
     * moving out of, which readers may still be reading until the move is applied.
     */
    private int ringReserve() throws TeeException {
        return device.capacity() == Integer.MAX_VALUE ? 0 : 1;
    }

    /** Writes, anchors and applies {@code ops} at once (compaction, with nothing else in flight). */
    private void append(List<Op> ops, long newTail, int reserve) throws TeeException {
        anchorAndApply(writeRecord(ops, newTail, reserve), ops);
    }

    private static int metaLength(byte[] record) {
        return ByteBuffer.wrap(record, 24, 4).getInt();
    }

    /** The record for {@code ops} at {@code offset} of {@code segment}. */
    private byte[] layOut(List<Op> ops, long segment, int offset, long seq, long tail) {
        byte[] probe = LogOps.encode(ops, tail, nextNumberNow(), segment, 0, null);
        int metaLen = probe.length + TAG_BYTES;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] meta = LogOps.encode(ops, tail, nextNumberNow(), segment, offset + HEADER_BYTES + metaLen, data);
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] dataBytes = data.toByteArray();
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        try {
            h.putInt(MAGIC).put((byte) VERSION).put(new byte[3]).putLong(segment).putLong(seq).putInt(metaLen)
                    .putInt(dataBytes.length).put(nonce).put(lastTag).put(MessageDigest.getInstance("SHA-256").digest(dataBytes));
            Cipher c = Gcm.cipher();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(storeKey, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(h.array());
            byte[] sealed = c.doFinal(meta);
            Arrays.fill(meta, (byte) 0);
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length + dataBytes.length).put(h.array()).put(sealed)
                    .put(dataBytes).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private synchronized long nextNumberNow() {
        return nextNumber;
    }

    // ------------------------------------------------------------------ compaction

    /**
     * Writes the live state of the tail segment again at the head and drops it, once the log holds
     * more than twice its live bytes plus two segments (or the device is nearly full). One segment
     * per commit, in the committer's thread, between batches.
     */
    private boolean compactionWorthIt() throws TeeException {
        long live;
        synchronized (this) {
            live = liveBytes.values().stream().mapToLong(Long::longValue).sum();
        }
        long segments = headSegment - tailSegment + 1;
        boolean wasteful = segments > 2 && segments * device.segmentBytes() > 2 * live + 2L * device.segmentBytes();
        boolean nearlyFull = segments >= Math.max(2, device.capacity() - 2) && headSegment > tailSegment;
        return wasteful || nearlyFull;
    }

    /** Compacts the tail segment; nothing may be in flight. */
    private void compact() throws TeeException {
        long victim = tailSegment;
        List<Op> restated = new ArrayList<>();
        synchronized (this) {
            for (long number : residents.getOrDefault(victim, Set.of())) {
                Stored s = objects.get(number);
                if (s != null) {
                    restated.addAll(snapshot(s));
                }
            }
        }
        List<Op> ops = new ArrayList<>(restated.size());
        for (Op op : restated) {
            ops.add(moveOut(op, victim));
        }
        append(ops, victim + 1, 0);
        tailSegment = victim + 1;
        synchronized (this) {
            residents.remove(victim);
            liveBytes.remove(victim);
        }
        device.release(victim);
    }

    /** The operations that restate {@code s} whole, every chunk by reference. Caller holds the monitor. */
    private static List<Op> snapshot(Stored s) {
        List<Op> ops = new ArrayList<>();
        ops.add(new ObjectOp(s.number, s.owner, s.id, s.type, s.objectSize, s.maxObjectSize, s.usage, s.size, s.wrappedFek, 0,
                s.attrs == null ? null : new OldChunk(s.attrs)));
        if (!s.blocks.isEmpty()) {
            List<Block> blocks = new ArrayList<>();
            for (Map.Entry<Integer, Chunk> e : s.blocks.entrySet()) {
                blocks.add(new Block(e.getKey(), new OldChunk(e.getValue())));
            }
            ops.add(new BlocksOp(s.number, s.size, blocks));
        }
        return ops;
    }

    /** {@code op} with every chunk that lies in {@code victim} copied (as ciphertext) into the new record. */
    private Op moveOut(Op op, long victim) throws TeeException {
        if (op instanceof ObjectOp o && o.attrs() != null) {
            return new ObjectOp(o.number(), o.owner(), o.id(), o.type(), o.objectSize(), o.maxObjectSize(), o.usage(),
                    o.dataSize(), o.wrappedFek(), o.replaces(), move(((OldChunk) o.attrs()).chunk(), victim));
        }
        if (op instanceof BlocksOp b) {
            List<Block> blocks = new ArrayList<>(b.blocks().size());
            for (Block k : b.blocks()) {
                blocks.add(new Block(k.index(), move(((OldChunk) k.chunk()).chunk(), victim)));
            }
            return new BlocksOp(b.number(), b.dataSize(), blocks);
        }
        return op;
    }

    /** {@code c} as a new chunk with the same ciphertext if it lies in {@code victim}, else as a reference. */
    private ChunkSource move(Chunk c, long victim) throws TeeException {
        if (c.segment != victim) {
            return new OldChunk(c);
        }
        byte[] ct = device.read(c.segment, c.position, c.length);
        if (ct.length != c.length) {
            throw new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, "a chunk to compact is cut short");
        }
        return new NewChunk(ct, c.nonce, c.tag, null);
    }

    // ------------------------------------------------------------------ locks and errors

    /** Stripe locks held across a commit, so that commits on one object or name never interleave. */
    private StripedLocks.Held lock(Object... keys) {
        return stripes.lock(keys);
    }

    private static TeeException notAvailable(String why) {
        return new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, why);
    }

    /** A supplicant that cannot be reached makes storage not available, as OP-TEE reports it. */
    private static TeeException translate(TeeException e) {
        if (e.result() == TeeResult.COMMUNICATION) {
            return new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, e.getMessage(), e);
        }
        return e;
    }

    /** Where block {@code index} of object {@code number} lies (for the tamper tests). */
    synchronized Chunk chunkOf(long number, int index) {
        Stored s = objects.get(number);
        return s == null ? null : s.blocks.get(index);
    }

    /** The last acknowledged commit's sequence number (for tests and {@code jtee storage}). */
    public long commitSequence() throws TeeException {
        ensureMounted();
        return lastSeq;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = committer;
        if (t != null) {
            // a pill, not an interrupt: an interrupt would close the file channels of an in-process supplicant
            queue.add(STOP);
            try {
                t.join(5_000);
                if (anchor != null) {
                    anchor.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failQueued();
        synchronized (this) {
            objects.values().forEach(Stored::wipe);
            cache.clear();
        }
        if (counter != null) {
            counter.close();
        }
        Arrays.fill(storeKey, (byte) 0);
        keys.close();
    }
}
