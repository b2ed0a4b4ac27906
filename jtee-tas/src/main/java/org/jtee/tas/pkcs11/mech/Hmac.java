package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeType;

/** The HMAC mechanisms and the hashes behind them: GP algorithms and types, key types, lengths. */
final class Hmac {
    private Hmac() {}

    /** The hash mechanism ({@code CKM_SHA256} ...) an HMAC mechanism is built on; -1 for none. */
    static int hashOf(int mechanism) {
        return switch (mechanism) {
            case CKM_MD5_HMAC, CKM_MD5_HMAC_GENERAL -> CKM_MD5;
            case CKM_SHA_1_HMAC, CKM_SHA_1_HMAC_GENERAL -> CKM_SHA_1;
            case CKM_SHA224_HMAC, CKM_SHA224_HMAC_GENERAL -> CKM_SHA224;
            case CKM_SHA256_HMAC, CKM_SHA256_HMAC_GENERAL -> CKM_SHA256;
            case CKM_SHA384_HMAC, CKM_SHA384_HMAC_GENERAL -> CKM_SHA384;
            case CKM_SHA512_HMAC, CKM_SHA512_HMAC_GENERAL -> CKM_SHA512;
            default -> -1;
        };
    }

    static boolean isHmac(int mechanism) {
        return hashOf(mechanism) >= 0;
    }

    static boolean isGeneral(int mechanism) {
        return switch (mechanism) {
            case CKM_MD5_HMAC_GENERAL, CKM_SHA_1_HMAC_GENERAL, CKM_SHA224_HMAC_GENERAL, CKM_SHA256_HMAC_GENERAL,
                    CKM_SHA384_HMAC_GENERAL, CKM_SHA512_HMAC_GENERAL, CKM_AES_CMAC_GENERAL -> true;
            default -> false;
        };
    }

    /** The {@code CKK_*_HMAC} key type of an HMAC mechanism. */
    static int keyType(int mechanism) {
        return switch (hashOf(mechanism)) {
            case CKM_MD5 -> CKK_MD5_HMAC;
            case CKM_SHA_1 -> CKK_SHA_1_HMAC;
            case CKM_SHA224 -> CKK_SHA224_HMAC;
            case CKM_SHA256 -> CKK_SHA256_HMAC;
            case CKM_SHA384 -> CKK_SHA384_HMAC;
            case CKM_SHA512 -> CKK_SHA512_HMAC;
            default -> -1;
        };
    }

    /** The GP HMAC algorithm of an HMAC mechanism. */
    static int algorithm(int mechanism) {
        return switch (hashOf(mechanism)) {
            case CKM_MD5 -> TeeAlg.HMAC_MD5;
            case CKM_SHA_1 -> TeeAlg.HMAC_SHA1;
            case CKM_SHA224 -> TeeAlg.HMAC_SHA224;
            case CKM_SHA256 -> TeeAlg.HMAC_SHA256;
            case CKM_SHA384 -> TeeAlg.HMAC_SHA384;
            default -> TeeAlg.HMAC_SHA512;
        };
    }

    /** The GP key type of an HMAC mechanism's keys. */
    static int teeType(int mechanism) {
        return switch (hashOf(mechanism)) {
            case CKM_MD5 -> TeeType.HMAC_MD5;
            case CKM_SHA_1 -> TeeType.HMAC_SHA1;
            case CKM_SHA224 -> TeeType.HMAC_SHA224;
            case CKM_SHA256 -> TeeType.HMAC_SHA256;
            case CKM_SHA384 -> TeeType.HMAC_SHA384;
            default -> TeeType.HMAC_SHA512;
        };
    }

    /** The GP digest algorithm of a hash mechanism ({@code CKM_SHA256} ...); -1 for none. */
    static int digestAlgorithm(int hashMechanism) {
        return switch (hashMechanism) {
            case CKM_MD5 -> TeeAlg.MD5;
            case CKM_SHA_1 -> TeeAlg.SHA1;
            case CKM_SHA224 -> TeeAlg.SHA224;
            case CKM_SHA256 -> TeeAlg.SHA256;
            case CKM_SHA384 -> TeeAlg.SHA384;
            case CKM_SHA512 -> TeeAlg.SHA512;
            default -> -1;
        };
    }

    /** The output length of a hash mechanism; -1 for none. */
    static int digestLength(int hashMechanism) {
        return switch (hashMechanism) {
            case CKM_MD5 -> 16;
            case CKM_SHA_1 -> 20;
            case CKM_SHA224 -> 28;
            case CKM_SHA256 -> 32;
            case CKM_SHA384 -> 48;
            case CKM_SHA512 -> 64;
            default -> -1;
        };
    }

    /** The JDK's name of a hash mechanism. */
    static String jdkName(int hashMechanism) {
        return switch (hashMechanism) {
            case CKM_MD5 -> "MD5";
            case CKM_SHA_1 -> "SHA-1";
            case CKM_SHA224 -> "SHA-224";
            case CKM_SHA256 -> "SHA-256";
            case CKM_SHA384 -> "SHA-384";
            default -> "SHA-512";
        };
    }
}
