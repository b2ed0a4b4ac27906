package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import org.jtee.crypto.TeeAlg;
import org.jtee.tas.pkcs11.CkException;

/**
 * The RSA mechanism parameters (optee-pkcs11-ta-abi.md §4.6) and the GP algorithms they select:
 *
 * <pre>
 * PSS:              u32 hashAlg | u32 mgf | u32 sLen                                   (12 bytes)
 * OAEP:             u32 hashAlg | u32 mgf | u32 source | u32 source_len | source_data
 * RSA_AES_KEY_WRAP: u32 aes_key_bits | the OAEP parameter
 * </pre>
 *
 * The reference checks these while it picks the GP algorithm and folds every fault (a
 * truncation, trailing bytes, an unknown hash, a hash and MGF that do not pair, a source other
 * than {@code CKZ_DATA_SPECIFIED}) into {@code CKR_FUNCTION_FAILED}; so does this class.
 */
final class RsaParams {
    private RsaParams() {}

    /** A PSS parameter: the hash mechanism and the salt length. */
    record Pss(int hash, int saltLength) {}

    /** An OAEP parameter: the hash mechanism and the label. */
    record Oaep(int hash, byte[] label) {}

    static Pss pss(int mechanism, ByteBuffer params) throws CkException {
        Params p = Params.of(params, mechanism, CKR_FUNCTION_FAILED);
        int hash = p.u32();
        int mgf = p.u32();
        int salt = p.u32();
        p.end();
        checkPair(hash, mgf);
        int required = hashOfSignature(mechanism);
        if (required >= 0 && required != hash) {
            throw new CkException(CKR_FUNCTION_FAILED, "the PSS hash must be the mechanism's");
        }
        return new Pss(hash, salt);
    }

    static Oaep oaep(int mechanism, ByteBuffer params) throws CkException {
        return oaep(Params.of(params, mechanism, CKR_FUNCTION_FAILED));
    }

    /** The OAEP part of a parameter, read from {@code p}, which must then be at its end. */
    static Oaep oaep(Params p) throws CkException {
        int hash = p.u32();
        int mgf = p.u32();
        int source = p.u32();
        byte[] label = p.lengthPrefixed();
        p.end();
        // OP-TEE's TA takes only CKZ_DATA_SPECIFIED; a source of 0 without data ("no label",
        // what OpenSC sends) means the same empty label, so it is taken too
        if (source != CKZ_DATA_SPECIFIED && !(source == 0 && label.length == 0)) {
            throw new CkException(CKR_FUNCTION_FAILED, "the OAEP source must be CKZ_DATA_SPECIFIED, or 0 without a label");
        }
        checkPair(hash, mgf);
        return new Oaep(hash, label);
    }

    private static void checkPair(int hash, int mgf) throws CkException {
        int expected = switch (hash) {
            case CKM_SHA_1 -> CKG_MGF1_SHA1;
            case CKM_SHA224 -> CKG_MGF1_SHA224;
            case CKM_SHA256 -> CKG_MGF1_SHA256;
            case CKM_SHA384 -> CKG_MGF1_SHA384;
            case CKM_SHA512 -> CKG_MGF1_SHA512;
            default -> throw new CkException(CKR_FUNCTION_FAILED, "hash 0x" + Integer.toHexString(hash));
        };
        if (mgf != expected) {
            throw new CkException(CKR_FUNCTION_FAILED, "MGF " + mgf + " does not pair with hash 0x"
                    + Integer.toHexString(hash));
        }
    }

    /** The hash of a hash-and-sign RSA or ECDSA mechanism; -1 for the raw ones. */
    static int hashOfSignature(int mechanism) {
        return switch (mechanism) {
            case CKM_MD5_RSA_PKCS -> CKM_MD5;
            case CKM_SHA1_RSA_PKCS, CKM_SHA1_RSA_PKCS_PSS, CKM_ECDSA_SHA1 -> CKM_SHA_1;
            case CKM_SHA224_RSA_PKCS, CKM_SHA224_RSA_PKCS_PSS, CKM_ECDSA_SHA224 -> CKM_SHA224;
            case CKM_SHA256_RSA_PKCS, CKM_SHA256_RSA_PKCS_PSS, CKM_ECDSA_SHA256 -> CKM_SHA256;
            case CKM_SHA384_RSA_PKCS, CKM_SHA384_RSA_PKCS_PSS, CKM_ECDSA_SHA384 -> CKM_SHA384;
            case CKM_SHA512_RSA_PKCS, CKM_SHA512_RSA_PKCS_PSS, CKM_ECDSA_SHA512 -> CKM_SHA512;
            default -> -1;
        };
    }

    static boolean isPss(int mechanism) {
        return mechanism == CKM_RSA_PKCS_PSS || mechanism == CKM_SHA1_RSA_PKCS_PSS || mechanism == CKM_SHA224_RSA_PKCS_PSS
                || mechanism == CKM_SHA256_RSA_PKCS_PSS || mechanism == CKM_SHA384_RSA_PKCS_PSS
                || mechanism == CKM_SHA512_RSA_PKCS_PSS;
    }

    /** The GP PKCS#1 v1.5 signature algorithm of a hash mechanism (-1: the raw one). */
    static int pkcs1Algorithm(int hash) {
        return switch (hash) {
            case CKM_MD5 -> TeeAlg.RSASSA_PKCS1_V1_5_MD5;
            case CKM_SHA_1 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA1;
            case CKM_SHA224 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA224;
            case CKM_SHA256 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA256;
            case CKM_SHA384 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA384;
            case CKM_SHA512 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA512;
            default -> TeeAlg.RSASSA_PKCS1_V1_5;
        };
    }

    static int pssAlgorithm(int hash) {
        return switch (hash) {
            case CKM_SHA_1 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1;
            case CKM_SHA224 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA224;
            case CKM_SHA256 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256;
            case CKM_SHA384 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA384;
            default -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA512;
        };
    }

    static int oaepAlgorithm(int hash) {
        return switch (hash) {
            case CKM_SHA_1 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1;
            case CKM_SHA224 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA224;
            case CKM_SHA256 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256;
            case CKM_SHA384 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA384;
            default -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA512;
        };
    }

    /** The DER DigestInfo prefix length of PKCS#1 v1.5 with a hash (RFC 8017 §9.2 note 1). */
    static int digestInfoPrefix(int hash) {
        return switch (hash) {
            case CKM_MD5 -> 18;
            case CKM_SHA_1 -> 15;
            default -> 19;
        };
    }
}
