package org.jtee.crypto;

/**
 * Attribute identifiers ({@code TEE_ATTR_*}) with OP-TEE's values, and jtee's post-quantum
 * attributes. Bit 29 ({@link #FLAG_VALUE}) marks a value attribute, bit 28 ({@link #FLAG_PUBLIC}) a
 * public one, which {@code TEE_GetObjectBufferAttribute} returns whatever the key's usage.
 */
public final class TeeAttr {
    private TeeAttr() {}

    /** {@code TEE_ATTR_SECRET_VALUE}. */
    public static final int SECRET_VALUE = 0xC0000000;
    /** {@code TEE_ATTR_RSA_MODULUS}. */
    public static final int RSA_MODULUS = 0xD0000130;
    /** {@code TEE_ATTR_RSA_PUBLIC_EXPONENT}. */
    public static final int RSA_PUBLIC_EXPONENT = 0xD0000230;
    /** {@code TEE_ATTR_RSA_PRIVATE_EXPONENT}. */
    public static final int RSA_PRIVATE_EXPONENT = 0xC0000330;
    /** {@code TEE_ATTR_RSA_PRIME1}. */
    public static final int RSA_PRIME1 = 0xC0000430;
    /** {@code TEE_ATTR_RSA_PRIME2}. */
    public static final int RSA_PRIME2 = 0xC0000530;
    /** {@code TEE_ATTR_RSA_EXPONENT1}. */
    public static final int RSA_EXPONENT1 = 0xC0000630;
    /** {@code TEE_ATTR_RSA_EXPONENT2}. */
    public static final int RSA_EXPONENT2 = 0xC0000730;
    /** {@code TEE_ATTR_RSA_COEFFICIENT}. */
    public static final int RSA_COEFFICIENT = 0xC0000830;
    /** {@code TEE_ATTR_DSA_PRIME}. */
    public static final int DSA_PRIME = 0xD0001031;
    /** {@code TEE_ATTR_DSA_SUBPRIME}. */
    public static final int DSA_SUBPRIME = 0xD0001131;
    /** {@code TEE_ATTR_DSA_BASE}. */
    public static final int DSA_BASE = 0xD0001231;
    /** {@code TEE_ATTR_DSA_PUBLIC_VALUE}. */
    public static final int DSA_PUBLIC_VALUE = 0xD0000131;
    /** {@code TEE_ATTR_DSA_PRIVATE_VALUE}. */
    public static final int DSA_PRIVATE_VALUE = 0xC0000231;
    /** {@code TEE_ATTR_DH_PRIME}. */
    public static final int DH_PRIME = 0xD0001032;
    /** {@code TEE_ATTR_DH_SUBPRIME}. */
    public static final int DH_SUBPRIME = 0xD0001132;
    /** {@code TEE_ATTR_DH_BASE}. */
    public static final int DH_BASE = 0xD0001232;
    /** {@code TEE_ATTR_DH_X_BITS}. */
    public static final int DH_X_BITS = 0xF0001332;
    /** {@code TEE_ATTR_DH_PUBLIC_VALUE}. */
    public static final int DH_PUBLIC_VALUE = 0xD0000132;
    /** {@code TEE_ATTR_DH_PRIVATE_VALUE}. */
    public static final int DH_PRIVATE_VALUE = 0xC0000232;
    /** {@code TEE_ATTR_RSA_OAEP_LABEL}. */
    public static final int RSA_OAEP_LABEL = 0xD0000930;
    /** {@code TEE_ATTR_RSA_OAEP_MGF_HASH}. */
    public static final int RSA_OAEP_MGF_HASH = 0xD0000931;
    /** {@code TEE_ATTR_RSA_PSS_SALT_LENGTH}. */
    public static final int RSA_PSS_SALT_LENGTH = 0xF0000A30;
    /** {@code TEE_ATTR_ECC_PUBLIC_VALUE_X}. */
    public static final int ECC_PUBLIC_VALUE_X = 0xD0000141;
    /** {@code TEE_ATTR_ECC_PUBLIC_VALUE_Y}. */
    public static final int ECC_PUBLIC_VALUE_Y = 0xD0000241;
    /** {@code TEE_ATTR_ECC_PRIVATE_VALUE}. */
    public static final int ECC_PRIVATE_VALUE = 0xC0000341;
    /** {@code TEE_ATTR_ECC_CURVE}. */
    public static final int ECC_CURVE = 0xF0000441;
    /** {@code TEE_ATTR_SM2_ID_INITIATOR}. */
    public static final int SM2_ID_INITIATOR = 0xD0000446;
    /** {@code TEE_ATTR_SM2_ID_RESPONDER}. */
    public static final int SM2_ID_RESPONDER = 0xD0000546;
    /** {@code TEE_ATTR_SM2_KEP_USER}. */
    public static final int SM2_KEP_USER = 0xF0000646;
    /** {@code TEE_ATTR_SM2_KEP_CONFIRMATION_IN}. */
    public static final int SM2_KEP_CONFIRMATION_IN = 0xD0000746;
    /** {@code TEE_ATTR_SM2_KEP_CONFIRMATION_OUT}. */
    public static final int SM2_KEP_CONFIRMATION_OUT = 0xD0000846;
    /** {@code TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X}. */
    public static final int ECC_EPHEMERAL_PUBLIC_VALUE_X = 0xD0000146;
    /** {@code TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y}. */
    public static final int ECC_EPHEMERAL_PUBLIC_VALUE_Y = 0xD0000246;
    /** {@code TEE_ATTR_EDDSA_CTX}. */
    public static final int EDDSA_CTX = 0xD0000643;
    /** {@code TEE_ATTR_ED25519_PUBLIC_VALUE}. */
    public static final int ED25519_PUBLIC_VALUE = 0xD0000743;
    /** {@code TEE_ATTR_ED25519_PRIVATE_VALUE}. */
    public static final int ED25519_PRIVATE_VALUE = 0xC0000843;
    /** {@code TEE_ATTR_X25519_PUBLIC_VALUE}. */
    public static final int X25519_PUBLIC_VALUE = 0xD0000944;
    /** {@code TEE_ATTR_X25519_PRIVATE_VALUE}. */
    public static final int X25519_PRIVATE_VALUE = 0xC0000A44;
    /** {@code TEE_ATTR_EDDSA_PREHASH}. */
    public static final int EDDSA_PREHASH = 0xF0000004;
    /** {@code TEE_ATTR_X448_PUBLIC_VALUE}. */
    public static final int X448_PUBLIC_VALUE = 0xD0000A45;
    /** {@code TEE_ATTR_X448_PRIVATE_VALUE}. */
    public static final int X448_PRIVATE_VALUE = 0xC0000A46;
    /** {@code TEE_ATTR_HKDF_SALT}. */
    public static final int HKDF_SALT = 0xD0000946;
    /** {@code TEE_ATTR_HKDF_INFO}. */
    public static final int HKDF_INFO = 0xD0000A46;
    /** {@code TEE_ATTR_HKDF_HASH_ALGORITHM}. */
    public static final int HKDF_HASH_ALGORITHM = 0xF0000B46;
    /** {@code TEE_ATTR_KDF_KEY_SIZE}. */
    public static final int KDF_KEY_SIZE = 0xF0000C46;
    /** {@code TEE_ATTR_HKDF_IKM}. */
    public static final int HKDF_IKM = 0xC00001C0;
    /** {@code __OPTEE_TEE_ATTR_HKDF_SALT}. */
    public static final int OPTEE_HKDF_SALT = 0xD00002C0;
    /** {@code __OPTEE_ATTR_HKDF_INFO}. */
    public static final int OPTEE_HKDF_INFO = 0xD00003C0;
    /** {@code TEE_ATTR_HKDF_OKM_LENGTH}. */
    public static final int HKDF_OKM_LENGTH = 0xF00004C0;
    /** {@code TEE_ATTR_CONCAT_KDF_Z}. */
    public static final int CONCAT_KDF_Z = 0xC00001C1;
    /** {@code TEE_ATTR_CONCAT_KDF_OTHER_INFO}. */
    public static final int CONCAT_KDF_OTHER_INFO = 0xD00002C1;
    /** {@code TEE_ATTR_CONCAT_KDF_DKM_LENGTH}. */
    public static final int CONCAT_KDF_DKM_LENGTH = 0xF00003C1;
    /** {@code TEE_ATTR_PBKDF2_PASSWORD}. */
    public static final int PBKDF2_PASSWORD = 0xC00001C2;
    /** {@code TEE_ATTR_PBKDF2_SALT}. */
    public static final int PBKDF2_SALT = 0xD00002C2;
    /** {@code TEE_ATTR_PBKDF2_ITERATION_COUNT}. */
    public static final int PBKDF2_ITERATION_COUNT = 0xF00003C2;
    /** {@code TEE_ATTR_PBKDF2_DKM_LENGTH}. */
    public static final int PBKDF2_DKM_LENGTH = 0xF00004C2;

