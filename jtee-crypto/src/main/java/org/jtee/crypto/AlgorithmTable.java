package org.jtee.crypto;

import static org.jtee.crypto.TeeCrypto.MODE_DECAPSULATE;
import static org.jtee.crypto.TeeCrypto.MODE_DECRYPT;
import static org.jtee.crypto.TeeCrypto.MODE_DERIVE;
import static org.jtee.crypto.TeeCrypto.MODE_DIGEST;
import static org.jtee.crypto.TeeCrypto.MODE_ENCAPSULATE;
import static org.jtee.crypto.TeeCrypto.MODE_ENCRYPT;
import static org.jtee.crypto.TeeCrypto.MODE_MAC;
import static org.jtee.crypto.TeeCrypto.MODE_SIGN;
import static org.jtee.crypto.TeeCrypto.MODE_VERIFY;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * What {@code TEE_AllocateOperation} knows about each algorithm: the switch of OP-TEE's libutee
 * ({@code lib/libutee/tee_api_operations.c}) as a table. For one algorithm and mode it gives the
 * operation class, the key usage a key must allow, the type of the operation's own key object
 * (public or key pair, as {@code TEE_ALG_GET_KEY_TYPE(algo, with_private_key)}), the block size
 * libutee buffers to, whether two blocks are kept back (CTS, XTS), {@code digestLength}, and the
 * rule on {@code maxKeySize}.
 *
 * <p>Beyond OP-TEE 4.10's switch it lists GP 1.3.1's SHA-3 signature variants, Ed448, X448 and
 * the generic HKDF (their engines, not this table, say whether they are supported) and jtee's
 * ML-KEM and ML-DSA. Their maximum key size is the parameter set: 512, 768 or 1024 for ML-KEM,
 * 44, 65 or 87 for ML-DSA, which is also the object size of their keys.
 */
final class AlgorithmTable {
    private AlgorithmTable() {}

    /** How modes map to key usage and key kind, as the case groups of libutee's switch. */
    enum Kind {
        /** Symmetric cipher or AE: encrypt or decrypt. */
        CIPHER,
        /** Digest: mode digest, no key. */
        DIGEST,
        /** MAC: mode MAC. */
        MAC,
        /** Signature: sign with the key pair, verify with the public key. */
        SIGNATURE,
        /** Asymmetric cipher: encrypt with the public key, decrypt with the key pair. */
        ASYMMETRIC_CIPHER,
        /** {@code TEE_ALG_RSA_NOPAD}: as an asymmetric cipher, but the usage includes verify or sign. */
        RSA_NOPAD,
        /** Key derivation: mode derive, with the key pair (or the secret). */
        DERIVE,
        /** jtee's KEM: encapsulate with the public key, decapsulate with the key pair. */
        KEM
    }

