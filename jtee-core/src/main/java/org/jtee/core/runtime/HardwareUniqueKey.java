package org.jtee.core.runtime;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hardware unique key (HUK): 256 random bits, generated on first boot into {@code huk} in the
 * state directory (mode 0600) and the root of every key the core derives. The key lives off-heap,
 * is never logged, and is wiped by {@link #close()}. A short, all-zero or world-readable key file
 * is a hard error, never a silent default (OP-TEE's {@code CFG_INSECURE} all-zero HUK is exactly
 * what this refuses).
 */
public final class HardwareUniqueKey implements AutoCloseable {
    /** Bytes of the key. */
    public static final int KEY_BYTES = 32;
    private static final String FILE_NAME = "huk";
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final String HMAC = "HmacSHA256";
    /** What the MAC is keyed with once it is done, to overwrite its pads made from the HUK. */
    private static final SecretKeySpec BLANK = new SecretKeySpec(new byte[KEY_BYTES], HMAC);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment key;

    private HardwareUniqueKey(byte[] bytes) {
        key = arena.allocate(KEY_BYTES);
        MemorySegment.copy(bytes, 0, key, ValueLayout.JAVA_BYTE, 0, KEY_BYTES);
    }

    /** Loads the HUK from {@code stateDir}, generating it first if there is none. */
    public static HardwareUniqueKey loadOrCreate(Path stateDir, SecureRandom random) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            generate(file, random);
        }
        return load(file);
    }

    private static void generate(Path file, SecureRandom random) throws IOException {
        byte[] bytes = new byte[KEY_BYTES];
        Path tmp = file.resolveSibling(FILE_NAME + ".new");
        try {
            random.nextBytes(bytes);
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_RW));
            Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static HardwareUniqueKey load(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("HUK " + file + " is not a regular file");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_RW.containsAll(perms)) {
            throw new IOException("HUK " + file + " has mode " + PosixFilePermissions.toString(perms)
                    + "; it must be rw------- (chmod 600)");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            if (bytes.length != KEY_BYTES) {
                throw new IOException("HUK " + file + " holds " + bytes.length + " bytes; it must hold " + KEY_BYTES);
            }
            if (isAllZero(bytes)) {
                throw new IOException("HUK " + file + " is all zero; refusing an insecure key");
            }
            return new HardwareUniqueKey(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static boolean isAllZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** The key, read-only. Callers copy what they need and wipe their copies. */
    MemorySegment key() {
        return key.asReadOnly();
    }

    /**
     * HMAC-SHA-256 (RFC 2104) keyed with the HUK, over {@code message}: the PRF of the keys the core
     * derives ({@link TaUniqueKeys}). The key bytes reach the MAC only as the copy it asks for and
     * wipes ({@link Bytes}), and the MAC's key state is overwritten before it is dropped.
     */
    byte[] hmacSha256(byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new Bytes(key));
            byte[] out = mac.doFinal(message);
            mac.init(BLANK);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** The HUK as a key that holds no bytes itself: each {@link #getEncoded()} is a new copy, for the caller to wipe. */
    private static final class Bytes implements SecretKey {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final transient MemorySegment key;

        Bytes(MemorySegment key) {
            this.key = key;
        }

        @Override
        public String getAlgorithm() {
            return HMAC;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return key.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Wipes the key. */
    @Override
    public void close() {
        key.fill((byte) 0);
        arena.close();
    }
}
