package org.jtee.crypto;

/**
 * Object types ({@code TEE_TYPE_*}) with OP-TEE's values, and jtee's post-quantum key types
 * ({@link #ML_KEM_PUBLIC_KEY} and on).
 */
public final class TeeType {
    private TeeType() {}

    /** {@code TEE_TYPE_AES}. */
    public static final int AES = 0xA0000010;
    /** {@code TEE_TYPE_DES}. */
    public static final int DES = 0xA0000011;
    /** {@code TEE_TYPE_DES3}. */
    public static final int DES3 = 0xA0000013;
    /** {@code TEE_TYPE_SM4}. */
    public static final int SM4 = 0xA0000014;
    /** {@code TEE_TYPE_HMAC_MD5}. */
    public static final int HMAC_MD5 = 0xA0000001;
    /** {@code TEE_TYPE_HMAC_SHA1}. */
    public static final int HMAC_SHA1 = 0xA0000002;
    /** {@code TEE_TYPE_HMAC_SHA224}. */
    public static final int HMAC_SHA224 = 0xA0000003;
    /** {@code TEE_TYPE_HMAC_SHA256}. */
    public static final int HMAC_SHA256 = 0xA0000004;
    /** {@code TEE_TYPE_HMAC_SHA384}. */
    public static final int HMAC_SHA384 = 0xA0000005;
    /** {@code TEE_TYPE_HMAC_SHA512}. */
    public static final int HMAC_SHA512 = 0xA0000006;
    /** {@code TEE_TYPE_HMAC_SM3}. */
    public static final int HMAC_SM3 = 0xA0000007;
    /** {@code TEE_TYPE_HMAC_SHA3_224}. */
    public static final int HMAC_SHA3_224 = 0xA0000008;
    /** {@code TEE_TYPE_HMAC_SHA3_256}. */
    public static final int HMAC_SHA3_256 = 0xA0000009;
    /** {@code TEE_TYPE_HMAC_SHA3_384}. */
    public static final int HMAC_SHA3_384 = 0xA000000A;
    /** {@code TEE_TYPE_HMAC_SHA3_512}. */
    public static final int HMAC_SHA3_512 = 0xA000000B;
    /** {@code TEE_TYPE_RSA_PUBLIC_KEY}. */
    public static final int RSA_PUBLIC_KEY = 0xA0000030;
    /** {@code TEE_TYPE_RSA_KEYPAIR}. */
    public static final int RSA_KEYPAIR = 0xA1000030;
    /** {@code TEE_TYPE_DSA_PUBLIC_KEY}. */
    public static final int DSA_PUBLIC_KEY = 0xA0000031;
    /** {@code TEE_TYPE_DSA_KEYPAIR}. */
    public static final int DSA_KEYPAIR = 0xA1000031;
    /** {@code TEE_TYPE_DH_KEYPAIR}. */
    public static final int DH_KEYPAIR = 0xA1000032;
    /** {@code TEE_TYPE_ECDSA_PUBLIC_KEY}. */
    public static final int ECDSA_PUBLIC_KEY = 0xA0000041;
    /** {@code TEE_TYPE_ECDSA_KEYPAIR}. */
    public static final int ECDSA_KEYPAIR = 0xA1000041;
    /** {@code TEE_TYPE_ECDH_PUBLIC_KEY}. */
    public static final int ECDH_PUBLIC_KEY = 0xA0000042;
    /** {@code TEE_TYPE_ECDH_KEYPAIR}. */
    public static final int ECDH_KEYPAIR = 0xA1000042;
    /** {@code TEE_TYPE_ED25519_PUBLIC_KEY}. */
    public static final int ED25519_PUBLIC_KEY = 0xA0000043;
    /** {@code TEE_TYPE_ED25519_KEYPAIR}. */
    public static final int ED25519_KEYPAIR = 0xA1000043;
    /** {@code TEE_TYPE_ED448_PUBLIC_KEY}. */
    public static final int ED448_PUBLIC_KEY = 0xA0000048;
    /** {@code TEE_TYPE_ED448_KEYPAIR}. */
    public static final int ED448_KEYPAIR = 0xA1000048;
    /** {@code TEE_TYPE_X448_PUBLIC_KEY}. */
    public static final int X448_PUBLIC_KEY = 0xA0000049;
    /** {@code TEE_TYPE_X448_KEYPAIR}. */
    public static final int X448_KEYPAIR = 0xA1000049;
    /** {@code TEE_TYPE_SM2_DSA_PUBLIC_KEY}. */
    public static final int SM2_DSA_PUBLIC_KEY = 0xA0000045;
    /** {@code TEE_TYPE_SM2_DSA_KEYPAIR}. */
    public static final int SM2_DSA_KEYPAIR = 0xA1000045;
    /** {@code TEE_TYPE_SM2_KEP_PUBLIC_KEY}. */
    public static final int SM2_KEP_PUBLIC_KEY = 0xA0000046;
    /** {@code TEE_TYPE_SM2_KEP_KEYPAIR}. */
    public static final int SM2_KEP_KEYPAIR = 0xA1000046;
    /** {@code TEE_TYPE_SM2_PKE_PUBLIC_KEY}. */
    public static final int SM2_PKE_PUBLIC_KEY = 0xA0000047;
    /** {@code TEE_TYPE_SM2_PKE_KEYPAIR}. */
    public static final int SM2_PKE_KEYPAIR = 0xA1000047;
    /** {@code TEE_TYPE_HKDF}. */
    public static final int HKDF = 0xA000004A;
    /** {@code TEE_TYPE_GENERIC_SECRET}. */
    public static final int GENERIC_SECRET = 0xA0000000;
    /** {@code TEE_TYPE_CORRUPTED_OBJECT}. */
    public static final int CORRUPTED_OBJECT = 0xA00000BE;
    /** {@code TEE_TYPE_DATA}. */
    public static final int DATA = 0xA00000BF;
    /** {@code TEE_TYPE_X25519_PUBLIC_KEY}. */
    public static final int X25519_PUBLIC_KEY = 0xA0000044;
    /** {@code TEE_TYPE_X25519_KEYPAIR}. */
    public static final int X25519_KEYPAIR = 0xA1000044;
    /** {@code TEE_TYPE_ILLEGAL_VALUE}. */
    public static final int ILLEGAL_VALUE = 0xEFFFFFFF;
    /** {@code TEE_TYPE_HKDF_IKM}. */
    public static final int HKDF_IKM = 0xA10000C0;
    /** {@code TEE_TYPE_CONCAT_KDF_Z}. */
    public static final int CONCAT_KDF_Z = 0xA10000C1;
    /** {@code TEE_TYPE_PBKDF2_PASSWORD}. */
    public static final int PBKDF2_PASSWORD = 0xA10000C2;

    /** ML-KEM public (encapsulation) key; jtee extension. */
    public static final int ML_KEM_PUBLIC_KEY = 0xF0000201;
    /** ML-KEM key pair; jtee extension. */
    public static final int ML_KEM_KEYPAIR = 0xF1000201;
    /** ML-DSA public key; jtee extension. */
    public static final int ML_DSA_PUBLIC_KEY = 0xF0000301;
    /** ML-DSA key pair; jtee extension. */
    public static final int ML_DSA_KEYPAIR = 0xF1000301;
}