    /**
     * One algorithm.
     *
     * @param algorithm the {@code TEE_ALG_*} value
     * @param operationClass {@code TEE_OPERATION_*}
     * @param kind the mode group
     * @param publicKeyType the key type for modes using the public key (or the secret key type)
     * @param privateKeyType the key type for modes using the private key
     * @param blockSize the block size libutee buffers to (1: none)
     * @param twoBlocks whether two blocks are kept back (CTS, XTS)
     * @param digestLength {@code TEE_ALG_GET_DIGEST_SIZE}
     * @param maxKeySizeRule which {@code maxKeySize} values allocation accepts (before the key
     *     object's own size rule)
     */
    record Spec(int algorithm, int operationClass, Kind kind, int publicKeyType, int privateKeyType, int blockSize,
            boolean twoBlocks, int digestLength, IntPredicate maxKeySizeRule) {

        /** Whether two keys are expected ({@code TEE_HANDLE_FLAG_EXPECT_TWO_KEYS}). */
        boolean twoKeys() {
            return algorithm == TeeAlg.AES_XTS || algorithm == TeeAlg.SM4_XTS || algorithm == TeeAlg.SM2_KEP;
        }

        /** Whether the algorithm needs no key (digests). */
        boolean keyless() {
            return kind == Kind.DIGEST;
        }

        /** Whether {@code mode} is allowed. */
        boolean allows(int mode) {
            return switch (kind) {
                case CIPHER, ASYMMETRIC_CIPHER, RSA_NOPAD -> mode == MODE_ENCRYPT || mode == MODE_DECRYPT;
                case SIGNATURE -> mode == MODE_SIGN || mode == MODE_VERIFY;
                case DIGEST -> mode == MODE_DIGEST;
                case MAC -> mode == MODE_MAC;
                case DERIVE -> mode == MODE_DERIVE;
                case KEM -> mode == MODE_ENCAPSULATE || mode == MODE_DECAPSULATE;
            };
        }

        /** The usage bits a key must allow in {@code mode} ({@code requiredKeyUsage}). */
        int requiredUsage(int mode) {
            return switch (kind) {
                case CIPHER, ASYMMETRIC_CIPHER -> mode == MODE_ENCRYPT ? TeeCrypto.USAGE_ENCRYPT : TeeCrypto.USAGE_DECRYPT;
                case RSA_NOPAD -> mode == MODE_ENCRYPT ? TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_VERIFY
                        : TeeCrypto.USAGE_DECRYPT | TeeCrypto.USAGE_SIGN;
                case SIGNATURE -> mode == MODE_SIGN ? TeeCrypto.USAGE_SIGN : TeeCrypto.USAGE_VERIFY;
                case DIGEST -> 0;
                case MAC -> TeeCrypto.USAGE_MAC;
                case DERIVE -> TeeCrypto.USAGE_DERIVE;
                case KEM -> mode == MODE_ENCAPSULATE ? TeeCrypto.USAGE_ENCRYPT : TeeCrypto.USAGE_DECRYPT;
            };
        }

        /** The type of the operation's key object in {@code mode} (libutee's {@code with_private_key}). */
        int keyType(int mode) {
            boolean withPrivate = switch (kind) {
                case SIGNATURE -> mode == MODE_SIGN;
                case ASYMMETRIC_CIPHER, RSA_NOPAD -> mode == MODE_DECRYPT;
                case DERIVE -> true;
                case KEM -> mode == MODE_DECAPSULATE;
                default -> false;
            };
            return withPrivate ? privateKeyType : publicKeyType;
        }

        /** Whether the algorithm is symmetric (its engine is this package's, not an {@link AsymmetricEngine}). */
        boolean symmetric() {
            return switch (kind) {
                case CIPHER, DIGEST, MAC -> true;
                default -> false;
            };
        }
    }

    private static final IntPredicate ANY = size -> true;
    private static final Map<Integer, Spec> SPECS = new HashMap<>();

    static {
        symmetric();
        digestsAndMacs();
        rsa();
        dsaAndEcc();
        derivation();
        postQuantum();
    }

    /** The entry for {@code algorithm}, or {@code null} if allocation does not know it. */
    static Spec find(int algorithm) {
        return SPECS.get(algorithm);
    }

    private static void symmetric() {
        cipher(TeeAlg.AES_ECB_NOPAD, TeeType.AES, 16, false);
        cipher(TeeAlg.AES_CBC_NOPAD, TeeType.AES, 16, false);
        cipher(TeeAlg.AES_CTR, TeeType.AES, 1, false);
        cipher(TeeAlg.AES_CTS, TeeType.AES, 16, true);
        cipher(TeeAlg.AES_XTS, TeeType.AES, 16, true);
        cipher(TeeAlg.DES_ECB_NOPAD, TeeType.DES, 8, false);
        cipher(TeeAlg.DES_CBC_NOPAD, TeeType.DES, 8, false);
        cipher(TeeAlg.DES3_ECB_NOPAD, TeeType.DES3, 8, false);
        cipher(TeeAlg.DES3_CBC_NOPAD, TeeType.DES3, 8, false);
        cipher(TeeAlg.SM4_ECB_NOPAD, TeeType.SM4, 16, false);
        cipher(TeeAlg.SM4_CBC_NOPAD, TeeType.SM4, 16, false);
        cipher(TeeAlg.SM4_CTR, TeeType.SM4, 16, false);
        cipher(TeeAlg.SM4_XTS, TeeType.SM4, 16, true);
        put(TeeAlg.AES_CCM, TeeCrypto.OPERATION_AE, Kind.CIPHER, TeeType.AES, TeeType.AES, 16, false, 0, ANY);
        put(TeeAlg.AES_GCM, TeeCrypto.OPERATION_AE, Kind.CIPHER, TeeType.AES, TeeType.AES, 1, false, 0, ANY);
    }

