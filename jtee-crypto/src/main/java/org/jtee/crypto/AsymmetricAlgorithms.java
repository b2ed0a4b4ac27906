package org.jtee.crypto;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The asymmetric, key-derivation and KEM algorithms this build supports, and their engines.
 *
 * <p>{@link #isSupported} follows OP-TEE's {@code TEE_IsAlgorithmSupported}: element
 * {@link TeeCurve#NONE} for everything but the elliptic-curve algorithms; ECDSA and ECDH with
 * their GP 1.1 meaning for the identifiers that carry one ({@code TEE_ALG_ECDSA_SHA1} is GP 1.1's
 * {@code ECDSA_P192}, so it answers for P-192 only, and so on up to SHA-512 and P-521; OP-TEE's
 * {@code __OPTEE_ALG_ECDSA_P*} and {@code __OPTEE_ALG_ECDH_P*} likewise), the GP 1.3.1
 * {@code TEE_ALG_ECDSA_SHA3_*} and {@code TEE_ALG_ECDH_DERIVE_SHARED_SECRET} on any NIST curve,
 * SM2 on {@link TeeCurve#SM2}, Ed25519 and X25519 on {@link TeeCurve#CURVE_25519}. Beyond OP-TEE:
 * the SHA-3 variants of RSA, DSA and ECDSA, RSASSA with MD5SHA1, and jtee's ML-KEM and ML-DSA.
 */
final class AsymmetricAlgorithms {
    private AsymmetricAlgorithms() {}

    /** Whether {@code algorithm} (on curve {@code element}, or {@link TeeCurve#NONE}) is supported. */
    static boolean isSupported(int algorithm, int element) {
        int legacyCurve = legacyCurve(algorithm);
        if (legacyCurve != TeeCurve.NONE) {
            return element == legacyCurve;
        }
        return switch (algorithm) {
            case TeeAlg.ECDSA_SHA3_224, TeeAlg.ECDSA_SHA3_256, TeeAlg.ECDSA_SHA3_384, TeeAlg.ECDSA_SHA3_512,
                    TeeAlg.ECDH_DERIVE_SHARED_SECRET -> EcCurves.nist(element) != null;
            case TeeAlg.SM2_DSA_SM3, TeeAlg.SM2_KEP, TeeAlg.SM2_PKE -> element == TeeCurve.SM2;
            case TeeAlg.ED25519, TeeAlg.X25519 -> element == TeeCurve.CURVE_25519;
            default -> element == TeeCurve.NONE && isSupportedWithoutCurve(algorithm);
        };
    }

    /** The one curve a GP 1.1-era ECDSA/ECDH identifier stands for, or NONE. */
    private static int legacyCurve(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.ECDSA_SHA1, TeeAlg.OPTEE_ECDSA_P192, TeeAlg.OPTEE_ECDH_P192 -> TeeCurve.NIST_P192;
            case TeeAlg.ECDSA_SHA224, TeeAlg.OPTEE_ECDSA_P224, TeeAlg.OPTEE_ECDH_P224 -> TeeCurve.NIST_P224;
            case TeeAlg.ECDSA_SHA256, TeeAlg.OPTEE_ECDSA_P256, TeeAlg.OPTEE_ECDH_P256 -> TeeCurve.NIST_P256;
            case TeeAlg.ECDSA_SHA384, TeeAlg.OPTEE_ECDSA_P384, TeeAlg.OPTEE_ECDH_P384 -> TeeCurve.NIST_P384;
            case TeeAlg.ECDSA_SHA512, TeeAlg.OPTEE_ECDSA_P521, TeeAlg.OPTEE_ECDH_P521 -> TeeCurve.NIST_P521;
            default -> TeeCurve.NONE;
        };
    }

    private static boolean isSupportedWithoutCurve(int algorithm) {
        try {
            create(algorithm, TeeCrypto.MODE_VERIFY);
            return true;
        } catch (TeeException e) {
            return false;
        }
    }

    /** A new engine for {@code algorithm} in {@code mode} (checked by the caller against the class). */
    static AsymmetricEngine create(int algorithm, int mode) throws TeeException {
        AsymmetricEngine e = createRsa(algorithm, mode);
        if (e == null) {
            e = createOther(algorithm, mode);
        }
        if (e == null) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("algorithm 0x%08X", algorithm));
        }
        return e;
    }

    private static AsymmetricEngine createRsa(int algorithm, int mode) {
        return switch (algorithm) {
            case TeeAlg.RSA_NOPAD, TeeAlg.RSAES_PKCS1_V1_5 -> new RsaCipherEngine(algorithm, mode, null);
            case TeeAlg.RSAES_PKCS1_OAEP_MGF1_MD5, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA224,
                    TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA384,
                    TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA512, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_224,
                    TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_256, TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_384,
                    TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_512 -> new RsaCipherEngine(algorithm, mode, hashOf(algorithm));
            case TeeAlg.RSASSA_PKCS1_V1_5 -> new RsaSignatureEngine(mode, null, false);
            case TeeAlg.RSASSA_PKCS1_V1_5_MD5, TeeAlg.RSASSA_PKCS1_V1_5_SHA1, TeeAlg.RSASSA_PKCS1_V1_5_SHA224,
                    TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeAlg.RSASSA_PKCS1_V1_5_SHA384, TeeAlg.RSASSA_PKCS1_V1_5_SHA512,
                    TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1, TeeAlg.RSASSA_PKCS1_V1_5_SHA3_224,
                    TeeAlg.RSASSA_PKCS1_V1_5_SHA3_256, TeeAlg.RSASSA_PKCS1_V1_5_SHA3_384,
                    TeeAlg.RSASSA_PKCS1_V1_5_SHA3_512 -> new RsaSignatureEngine(mode, hashOf(algorithm), false);
            case TeeAlg.RSASSA_PKCS1_PSS_MGF1_MD5, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA224,
                    TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA384,
                    TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA512, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_224,
                    TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_256, TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_384,
                    TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_512 -> new RsaSignatureEngine(mode, hashOf(algorithm), true);
            default -> null;
        };
    }

    private static AsymmetricEngine createOther(int algorithm, int mode) {
        int mlKem = MlKemEngine.parameterSetOf(algorithm);
        int mlDsa = MlDsaEngine.parameterSetOf(algorithm);
        return switch (algorithm) {
            case TeeAlg.DSA_SHA1, TeeAlg.DSA_SHA224, TeeAlg.DSA_SHA256, TeeAlg.DSA_SHA3_224, TeeAlg.DSA_SHA3_256,
                    TeeAlg.DSA_SHA3_384, TeeAlg.DSA_SHA3_512 -> new DsaEngine(mode, hashOf(algorithm));
            case TeeAlg.DH_DERIVE_SHARED_SECRET -> new DhEngine();
            case TeeAlg.ECDSA_SHA1, TeeAlg.ECDSA_SHA224, TeeAlg.ECDSA_SHA256, TeeAlg.ECDSA_SHA384, TeeAlg.ECDSA_SHA512,
                    TeeAlg.ECDSA_SHA3_224, TeeAlg.ECDSA_SHA3_256, TeeAlg.ECDSA_SHA3_384, TeeAlg.ECDSA_SHA3_512,
                    TeeAlg.OPTEE_ECDSA_P192, TeeAlg.OPTEE_ECDSA_P224, TeeAlg.OPTEE_ECDSA_P256,
                    TeeAlg.OPTEE_ECDSA_P384, TeeAlg.OPTEE_ECDSA_P521 -> new EcdsaEngine(mode);
            case TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeAlg.OPTEE_ECDH_P192, TeeAlg.OPTEE_ECDH_P224,
                    TeeAlg.OPTEE_ECDH_P256, TeeAlg.OPTEE_ECDH_P384, TeeAlg.OPTEE_ECDH_P521 -> new EcdhEngine();
            case TeeAlg.ED25519 -> new Ed25519Engine(mode);
            case TeeAlg.X25519 -> new X25519Engine();
            case TeeAlg.SM2_DSA_SM3 -> new Sm2DsaEngine(mode);
            case TeeAlg.SM2_PKE -> new Sm2PkeEngine(mode);
            case TeeAlg.SM2_KEP -> new Sm2KepEngine();
            case TeeAlg.HKDF -> new HkdfEngine(null);
            case TeeAlg.HKDF_MD5_DERIVE_KEY, TeeAlg.HKDF_SHA1_DERIVE_KEY, TeeAlg.HKDF_SHA224_DERIVE_KEY,
                    TeeAlg.HKDF_SHA256_DERIVE_KEY, TeeAlg.HKDF_SHA384_DERIVE_KEY,
                    TeeAlg.HKDF_SHA512_DERIVE_KEY -> new HkdfEngine(hashOf(algorithm));
            case TeeAlg.CONCAT_KDF_SHA1_DERIVE_KEY, TeeAlg.CONCAT_KDF_SHA224_DERIVE_KEY, TeeAlg.CONCAT_KDF_SHA256_DERIVE_KEY,
                    TeeAlg.CONCAT_KDF_SHA384_DERIVE_KEY,
                    TeeAlg.CONCAT_KDF_SHA512_DERIVE_KEY -> new ConcatKdfEngine(hashOf(algorithm));
            case TeeAlg.PBKDF2_HMAC_SHA1_DERIVE_KEY, TeeAlg.PBKDF2_HMAC_SHA224_DERIVE_KEY,
                    TeeAlg.PBKDF2_HMAC_SHA256_DERIVE_KEY, TeeAlg.PBKDF2_HMAC_SHA384_DERIVE_KEY,
                    TeeAlg.PBKDF2_HMAC_SHA512_DERIVE_KEY,
                    TeeAlg.PBKDF2_HMAC_SM3_DERIVE_KEY -> new Pbkdf2Engine(hashOf(algorithm));
            default -> mlKem != 0 ? new MlKemEngine(mlKem, mode) : mlDsa != 0 ? new MlDsaEngine(mlDsa, mode) : null;
        };
    }

    /**
     * The hash an algorithm identifier names in its bits 12–15 (GP's digest field for
     * signatures and OP-TEE's KDFs, {@code TEE_ALG_GET_DIGEST_HASH}) or, for OAEP, bits 20–23
     * ({@code TEE_ALG_GET_INTERNAL_HASH}): 1 MD5, 2 SHA-1, 3–6 SHA-224 to SHA-512, 7 SM3,
     * 8–0xB SHA3-224 to SHA3-512, 0xF MD5SHA1.
     */
    static HashSpec hashOf(int algorithm) {
        boolean oaep = (algorithm & 0x0000FFFF) == 0x0230;
        int code = oaep ? (algorithm >>> 20) & 0xF : (algorithm >>> 12) & 0xF;
        return switch (code) {
            case 0x1 -> HashSpec.MD5;
            case 0x2 -> HashSpec.SHA1;
            case 0x3 -> HashSpec.SHA224;
            case 0x4 -> HashSpec.SHA256;
            case 0x5 -> HashSpec.SHA384;
            case 0x6 -> HashSpec.SHA512;
            case 0x7 -> HashSpec.SM3;
            case 0x8 -> HashSpec.SHA3_224;
            case 0x9 -> HashSpec.SHA3_256;
            case 0xA -> HashSpec.SHA3_384;
            case 0xB -> HashSpec.SHA3_512;
            case 0xF -> HashSpec.MD5SHA1;
            default -> throw new IllegalArgumentException(String.format("algorithm 0x%08X names no hash", algorithm));
        };
    }
}
