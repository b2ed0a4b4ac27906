package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import java.util.Map;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * The TA's mechanisms: what MECHANISM_IDS and MECHANISM_INFO report, and every operation that
 * uses key material. The object model (templates, defaults, storage, visibility) stays outside;
 * it hands keys in as {@link KeyView}s and takes new key material back as attribute values.
 * {@code params} is the mechanism's serialised parameter (optee-pkcs11-ta-abi.md §4.6) positioned
 * at its first byte, empty when the mechanism has none.
 */
public final class Mechanisms {
    private Mechanisms() {}

    /** What MECHANISM_INFO reports for one mechanism. */
    public record Info(int minKeySize, int maxKeySize, int flags) {}

    /** New key-pair material: attributes to add to the public and the private key. */
    public record KeyPairValues(Map<Integer, byte[]> publicAttributes, Map<Integer, byte[]> privateAttributes) {}

    /** The result of an encapsulation: the shared secret (a new secret key's value) and the ciphertext. */
    public record Encapsulated(byte[] sharedSecret, byte[] ciphertext) {}

    /** MECHANISM_IDS: every mechanism the TA reports, in the order reported. */
    public static int[] ids() {
        return new int[0];
    }

    /** MECHANISM_INFO, or null for a mechanism the TA does not know ({@code CKR_MECHANISM_INVALID}). */
    public static Info info(int mechanism) {
        return null;
    }

    /**
     * ENCRYPT_INIT, DECRYPT_INIT, SIGN_INIT, VERIFY_INIT, DIGEST_INIT ({@code key} null): checks
     * the mechanism, its parameter and the key in the reference TA's order (§3.2.5, §8.2) and
     * starts the operation.
     */
    public static Processing init(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        throw unsupported(mechanism);
    }

    /** GENERATE_KEY: the value of a new secret key of {@code keyType} and {@code valueLength} bytes (already checked by the object model). */
    public static byte[] generateSecret(int mechanism, ByteBuffer params, int keyType, int valueLength) throws CkException {
        throw unsupported(mechanism);
    }

    /** GENERATE_KEY_PAIR: the material of a new pair; the templates say the key type, size or curve. */
    public static KeyPairValues generateKeyPair(int mechanism, ByteBuffer params, KeyView publicTemplate,
            KeyView privateTemplate) throws CkException {
        throw unsupported(mechanism);
    }

    /** DERIVE_KEY: the derived secret key's value; {@code valueLength} is -1 when the template gives none. */
    public static byte[] derive(int mechanism, ByteBuffer params, KeyView parent, int valueLength) throws CkException {
        throw unsupported(mechanism);
    }

    /** WRAP_KEY: the wrapped blob of {@code key} (the object model has checked extractability). */
    public static byte[] wrap(int mechanism, ByteBuffer params, KeyView wrappingKey, KeyView key) throws CkException {
        throw unsupported(mechanism);
    }

    /** UNWRAP_KEY: the unwrapped key's attributes (CKA_VALUE of a secret key, the components of a private key). */
    public static Map<Integer, byte[]> unwrap(int mechanism, ByteBuffer params, KeyView unwrappingKey, byte[] wrapped,
            int objectClass, int keyType) throws CkException {
        throw unsupported(mechanism);
    }

    /** ML-KEM encapsulation with a public key. */
    public static Encapsulated encapsulate(int mechanism, ByteBuffer params, KeyView publicKey) throws CkException {
        throw unsupported(mechanism);
    }

    /** ML-KEM decapsulation with a private key: the shared secret. */
    public static byte[] decapsulate(int mechanism, ByteBuffer params, KeyView privateKey, byte[] ciphertext) throws CkException {
        throw unsupported(mechanism);
    }

    /**
     * Checks imported key material (C_CreateObject of a key) and returns the attributes the TA
     * computes from it: the hidden public point of an EC private key, the public key of an
     * ML-DSA/ML-KEM private key given by seed. Empty when nothing is computed.
     */
    public static Map<Integer, byte[]> completeImport(KeyView key) throws CkException {
        return Map.of();
    }

    /** CKA_CHECK_VALUE of a secret key: AES, the first 3 bytes of ECB(0^16); others, the first 3 bytes of SHA-1(value). */
    public static byte[] checkValue(int keyType, byte[] value) throws CkException {
        throw new CkException(Ck.CKR_FUNCTION_FAILED, "check value not available");
    }

    private static CkException unsupported(int mechanism) {
        return new CkException(Ck.CKR_MECHANISM_INVALID, "mechanism 0x" + Integer.toHexString(mechanism) + " is not supported");
    }
}