    private static void digestsAndMacs() {
        digest(TeeAlg.MD5, 16);
        digest(TeeAlg.SHA1, 20);
        digest(TeeAlg.SHA224, 28);
        digest(TeeAlg.SHA256, 32);
        digest(TeeAlg.SHA384, 48);
        digest(TeeAlg.SHA512, 64);
        digest(TeeAlg.SHA3_224, 28);
        digest(TeeAlg.SHA3_256, 32);
        digest(TeeAlg.SHA3_384, 48);
        digest(TeeAlg.SHA3_512, 64);
        digest(TeeAlg.SHAKE128, 0);
        digest(TeeAlg.SHAKE256, 0);
        digest(TeeAlg.SM3, 32);
        mac(TeeAlg.HMAC_MD5, TeeType.HMAC_MD5, 16);
        mac(TeeAlg.HMAC_SHA1, TeeType.HMAC_SHA1, 20);
        mac(TeeAlg.HMAC_SHA224, TeeType.HMAC_SHA224, 28);
        mac(TeeAlg.HMAC_SHA256, TeeType.HMAC_SHA256, 32);
        mac(TeeAlg.HMAC_SHA384, TeeType.HMAC_SHA384, 48);
        mac(TeeAlg.HMAC_SHA512, TeeType.HMAC_SHA512, 64);
        mac(TeeAlg.HMAC_SHA3_224, TeeType.HMAC_SHA3_224, 28);
        mac(TeeAlg.HMAC_SHA3_256, TeeType.HMAC_SHA3_256, 32);
        mac(TeeAlg.HMAC_SHA3_384, TeeType.HMAC_SHA3_384, 48);
        mac(TeeAlg.HMAC_SHA3_512, TeeType.HMAC_SHA3_512, 64);
        mac(TeeAlg.HMAC_SM3, TeeType.HMAC_SM3, 32);
        mac(TeeAlg.AES_CBC_MAC_NOPAD, TeeType.AES, 16);
        mac(TeeAlg.AES_CBC_MAC_PKCS5, TeeType.AES, 16);
        mac(TeeAlg.AES_CMAC, TeeType.AES, 16);
        mac(TeeAlg.DES_CBC_MAC_NOPAD, TeeType.DES, 8);
        mac(TeeAlg.DES_CBC_MAC_PKCS5, TeeType.DES, 8);
        mac(TeeAlg.DES3_CBC_MAC_NOPAD, TeeType.DES3, 8);
        mac(TeeAlg.DES3_CBC_MAC_PKCS5, TeeType.DES3, 8);
        mac(TeeAlg.DES3_CMAC, TeeType.DES3, 8);
    }

    private static void rsa() {
        for (int alg : new int[] {TeeAlg.RSASSA_PKCS1_V1_5, TeeAlg.RSASSA_PKCS1_V1_5_MD5, TeeAlg.RSASSA_PKCS1_V1_5_SHA1,
                TeeAlg.RSASSA_PKCS1_V1_5_SHA224, TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeAlg.RSASSA_PKCS1_V1_5_SHA384,
                TeeAlg.RSASSA_PKCS1_V1_5_SHA512, TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1, TeeAlg.RSASSA_PKCS1_V1_5_SHA3_224,
                TeeAlg.RSASSA_PKCS1_V1_5_SHA3_256, TeeAlg.RSASSA_PKCS1_V1_5_SHA3_384,
                TeeAlg.RSASSA_PKCS1_V1_5_SHA3_512, TeeAlg.RSASSA_PKCS1_PSS_MGF1_MD5, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1,
                TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA224, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256,
                TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA384, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA512,
                TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_224, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_256,
                TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_384, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_512}) {
            asymmetric(alg, TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE, Kind.SIGNATURE, TeeType.RSA_PUBLIC_KEY,
                    TeeType.RSA_KEYPAIR, 0, ANY);
        }
        for (int alg : new int[] {TeeAlg.RSAES_PKCS1_V1_5, TeeAlg.RSAES_PKCS1_OAEP_MGF1_MD5,
                TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA224,
                TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA384,
                TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA512, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_224,
                TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_256, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_384,
                TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_512}) {
            asymmetric(alg, TeeCrypto.OPERATION_ASYMMETRIC_CIPHER, Kind.ASYMMETRIC_CIPHER, TeeType.RSA_PUBLIC_KEY,
                    TeeType.RSA_KEYPAIR, 0, ANY);
        }
        asymmetric(TeeAlg.RSA_NOPAD, TeeCrypto.OPERATION_ASYMMETRIC_CIPHER, Kind.RSA_NOPAD, TeeType.RSA_PUBLIC_KEY,
                TeeType.RSA_KEYPAIR, 0, ANY);
    }

