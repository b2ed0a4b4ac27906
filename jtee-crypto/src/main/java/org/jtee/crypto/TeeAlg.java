package org.jtee.crypto;

/**
 * Algorithm identifiers ({@code TEE_ALG_*}) with OP-TEE's values, GP's and OP-TEE's extensions
 * alike, and jtee's own post-quantum extensions ({@link #ML_KEM_512} and on), in the range
 * {@code 0xF0xxxxxx} GP leaves to implementations. The {@code OPTEE_*} names are the values a TA
 * built against the 1.1 API passes for ECDSA and ECDH on a fixed curve.
 */
public final class TeeAlg {
    private TeeAlg() {}

    /** {@code TEE_ALG_AES_ECB_NOPAD}. */
    public static final int AES_ECB_NOPAD = 0x10000010;
    /** {@code TEE_ALG_AES_CBC_NOPAD}. */
    public static final int AES_CBC_NOPAD = 0x10000110;
    /** {@code TEE_ALG_AES_CTR}. */
    public static final int AES_CTR = 0x10000210;
    /** {@code TEE_ALG_AES_CTS}. */
    public static final int AES_CTS = 0x10000310;
    /** {@code TEE_ALG_AES_XTS}. */
    public static final int AES_XTS = 0x10000410;
    /** {@code TEE_ALG_AES_CBC_MAC_NOPAD}. */
    public static final int AES_CBC_MAC_NOPAD = 0x30000110;
    /** {@code TEE_ALG_AES_CBC_MAC_PKCS5}. */
    public static final int AES_CBC_MAC_PKCS5 = 0x30000510;
    /** {@code TEE_ALG_AES_CMAC}. */
    public static final int AES_CMAC = 0x30000610;
    /** {@code TEE_ALG_AES_CCM}. */
    public static final int AES_CCM = 0x40000710;
    /** {@code TEE_ALG_AES_GCM}. */
    public static final int AES_GCM = 0x40000810;
    /** {@code TEE_ALG_DES_ECB_NOPAD}. */
    public static final int DES_ECB_NOPAD = 0x10000011;
    /** {@code TEE_ALG_DES_CBC_NOPAD}. */
    public static final int DES_CBC_NOPAD = 0x10000111;
    /** {@code TEE_ALG_DES_CBC_MAC_NOPAD}. */
    public static final int DES_CBC_MAC_NOPAD = 0x30000111;
    /** {@code TEE_ALG_DES_CBC_MAC_PKCS5}. */
    public static final int DES_CBC_MAC_PKCS5 = 0x30000511;
    /** {@code TEE_ALG_DES3_ECB_NOPAD}. */
    public static final int DES3_ECB_NOPAD = 0x10000013;
    /** {@code TEE_ALG_DES3_CBC_NOPAD}. */
    public static final int DES3_CBC_NOPAD = 0x10000113;
    /** {@code TEE_ALG_DES3_CBC_MAC_NOPAD}. */
    public static final int DES3_CBC_MAC_NOPAD = 0x30000113;
    /** {@code TEE_ALG_DES3_CBC_MAC_PKCS5}. */
    public static final int DES3_CBC_MAC_PKCS5 = 0x30000513;
    /** {@code TEE_ALG_SM4_ECB_NOPAD}. */
    public static final int SM4_ECB_NOPAD = 0x10000014;
    /** {@code TEE_ALG_SM4_CBC_NOPAD}. */
    public static final int SM4_CBC_NOPAD = 0x10000114;
    /** {@code TEE_ALG_SM4_CTR}. */
    public static final int SM4_CTR = 0x10000214;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_MD5}. */
    public static final int RSASSA_PKCS1_V1_5_MD5 = 0x70001830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA1}. */
    public static final int RSASSA_PKCS1_V1_5_SHA1 = 0x70002830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA224}. */
    public static final int RSASSA_PKCS1_V1_5_SHA224 = 0x70003830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA256}. */
    public static final int RSASSA_PKCS1_V1_5_SHA256 = 0x70004830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA384}. */
    public static final int RSASSA_PKCS1_V1_5_SHA384 = 0x70005830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA512}. */
    public static final int RSASSA_PKCS1_V1_5_SHA512 = 0x70006830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_MD5SHA1}. */
    public static final int RSASSA_PKCS1_V1_5_MD5SHA1 = 0x7000F830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_224}. */
    public static final int RSASSA_PKCS1_V1_5_SHA3_224 = 0x70008830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_256}. */
    public static final int RSASSA_PKCS1_V1_5_SHA3_256 = 0x70009830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_384}. */
    public static final int RSASSA_PKCS1_V1_5_SHA3_384 = 0x7000A830;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_512}. */
    public static final int RSASSA_PKCS1_V1_5_SHA3_512 = 0x7000B830;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA1 = 0x70212930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA224 = 0x70313930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA256 = 0x70414930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA384 = 0x70515930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA512 = 0x70616930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_224}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA3_224 = 0x70818930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_256}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA3_256 = 0x70919930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_384}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA3_384 = 0x70A1A930;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_512}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_SHA3_512 = 0x70B1B930;
    /** {@code TEE_ALG_RSAES_PKCS1_V1_5}. */
    public static final int RSAES_PKCS1_V1_5 = 0x60000130;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA1 = 0x60210230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA224}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA224 = 0x60310230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA256 = 0x60410230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA384}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA384 = 0x60510230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA512}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA512 = 0x60610230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_224}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA3_224 = 0x60810230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_256}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA3_256 = 0x60910230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_384}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA3_384 = 0x60A10230;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_512}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_SHA3_512 = 0x60B10230;
    /** {@code TEE_ALG_RSA_NOPAD}. */
    public static final int RSA_NOPAD = 0x60000030;
    /** {@code TEE_ALG_DSA_SHA1}. */
    public static final int DSA_SHA1 = 0x70002131;
    /** {@code TEE_ALG_DSA_SHA224}. */
    public static final int DSA_SHA224 = 0x70003131;
    /** {@code TEE_ALG_DSA_SHA256}. */
    public static final int DSA_SHA256 = 0x70004131;
    /** {@code TEE_ALG_DSA_SHA3_224}. */
    public static final int DSA_SHA3_224 = 0x70008131;
    /** {@code TEE_ALG_DSA_SHA3_256}. */
    public static final int DSA_SHA3_256 = 0x70009131;
    /** {@code TEE_ALG_DSA_SHA3_384}. */
    public static final int DSA_SHA3_384 = 0x7000A131;
    /** {@code TEE_ALG_DSA_SHA3_512}. */
    public static final int DSA_SHA3_512 = 0x7000B131;
    /** {@code TEE_ALG_SM2_DSA_SM3}. */
    public static final int SM2_DSA_SM3 = 0x70006045;
    /** {@code TEE_ALG_DH_DERIVE_SHARED_SECRET}. */
    public static final int DH_DERIVE_SHARED_SECRET = 0x80000032;
    /** {@code TEE_ALG_SM2_KEP}. */
    public static final int SM2_KEP = 0x60000045;
    /** {@code TEE_ALG_MD5}. */
    public static final int MD5 = 0x50000001;
    /** {@code TEE_ALG_SHA1}. */
    public static final int SHA1 = 0x50000002;
    /** {@code TEE_ALG_SHA224}. */
    public static final int SHA224 = 0x50000003;
    /** {@code TEE_ALG_SHA256}. */
    public static final int SHA256 = 0x50000004;
    /** {@code TEE_ALG_SHA384}. */
    public static final int SHA384 = 0x50000005;
    /** {@code TEE_ALG_SHA512}. */
    public static final int SHA512 = 0x50000006;
    /** {@code TEE_ALG_SHA3_224}. */
    public static final int SHA3_224 = 0x50000008;
    /** {@code TEE_ALG_SHA3_256}. */
    public static final int SHA3_256 = 0x50000009;
    /** {@code TEE_ALG_SHA3_384}. */
    public static final int SHA3_384 = 0x5000000A;
    /** {@code TEE_ALG_SHA3_512}. */
    public static final int SHA3_512 = 0x5000000B;
    /** {@code TEE_ALG_MD5SHA1}. */
    public static final int MD5SHA1 = 0x5000000F;
    /** {@code TEE_ALG_HMAC_MD5}. */
    public static final int HMAC_MD5 = 0x30000001;
    /** {@code TEE_ALG_HMAC_SHA1}. */
    public static final int HMAC_SHA1 = 0x30000002;
    /** {@code TEE_ALG_HMAC_SHA224}. */
    public static final int HMAC_SHA224 = 0x30000003;
    /** {@code TEE_ALG_HMAC_SHA256}. */
    public static final int HMAC_SHA256 = 0x30000004;
    /** {@code TEE_ALG_HMAC_SHA384}. */
    public static final int HMAC_SHA384 = 0x30000005;
    /** {@code TEE_ALG_HMAC_SHA512}. */
    public static final int HMAC_SHA512 = 0x30000006;
    /** {@code TEE_ALG_HMAC_SM3}. */
    public static final int HMAC_SM3 = 0x30000007;
    /** {@code TEE_ALG_HMAC_SHA3_224}. */
    public static final int HMAC_SHA3_224 = 0x30000008;
    /** {@code TEE_ALG_HMAC_SHA3_256}. */
    public static final int HMAC_SHA3_256 = 0x30000009;
    /** {@code TEE_ALG_HMAC_SHA3_384}. */
    public static final int HMAC_SHA3_384 = 0x3000000A;
    /** {@code TEE_ALG_HMAC_SHA3_512}. */
    public static final int HMAC_SHA3_512 = 0x3000000B;
    /** {@code __OPTEE_ALG_ECDSA_P192}. */
    public static final int OPTEE_ECDSA_P192 = 0x70001041;
    /** {@code __OPTEE_ALG_ECDSA_P224}. */
    public static final int OPTEE_ECDSA_P224 = 0x70002041;
    /** {@code __OPTEE_ALG_ECDSA_P256}. */
    public static final int OPTEE_ECDSA_P256 = 0x70003041;
    /** {@code __OPTEE_ALG_ECDSA_P384}. */
    public static final int OPTEE_ECDSA_P384 = 0x70004041;
    /** {@code __OPTEE_ALG_ECDSA_P521}. */
    public static final int OPTEE_ECDSA_P521 = 0x70005041;
    /** {@code __OPTEE_ALG_ECDH_P192}. */
    public static final int OPTEE_ECDH_P192 = 0x80001042;
    /** {@code __OPTEE_ALG_ECDH_P224}. */
    public static final int OPTEE_ECDH_P224 = 0x80002042;
    /** {@code __OPTEE_ALG_ECDH_P256}. */
    public static final int OPTEE_ECDH_P256 = 0x80003042;
    /** {@code __OPTEE_ALG_ECDH_P384}. */
    public static final int OPTEE_ECDH_P384 = 0x80004042;
    /** {@code __OPTEE_ALG_ECDH_P521}. */
    public static final int OPTEE_ECDH_P521 = 0x80005042;
    /** {@code TEE_ALG_ECDSA_P192}. */
    public static final int ECDSA_P192 = 0x70001042;
    /** {@code TEE_ALG_ECDSA_P224}. */
    public static final int ECDSA_P224 = 0x70002042;
    /** {@code TEE_ALG_ECDSA_P256}. */
    public static final int ECDSA_P256 = 0x70003042;
    /** {@code TEE_ALG_ECDSA_P384}. */
    public static final int ECDSA_P384 = 0x70004042;
    /** {@code TEE_ALG_ECDSA_P521}. */
    public static final int ECDSA_P521 = 0x70005042;
    /** {@code TEE_ALG_ECDH_P192}. */
    public static final int ECDH_P192 = 0x80000042;
    /** {@code TEE_ALG_ECDH_P224}. */
    public static final int ECDH_P224 = 0x80000042;
    /** {@code TEE_ALG_ECDH_P256}. */
    public static final int ECDH_P256 = 0x80000042;
    /** {@code TEE_ALG_ECDH_P384}. */
    public static final int ECDH_P384 = 0x80000042;
    /** {@code TEE_ALG_ECDH_P521}. */
    public static final int ECDH_P521 = 0x80000042;
    /** {@code TEE_ALG_ECDH_DERIVE_SHARED_SECRET}. */
    public static final int ECDH_DERIVE_SHARED_SECRET = 0x80000042;
    /** {@code TEE_ALG_ECDSA_SHA1}. */
    public static final int ECDSA_SHA1 = 0x70001042;
    /** {@code TEE_ALG_ECDSA_SHA224}. */
    public static final int ECDSA_SHA224 = 0x70002042;
    /** {@code TEE_ALG_ECDSA_SHA256}. */
    public static final int ECDSA_SHA256 = 0x70003042;
    /** {@code TEE_ALG_ECDSA_SHA384}. */
    public static final int ECDSA_SHA384 = 0x70004042;
    /** {@code TEE_ALG_ECDSA_SHA512}. */
    public static final int ECDSA_SHA512 = 0x70005042;
    /** {@code TEE_ALG_ECDSA_SHA3_224}. */
    public static final int ECDSA_SHA3_224 = 0x70006042;
    /** {@code TEE_ALG_ECDSA_SHA3_256}. */
    public static final int ECDSA_SHA3_256 = 0x70007042;
    /** {@code TEE_ALG_ECDSA_SHA3_384}. */
    public static final int ECDSA_SHA3_384 = 0x70008042;
    /** {@code TEE_ALG_ECDSA_SHA3_512}. */
    public static final int ECDSA_SHA3_512 = 0x70009042;
    /** {@code TEE_ALG_ED25519}. */
    public static final int ED25519 = 0x70006043;
    /** {@code TEE_ALG_ED448}. */
    public static final int ED448 = 0x70006044;
    /** {@code TEE_ALG_SM2_PKE}. */
    public static final int SM2_PKE = 0x80000046;
    /** {@code TEE_ALG_HKDF}. */
    public static final int HKDF = 0x80000047;
    /** {@code TEE_ALG_SM3}. */
    public static final int SM3 = 0x50000007;
    /** {@code TEE_ALG_X25519}. */
    public static final int X25519 = 0x80000044;
    /** {@code TEE_ALG_X448}. */
    public static final int X448 = 0x80000045;
    /** {@code TEE_ALG_SM4_ECB_PKCS5}. */
    public static final int SM4_ECB_PKCS5 = 0x10000015;
    /** {@code TEE_ALG_SM4_CBC_PKCS5}. */
    public static final int SM4_CBC_PKCS5 = 0x10000115;
    /** {@code TEE_ALG_ILLEGAL_VALUE}. */
    public static final int ILLEGAL_VALUE = 0xEFFFFFFF;
    /** {@code TEE_ALG_SHAKE128}. */
    public static final int SHAKE128 = 0x50000101;
    /** {@code TEE_ALG_SHAKE256}. */
    public static final int SHAKE256 = 0x50000102;
    /** {@code TEE_ALG_RSASSA_PKCS1_PSS_MGF1_MD5}. */
    public static final int RSASSA_PKCS1_PSS_MGF1_MD5 = 0xF0111930;
    /** {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_MD5}. */
    public static final int RSAES_PKCS1_OAEP_MGF1_MD5 = 0xF0110230;
    /** {@code TEE_ALG_HKDF_MD5_DERIVE_KEY}. */
    public static final int HKDF_MD5_DERIVE_KEY = 0x800010C0;
    /** {@code TEE_ALG_HKDF_SHA1_DERIVE_KEY}. */
    public static final int HKDF_SHA1_DERIVE_KEY = 0x800020C0;
    /** {@code TEE_ALG_HKDF_SHA224_DERIVE_KEY}. */
    public static final int HKDF_SHA224_DERIVE_KEY = 0x800030C0;
    /** {@code TEE_ALG_HKDF_SHA256_DERIVE_KEY}. */
    public static final int HKDF_SHA256_DERIVE_KEY = 0x800040C0;
    /** {@code TEE_ALG_HKDF_SHA384_DERIVE_KEY}. */
    public static final int HKDF_SHA384_DERIVE_KEY = 0x800050C0;
    /** {@code TEE_ALG_HKDF_SHA512_DERIVE_KEY}. */
    public static final int HKDF_SHA512_DERIVE_KEY = 0x800060C0;
    /** {@code TEE_ALG_CONCAT_KDF_SHA1_DERIVE_KEY}. */
    public static final int CONCAT_KDF_SHA1_DERIVE_KEY = 0x800020C1;
    /** {@code TEE_ALG_CONCAT_KDF_SHA224_DERIVE_KEY}. */
    public static final int CONCAT_KDF_SHA224_DERIVE_KEY = 0x800030C1;
    /** {@code TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY}. */
    public static final int CONCAT_KDF_SHA256_DERIVE_KEY = 0x800040C1;
    /** {@code TEE_ALG_CONCAT_KDF_SHA384_DERIVE_KEY}. */
    public static final int CONCAT_KDF_SHA384_DERIVE_KEY = 0x800050C1;
    /** {@code TEE_ALG_CONCAT_KDF_SHA512_DERIVE_KEY}. */
    public static final int CONCAT_KDF_SHA512_DERIVE_KEY = 0x800060C1;
    /** {@code TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY}. */
    public static final int PBKDF2_HMAC_SHA1_DERIVE_KEY = 0x800020C2;
    /** {@code TEE_ALG_PBKDF2_HMAC_SHA224_DERIVE_KEY}. */
    public static final int PBKDF2_HMAC_SHA224_DERIVE_KEY = 0x800030C2;
    /** {@code TEE_ALG_PBKDF2_HMAC_SHA256_DERIVE_KEY}. */
    public static final int PBKDF2_HMAC_SHA256_DERIVE_KEY = 0x800040C2;
    /** {@code TEE_ALG_PBKDF2_HMAC_SHA384_DERIVE_KEY}. */
    public static final int PBKDF2_HMAC_SHA384_DERIVE_KEY = 0x800050C2;
    /** {@code TEE_ALG_PBKDF2_HMAC_SHA512_DERIVE_KEY}. */
    public static final int PBKDF2_HMAC_SHA512_DERIVE_KEY = 0x800060C2;
    /** {@code TEE_ALG_PBKDF2_HMAC_SM3_DERIVE_KEY}. */
    public static final int PBKDF2_HMAC_SM3_DERIVE_KEY = 0x800070C2;
    /** {@code TEE_ALG_RSASSA_PKCS1_V1_5}. */
    public static final int RSASSA_PKCS1_V1_5 = 0xF0000830;
    /** {@code TEE_ALG_DES3_CMAC}. */
    public static final int DES3_CMAC = 0xF0000613;
    /** {@code TEE_ALG_SM4_XTS}. */
    public static final int SM4_XTS = 0xF0000414;

    // jtee extensions. GP leaves identifiers with the top nibble 0xF to implementations; OP-TEE's
    // own sit in 0xF0xxxxxx, jtee's in 0xF1xxxxxx.
    /** ML-KEM-512 (FIPS 203), operation class {@link TeeCrypto#OPERATION_KEM}. */
    public static final int ML_KEM_512 = 0xF1000201;
    /** ML-KEM-768 (FIPS 203). */
    public static final int ML_KEM_768 = 0xF1000202;
    /** ML-KEM-1024 (FIPS 203). */
    public static final int ML_KEM_1024 = 0xF1000203;
    /** ML-DSA-44 (FIPS 204), pure signature over the message given to
     * {@code signDigest} (as Ed25519 in OP-TEE), operation class asymmetric signature. */
    public static final int ML_DSA_44 = 0xF1000301;
    /** ML-DSA-65 (FIPS 204). */
    public static final int ML_DSA_65 = 0xF1000302;
    /** ML-DSA-87 (FIPS 204). */
    public static final int ML_DSA_87 = 0xF1000303;
}
