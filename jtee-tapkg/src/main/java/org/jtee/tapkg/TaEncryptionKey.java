package org.jtee.tapkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts TA payloads (type-2 images). The 32 key bytes live only in this
 * object; {@link #close()} overwrites them, after which every use throws
 * {@link IllegalStateException}. The only code that reads them is {@link #gcm}. (The JCE copies
 * the key into its own cipher state for the length of one operation; that copy is not ours to
 * wipe.) Not thread-safe for concurrent close.
 */
public final class TaEncryptionKey implements AutoCloseable {
    /** AES-256. */
    public static final int SIZE_BYTES = 32;
    private static final int TAG_BITS = 128;

    private final byte[] key;
    private boolean closed;

    private TaEncryptionKey(byte[] key) {
        this.key = key;
    }

    public static TaEncryptionKey generate(SecureRandom random) {
        byte[] k = new byte[SIZE_BYTES];
        random.nextBytes(k);
        return new TaEncryptionKey(k);
    }

    /**
     * Reads a raw 32-byte key file.
     *
     * @throws IOException if the file is readable by group/others, is not exactly 32 bytes, or
     *     holds only zero bytes
     */
    public static TaEncryptionKey load(Path file) throws IOException {
        PrivateFiles.checkPrivate(file);
        long size = Files.size(file);
        if (size != SIZE_BYTES) {
            throw new IOException(file + " holds " + size + " bytes; a TA encryption key is exactly " + SIZE_BYTES);
        }
        byte[] k = Files.readAllBytes(file);
        if (k.length != SIZE_BYTES || allZero(k)) {
            Arrays.fill(k, (byte) 0);
            throw new IOException(file + " is not a usable TA encryption key (all zero or changed while read)");
        }
        return new TaEncryptionKey(k);
    }

    /** Writes the raw key to a new file with mode 0600, atomically; refuses to replace a file. */
    public void store(Path file) throws IOException {
        PrivateFiles.writeNew(file, live());
    }

    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
        closed = true;
    }

    /**
     * One AES-256-GCM operation (NIST SP 800-38D) with a 128-bit tag. Encryption returns
     * ciphertext‖tag; decryption takes ciphertext‖tag.
     *
     * @throws AEADBadTagException if decryption finds the tag wrong
     */
    byte[] gcm(int mode, byte[] iv, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(live(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    private byte[] live() {
        if (closed) {
            throw new IllegalStateException("TA encryption key is closed");
        }
        return key;
    }

    private static boolean allZero(byte[] k) {
        int acc = 0;
        for (byte b : k) {
            acc |= b;
        }
        return acc == 0;
    }

    @Override
    public String toString() {
        return closed ? "TaEncryptionKey[closed]" : "TaEncryptionKey[AES-256]";
    }
}