    /** {@code TEE_ATTR_FLAG_VALUE}: a value attribute (two 32-bit integers), else a buffer. */
    public static final int FLAG_VALUE = 1 << 29;
    /** {@code TEE_ATTR_FLAG_PUBLIC}: readable even from a non-extractable object. */
    public static final int FLAG_PUBLIC = 1 << 28;

    /** The parameter set of an ML-KEM or ML-DSA key: 512/768/1024 or 44/65/87 (value a); jtee extension. */
    public static final int ML_PARAMETER_SET = 0xF0000C01;
    /** ML-KEM encapsulation key or ML-DSA public key, in FIPS 203/204 encoding; jtee extension. */
    public static final int ML_PUBLIC_KEY = 0xD0000D01;
    /** ML-KEM or ML-DSA 64-/32-byte seed (FIPS 203 d‖z, FIPS 204 ξ); jtee extension. */
    public static final int ML_SEED = 0xC0000E01;
    /** ML-KEM decapsulation key or ML-DSA private key, expanded encoding; jtee extension. */
    public static final int ML_PRIVATE_KEY = 0xC0000F01;
    /** ML-DSA signing context (0..255 bytes); jtee extension. */
    public static final int ML_DSA_CONTEXT = 0xD0001001;

    /** Whether {@code id} names a value attribute. */
    public static boolean isValue(int id) {
        return (id & FLAG_VALUE) != 0;
    }

    /** Whether {@code id} names a public attribute. */
    public static boolean isPublic(int id) {
        return (id & FLAG_PUBLIC) != 0;
    }
}
