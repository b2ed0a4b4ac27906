package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtee.tas.pkcs11.CkException;

/**
 * The TA's mechanisms as MECHANISM_IDS and MECHANISM_INFO report them (optee-pkcs11-ta-abi.md
 * §5.5): OP-TEE's list in the order its TA reports it (the reverse of its internal table), then
 * jtee's ML-DSA and ML-KEM (PKCS#11 3.2). Each entry has the functions it may serve (the flags
 * MECHANISM_INFO reports), whether it is single-part only (an UPDATE step is refused), and its key
 * sizes in the unit the reference reports (bytes for AES and HMAC, bits for RSA, EC, EdDSA and
 * generic secrets; parameter-set numbers for ML-DSA and ML-KEM). {@code CKM_AES_CBC_PAD} and
 * {@code CKM_RSA_X_509} are known but disabled: MECHANISM_INFO answers them with flags 0 and no
 * function accepts them.
 */
final class MechanismTable {
    private static final int C = CKF_ENCRYPT | CKF_DECRYPT;
    private static final int W = CKF_WRAP | CKF_UNWRAP;
    private static final int SV = CKF_SIGN | CKF_VERIFY;

    /** One mechanism. */
    record Entry(int id, int flags, boolean singlePart, int minKeySize, int maxKeySize) {
        boolean serves(int function) {
            int flag = flagOf(function);
            return flag != 0 && (flags & flag) != 0;
        }
    }

    private static final List<Entry> REPORTED = new ArrayList<>();
    private static final Map<Integer, Entry> KNOWN = new HashMap<>();

    static {
        add(CKM_SHA224_RSA_PKCS_PSS, SV, false, 256, 4096);
        add(CKM_SHA224_RSA_PKCS, SV, false, 256, 4096);
        add(CKM_SHA512_RSA_PKCS_PSS, SV, false, 256, 4096);
        add(CKM_SHA384_RSA_PKCS_PSS, SV, false, 256, 4096);
        add(CKM_SHA256_RSA_PKCS_PSS, SV, false, 256, 4096);
        add(CKM_SHA512_RSA_PKCS, SV, false, 256, 4096);
        add(CKM_SHA384_RSA_PKCS, SV, false, 256, 4096);
        add(CKM_SHA256_RSA_PKCS, SV, false, 256, 4096);
        add(CKM_SHA1_RSA_PKCS_PSS, SV, false, 256, 4096);
        add(CKM_RSA_PKCS_OAEP, C, true, 256, 4096);
        add(CKM_SHA1_RSA_PKCS, SV, false, 256, 4096);
        add(CKM_MD5_RSA_PKCS, SV, false, 256, 4096);
        add(CKM_RSA_PKCS_PSS, SV, true, 0, 0);
        add(CKM_RSA_PKCS, C | SV, true, 256, 4096);
        add(CKM_RSA_PKCS_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, false, 256, 4096);
        add(CKM_RSA_AES_KEY_WRAP, C | W, true, 0, 0);
        add(CKM_EDDSA, SV, false, 256, 448);
        add(CKM_ECDSA_SHA512, SV, false, 160, 521);
        add(CKM_ECDSA_SHA384, SV, false, 160, 521);
        add(CKM_ECDSA_SHA256, SV, false, 160, 521);
        add(CKM_ECDSA_SHA224, SV, false, 160, 521);
        add(CKM_ECDSA_SHA1, SV, false, 160, 521);
        add(CKM_ECDSA, SV, true, 160, 521);
        add(CKM_EC_EDWARDS_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, false, 256, 448);
        add(CKM_EC_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, false, 160, 521);
        add(CKM_SHA512_HMAC_GENERAL, SV, false, 32, 128);
        add(CKM_SHA384_HMAC_GENERAL, SV, false, 32, 128);
        add(CKM_SHA256_HMAC_GENERAL, SV, false, 24, 128);
        add(CKM_SHA224_HMAC_GENERAL, SV, false, 14, 64);
        add(CKM_SHA_1_HMAC_GENERAL, SV, false, 10, 64);
        add(CKM_MD5_HMAC_GENERAL, SV, false, 8, 64);
        add(CKM_SHA512_HMAC, SV, false, 32, 128);
        add(CKM_SHA384_HMAC, SV, false, 32, 128);
        add(CKM_SHA256_HMAC, SV, false, 24, 128);
        add(CKM_SHA224_HMAC, SV, false, 14, 64);
        add(CKM_SHA_1_HMAC, SV, false, 10, 64);
        add(CKM_MD5_HMAC, SV, false, 8, 64);
        add(CKM_SHA512, CKF_DIGEST, false, 0, 0);
        add(CKM_SHA384, CKF_DIGEST, false, 0, 0);
        add(CKM_SHA256, CKF_DIGEST, false, 0, 0);
        add(CKM_SHA224, CKF_DIGEST, false, 0, 0);
        add(CKM_SHA_1, CKF_DIGEST, false, 0, 0);
        add(CKM_MD5, CKF_DIGEST, false, 0, 0);
        add(CKM_GENERIC_SECRET_KEY_GEN, CKF_GENERATE, false, 1, 4096);
        add(CKM_AES_KEY_GEN, CKF_GENERATE, false, 16, 32);
        add(CKM_ECDH1_DERIVE, CKF_DERIVE, false, 160, 521);
        add(CKM_AES_CBC_ENCRYPT_DATA, CKF_DERIVE, false, 0, 0);
        add(CKM_AES_ECB_ENCRYPT_DATA, CKF_DERIVE, false, 0, 0);
        add(CKM_AES_CMAC_GENERAL, SV, false, 16, 32);
        add(CKM_AES_CMAC, SV, false, 16, 32);
        add(CKM_AES_CTS, C, false, 16, 32);
        add(CKM_AES_GCM, C | W, false, 16, 32);
        add(CKM_AES_CTR, C, false, 16, 32);
        add(CKM_AES_CBC, C | W, false, 16, 32);
        add(CKM_AES_ECB, C | W, false, 16, 32);
        // PKCS#11 3.2, beyond OP-TEE: sizes are CKP_* parameter sets
        add(CKM_ML_DSA_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, false, CKP_ML_DSA_44, CKP_ML_DSA_87);
        add(CKM_ML_DSA, SV, false, CKP_ML_DSA_44, CKP_ML_DSA_87);
        add(CKM_ML_KEM_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, false, CKP_ML_KEM_512, CKP_ML_KEM_1024);
        add(CKM_ML_KEM, CKF_ENCAPSULATE | CKF_DECAPSULATE, false, CKP_ML_KEM_512, CKP_ML_KEM_1024);
        // known, disabled as in OP-TEE's default build
        KNOWN.put(CKM_AES_CBC_PAD, new Entry(CKM_AES_CBC_PAD, 0, false, 16, 32));
        KNOWN.put(CKM_RSA_X_509, new Entry(CKM_RSA_X_509, 0, true, 256, 4096));
    }

