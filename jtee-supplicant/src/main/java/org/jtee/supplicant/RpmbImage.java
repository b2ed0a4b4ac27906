package org.jtee.supplicant;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import org.jtee.protocol.RpmbFrames;

/**
 * The emulated RPMB device's state in one file, {@value #FILE_NAME} in the storage directory:
 * whether the key is programmed, the key, the write counter and the data blocks. Every change
 * (key programming, authenticated write) is one atomic, durable commit: after a crash at any
 * point the device is found either wholly before or wholly after it, the counter and the data
 * together. All integers big-endian.
 *
 * <pre>
 * 0              superblock, 512 bytes, written once when the image is made:
 *                "JTEERPMB" | u32 version 1 | u8 size_mult | u8 rel_wr_sec_c | u16 0 | cid[16] |
 *                u32 slot bytes | zeros | at 480: SHA-256 of bytes 0..479
 * 512            record slot 0 ┐ each slot bytes long; a record:
 * 512 + slot     record slot 1 ┘   "JREC" | u32 0 | u64 sequence | u8 key programmed | 3 zeros |
 *                                  key[32] | u32 write counter | u16 address | u16 block count |
 *                                  u32 0 | data[block count × 256] | SHA-256 of all before it
 * 512 + 2 slot   data area: size_mult × 128 KiB, the blocks in place
 * </pre>
 *
 * A commit writes the next record (sequence + 1) into slot {@code sequence % 2}, the slot not
 * holding the newest record, and fdatasyncs: that is the commit point. Then it copies the
 * record's blocks into the data area without a sync of its own: the next commit's fdatasync
 * flushes them before that commit overwrites this record's slot, and until then opening the
 * image replays the newest record's blocks. Opening takes the valid record (magic and hash
 * right) with the highest sequence; a torn record fails its hash and the previous one, whose
 * blocks are already in place, stands. With no valid record the device is new: no key, counter
 * 0, zero blocks.
 *
 * <p>The image is made whole (every byte written, then renamed into place and the directory
 * synced) so later commits change no file size or metadata. It holds the key in clear, as any
 * emulation must: it guards against crashes, not against whoever can read the file.
 */
