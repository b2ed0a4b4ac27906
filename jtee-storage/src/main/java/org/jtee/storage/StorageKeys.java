package org.jtee.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The keys of one store below the secure storage key (SSK), which the core derives from its HUK
 * and hands in. Every derivation is the counter-mode KDF of NIST SP 800-108r1 with HMAC-SHA-256,
 * one block, with its own label:
 * <pre>
 * K(key, label, context) = HMAC-SHA-256(key, u32 1 | label | 0x00 | context | u32 256)
 *
 * store key   = K(SSK, "jtee store key",       backend)      encrypts the log's metadata
 * anchor key  = K(SSK, "jtee anchor key",      backend)      MACs the monotonic counter's file
 * TSK(ta)     = K(SSK, "jtee ta storage key",  UUID)         one per TA, wraps its objects' FEKs
 * FEK         = 32 random bytes per object, AES-256-GCM-wrapped under TSK(owner) with
 *               AAD "jtee fek" | backend | owner UUID | object number
 * </pre>
 * The UUID is in RFC 9562 byte order; the backend is its name in ASCII ("ree", "rpmb"). Keys are
 * 32 bytes; callers wipe what they are given.
 */
public final class StorageKeys implements AutoCloseable {
    static final int KEY_BYTES = 32;
    static final int WRAPPED_FEK_BYTES = 12 + KEY_BYTES + 16;
    private static final SecureRandom RANDOM = LogStore.drbg();

    private final byte[] ssk;
    private final String backend;
    private final java.util.Map<UUID, byte[]> taKeys = new java.util.concurrent.ConcurrentHashMap<>();

    /** Keys of the store {@code backend} under {@code ssk} (copied; the caller wipes its own). */
    public StorageKeys(byte[] ssk, String backend) {
        if (ssk.length != KEY_BYTES) {
            throw new IllegalArgumentException("an SSK has 32 bytes, not " + ssk.length);
        }
        this.ssk = ssk.clone();
        this.backend = backend;
    }

    /**
     * The PRF input of the KDF for {@code label} and {@code context}: the core hands it to its HUK
     * to derive the SSK ({@code "jtee secure storage key"}, context the guest id as u32) and the
     * RPMB key ({@code "jtee rpmb key"}, the same context), so the HUK itself never leaves it.
     */
    public static byte[] kdfInput(String label, byte[] context) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + l.length + 1 + context.length + 4)
                .putInt(1).put(l).put((byte) 0).put(context).putInt(256).array();
    }

    /** The label-separated KDF of the class comment. */
    public static byte[] derive(byte[] key, String label, byte[] context) {
        byte[] input = kdfInput(label, context);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            SecretKeySpec k = new SecretKeySpec(key, "HmacSHA256");
            mac.init(k);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    byte[] storeKey() {
        return derive(ssk, "jtee store key", backendBytes());
    }

    byte[] anchorKey() {
        return derive(ssk, "jtee anchor key", backendBytes());
    }

    /** TSK(owner), derived once and kept (in the core's memory only) until {@link #close}; the caller wipes its copy. */
    byte[] taKey(UUID owner) {
        return taKeys.computeIfAbsent(owner, o -> derive(ssk, "jtee ta storage key", uuidBytes(o))).clone();
    }

    String backend() {
        return backend;
    }

    private byte[] backendBytes() {
        return backend.getBytes(StandardCharsets.US_ASCII);
    }

    /** A fresh file encryption key. */
    static byte[] newFek() {
        byte[] fek = new byte[KEY_BYTES];
        RANDOM.nextBytes(fek);
        return fek;
    }

    /** {@code fek} wrapped under the owner's TSK, bound to the owner and the object number. */
    byte[] wrapFek(UUID owner, long number, byte[] fek) {
        byte[] tsk = taKey(owner);
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Gcm.cipher();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(tsk, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(fekAad(owner, number));
            byte[] sealed = c.doFinal(fek);
            return ByteBuffer.allocate(WRAPPED_FEK_BYTES).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(tsk, (byte) 0);
        }
    }

    /**
     * The FEK in {@code wrapped}.
     *
     * @throws TeeException {@code TEE_ERROR_CORRUPT_OBJECT} if it does not authenticate for this
     *     owner and number
     */
    byte[] unwrapFek(UUID owner, long number, byte[] wrapped) throws TeeException {
        byte[] tsk = taKey(owner);
        try {
            Cipher c = Gcm.cipher();
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(tsk, "AES"), new GCMParameterSpec(128, wrapped, 0, 12));
            c.updateAAD(fekAad(owner, number));
            return c.doFinal(wrapped, 12, wrapped.length - 12);
        } catch (AEADBadTagException e) {
            throw new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, "an object's key does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(tsk, (byte) 0);
        }
    }

    private byte[] fekAad(UUID owner, long number) {
        byte[] b = backendBytes();
        return ByteBuffer.allocate(8 + b.length + 16 + 8).put("jtee fek".getBytes(StandardCharsets.US_ASCII))
                .put(b).put(uuidBytes(owner)).putLong(number).array();
    }

    static byte[] uuidBytes(UUID u) {
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    @Override
    public void close() {
        Arrays.fill(ssk, (byte) 0);
        taKeys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        taKeys.clear();
    }
}