    private static void dsaAndEcc() {
        IntPredicate dsa1 = s -> s >= 512 && s <= 1024 && s % 64 == 0;
        signature(TeeAlg.DSA_SHA1, TeeType.DSA_PUBLIC_KEY, TeeType.DSA_KEYPAIR, 20, dsa1);
        signature(TeeAlg.DSA_SHA224, TeeType.DSA_PUBLIC_KEY, TeeType.DSA_KEYPAIR, 28, s -> s == 2048);
        signature(TeeAlg.DSA_SHA256, TeeType.DSA_PUBLIC_KEY, TeeType.DSA_KEYPAIR, 32, s -> s == 2048 || s == 3072);
        for (int alg : new int[] {TeeAlg.DSA_SHA3_224, TeeAlg.DSA_SHA3_256, TeeAlg.DSA_SHA3_384, TeeAlg.DSA_SHA3_512}) {
            signature(alg, TeeType.DSA_PUBLIC_KEY, TeeType.DSA_KEYPAIR, 0, ANY);
        }
        int[][] ecdsa = {{TeeAlg.ECDSA_SHA1, 192, 20}, {TeeAlg.ECDSA_SHA224, 224, 28}, {TeeAlg.ECDSA_SHA256, 256, 32},
                {TeeAlg.ECDSA_SHA384, 384, 48}, {TeeAlg.ECDSA_SHA512, 521, 64}, {TeeAlg.OPTEE_ECDSA_P192, 192, 0},
                {TeeAlg.OPTEE_ECDSA_P224, 224, 0}, {TeeAlg.OPTEE_ECDSA_P256, 256, 0}, {TeeAlg.OPTEE_ECDSA_P384, 384, 0},
                {TeeAlg.OPTEE_ECDSA_P521, 521, 0}};
        for (int[] e : ecdsa) {
            int size = e[1];
            signature(e[0], TeeType.ECDSA_PUBLIC_KEY, TeeType.ECDSA_KEYPAIR, e[2], s -> s == size);
        }
        for (int alg : new int[] {TeeAlg.ECDSA_SHA3_224, TeeAlg.ECDSA_SHA3_256, TeeAlg.ECDSA_SHA3_384,
                TeeAlg.ECDSA_SHA3_512}) {
            signature(alg, TeeType.ECDSA_PUBLIC_KEY, TeeType.ECDSA_KEYPAIR, 0, s -> s <= 521);
        }
        signature(TeeAlg.ED25519, TeeType.ED25519_PUBLIC_KEY, TeeType.ED25519_KEYPAIR, 0, s -> s == 256);
        signature(TeeAlg.ED448, TeeType.ED448_PUBLIC_KEY, TeeType.ED448_KEYPAIR, 0, s -> s == 448);
        signature(TeeAlg.SM2_DSA_SM3, TeeType.SM2_DSA_PUBLIC_KEY, TeeType.SM2_DSA_KEYPAIR, 0, s -> s == 256);
        asymmetric(TeeAlg.SM2_PKE, TeeCrypto.OPERATION_ASYMMETRIC_CIPHER, Kind.ASYMMETRIC_CIPHER,
                TeeType.SM2_PKE_PUBLIC_KEY, TeeType.SM2_PKE_KEYPAIR, 0, s -> s == 256);
    }