final class RpmbImage implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.supplicant");
    /** The image's file name: its {@code _} is outside the FS name rule, so FS can never touch it. */
    static final String FILE_NAME = "rpmb_device.img";
    static final int SUPERBLOCK_BYTES = 512;
    static final int RECORD_HEADER_BYTES = 64;
    private static final int HASH_BYTES = 32;
    private static final byte[] MAGIC = "JTEERPMB".getBytes(StandardCharsets.US_ASCII);
    private static final int RECORD_MAGIC = 0x4A524543; // "JREC"
    private static final int VERSION = 1;
    private static final int SUPERBLOCK_HASHED = 480;

    /** The device's size and reliable-write count, as its device info reports them. */
    record Geometry(int sizeMult, int relWrSecC) {
        Geometry {
            if (sizeMult < 1 || sizeMult > RpmbFrames.MAX_SIZE_MULT || relWrSecC < 1 || relWrSecC > 255) {
                throw new IllegalArgumentException("RPMB size_mult " + sizeMult + " (1.." + RpmbFrames.MAX_SIZE_MULT
                        + ") or rel_wr_sec_c " + relWrSecC + " (1..255) out of range");
            }
        }

        int blocks() {
            return sizeMult * (RpmbFrames.SIZE_MULT_BYTES / RpmbFrames.BLOCK_BYTES);
        }

        /** Blocks one authenticated write may carry: a sector is 512 bytes, two blocks. */
        int blocksPerWrite() {
            return Math.min(2 * relWrSecC, blocks());
        }

        int slotBytes() {
            int raw = RECORD_HEADER_BYTES + blocksPerWrite() * RpmbFrames.BLOCK_BYTES + HASH_BYTES;
            return (raw + 511) / 512 * 512;
        }
    }

    /** The state a record carries. */
    private record State(long sequence, boolean keyProgrammed, byte[] key, long counter) {}

    private final FileChannel file;
    private final Geometry geometry;
    private final byte[] cid;
    private State state;

    private RpmbImage(FileChannel file, Geometry geometry, byte[] cid, State state) {
        this.file = file;
        this.geometry = geometry;
        this.cid = cid;
        this.state = state;
    }

    /**
     * Opens the image in {@code directory}, making a new one of geometry {@code wanted} with a
     * random CID serial if there is none. An existing image keeps its own geometry.
     *
     * @throws IOException if the image cannot be read or its superblock is not valid (it is then
     *     left as it is: a new one would be a rolled-back device)
     */
    static RpmbImage open(Path directory, Geometry wanted, SecureRandom random) throws IOException {
        Path path = directory.resolve(FILE_NAME);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            create(directory, wanted, random);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            ByteBuffer sb = readFully(ch, 0, SUPERBLOCK_BYTES);
            Geometry g = superblockGeometry(sb, path);
            if (ch.size() < dataOffset(g) + (long) g.blocks() * RpmbFrames.BLOCK_BYTES) {
                throw new IOException(path + " is shorter than its geometry needs: " + ch.size() + " bytes");
            }
            if (!g.equals(wanted)) {
                LOG.log(Level.INFO, "{0} keeps its geometry {1}, not {2}", path, g, wanted);
            }
            RpmbImage image = new RpmbImage(ch, g, bytes(sb, 16, RpmbFrames.CID_BYTES), null);
            image.recover();
            return image;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Geometry geometry() {
        return geometry;
    }

    byte[] cid() {
        return cid.clone();
    }

    boolean keyProgrammed() {
        return state.keyProgrammed();
    }

    /** The key, a copy for the caller to wipe; all zeros before it is programmed. */
    byte[] key() {
        return state.key().clone();
    }

    long writeCounter() {
        return state.counter();
    }

    /** Programs the key, durably. */
    void programKey(byte[] key) throws IOException {
        commit(new State(state.sequence() + 1, true, key.clone(), state.counter()), 0, new byte[0]);
    }

    /**
     * Writes {@code data} (whole blocks, at most a reliable write's) at block {@code address} and
     * bumps the counter, durably and atomically.
     */
    void write(int address, byte[] data) throws IOException {
        commit(new State(state.sequence() + 1, true, state.key(), state.counter() + 1), address, data);
    }

    /** {@code count} blocks from block {@code address}. */
    byte[] read(int address, int count) throws IOException {
        return readFully(file, dataOffset(geometry) + (long) address * RpmbFrames.BLOCK_BYTES, count * RpmbFrames.BLOCK_BYTES).array();
    }

    private void commit(State next, int address, byte[] data) throws IOException {
        ByteBuffer record = record(next, address, data);
        try {
            writeFully(file, record, slotOffset(next.sequence()));
            file.force(false);
            writeFully(file, ByteBuffer.wrap(data), dataOffset(geometry) + (long) address * RpmbFrames.BLOCK_BYTES);
        } finally {
            Arrays.fill(record.array(), (byte) 0);
        }
        state = next;
    }

    /** Takes the newest valid record as the state and puts its blocks in place again. */
    private void recover() throws IOException {
        State newest = new State(0, false, new byte[RpmbFrames.KEY_BYTES], 0);
        int address = 0;
        byte[] data = new byte[0];
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer r = readFully(file, slotOffset(slot), geometry.slotBytes());
            State s = parseRecord(r);
            if (s != null && s.sequence() > newest.sequence()) {
                newest = s;
                address = Short.toUnsignedInt(r.getShort(56));
                data = bytes(r, RECORD_HEADER_BYTES, Short.toUnsignedInt(r.getShort(58)) * RpmbFrames.BLOCK_BYTES);
            }
            Arrays.fill(r.array(), (byte) 0);
        }
        state = newest;
        if (data.length > 0) {
            writeFully(file, ByteBuffer.wrap(data), dataOffset(geometry) + (long) address * RpmbFrames.BLOCK_BYTES);
            file.force(false);
        }
    }

    /** The record's state, or null if it is not a whole, valid record. */
    private State parseRecord(ByteBuffer r) {
        int count = Short.toUnsignedInt(r.getShort(58));
        int address = Short.toUnsignedInt(r.getShort(56));
        if (r.getInt(0) != RECORD_MAGIC || count > geometry.blocksPerWrite() || address + count > geometry.blocks()) {
            return null;
        }
        int hashed = RECORD_HEADER_BYTES + count * RpmbFrames.BLOCK_BYTES;
        if (!MessageDigest.isEqual(sha256(r.array(), hashed), bytes(r, hashed, HASH_BYTES)) || Byte.toUnsignedInt(r.get(16)) > 1) {
            return null;
        }
        return new State(r.getLong(8), r.get(16) == 1, bytes(r, 20, RpmbFrames.KEY_BYTES), Integer.toUnsignedLong(r.getInt(52)));
    }

    private ByteBuffer record(State s, int address, byte[] data) {
        int hashed = RECORD_HEADER_BYTES + data.length;
        ByteBuffer r = ByteBuffer.allocate(hashed + HASH_BYTES);
        r.putInt(RECORD_MAGIC).putInt(0).putLong(s.sequence()).put((byte) (s.keyProgrammed() ? 1 : 0)).put(new byte[3])
                .put(s.key()).putInt((int) s.counter()).putShort((short) address)
                .putShort((short) (data.length / RpmbFrames.BLOCK_BYTES)).putInt(0).put(data);
        r.put(sha256(r.array(), hashed));
        return r.flip();
    }

    private long slotOffset(long sequence) {
        return SUPERBLOCK_BYTES + (sequence % 2) * (long) geometry.slotBytes();
    }

    static long dataOffset(Geometry g) {
        return SUPERBLOCK_BYTES + 2L * g.slotBytes();
    }

    /** The offset of the slot that the record of {@code sequence} goes to, for tests that tear it. */
    long slotOffsetOf(long sequence) {
        return slotOffset(sequence);
    }

    long sequence() {
        return state.sequence();
    }

    private static void create(Path directory, Geometry g, SecureRandom random) throws IOException {
        OpenFiles.createDirectory(directory);
        Path tmp = directory.resolve(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS), OpenFiles.ownerOnly())) {
            writeFully(ch, superblock(g, newCid(random)), 0);
            ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
            long end = dataOffset(g) + (long) g.blocks() * RpmbFrames.BLOCK_BYTES;
            for (long pos = SUPERBLOCK_BYTES; pos < end; pos += zeros.capacity()) {
                writeFully(ch, zeros.clear().limit((int) Math.min(zeros.capacity(), end - pos)), pos);
            }
            ch.force(true);
        }
        Files.move(tmp, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        OpenFiles.syncDirectory(directory);
        LOG.log(Level.INFO, "made a new emulated RPMB device in {0}: {1} blocks", directory.resolve(FILE_NAME), g.blocks());
    }

    private static ByteBuffer superblock(Geometry g, byte[] cid) {
        ByteBuffer sb = ByteBuffer.allocate(SUPERBLOCK_BYTES);
        sb.put(MAGIC).putInt(VERSION).put((byte) g.sizeMult()).put((byte) g.relWrSecC()).putShort((short) 0).put(cid)
                .putInt(g.slotBytes());
        sb.put(SUPERBLOCK_HASHED, sha256(sb.array(), SUPERBLOCK_HASHED));
        return sb.clear();
    }

    private static Geometry superblockGeometry(ByteBuffer sb, Path path) throws IOException {
        boolean valid = Arrays.equals(bytes(sb, 0, MAGIC.length), MAGIC) && sb.getInt(8) == VERSION
                && MessageDigest.isEqual(sha256(sb.array(), SUPERBLOCK_HASHED), bytes(sb, SUPERBLOCK_HASHED, HASH_BYTES));
        try {
            Geometry g = valid ? new Geometry(Byte.toUnsignedInt(sb.get(12)), Byte.toUnsignedInt(sb.get(13))) : null;
            if (g != null && sb.getInt(32) == g.slotBytes()) {
                return g;
            }
        } catch (IllegalArgumentException e) {
            // a hashed superblock with a bad geometry: not ours
        }
        throw new IOException(path + " is not a valid jtee RPMB image (its superblock fails its checks); it is left as it is");
    }

    /**
     * A CID shaped as an eMMC's: manufacturer 0x00 (none), BGA, OEM "JT", product name "JTEE01",
     * revision 1.0, a random serial, a manufacturing date, and a CRC7 byte left as 0x01.
     */
    private static byte[] newCid(SecureRandom random) {
        byte[] serial = new byte[4];
        random.nextBytes(serial);
        ByteBuffer cid = ByteBuffer.allocate(RpmbFrames.CID_BYTES);
        cid.put((byte) 0x00).put((byte) 0x01).put((byte) 'J').put("JTEE01".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0x10).put(serial).put((byte) 0x01).put((byte) 0x01);
        return cid.array();
    }

    private static byte[] sha256(byte[] b, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] bytes(ByteBuffer b, int offset, int length) {
        byte[] out = new byte[length];
        b.get(offset, out);
        return out;
    }

    private static ByteBuffer readFully(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new IOException("the RPMB image ends at " + (offset + buf.position()) + ", inside what it must hold");
            }
        }
        return buf.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long offset) throws IOException {
        long start = offset - buf.position();
        while (buf.hasRemaining()) {
            ch.write(buf, start + buf.position());
        }
    }

    /** Closes the file and wipes the key from memory. */
    @Override
    public void close() throws IOException {
        if (state != null) {
            Arrays.fill(state.key(), (byte) 0);
        }
        file.close();
    }
}