    private MechanismTable() {}

    private static void add(int id, int flags, boolean singlePart, int min, int max) {
        Entry e = new Entry(id, flags, singlePart, min, max);
        REPORTED.add(e);
        KNOWN.put(id, e);
    }

    /** The reported mechanisms, in order. */
    static int[] ids() {
        return REPORTED.stream().mapToInt(Entry::id).toArray();
    }

    /** The entry of a known mechanism (disabled ones included), or null. */
    static Entry find(int mechanism) {
        return KNOWN.get(mechanism);
    }

    /**
     * The entry of {@code mechanism} if it serves {@code function}; otherwise
     * {@code CKR_MECHANISM_INVALID} (unknown, disabled, or not for this function: AES-ECB for a
     * derivation, an HMAC for a wrap).
     */
    static Entry require(int mechanism, int function) throws CkException {
        Entry e = KNOWN.get(mechanism);
        if (e == null || !e.serves(function)) {
            throw new CkException(CKR_MECHANISM_INVALID, "mechanism 0x" + Integer.toHexString(mechanism)
                    + " cannot serve function " + function);
        }
        return e;
    }

    /** The MECHANISM_INFO flag of a {@code Ck.FUNCTION_*}, 0 for none. */
    static int flagOf(int function) {
        return switch (function) {
            case FUNCTION_ENCRYPT -> CKF_ENCRYPT;
            case FUNCTION_DECRYPT -> CKF_DECRYPT;
            case FUNCTION_DIGEST -> CKF_DIGEST;
            case FUNCTION_SIGN -> CKF_SIGN;
            case FUNCTION_VERIFY -> CKF_VERIFY;
            case FUNCTION_DERIVE -> CKF_DERIVE;
            case FUNCTION_WRAP -> CKF_WRAP;
            case FUNCTION_UNWRAP -> CKF_UNWRAP;
            case FUNCTION_GENERATE -> CKF_GENERATE;
            case FUNCTION_GENERATE_PAIR -> CKF_GENERATE_KEY_PAIR;
            case FUNCTION_ENCAPSULATE -> CKF_ENCAPSULATE;
            case FUNCTION_DECAPSULATE -> CKF_DECAPSULATE;
            default -> 0;
        };
    }
}
