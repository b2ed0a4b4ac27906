package org.jtee.tas.pkcs11;

/**
 * The numbers of OP-TEE's PKCS#11 TA ABI: command IDs, and the PKCS#11 identifiers the TA speaks
 * (return values, attributes, classes, key types, mechanisms, flags). All are the standard's
 * values, carried on the wire as 32-bit little-endian words; the few the TA adds are marked.
 * Names keep the standard's spelling so that a reader can look each one up.
 */
public final class Ck {
    private Ck() {}

    /** The u32 (a CK_ULONG on the wire and in stored attributes) at {@code off}: 4 bytes, little-endian. */
    public static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** {@code v} as a u32 value: 4 bytes, little-endian. */
    public static byte[] u32Bytes(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    // Commands (p0's command ID of TEEC_InvokeCommand)
    public static final int CMD_PING = 0;
    public static final int CMD_SLOT_LIST = 1;
    public static final int CMD_SLOT_INFO = 2;
    public static final int CMD_TOKEN_INFO = 3;
    public static final int CMD_MECHANISM_IDS = 4;
    public static final int CMD_MECHANISM_INFO = 5;
    public static final int CMD_OPEN_SESSION = 6;
    public static final int CMD_CLOSE_SESSION = 7;
    public static final int CMD_CLOSE_ALL_SESSIONS = 8;
    public static final int CMD_SESSION_INFO = 9;
    public static final int CMD_INIT_TOKEN = 10;
    public static final int CMD_INIT_PIN = 11;
    public static final int CMD_SET_PIN = 12;
    public static final int CMD_LOGIN = 13;
    public static final int CMD_LOGOUT = 14;
    public static final int CMD_CREATE_OBJECT = 15;
    public static final int CMD_DESTROY_OBJECT = 16;
    public static final int CMD_ENCRYPT_INIT = 17;
    public static final int CMD_DECRYPT_INIT = 18;
    public static final int CMD_ENCRYPT_UPDATE = 19;
    public static final int CMD_DECRYPT_UPDATE = 20;
    public static final int CMD_ENCRYPT_FINAL = 21;
    public static final int CMD_DECRYPT_FINAL = 22;
    public static final int CMD_ENCRYPT_ONESHOT = 23;
    public static final int CMD_DECRYPT_ONESHOT = 24;
    public static final int CMD_SIGN_INIT = 25;
    public static final int CMD_VERIFY_INIT = 26;
    public static final int CMD_SIGN_UPDATE = 27;
    public static final int CMD_VERIFY_UPDATE = 28;
    public static final int CMD_SIGN_FINAL = 29;
    public static final int CMD_VERIFY_FINAL = 30;
    public static final int CMD_SIGN_ONESHOT = 31;
    public static final int CMD_VERIFY_ONESHOT = 32;
    public static final int CMD_GENERATE_KEY = 33;
    public static final int CMD_FIND_OBJECTS_INIT = 34;
    public static final int CMD_FIND_OBJECTS = 35;
    public static final int CMD_FIND_OBJECTS_FINAL = 36;
    public static final int CMD_GET_OBJECT_SIZE = 37;
    public static final int CMD_GET_ATTRIBUTE_VALUE = 38;
    public static final int CMD_SET_ATTRIBUTE_VALUE = 39;
    public static final int CMD_COPY_OBJECT = 40;
    public static final int CMD_SEED_RANDOM = 41;
    public static final int CMD_GENERATE_RANDOM = 42;
    public static final int CMD_DERIVE_KEY = 43;
    public static final int CMD_RELEASE_ACTIVE_PROCESSING = 44;
    public static final int CMD_DIGEST_INIT = 45;
    public static final int CMD_DIGEST_KEY = 46;
    public static final int CMD_DIGEST_UPDATE = 47;
    public static final int CMD_DIGEST_FINAL = 48;
    public static final int CMD_DIGEST_ONESHOT = 49;
    public static final int CMD_GENERATE_KEY_PAIR = 50;
    public static final int CMD_WRAP_KEY = 51;
    public static final int CMD_UNWRAP_KEY = 52;
    /**
     * jtee's extension for PKCS#11 3.2's C_EncapsulateKey: p0 u32 session, u32 public key, MECH,
     * ATTRS; p1 OUT exactly 4 bytes, the new key's handle; p2 OUT the ciphertext (size protocol).
     */
    public static final int CMD_ENCAPSULATE_KEY = 53;
    /**
     * jtee's extension for PKCS#11 3.2's C_DecapsulateKey: p0 u32 session, u32 private key, MECH,
     * ATTRS; p1 IN the ciphertext; p2 OUT exactly 4 bytes, the new key's handle.
     */
    public static final int CMD_DECAPSULATE_KEY = 54;

    // Return values (CKR_*), written as the status word into p0
    public static final int CKR_OK = 0x000;
    public static final int CKR_SLOT_ID_INVALID = 0x003;
    public static final int CKR_GENERAL_ERROR = 0x005;
    public static final int CKR_FUNCTION_FAILED = 0x006;
    public static final int CKR_ARGUMENTS_BAD = 0x007;
    public static final int CKR_ATTRIBUTE_READ_ONLY = 0x010;
    public static final int CKR_ATTRIBUTE_SENSITIVE = 0x011;
    public static final int CKR_ATTRIBUTE_TYPE_INVALID = 0x012;
    public static final int CKR_ATTRIBUTE_VALUE_INVALID = 0x013;
    public static final int CKR_ACTION_PROHIBITED = 0x01B;
    public static final int CKR_DATA_LEN_RANGE = 0x021;
    public static final int CKR_DEVICE_ERROR = 0x030;
    public static final int CKR_DEVICE_MEMORY = 0x031;
    public static final int CKR_ENCRYPTED_DATA_INVALID = 0x040;
    public static final int CKR_ENCRYPTED_DATA_LEN_RANGE = 0x041;
    public static final int CKR_KEY_HANDLE_INVALID = 0x060;
    public static final int CKR_KEY_SIZE_RANGE = 0x062;
    public static final int CKR_KEY_TYPE_INCONSISTENT = 0x063;
    public static final int CKR_KEY_INDIGESTIBLE = 0x067;
    public static final int CKR_KEY_FUNCTION_NOT_PERMITTED = 0x068;
    public static final int CKR_KEY_NOT_WRAPPABLE = 0x069;
    public static final int CKR_KEY_UNEXTRACTABLE = 0x06A;
    public static final int CKR_MECHANISM_INVALID = 0x070;
    public static final int CKR_MECHANISM_PARAM_INVALID = 0x071;
    public static final int CKR_OBJECT_HANDLE_INVALID = 0x082;
    public static final int CKR_OPERATION_ACTIVE = 0x090;
    public static final int CKR_OPERATION_NOT_INITIALIZED = 0x091;
    public static final int CKR_PIN_INCORRECT = 0x0A0;
    public static final int CKR_PIN_INVALID = 0x0A1;
    public static final int CKR_PIN_LEN_RANGE = 0x0A2;
    public static final int CKR_PIN_LOCKED = 0x0A4;
    public static final int CKR_SESSION_COUNT = 0x0B1;
    public static final int CKR_SESSION_HANDLE_INVALID = 0x0B3;
    public static final int CKR_SESSION_PARALLEL_NOT_SUPPORTED = 0x0B4;
    public static final int CKR_SESSION_READ_ONLY = 0x0B5;
    public static final int CKR_SESSION_EXISTS = 0x0B6;
    public static final int CKR_SESSION_READ_ONLY_EXISTS = 0x0B7;
    public static final int CKR_SESSION_READ_WRITE_SO_EXISTS = 0x0B8;
    public static final int CKR_SIGNATURE_INVALID = 0x0C0;
    public static final int CKR_SIGNATURE_LEN_RANGE = 0x0C1;
    public static final int CKR_TEMPLATE_INCOMPLETE = 0x0D0;
    public static final int CKR_TEMPLATE_INCONSISTENT = 0x0D1;
    public static final int CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT = 0x0F2;
    public static final int CKR_USER_ALREADY_LOGGED_IN = 0x100;
    public static final int CKR_USER_NOT_LOGGED_IN = 0x101;
    public static final int CKR_USER_PIN_NOT_INITIALIZED = 0x102;
    public static final int CKR_USER_TYPE_INVALID = 0x103;
    public static final int CKR_USER_ANOTHER_ALREADY_LOGGED_IN = 0x104;
    public static final int CKR_WRAPPED_KEY_INVALID = 0x110;
    public static final int CKR_WRAPPED_KEY_LEN_RANGE = 0x112;
    public static final int CKR_WRAPPING_KEY_HANDLE_INVALID = 0x113;
    public static final int CKR_WRAPPING_KEY_SIZE_RANGE = 0x114;
    public static final int CKR_WRAPPING_KEY_TYPE_INCONSISTENT = 0x115;
    public static final int CKR_CURVE_NOT_SUPPORTED = 0x140;
    public static final int CKR_BUFFER_TOO_SMALL = 0x150;

    // Attribute types (CKA_*)
    public static final int CKA_CLASS = 0x0;
    public static final int CKA_TOKEN = 0x1;
    public static final int CKA_PRIVATE = 0x2;
    public static final int CKA_LABEL = 0x3;
    public static final int CKA_APPLICATION = 0x10;
    public static final int CKA_VALUE = 0x11;
    public static final int CKA_OBJECT_ID = 0x12;
    public static final int CKA_CERTIFICATE_TYPE = 0x80;
    public static final int CKA_ISSUER = 0x81;
    public static final int CKA_SERIAL_NUMBER = 0x82;
    public static final int CKA_TRUSTED = 0x86;
    public static final int CKA_CERTIFICATE_CATEGORY = 0x87;
    public static final int CKA_JAVA_MIDP_SECURITY_DOMAIN = 0x88;
    public static final int CKA_URL = 0x89;
    public static final int CKA_HASH_OF_SUBJECT_PUBLIC_KEY = 0x8A;
    public static final int CKA_HASH_OF_ISSUER_PUBLIC_KEY = 0x8B;
    public static final int CKA_NAME_HASH_ALGORITHM = 0x8C;
    public static final int CKA_CHECK_VALUE = 0x90;
    public static final int CKA_KEY_TYPE = 0x100;
    public static final int CKA_SUBJECT = 0x101;
    public static final int CKA_ID = 0x102;
    public static final int CKA_SENSITIVE = 0x103;
    public static final int CKA_ENCRYPT = 0x104;
    public static final int CKA_DECRYPT = 0x105;
    public static final int CKA_WRAP = 0x106;
    public static final int CKA_UNWRAP = 0x107;
    public static final int CKA_SIGN = 0x108;
    public static final int CKA_SIGN_RECOVER = 0x109;
    public static final int CKA_VERIFY = 0x10A;
    public static final int CKA_VERIFY_RECOVER = 0x10B;
    public static final int CKA_DERIVE = 0x10C;
    public static final int CKA_START_DATE = 0x110;
    public static final int CKA_END_DATE = 0x111;
    public static final int CKA_MODULUS = 0x120;
    public static final int CKA_MODULUS_BITS = 0x121;
    public static final int CKA_PUBLIC_EXPONENT = 0x122;
    public static final int CKA_PRIVATE_EXPONENT = 0x123;
    public static final int CKA_PRIME_1 = 0x124;
    public static final int CKA_PRIME_2 = 0x125;
    public static final int CKA_EXPONENT_1 = 0x126;
    public static final int CKA_EXPONENT_2 = 0x127;
    public static final int CKA_COEFFICIENT = 0x128;
    public static final int CKA_PUBLIC_KEY_INFO = 0x129;
    public static final int CKA_VALUE_LEN = 0x161;
    public static final int CKA_EXTRACTABLE = 0x162;
    public static final int CKA_LOCAL = 0x163;
    public static final int CKA_NEVER_EXTRACTABLE = 0x164;
    public static final int CKA_ALWAYS_SENSITIVE = 0x165;
    public static final int CKA_KEY_GEN_MECHANISM = 0x166;
    public static final int CKA_MODIFIABLE = 0x170;
    public static final int CKA_COPYABLE = 0x171;
    public static final int CKA_DESTROYABLE = 0x172;
    public static final int CKA_EC_PARAMS = 0x180;
    public static final int CKA_EC_POINT = 0x181;
    public static final int CKA_ALWAYS_AUTHENTICATE = 0x202;
    public static final int CKA_WRAP_WITH_TRUSTED = 0x210;
    public static final int CKA_MECHANISM_TYPE = 0x500;
    public static final int CKA_WRAP_TEMPLATE = 0x40000211;
    public static final int CKA_UNWRAP_TEMPLATE = 0x40000212;
    public static final int CKA_DERIVE_TEMPLATE = 0x40000213;
    public static final int CKA_ALLOWED_MECHANISMS = 0x40000600;
    /** OP-TEE's hidden attribute: an EC private key's public point; never exported, set or matched. */
    public static final int CKA_OPTEE_HIDDEN_EC_POINT = 0x80010000;
    /** PKCS#11 3.2: the parameter set of an ML-DSA or ML-KEM key. */
    public static final int CKA_PARAMETER_SET = 0x61D;
    /** PKCS#11 3.2: whether a key may encapsulate (ML-KEM public keys). */
    public static final int CKA_ENCAPSULATE = 0x633;
    /** PKCS#11 3.2: whether a key may decapsulate (ML-KEM private keys). */
    public static final int CKA_DECAPSULATE = 0x634;
    /** PKCS#11 3.2: the seed an ML-DSA (32 bytes) or ML-KEM (64 bytes, d ‖ z) private key was made from. */
    public static final int CKA_SEED = 0x637;
    /** The 32-bit "unavailable information" and "undefined ID" marker. */
    public static final int UNAVAILABLE = 0xFFFFFFFF;

    // Object classes (CKO_*)
    public static final int CKO_DATA = 0;
    public static final int CKO_CERTIFICATE = 1;
    public static final int CKO_PUBLIC_KEY = 2;
    public static final int CKO_PRIVATE_KEY = 3;
    public static final int CKO_SECRET_KEY = 4;

    // Key types (CKK_*)
    public static final int CKK_RSA = 0x00;
    public static final int CKK_EC = 0x03;
    /** The TA's internal default for EdDSA key-pair generation; not the standard's 0x04. */
    public static final int CKK_GENERIC_SECRET = 0x10;
    public static final int CKK_AES = 0x1F;
    public static final int CKK_MD5_HMAC = 0x27;
    public static final int CKK_SHA_1_HMAC = 0x28;
    public static final int CKK_SHA256_HMAC = 0x2B;
    public static final int CKK_SHA384_HMAC = 0x2C;
    public static final int CKK_SHA512_HMAC = 0x2D;
    public static final int CKK_SHA224_HMAC = 0x2E;
    public static final int CKK_EC_EDWARDS = 0x40;
    /** PKCS#11 3.2. */
    public static final int CKK_ML_KEM = 0x49;
    /** PKCS#11 3.2. */
    public static final int CKK_ML_DSA = 0x4A;

    // Certificate types and categories
    public static final int CKC_X_509 = 0;
    public static final int CK_CERTIFICATE_CATEGORY_UNSPECIFIED = 0;
    public static final int CK_CERTIFICATE_CATEGORY_OTHER_ENTITY = 3;

    // Mechanism generation functions (CKG_*), and the OAEP source and KDF values
    public static final int CKG_MGF1_SHA1 = 1;
    public static final int CKG_MGF1_SHA256 = 2;
    public static final int CKG_MGF1_SHA384 = 3;
    public static final int CKG_MGF1_SHA512 = 4;
    public static final int CKG_MGF1_SHA224 = 5;
    public static final int CKZ_DATA_SPECIFIED = 1;
    public static final int CKD_NULL = 1;

    // User types (CKU_*) and session states (CKS_*)
    public static final int CKU_SO = 0;
    public static final int CKU_USER = 1;
    public static final int CKU_CONTEXT_SPECIFIC = 2;
    public static final int CKS_RO_PUBLIC_SESSION = 0;
    public static final int CKS_RO_USER_FUNCTIONS = 1;
    public static final int CKS_RW_PUBLIC_SESSION = 2;
    public static final int CKS_RW_USER_FUNCTIONS = 3;
    public static final int CKS_RW_SO_FUNCTIONS = 4;

    // Session and slot flags
    public static final int CKF_RW_SESSION = 0x2;
    public static final int CKF_SERIAL_SESSION = 0x4;
    public static final int CKF_TOKEN_PRESENT = 0x1;

    // Token flags
    public static final int CKF_RNG = 0x1;
    public static final int CKF_WRITE_PROTECTED = 0x2;
    public static final int CKF_LOGIN_REQUIRED = 0x4;
    public static final int CKF_USER_PIN_INITIALIZED = 0x8;
    public static final int CKF_RESTORE_KEY_NOT_NEEDED = 0x20;
    public static final int CKF_CLOCK_ON_TOKEN = 0x40;
    public static final int CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
    public static final int CKF_DUAL_CRYPTO_OPERATIONS = 0x200;
    public static final int CKF_TOKEN_INITIALIZED = 0x400;
    public static final int CKF_SECONDARY_AUTHENTICATION = 0x800;
    public static final int CKF_USER_PIN_COUNT_LOW = 0x10000;
    public static final int CKF_USER_PIN_FINAL_TRY = 0x20000;
    public static final int CKF_USER_PIN_LOCKED = 0x40000;
    public static final int CKF_USER_PIN_TO_BE_CHANGED = 0x80000;
    public static final int CKF_SO_PIN_COUNT_LOW = 0x100000;
    public static final int CKF_SO_PIN_FINAL_TRY = 0x200000;
    public static final int CKF_SO_PIN_LOCKED = 0x400000;
    public static final int CKF_SO_PIN_TO_BE_CHANGED = 0x800000;
    public static final int CKF_ERROR_STATE = 0x1000000;

    // Mechanism flags (MECHANISM_INFO)
    public static final int CKF_ENCRYPT = 0x100;
    public static final int CKF_DECRYPT = 0x200;
    public static final int CKF_DIGEST = 0x400;
    public static final int CKF_SIGN = 0x800;
    public static final int CKF_VERIFY = 0x2000;
    public static final int CKF_GENERATE = 0x8000;
    public static final int CKF_GENERATE_KEY_PAIR = 0x10000;
    public static final int CKF_WRAP = 0x20000;
    public static final int CKF_UNWRAP = 0x40000;
    public static final int CKF_DERIVE = 0x80000;
    /** PKCS#11 3.0 and later: encapsulate and decapsulate (ML-KEM). */
    public static final int CKF_ENCAPSULATE = 0x10000000;
    public static final int CKF_DECAPSULATE = 0x20000000;

    // Parameter sets of PKCS#11 3.2 (CKA_PARAMETER_SET)
    public static final int CKP_ML_DSA_44 = 1;
    public static final int CKP_ML_DSA_65 = 2;
    public static final int CKP_ML_DSA_87 = 3;
    public static final int CKP_ML_KEM_512 = 1;
    public static final int CKP_ML_KEM_768 = 2;
    public static final int CKP_ML_KEM_1024 = 3;

    // Hedging of PKCS#11 3.2 signatures (CK_SIGN_ADDITIONAL_CONTEXT.hedgeVariant)
    public static final int CKH_HEDGE_PREFERRED = 0;
    public static final int CKH_HEDGE_REQUIRED = 1;
    public static final int CKH_DETERMINISTIC_REQUIRED = 2;

    // Processing functions, as the mechanism layer names them (not on the wire)
    public static final int FUNCTION_ENCRYPT = 1;
    public static final int FUNCTION_DECRYPT = 2;
    public static final int FUNCTION_DIGEST = 3;
    public static final int FUNCTION_SIGN = 4;
    public static final int FUNCTION_VERIFY = 5;
    public static final int FUNCTION_DERIVE = 6;
    public static final int FUNCTION_WRAP = 7;
    public static final int FUNCTION_UNWRAP = 8;
    public static final int FUNCTION_GENERATE = 9;
    public static final int FUNCTION_GENERATE_PAIR = 10;
    public static final int FUNCTION_ENCAPSULATE = 11;
    public static final int FUNCTION_DECAPSULATE = 12;

    // Mechanisms (CKM_*)
    public static final int CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0;
    public static final int CKM_RSA_PKCS = 0x1;
    public static final int CKM_RSA_X_509 = 0x3;
    public static final int CKM_MD5_RSA_PKCS = 0x5;
    public static final int CKM_SHA1_RSA_PKCS = 0x6;
    public static final int CKM_RSA_PKCS_OAEP = 0x9;
    public static final int CKM_RSA_PKCS_PSS = 0xD;
    public static final int CKM_SHA1_RSA_PKCS_PSS = 0xE;
    public static final int CKM_ML_KEM_KEY_PAIR_GEN = 0xF;
    public static final int CKM_ML_KEM = 0x17;
    public static final int CKM_ML_DSA_KEY_PAIR_GEN = 0x1C;
    public static final int CKM_ML_DSA = 0x1D;
    public static final int CKM_SHA256_RSA_PKCS = 0x40;
    public static final int CKM_SHA384_RSA_PKCS = 0x41;
    public static final int CKM_SHA512_RSA_PKCS = 0x42;
    public static final int CKM_SHA256_RSA_PKCS_PSS = 0x43;
    public static final int CKM_SHA384_RSA_PKCS_PSS = 0x44;
    public static final int CKM_SHA512_RSA_PKCS_PSS = 0x45;
    public static final int CKM_SHA224_RSA_PKCS = 0x46;
    public static final int CKM_SHA224_RSA_PKCS_PSS = 0x47;
    public static final int CKM_MD5 = 0x210;
    public static final int CKM_MD5_HMAC = 0x211;
    public static final int CKM_MD5_HMAC_GENERAL = 0x212;
    public static final int CKM_SHA_1 = 0x220;
    public static final int CKM_SHA_1_HMAC = 0x221;
    public static final int CKM_SHA_1_HMAC_GENERAL = 0x222;
    public static final int CKM_SHA256 = 0x250;
    public static final int CKM_SHA256_HMAC = 0x251;
    public static final int CKM_SHA256_HMAC_GENERAL = 0x252;
    public static final int CKM_SHA224 = 0x255;
    public static final int CKM_SHA224_HMAC = 0x256;
    public static final int CKM_SHA224_HMAC_GENERAL = 0x257;
    public static final int CKM_SHA384 = 0x260;
    public static final int CKM_SHA384_HMAC = 0x261;
    public static final int CKM_SHA384_HMAC_GENERAL = 0x262;
    public static final int CKM_SHA512 = 0x270;
    public static final int CKM_SHA512_HMAC = 0x271;
    public static final int CKM_SHA512_HMAC_GENERAL = 0x272;
    public static final int CKM_GENERIC_SECRET_KEY_GEN = 0x350;
    public static final int CKM_EC_KEY_PAIR_GEN = 0x1040;
    public static final int CKM_ECDSA = 0x1041;
    public static final int CKM_ECDSA_SHA1 = 0x1042;
    public static final int CKM_ECDSA_SHA224 = 0x1043;
    public static final int CKM_ECDSA_SHA256 = 0x1044;
    public static final int CKM_ECDSA_SHA384 = 0x1045;
    public static final int CKM_ECDSA_SHA512 = 0x1046;
    public static final int CKM_ECDH1_DERIVE = 0x1050;
    public static final int CKM_RSA_AES_KEY_WRAP = 0x1054;
    public static final int CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
    public static final int CKM_EDDSA = 0x1057;
    public static final int CKM_AES_KEY_GEN = 0x1080;
    public static final int CKM_AES_ECB = 0x1081;
    public static final int CKM_AES_CBC = 0x1082;
    public static final int CKM_AES_CBC_PAD = 0x1085;
    public static final int CKM_AES_CTR = 0x1086;
    public static final int CKM_AES_GCM = 0x1087;
    public static final int CKM_AES_CTS = 0x1089;
    public static final int CKM_AES_CMAC = 0x108A;
    public static final int CKM_AES_CMAC_GENERAL = 0x108B;
    public static final int CKM_AES_ECB_ENCRYPT_DATA = 0x1104;
    public static final int CKM_AES_CBC_ENCRYPT_DATA = 0x1105;
}
