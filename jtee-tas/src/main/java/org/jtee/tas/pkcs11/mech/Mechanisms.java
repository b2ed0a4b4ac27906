package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.util.Map;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * The TA's mechanisms: what MECHANISM_IDS and MECHANISM_INFO report, and every operation that
 * uses key material. The object model (templates, defaults, storage, visibility) stays outside;
 * it hands keys in as {@link KeyView}s and takes new key material back as attribute values.
 * {@code params} is the mechanism's serialised parameter (optee-pkcs11-ta-abi.md §4.6) positioned
 * at its first byte, empty when the mechanism has none; it is read without being moved.
 *
 * <p>Check order of an init (§3.2.5, §8.2): the mechanism serves the function
 * ({@code CKR_MECHANISM_INVALID}), the key may serve it ({@link #checkKey}), then the parameter
 * and the key's size. An object model that must run its own checks (login) between the key
 * checks and the parameter checks, as the reference does, calls {@link #checkKey} first; the
 * checks are repeated by {@link #init} and cost nothing.
 *
 * <p>A GP panic (a misuse of the GP API the checks here should keep out) does not end the TA: it
 * becomes {@code CKR_GENERAL_ERROR} for the call ({@link Guarded}).
 *
 * <p>Key material is parsed once per key and kept in {@link KeyView#material(Object)} (an
 * {@link AutoCloseable}: close it when dropping it, so that the key copies are wiped).
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
        return MechanismTable.ids();
    }

    /** MECHANISM_INFO, or null for a mechanism the TA does not know ({@code CKR_MECHANISM_INVALID}). */
    public static Info info(int mechanism) {
        MechanismTable.Entry e = MechanismTable.find(mechanism);
        return e == null ? null : new Info(e.minKeySize(), e.maxKeySize(), e.flags());
    }

    /**
     * {@code CKR_MECHANISM_INVALID} unless {@code mechanism} is known, enabled and serves
     * {@code function} (a {@code Ck.FUNCTION_*}); the key checks are {@link #checkKey}'s.
     */
    public static void require(int mechanism, int function) throws CkException {
        MechanismTable.require(mechanism, function);
    }

    /**
     * The mechanism and key checks of an init, derive, wrap or unwrap, with that function's codes:
     * {@code CKR_MECHANISM_INVALID} when the mechanism does not serve {@code function}, then the
     * key's function flag, class and type, and CKA_ALLOWED_MECHANISMS (§8.2; P13, P14).
     */
    public static void checkKey(int function, int mechanism, KeyView key) throws CkException {
        require(mechanism, function);
        if (key != null) {
            KeyChecks.check(function, mechanism, key);
        }
    }

    /**
     * ENCRYPT_INIT, DECRYPT_INIT, SIGN_INIT, VERIFY_INIT, DIGEST_INIT ({@code key} null): checks
     * the mechanism, its parameter and the key in the reference TA's order (§3.2.5, §8.2) and
     * starts the operation.
     */
    public static Processing init(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        return Guarded.wrap(Guarded.call(() -> start(function, mechanism, params, key)));
    }

    private static Processing start(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        MechanismTable.require(mechanism, function);
        if (function == FUNCTION_DIGEST) {
            return DigestProcessing.start(mechanism, params);
        }
        if (key == null) {
            throw new CkException(CKR_KEY_HANDLE_INVALID, "the operation needs a key");
        }
        KeyChecks.check(function, mechanism, key);
        return switch (mechanism) {
            case CKM_AES_ECB, CKM_AES_CBC, CKM_AES_CTS, CKM_AES_CTR -> CipherProcessing.start(function, mechanism, params,
                    key);
            case CKM_AES_GCM -> GcmProcessing.start(function, params, key);
            case CKM_AES_CMAC, CKM_AES_CMAC_GENERAL -> MacProcessing.start(function, mechanism, params, key);
            default -> Hmac.isHmac(mechanism) ? MacProcessing.start(function, mechanism, params, key)
                    : Asymmetric.start(function, mechanism, params, key);
        };
    }

    /** GENERATE_KEY: the value of a new secret key of {@code keyType} and {@code valueLength} bytes (already checked by the object model). */
    public static byte[] generateSecret(int mechanism, ByteBuffer params, int keyType, int valueLength) throws CkException {
        return Guarded.call(() -> SecretGeneration.generate(mechanism, params, keyType, valueLength));
    }

    /** GENERATE_KEY_PAIR: the material of a new pair; the templates say the key type, size or curve. */
    public static KeyPairValues generateKeyPair(int mechanism, ByteBuffer params, KeyView publicTemplate,
            KeyView privateTemplate) throws CkException {
        MechanismTable.require(mechanism, FUNCTION_GENERATE_PAIR);
        return Guarded.call(() -> KeyPairs.generate(mechanism, params, publicTemplate, privateTemplate));
    }

    /** DERIVE_KEY: the derived secret key's value; {@code valueLength} is -1 when the template gives none. */
    public static byte[] derive(int mechanism, ByteBuffer params, KeyView parent, int valueLength) throws CkException {
        checkKey(FUNCTION_DERIVE, mechanism, parent);
        return Guarded.call(() -> Derivation.derive(mechanism, params, parent, valueLength));
    }

    /** WRAP_KEY: the wrapped blob of {@code key} (the object model has checked extractability). */
    public static byte[] wrap(int mechanism, ByteBuffer params, KeyView wrappingKey, KeyView key) throws CkException {
        checkKey(FUNCTION_WRAP, mechanism, wrappingKey);
        return Guarded.call(() -> KeyWrap.wrap(mechanism, params, wrappingKey, key));
    }

    /**
     * UNWRAP_KEY: the unwrapped key's attributes (CKA_VALUE of a secret key, at its full unwrapped
     * length, which the object model cuts to a template's CKA_VALUE_LEN; the components of an RSA
     * private key: CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT, CKA_PRIME_1,
     * CKA_PRIME_2, and the CRT exponents and coefficient when the blob has them).
     */
    public static Map<Integer, byte[]> unwrap(int mechanism, ByteBuffer params, KeyView unwrappingKey, byte[] wrapped,
            int objectClass, int keyType) throws CkException {
        checkKey(FUNCTION_UNWRAP, mechanism, unwrappingKey);
        return Guarded.call(() -> KeyWrap.unwrap(mechanism, params, unwrappingKey, wrapped, objectClass, keyType));
    }

    /** ML-KEM encapsulation with a public key. */
    public static Encapsulated encapsulate(int mechanism, ByteBuffer params, KeyView publicKey) throws CkException {
        return Guarded.call(() -> MlKem.encapsulate(mechanism, params, publicKey));
    }

    /** ML-KEM decapsulation with a private key: the shared secret. */
    public static byte[] decapsulate(int mechanism, ByteBuffer params, KeyView privateKey, byte[] ciphertext) throws CkException {
        return Guarded.call(() -> MlKem.decapsulate(mechanism, params, privateKey, ciphertext));
    }

    /**
     * Checks imported key material (C_CreateObject of a key) and returns the attributes the TA
     * computes from it: the hidden public point of an EC private key, the public key of an
     * ML-DSA/ML-KEM private key given by seed. Empty when nothing is computed.
     */
    public static Map<Integer, byte[]> completeImport(KeyView key) throws CkException {
        return Guarded.call(() -> Imports.complete(key));
    }

    /** CKA_CHECK_VALUE of a secret key: AES, the first 3 bytes of ECB(0^16); others, the first 3 bytes of SHA-1(value). */
    public static byte[] checkValue(int keyType, byte[] value) throws CkException {
        return Guarded.call(() -> SecretGeneration.checkValue(keyType, value));
    }

    static CkException unsupported(int mechanism) {
        return new CkException(Ck.CKR_MECHANISM_INVALID, "mechanism 0x" + Integer.toHexString(mechanism) + " is not supported");
    }
}
