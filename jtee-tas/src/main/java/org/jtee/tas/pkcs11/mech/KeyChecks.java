package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import org.jtee.tas.pkcs11.CkException;

/**
 * Whether a key may serve a mechanism and a function, in the reference TA's order
 * ({@code check_parent_attrs_against_processing}, optee-pkcs11-ta-abi.md §8.2): the key's
 * function flag ({@code CKA_ENCRYPT}, {@code CKA_SIGN}, ... {@code CKA_DERIVE}), then its class and
 * type for the mechanism's family, then {@code CKA_ALLOWED_MECHANISMS}. The codes are the init
 * codes; derive, wrap and unwrap report {@code CKR_KEY_FUNCTION_NOT_PERMITTED} as
 * {@code CKR_KEY_TYPE_INCONSISTENT}, {@code CKR_WRAPPING_KEY_TYPE_INCONSISTENT} and
 * {@code CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT}, as the reference's entry points do.
 */
final class KeyChecks {
    private KeyChecks() {}

    /** Checks {@code key} for {@code mechanism} in {@code function}, with the function's codes. */
    static void check(int function, int mechanism, KeyView key) throws CkException {
        try {
            checkForInit(function, mechanism, key);
        } catch (CkException e) {
            if (e.rv() != CKR_KEY_FUNCTION_NOT_PERMITTED) {
                throw e;
            }
            int rv = switch (function) {
                case FUNCTION_DERIVE -> CKR_KEY_TYPE_INCONSISTENT;
                case FUNCTION_WRAP -> CKR_WRAPPING_KEY_TYPE_INCONSISTENT;
                case FUNCTION_UNWRAP -> CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT;
                default -> CKR_KEY_FUNCTION_NOT_PERMITTED;
            };
            throw new CkException(rv, e.getMessage());
        }
    }

    private static void checkForInit(int function, int mechanism, KeyView key) throws CkException {
        int flag = flagAttribute(function);
        if (flag < 0 || !key.flag(flag)) {
            throw notPermitted("the key's function flag is not set for function " + function);
        }
        checkFamily(function, mechanism, key);
        if (!key.allowsMechanism(mechanism)) {
            throw notPermitted("mechanism 0x" + Integer.toHexString(mechanism) + " is not in CKA_ALLOWED_MECHANISMS");
        }
    }

    private static void checkFamily(int function, int mechanism, KeyView key) throws CkException {
        int cls = key.objectClass();
        int type = key.keyType();
        switch (mechanism) {
            case CKM_AES_ECB, CKM_AES_CBC, CKM_AES_CTS, CKM_AES_CTR, CKM_AES_GCM, CKM_AES_CMAC, CKM_AES_CMAC_GENERAL -> {
                if (cls != CKO_SECRET_KEY || type != CKK_AES) {
                    throw new CkException(switch (function) {
                        case FUNCTION_WRAP -> CKR_WRAPPING_KEY_TYPE_INCONSISTENT;
                        case FUNCTION_UNWRAP -> CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT;
                        default -> CKR_KEY_FUNCTION_NOT_PERMITTED;
                    }, "an AES mechanism needs an AES secret key");
                }
            }
            case CKM_AES_ECB_ENCRYPT_DATA, CKM_AES_CBC_ENCRYPT_DATA -> {
                if (cls != CKO_SECRET_KEY || type != CKK_AES) {
                    throw notPermitted("AES data encryption derives from an AES secret key");
                }
                if (key.flag(CKA_ENCRYPT)) {
                    // OP-TEE's deliberate restriction: the parent could otherwise reveal derived keys
                    throw new CkException(CKR_FUNCTION_FAILED, "deriving by encryption from a key that may encrypt");
                }
            }
            case CKM_MD5_HMAC, CKM_MD5_HMAC_GENERAL, CKM_SHA_1_HMAC, CKM_SHA_1_HMAC_GENERAL, CKM_SHA224_HMAC,
                    CKM_SHA224_HMAC_GENERAL, CKM_SHA256_HMAC, CKM_SHA256_HMAC_GENERAL, CKM_SHA384_HMAC,
                    CKM_SHA384_HMAC_GENERAL, CKM_SHA512_HMAC, CKM_SHA512_HMAC_GENERAL -> {
                if (cls != CKO_SECRET_KEY || (type != CKK_GENERIC_SECRET && type != Hmac.keyType(mechanism))) {
                    throw notPermitted("an HMAC needs a generic secret or a key of its HMAC type");
                }
            }
            case CKM_EDDSA -> asymmetric(key, CKK_EC_EDWARDS);
            case CKM_ECDSA, CKM_ECDSA_SHA1, CKM_ECDSA_SHA224, CKM_ECDSA_SHA256, CKM_ECDSA_SHA384, CKM_ECDSA_SHA512,
                    CKM_ECDH1_DERIVE -> asymmetric(key, CKK_EC);
            case CKM_RSA_PKCS, CKM_MD5_RSA_PKCS, CKM_SHA1_RSA_PKCS, CKM_SHA224_RSA_PKCS, CKM_SHA256_RSA_PKCS,
                    CKM_SHA384_RSA_PKCS, CKM_SHA512_RSA_PKCS, CKM_RSA_AES_KEY_WRAP, CKM_RSA_PKCS_OAEP, CKM_RSA_PKCS_PSS,
                    CKM_RSA_X_509, CKM_SHA1_RSA_PKCS_PSS, CKM_SHA224_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS,
                    CKM_SHA384_RSA_PKCS_PSS, CKM_SHA512_RSA_PKCS_PSS -> asymmetric(key, CKK_RSA);
            case CKM_ML_DSA -> asymmetric(key, CKK_ML_DSA);
            case CKM_ML_KEM -> asymmetric(key, CKK_ML_KEM);
            default -> throw new CkException(CKR_MECHANISM_INVALID, "mechanism 0x" + Integer.toHexString(mechanism)
                    + " takes no key");
        }
    }

    private static void asymmetric(KeyView key, int keyType) throws CkException {
        if (key.keyType() != keyType) {
            throw new CkException(CKR_KEY_TYPE_INCONSISTENT, "the mechanism needs a key of type 0x"
                    + Integer.toHexString(keyType));
        }
        if (key.objectClass() != CKO_PUBLIC_KEY && key.objectClass() != CKO_PRIVATE_KEY) {
            throw notPermitted("the mechanism needs a public or a private key");
        }
    }

    /** The attribute that allows a key to serve {@code function}; -1 for none. */
    static int flagAttribute(int function) {
        return switch (function) {
            case FUNCTION_ENCRYPT -> CKA_ENCRYPT;
            case FUNCTION_DECRYPT -> CKA_DECRYPT;
            case FUNCTION_SIGN -> CKA_SIGN;
            case FUNCTION_VERIFY -> CKA_VERIFY;
            case FUNCTION_WRAP -> CKA_WRAP;
            case FUNCTION_UNWRAP -> CKA_UNWRAP;
            case FUNCTION_DERIVE -> CKA_DERIVE;
            default -> -1;
        };
    }

    private static CkException notPermitted(String message) {
        return new CkException(CKR_KEY_FUNCTION_NOT_PERMITTED, message);
    }
}
