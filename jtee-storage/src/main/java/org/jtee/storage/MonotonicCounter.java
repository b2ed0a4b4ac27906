package org.jtee.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The monotonic counter that anchors a store against rollback: the stand-in for the non-volatile
 * counter of OP-TEE 4.0 ({@code nv_counter_incr_ree_fs_to}), kept in the core's private state
 * directory, which no other process may touch. It holds the sequence number of the store's last
 * acknowledged commit; the store's log may be at or ahead of it (a crash between the log's sync
 * and the counter's), never behind.
 *
 * <p>File layout: two 64-byte slots at offsets 0 and 512 (different sectors), written in turn, so
 * that a torn write spoils at most the slot being written. A slot is
 * {@code "JTMC" | u32 version 1 | u64 value | HMAC-SHA-256(anchor key, first 16 bytes)} and 24
 * zero bytes; the highest valid slot wins. Made whole in a temporary file and renamed into place;
 * then written in place, then fdatasync: the file never changes size, so a sync is one device
 * flush.
 */
final class MonotonicCounter implements AutoCloseable {
    private static final int MAGIC = 0x4A544D43;
    private static final int SLOT_BYTES = 64;
    private static final int SLOT_STRIDE = 512;

    private final Path file;
    private final FileChannel channel;
    private final byte[] key;
    private long value;
    private int nextSlot;
    /** Keyed once: a provider lookup per raise cost more than the MAC. */
    private Mac hmac;

    private MonotonicCounter(Path file, FileChannel channel, byte[] key, long value, int nextSlot) {
        this.file = file;
        this.channel = channel;
        this.key = key;
        this.value = value;
        this.nextSlot = nextSlot;
    }

    /**
     * Opens the counter in {@code file}, creating it at 0 if {@code create} and it does not exist.
     *
     * @throws TeeException {@code TEE_ERROR_SECURITY} if the file exists and neither slot is valid,
     *     or it does not exist and {@code create} is false
     */
    static MonotonicCounter open(Path file, byte[] anchorKey, boolean create) throws TeeException {
        try {
            boolean exists = Files.exists(file);
            if (!exists && !create) {
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the monotonic counter " + file.getFileName()
                        + " is missing but the store exists: its state cannot be trusted");
            }
            if (!exists) {
                create(file, anchorKey);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            MonotonicCounter c = new MonotonicCounter(file, ch, anchorKey.clone(), 0, 0);
            long best = -1;
            int bestSlot = -1;
            for (int s = 0; s < 2; s++) {
                long v = c.readSlot(s);
                if (v > best) {
                    best = v;
                    bestSlot = s;
                }
            }
            if (best < 0) {
                ch.close();
                throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the monotonic counter " + file.getFileName()
                        + " is damaged (no valid slot)");
            }
            c.value = best;
            c.nextSlot = 1 - bestSlot;
            return c;
        } catch (IOException e) {
            throw new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "cannot open the monotonic counter: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the counter at 0, whole or not at all: both slots go to {@code <file>.tmp}, which is
     * synced, renamed to {@code file}, and the directory synced. Made in place, a crash or a full
     * disk between the file's creation and its slots left a file with no valid slot, which every
     * later open refuses as damaged.
     */
    private static void create(Path file, byte[] anchorKey) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (MonotonicCounter c = new MonotonicCounter(tmp, ch, anchorKey.clone(), 0, 0)) {
            c.writeSlot(0, 0);
            c.writeSlot(1, 0);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    synchronized long value() {
        return value;
    }

    /** Raises the counter to {@code v} durably; a lower or equal {@code v} changes nothing. */
    synchronized void raiseTo(long v) throws TeeException {
        if (v <= value) {
            return;
        }
        try {
            writeSlot(nextSlot, v);
            channel.force(false);
        } catch (IOException e) {
            throw new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "cannot write the monotonic counter: " + e.getMessage(), e);
        }
        value = v;
        nextSlot = 1 - nextSlot;
    }

    private void writeSlot(int slot, long v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
        b.putInt(MAGIC).putInt(1).putLong(v);
        b.put(mac(Arrays.copyOf(b.array(), 16)));
        b.clear();
        while (b.hasRemaining()) {
            channel.write(b, (long) slot * SLOT_STRIDE + b.position());
        }
    }

    /** The slot's value, or -1 if it is not valid. */
    private long readSlot(int slot) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
        while (b.hasRemaining() && channel.read(b, (long) slot * SLOT_STRIDE + b.position()) > 0) {
            // read on
        }
        byte[] a = b.array();
        ByteBuffer h = ByteBuffer.wrap(a);
        if (b.position() < SLOT_BYTES || h.getInt() != MAGIC || h.getInt() != 1) {
            return -1;
        }
        long v = h.getLong();
        return MessageDigest.isEqual(mac(Arrays.copyOf(a, 16)), Arrays.copyOfRange(a, 16, 48)) && v >= 0 ? v : -1;
    }

    /** The slot's MAC; callers hold this counter's monitor, or are its constructor. */
    private byte[] mac(byte[] data) {
        try {
            if (hmac == null) {
                hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            }
            return hmac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        Arrays.fill(key, (byte) 0);
        if (hmac != null) {
            hmac.reset();
            hmac = null;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was pending
        }
    }
}
