package org.jtee.crypto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The object types a {@link TransientObject} can be allocated with: per type the key sizes it
 * allows and the attributes it holds, with what each attribute is for. The table is OP-TEE's
 * {@code tee_cryp_obj_props} ({@code core/tee/tee_svc_cryp.c}) in OP-TEE's default configuration
 * ({@code CFG_CORE_BIGNUM_MAX_BITS=4096}, {@code CFG_COMPAT_GP10_DES=y},
 * {@code CFG_HMAC_64_1024_RANGE=n}, HKDF, Concat KDF and PBKDF2 on, X448 off), plus jtee's
 * ML-KEM and ML-DSA types.
 *
 * <p>Not in the table, so {@code TEE_ERROR_NOT_SUPPORTED} at allocation as in OP-TEE:
 * {@code TEE_TYPE_X25519_PUBLIC_KEY}, {@code TEE_TYPE_X448_PUBLIC_KEY}, the Ed448 types,
 * {@code TEE_TYPE_HKDF} and {@code TEE_TYPE_DATA}. {@code TEE_TYPE_X448_KEYPAIR} is in the table
 * but marked unavailable: OP-TEE finds it, then its crypto layer answers
 * {@code TEE_ERROR_NOT_IMPLEMENTED} ({@code core/crypto/crypto.c} without {@code CFG_CRYPTO_X448}).
 */
final class ObjectTypes {
    private ObjectTypes() {}

    // OP-TEE's TEE_TYPE_ATTR_* flags.
    /** jtee: accepted by populate, not required. OP-TEE defines the flag but no type uses it. */
    static final int OPTIONAL = 1;
    /** Populate needs it. */
    static final int REQUIRED = 1 << 1;
    /** Populate takes all attributes so flagged or none of them. */
    static final int OPTIONAL_GROUP = 1 << 2;
    /** Gives the object's size: byte length × 8, the curve's size, or the parameter set. */
    static final int SIZE_INDICATOR = 1 << 3;
    /** Key generation accepts it. */
    static final int GEN_KEY_OPT = 1 << 4;
    /** Key generation needs it. */
    static final int GEN_KEY_REQ = 1 << 5;
    /** A big number no longer than the object's maximum size in bits. */
    static final int BIGNUM_MAXBITS = 1 << 6;

    /** How an attribute is stored: OP-TEE's {@code attr_ops}, plus jtee's raw encodings. */
    enum Kind {
        /** Bytes as given, up to the type's {@link TypeProps#secretBytes}. */
        SECRET,
        /** A non-negative big-endian integer, kept and read back without leading zero bytes. */
        BIGNUM,
        /** A value attribute; only {@code a} is kept, {@code b} reads back as 0. */
        VALUE,
        /** Exactly 32 bytes (X25519, Ed25519). */
        BYTES32,
        /** An encoding whose length the parameter set fixes (ML-KEM, ML-DSA). */
        ENCODED
    }

    /** One attribute of a type: identifier, {@code TEE_TYPE_ATTR_*} flags, storage. */
    record AttrSpec(int id, int flags, Kind kind) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /**
     * One object type.
     *
     * @param quanta sizes must be multiples of this (unless {@code sizes} is not empty)
     * @param sizes the only sizes allowed, for the ML types; empty elsewhere
     * @param secretBytes what a secret attribute may hold in bytes (OP-TEE's {@code alloc_size},
     *     which can differ from {@code maxSize}: HMAC-SM3 allows 1024 bits but holds 64 bytes)
     * @param available false where OP-TEE's crypto layer refuses the type with NOT_IMPLEMENTED
     */
    record TypeProps(int type, int quanta, int minSize, int maxSize, List<Integer> sizes,
            int secretBytes, boolean available, List<AttrSpec> attrs) {

        /** The attribute {@code id} of this type, or {@code null}. */
        AttrSpec spec(int id) {
            for (AttrSpec s : attrs) {
                if (s.id() == id) {
                    return s;
                }
            }
            return null;
        }

        /**
         * Whether key generation makes a key pair of this type: the asymmetric cases of
         * {@code syscall_obj_generate_key}, and jtee's ML key pairs.
         */
        boolean generatesKeypair() {
            return switch (type) {
                case TeeType.RSA_KEYPAIR, TeeType.DSA_KEYPAIR, TeeType.DH_KEYPAIR, TeeType.ECDSA_KEYPAIR,
                        TeeType.ECDH_KEYPAIR, TeeType.SM2_DSA_KEYPAIR, TeeType.SM2_KEP_KEYPAIR,
                        TeeType.SM2_PKE_KEYPAIR, TeeType.X25519_KEYPAIR, TeeType.X448_KEYPAIR,
                        TeeType.ED25519_KEYPAIR, TeeType.ML_KEM_KEYPAIR, TeeType.ML_DSA_KEYPAIR -> true;
                default -> false;
            };
        }
    }