    private static void derivation() {
        derive(TeeAlg.DH_DERIVE_SHARED_SECRET, TeeType.DH_KEYPAIR, ANY);
        derive(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeType.ECDH_KEYPAIR, s -> s <= 521);
        int[][] ecdh = {{TeeAlg.OPTEE_ECDH_P192, 192}, {TeeAlg.OPTEE_ECDH_P224, 224}, {TeeAlg.OPTEE_ECDH_P256, 256},
                {TeeAlg.OPTEE_ECDH_P384, 384}, {TeeAlg.OPTEE_ECDH_P521, 521}};
        for (int[] e : ecdh) {
            int size = e[1];
            derive(e[0], TeeType.ECDH_KEYPAIR, s -> s == size);
        }
        derive(TeeAlg.X25519, TeeType.X25519_KEYPAIR, s -> s == 256);
        derive(TeeAlg.X448, TeeType.X448_KEYPAIR, s -> s == 448);
        derive(TeeAlg.SM2_KEP, TeeType.SM2_KEP_KEYPAIR, s -> s == 512);
        derive(TeeAlg.HKDF, TeeType.HKDF, ANY);
        for (int alg : new int[] {TeeAlg.HKDF_MD5_DERIVE_KEY, TeeAlg.HKDF_SHA1_DERIVE_KEY, TeeAlg.HKDF_SHA224_DERIVE_KEY,
                TeeAlg.HKDF_SHA256_DERIVE_KEY, TeeAlg.HKDF_SHA384_DERIVE_KEY, TeeAlg.HKDF_SHA512_DERIVE_KEY}) {
            derive(alg, TeeType.HKDF_IKM, ANY);
        }
        for (int alg : new int[] {TeeAlg.CONCAT_KDF_SHA1_DERIVE_KEY, TeeAlg.CONCAT_KDF_SHA224_DERIVE_KEY,
                TeeAlg.CONCAT_KDF_SHA256_DERIVE_KEY, TeeAlg.CONCAT_KDF_SHA384_DERIVE_KEY,
                TeeAlg.CONCAT_KDF_SHA512_DERIVE_KEY}) {
            derive(alg, TeeType.CONCAT_KDF_Z, ANY);
        }
        for (int alg : new int[] {TeeAlg.PBKDF2_HMAC_SHA1_DERIVE_KEY, TeeAlg.PBKDF2_HMAC_SHA224_DERIVE_KEY,
                TeeAlg.PBKDF2_HMAC_SHA256_DERIVE_KEY, TeeAlg.PBKDF2_HMAC_SHA384_DERIVE_KEY,
                TeeAlg.PBKDF2_HMAC_SHA512_DERIVE_KEY, TeeAlg.PBKDF2_HMAC_SM3_DERIVE_KEY}) {
            derive(alg, TeeType.PBKDF2_PASSWORD, ANY);
        }
    }

    private static void postQuantum() {
        int[][] kem = {{TeeAlg.ML_KEM_512, 512}, {TeeAlg.ML_KEM_768, 768}, {TeeAlg.ML_KEM_1024, 1024}};
        for (int[] k : kem) {
            int size = k[1];
            asymmetric(k[0], TeeCrypto.OPERATION_KEM, Kind.KEM, TeeType.ML_KEM_PUBLIC_KEY, TeeType.ML_KEM_KEYPAIR, 0,
                    s -> s == size);
        }
        int[][] dsa = {{TeeAlg.ML_DSA_44, 44}, {TeeAlg.ML_DSA_65, 65}, {TeeAlg.ML_DSA_87, 87}};
        for (int[] d : dsa) {
            int size = d[1];
            signature(d[0], TeeType.ML_DSA_PUBLIC_KEY, TeeType.ML_DSA_KEYPAIR, 0, s -> s == size);
        }
    }

    private static void cipher(int alg, int keyType, int blockSize, boolean twoBlocks) {
        put(alg, TeeCrypto.OPERATION_CIPHER, Kind.CIPHER, keyType, keyType, blockSize, twoBlocks, 0, ANY);
    }

    private static void digest(int alg, int length) {
        put(alg, TeeCrypto.OPERATION_DIGEST, Kind.DIGEST, 0, 0, 1, false, length, ANY);
    }

    private static void mac(int alg, int keyType, int length) {
        put(alg, TeeCrypto.OPERATION_MAC, Kind.MAC, keyType, keyType, 1, false, length, ANY);
    }

    private static void signature(int alg, int publicType, int pairType, int digestLength, IntPredicate sizes) {
        asymmetric(alg, TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE, Kind.SIGNATURE, publicType, pairType, digestLength,
                sizes);
    }

    private static void derive(int alg, int keyType, IntPredicate sizes) {
        asymmetric(alg, TeeCrypto.OPERATION_KEY_DERIVATION, Kind.DERIVE, keyType, keyType, 0, sizes);
    }

    private static void asymmetric(int alg, int opClass, Kind kind, int publicType, int pairType, int digestLength,
            IntPredicate sizes) {
        put(alg, opClass, kind, publicType, pairType, 1, false, digestLength, sizes);
    }

    private static void put(int alg, int opClass, Kind kind, int publicType, int pairType, int blockSize,
            boolean twoBlocks, int digestLength, IntPredicate sizes) {
        SPECS.putIfAbsent(alg, new Spec(alg, opClass, kind, publicType, pairType, blockSize, twoBlocks, digestLength,
                sizes));
    }
}