    private static final Map<Integer, TypeProps> TYPES = new HashMap<>();

    private static final List<AttrSpec> RSA_PUBLIC = List.of(
            new AttrSpec(TeeAttr.RSA_MODULUS, REQUIRED | SIZE_INDICATOR, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_PUBLIC_EXPONENT, REQUIRED, Kind.BIGNUM));
    private static final List<AttrSpec> RSA_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.RSA_MODULUS, REQUIRED | SIZE_INDICATOR, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_PUBLIC_EXPONENT, REQUIRED | GEN_KEY_OPT, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_PRIVATE_EXPONENT, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_PRIME1, OPTIONAL_GROUP, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_PRIME2, OPTIONAL_GROUP, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_EXPONENT1, OPTIONAL_GROUP, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_EXPONENT2, OPTIONAL_GROUP, Kind.BIGNUM),
            new AttrSpec(TeeAttr.RSA_COEFFICIENT, OPTIONAL_GROUP, Kind.BIGNUM));
    private static final List<AttrSpec> DSA_PUBLIC = List.of(
            new AttrSpec(TeeAttr.DSA_PRIME, REQUIRED | BIGNUM_MAXBITS | SIZE_INDICATOR, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_SUBPRIME, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_BASE, REQUIRED | BIGNUM_MAXBITS, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_PUBLIC_VALUE, REQUIRED | BIGNUM_MAXBITS, Kind.BIGNUM));
    private static final List<AttrSpec> DSA_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.DSA_PRIME, REQUIRED | GEN_KEY_REQ | BIGNUM_MAXBITS | SIZE_INDICATOR, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_SUBPRIME, REQUIRED | GEN_KEY_REQ, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_BASE, REQUIRED | GEN_KEY_REQ | BIGNUM_MAXBITS, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_PRIVATE_VALUE, REQUIRED | BIGNUM_MAXBITS, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DSA_PUBLIC_VALUE, REQUIRED | BIGNUM_MAXBITS, Kind.BIGNUM));
    private static final List<AttrSpec> DH_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.DH_PRIME, REQUIRED | SIZE_INDICATOR | GEN_KEY_REQ, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DH_BASE, REQUIRED | GEN_KEY_REQ, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DH_PUBLIC_VALUE, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DH_PRIVATE_VALUE, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DH_SUBPRIME, OPTIONAL_GROUP | GEN_KEY_OPT, Kind.BIGNUM),
            new AttrSpec(TeeAttr.DH_X_BITS, GEN_KEY_OPT, Kind.VALUE));
    private static final List<AttrSpec> ECC_PUBLIC = List.of(
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_X, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_Y, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_CURVE, REQUIRED | SIZE_INDICATOR, Kind.VALUE));
    private static final List<AttrSpec> ECC_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.ECC_PRIVATE_VALUE, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_X, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_Y, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_CURVE, REQUIRED | SIZE_INDICATOR | GEN_KEY_REQ, Kind.VALUE));
    private static final List<AttrSpec> SM2_PUBLIC = List.of(
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_X, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_Y, REQUIRED, Kind.BIGNUM));
    private static final List<AttrSpec> SM2_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.ECC_PRIVATE_VALUE, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_X, REQUIRED, Kind.BIGNUM),
            new AttrSpec(TeeAttr.ECC_PUBLIC_VALUE_Y, REQUIRED, Kind.BIGNUM));
    private static final List<AttrSpec> X25519_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.X25519_PRIVATE_VALUE, REQUIRED, Kind.BYTES32),
            new AttrSpec(TeeAttr.X25519_PUBLIC_VALUE, REQUIRED, Kind.BYTES32));
    private static final List<AttrSpec> X448_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.X448_PRIVATE_VALUE, REQUIRED, Kind.SECRET),
            new AttrSpec(TeeAttr.X448_PUBLIC_VALUE, REQUIRED, Kind.SECRET));
    private static final List<AttrSpec> ED25519_PUBLIC = List.of(
            new AttrSpec(TeeAttr.ED25519_PUBLIC_VALUE, REQUIRED, Kind.BYTES32));
    private static final List<AttrSpec> ED25519_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.ED25519_PRIVATE_VALUE, REQUIRED, Kind.BYTES32),
            new AttrSpec(TeeAttr.ED25519_PUBLIC_VALUE, REQUIRED, Kind.BYTES32));
    // jtee: the parameter set gives the size (key generation takes it too, as a check of the key
    // size); a key pair needs its seed, its private key or both.
    private static final List<AttrSpec> ML_PUBLIC = List.of(
            new AttrSpec(TeeAttr.ML_PARAMETER_SET, REQUIRED | SIZE_INDICATOR, Kind.VALUE),
            new AttrSpec(TeeAttr.ML_PUBLIC_KEY, REQUIRED, Kind.ENCODED));
    private static final List<AttrSpec> ML_KEYPAIR = List.of(
            new AttrSpec(TeeAttr.ML_PARAMETER_SET, REQUIRED | SIZE_INDICATOR | GEN_KEY_OPT, Kind.VALUE),
            new AttrSpec(TeeAttr.ML_PUBLIC_KEY, REQUIRED, Kind.ENCODED),
            new AttrSpec(TeeAttr.ML_PRIVATE_KEY, OPTIONAL, Kind.ENCODED),
            new AttrSpec(TeeAttr.ML_SEED, OPTIONAL, Kind.ENCODED));

    static {
        secret(TeeType.AES, 64, 128, 256, 256, TeeAttr.SECRET_VALUE);
        secret(TeeType.DES, 64, 64, 64, 64, TeeAttr.SECRET_VALUE);
        secret(TeeType.DES3, 64, 128, 192, 192, TeeAttr.SECRET_VALUE);
        secret(TeeType.SM4, 128, 128, 128, 128, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_MD5, 8, 64, 512, 512, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA1, 8, 80, 512, 512, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA224, 8, 112, 512, 512, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA256, 8, 192, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA384, 8, 256, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA512, 8, 256, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA3_224, 8, 192, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA3_256, 8, 256, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA3_384, 8, 256, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SHA3_512, 8, 256, 1024, 1024, TeeAttr.SECRET_VALUE);
        secret(TeeType.HMAC_SM3, 8, 80, 1024, 512, TeeAttr.SECRET_VALUE);
        secret(TeeType.GENERIC_SECRET, 8, 0, 4096, 4096, TeeAttr.SECRET_VALUE);
        secret(TeeType.HKDF_IKM, 8, 0, 4096, 4096, TeeAttr.HKDF_IKM);
        secret(TeeType.CONCAT_KDF_Z, 8, 0, 4096, 4096, TeeAttr.CONCAT_KDF_Z);
        secret(TeeType.PBKDF2_PASSWORD, 8, 0, 4096, 4096, TeeAttr.PBKDF2_PASSWORD);
        asym(TeeType.RSA_PUBLIC_KEY, 1, 256, 4096, RSA_PUBLIC);
        asym(TeeType.RSA_KEYPAIR, 1, 256, 4096, RSA_KEYPAIR);
        asym(TeeType.DSA_PUBLIC_KEY, 64, 512, 3072, DSA_PUBLIC);
        asym(TeeType.DSA_KEYPAIR, 64, 512, 3072, DSA_KEYPAIR);
        asym(TeeType.DH_KEYPAIR, 1, 256, 2048, DH_KEYPAIR);
        asym(TeeType.ECDSA_PUBLIC_KEY, 1, 192, 521, ECC_PUBLIC);
        asym(TeeType.ECDSA_KEYPAIR, 1, 192, 521, ECC_KEYPAIR);
        asym(TeeType.ECDH_PUBLIC_KEY, 1, 192, 521, ECC_PUBLIC);
        asym(TeeType.ECDH_KEYPAIR, 1, 192, 521, ECC_KEYPAIR);
        for (int t : new int[] {TeeType.SM2_DSA_PUBLIC_KEY, TeeType.SM2_PKE_PUBLIC_KEY, TeeType.SM2_KEP_PUBLIC_KEY}) {
            asym(t, 1, 256, 256, SM2_PUBLIC);
        }
        for (int t : new int[] {TeeType.SM2_DSA_KEYPAIR, TeeType.SM2_PKE_KEYPAIR, TeeType.SM2_KEP_KEYPAIR}) {
            asym(t, 1, 256, 256, SM2_KEYPAIR);
        }
        asym(TeeType.X25519_KEYPAIR, 1, 256, 256, X25519_KEYPAIR);
        put(new TypeProps(TeeType.X448_KEYPAIR, 1, 448, 448, List.of(), 0, false, X448_KEYPAIR));
        asym(TeeType.ED25519_PUBLIC_KEY, 1, 256, 256, ED25519_PUBLIC);
        asym(TeeType.ED25519_KEYPAIR, 1, 256, 256, ED25519_KEYPAIR);
        ml(TeeType.ML_KEM_PUBLIC_KEY, List.of(512, 768, 1024), ML_PUBLIC);
        ml(TeeType.ML_KEM_KEYPAIR, List.of(512, 768, 1024), ML_KEYPAIR);
        ml(TeeType.ML_DSA_PUBLIC_KEY, List.of(44, 65, 87), ML_PUBLIC);
        ml(TeeType.ML_DSA_KEYPAIR, List.of(44, 65, 87), ML_KEYPAIR);
    }

    private static void secret(int type, int quanta, int min, int max, int allocBits, int attr) {
        List<AttrSpec> attrs = List.of(new AttrSpec(attr, REQUIRED | SIZE_INDICATOR, Kind.SECRET));
        put(new TypeProps(type, quanta, min, max, List.of(), allocBits / 8, true, attrs));
    }

    private static void asym(int type, int quanta, int min, int max, List<AttrSpec> attrs) {
        put(new TypeProps(type, quanta, min, max, List.of(), 0, true, attrs));
    }

    private static void ml(int type, List<Integer> sizes, List<AttrSpec> attrs) {
        put(new TypeProps(type, 1, sizes.getFirst(), sizes.getLast(), sizes, 0, true, attrs));
    }

    private static void put(TypeProps props) {
        TYPES.put(props.type(), props);
    }

    /** The type {@code objectType}, or {@code null} if it is not one this build supports. */
    static TypeProps find(int objectType) {
        return TYPES.get(objectType);
    }

    /**
     * OP-TEE's {@code is_gp_legacy_des_key_size}: GP 1.0 counted DES keys without their parity
     * bits, as 56, 112 or 168 bits; OP-TEE accepts those sizes ({@code CFG_COMPAT_GP10_DES}).
     */
    static boolean isLegacyDesSize(int objectType, long size) {
        return objectType == TeeType.DES && size == 56
                || objectType == TeeType.DES3 && (size == 112 || size == 168);
    }

    /**
     * OP-TEE's {@code check_key_size}: whether the type allows {@code size} bits (a legacy DES
     * size counts with its parity bits added).
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} if it does not
     */
    static void checkKeySize(TypeProps props, long size) throws TeeException {
        if (!allowsSize(props, size)) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, sizeRefused(props, size));
        }
    }

    /** Whether {@link #checkKeySize} accepts {@code size}. */
    static boolean allowsSize(TypeProps props, long size) {
        long sz = isLegacyDesSize(props.type(), size) ? size + size / 7 : size;
        if (!props.sizes().isEmpty()) {
            return sz == (int) sz && props.sizes().contains((int) sz);
        }
        return sz % props.quanta() == 0 && sz >= props.minSize() && sz <= props.maxSize();
    }

    /** The message for a size the type refuses. */
    static String sizeRefused(TypeProps props, long size) {
        return String.format("type 0x%08X does not allow %d bits", props.type(), size);
    }

    /**
     * The key pair type whose public parts a public-key object of {@code publicType} can copy
     * ({@code tee_obj_attr_copy_from}), or 0 if there is none.
     */
    static int keypairOf(int publicType) {
        return switch (publicType) {
            case TeeType.RSA_PUBLIC_KEY, TeeType.DSA_PUBLIC_KEY, TeeType.ECDSA_PUBLIC_KEY,
                    TeeType.ECDH_PUBLIC_KEY, TeeType.SM2_DSA_PUBLIC_KEY, TeeType.SM2_PKE_PUBLIC_KEY,
                    TeeType.SM2_KEP_PUBLIC_KEY, TeeType.ED25519_PUBLIC_KEY, TeeType.X25519_PUBLIC_KEY,
                    TeeType.X448_PUBLIC_KEY, TeeType.ML_KEM_PUBLIC_KEY, TeeType.ML_DSA_PUBLIC_KEY ->
                publicType | 0x0100_0000;
            default -> 0;
        };
    }

    /**
     * OP-TEE's {@code get_ec_key_size}: the size in bits of the keys on {@code curve}.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} for an unknown curve
     */
    static int curveSize(int curve) throws TeeException {
        return switch (curve) {
            case TeeCurve.NIST_P192 -> 192;
            case TeeCurve.NIST_P224 -> 224;
            case TeeCurve.NIST_P256, TeeCurve.SM2, TeeCurve.CURVE_25519 -> 256;
            case TeeCurve.NIST_P384 -> 384;
            case TeeCurve.NIST_P521 -> 521;
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("curve 0x%08X", curve));
        };
    }

    /**
     * The length in bytes of the ML-KEM (FIPS 203 §8, Table 3) or ML-DSA (FIPS 204 §4, Table 2)
     * encoding {@code attr} for parameter set {@code set}.
     */
    static int encodedLength(int attr, int set) {
        return switch (attr) {
            case TeeAttr.ML_SEED -> set >= 512 ? 64 : 32;
            case TeeAttr.ML_PUBLIC_KEY -> switch (set) {
                case 512 -> 800;
                case 768 -> 1184;
                case 1024 -> 1568;
                case 44 -> 1312;
                case 65 -> 1952;
                default -> 2592;
            };
            default -> switch (set) {
                case 512 -> 1632;
                case 768 -> 2400;
                case 1024 -> 3168;
                case 44 -> 2560;
                case 65 -> 4032;
                default -> 4896;
            };
        };
    }
}
