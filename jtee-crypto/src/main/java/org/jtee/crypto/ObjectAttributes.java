package org.jtee.crypto;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectTypes.AttrSpec;
import org.jtee.crypto.ObjectTypes.Kind;
import org.jtee.crypto.ObjectTypes.TypeProps;

/**
 * The attribute checks and conversions of OP-TEE's core ({@code core/tee/tee_svc_cryp.c}) that
 * {@link TransientObject} runs for populate and key generation. Every failure is a
 * {@link TeeException} with the result the core returns; {@link TransientObject} then decides,
 * as libutee does, which results reach the caller and which panic.
 */
final class ObjectAttributes {
    private ObjectAttributes() {}

    /** Which flags {@link #check} reads: those for populate or those for key generation. */
    enum Usage { POPULATE, GENERATE_KEY }

    /** What {@link #convert} made: the object's own copies, and the size they indicate. */
    record Converted(Map<Integer, Attribute> attrs, long objectSize) {}

    /**
     * mbedTLS refuses to read a big number longer than {@code MBEDTLS_MPI_MAX_LIMBS} (10000) limbs
     * of 8 bytes ({@code crypto_bignum_bin2bn}, 64-bit OP-TEE).
     */
    private static final int BIGNUM_MAX_BYTES = 80_000;

    /**
     * {@code tee_svc_cryp_check_attr}: each attribute belongs to the type and is allowed for this
     * usage, none repeats, every required one is there, and the optional group (RSA's CRT values,
     * DH's subprime) is complete or absent. jtee's ML key pairs also need a seed or a private key.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} otherwise
     */
    static void check(Usage usage, TypeProps props, Attribute[] attrs) throws TeeException {
        boolean populate = usage == Usage.POPULATE;
        int required = populate ? ObjectTypes.REQUIRED : ObjectTypes.GEN_KEY_REQ;
        int optional = populate ? ObjectTypes.OPTIONAL_GROUP | ObjectTypes.OPTIONAL : ObjectTypes.GEN_KEY_OPT;
        Set<Integer> found = new HashSet<>();
        for (Attribute a : attrs) {
            AttrSpec spec = props.spec(a.id());
            if (spec == null) {
                throw notFound("attribute 0x%08X is not one of type 0x%08X", a.id(), props.type());
            }
            if (!found.add(a.id())) {
                throw notFound("attribute 0x%08X is given twice", a.id());
            }
            if (!spec.has(required) && !spec.has(optional)) {
                throw notFound("attribute 0x%08X is not taken by %s", a.id(), populate ? "populate" : "key generation");
            }
        }
        for (AttrSpec spec : props.attrs()) {
            if (spec.has(required) && !found.contains(spec.id())) {
                throw notFound("attribute 0x%08X is missing", spec.id());
            }
        }
        if (populate) {
            checkGroups(props, found);
        }
    }

    private static void checkGroups(TypeProps props, Set<Integer> found) throws TeeException {
        int groupSize = 0;
        int groupFound = 0;
        for (AttrSpec spec : props.attrs()) {
            if (!spec.has(ObjectTypes.REQUIRED) && spec.has(ObjectTypes.OPTIONAL_GROUP)) {
                groupSize++;
                groupFound += found.contains(spec.id()) ? 1 : 0;
            }
        }
        if (groupFound != 0 && groupFound != groupSize) {
            throw notFound("type 0x%08X takes all of its optional group or none", props.type());
        }
        boolean ml = props.spec(TeeAttr.ML_SEED) != null;
        if (ml && !found.contains(TeeAttr.ML_SEED) && !found.contains(TeeAttr.ML_PRIVATE_KEY)) {
            throw notFound("type 0x%08X needs a seed or a private key", props.type());
        }
    }

    /**
     * {@code tee_svc_cryp_obj_populate_type}: the object's copies of {@code attrs} (checked by
     * {@link #check} first), in the caller's order, and the size the size indicator gives, before
     * OP-TEE's final legacy-DES adjustment (see {@link TransientObject#populate}).
     *
     * @throws TeeException {@code TEE_ERROR_SECURITY} for a secret larger than the type holds or an
     *     X25519/Ed25519 value not of 32 bytes; {@code TEE_ERROR_NOT_SUPPORTED} for an unknown
     *     curve or parameter set; {@code TEE_ERROR_BAD_STATE} for a size or big number above
     *     {@code maxObjectSize}; {@code TEE_ERROR_BAD_PARAMETERS} for a size the type does not
     *     allow, or a big number too long to read
     */
    static Converted convert(TypeProps props, long maxObjectSize, Attribute[] attrs) throws TeeException {
        Map<Integer, Attribute> out = new LinkedHashMap<>();
        long objectSize = 0;
        try {
            for (Attribute a : attrs) {
                AttrSpec spec = props.spec(a.id());
                Attribute kept = fromUser(props, spec, a);
                out.put(a.id(), kept);
                if (spec.has(ObjectTypes.SIZE_INDICATOR)) {
                    objectSize = indicatedSize(props, maxObjectSize, a);
                }
                if (spec.has(ObjectTypes.BIGNUM_MAXBITS) && bitLength(kept.buffer()) > maxObjectSize) {
                    throw new TeeException(TeeResult.BAD_STATE,
                            String.format("attribute 0x%08X is longer than the object's maximum size", a.id()));
                }
            }
            return new Converted(out, objectSize);
        } catch (TeeException | RuntimeException e) {
            wipe(out.values());
            throw e;
        }
    }

    /** The attribute ops' {@code from_user}: the object's own copy of {@code a}. */
    private static Attribute fromUser(TypeProps props, AttrSpec spec, Attribute a) throws TeeException {
        return switch (spec.kind()) {
            case VALUE -> Attribute.value(a.id(), a.a(), 0);
            case BIGNUM -> {
                if (a.buffer().length > BIGNUM_MAX_BYTES) {
                    throw new TeeException(TeeResult.BAD_PARAMETERS,
                            String.format("attribute 0x%08X: %d bytes is too long a number", a.id(), a.buffer().length));
                }
                yield Attribute.ref(a.id(), minimal(a.buffer()));
            }
            case SECRET -> {
                if (a.buffer().length > props.secretBytes()) {
                    throw new TeeException(TeeResult.SECURITY, String.format(
                            "attribute 0x%08X: %d bytes exceed the %d the type holds", a.id(), a.buffer().length, props.secretBytes()));
                }
                yield Attribute.ref(a.id(), a.buffer().clone());
            }
            case BYTES32 -> {
                if (a.buffer().length != 32) {
                    throw new TeeException(TeeResult.SECURITY,
                            String.format("attribute 0x%08X: %d bytes, not 32", a.id(), a.buffer().length));
                }
                yield Attribute.ref(a.id(), a.buffer().clone());
            }
            case ENCODED -> Attribute.ref(a.id(), a.buffer().clone());
        };
    }

    /** The size a {@link ObjectTypes#SIZE_INDICATOR} attribute gives, checked. */
    private static long indicatedSize(TypeProps props, long maxObjectSize, Attribute a) throws TeeException {
        long size;
        if (a.id() == TeeAttr.ECC_CURVE) {
            size = ObjectTypes.curveSize(a.a());
        } else if (a.id() == TeeAttr.ML_PARAMETER_SET) {
            size = Integer.toUnsignedLong(a.a());
            if (!props.sizes().contains(a.a())) {
                throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("parameter set %d", size));
            }
        } else {
            size = 8L * a.buffer().length;
            if (ObjectTypes.isLegacyDesSize(props.type(), maxObjectSize)) {
                size -= size / 8;
            }
        }
        if (size > maxObjectSize) {
            throw new TeeException(TeeResult.BAD_STATE,
                    String.format("a key of %d bits in an object of at most %d", size, maxObjectSize));
        }
        if (!ObjectTypes.allowsSize(props, size)) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ObjectTypes.sizeRefused(props, size));
        }
        return size;
    }

    /**
     * jtee: every ML-KEM or ML-DSA encoding has the length its parameter set gives.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} if one does not
     */
    static void checkEncodings(Map<Integer, Attribute> attrs) throws TeeException {
        Attribute set = attrs.get(TeeAttr.ML_PARAMETER_SET);
        if (set == null) {
            return;
        }
        for (Attribute a : attrs.values()) {
            if (a.id() != TeeAttr.ML_PARAMETER_SET && a.buffer().length != ObjectTypes.encodedLength(a.id(), set.a())) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, String.format(
                        "attribute 0x%08X: %d bytes, not %d for parameter set %d", a.id(), a.buffer().length,
                        ObjectTypes.encodedLength(a.id(), set.a()), set.a()));
            }
        }
    }

    /**
     * {@code check_pub_rsa_key}: a public exponent given to key generation is odd, at least 65537
     * ({@code CFG_RSA_PUB_EXPONENT_3=n}) and below 2^256 (NIST SP 800-56B).
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} otherwise
     */
    static void checkRsaExponent(byte[] minimalE) throws TeeException {
        int n = minimalE.length;
        int small = 0;
        for (int i = 0; i < n && n <= 3; i++) {
            small = small << 8 | minimalE[i] & 0xFF;
        }
        boolean ok = n >= 1 && n <= 32 && (minimalE[n - 1] & 1) != 0 && (n > 3 || small >= 65537);
        if (!ok) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "the RSA public exponent must be odd, at least 65537 and below 2^256");
        }
    }

    /** {@code b} without its leading zero bytes (a new array; empty for zero). */
    static byte[] minimal(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] == 0) {
            i++;
        }
        return Arrays.copyOfRange(b, i, b.length);
    }

    /** The bit length of the big-endian unsigned number {@code b}. */
    static long bitLength(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != 0) {
                return 8L * (b.length - i - 1) + 32 - Integer.numberOfLeadingZeros(b[i] & 0xFF);
            }
        }
        return 0;
    }

    /** A copy of {@code a} whose buffer, if any, is its own. */
    static Attribute copyOf(Attribute a) {
        return a.isValue() ? a : Attribute.ref(a.id(), a.buffer().clone());
    }

    /** Overwrites the buffers of {@code attrs} with zeros. */
    static void wipe(Collection<Attribute> attrs) {
        for (Attribute a : attrs) {
            if (a.buffer() != null) {
                Arrays.fill(a.buffer(), (byte) 0);
            }
        }
    }

    private static TeeException notFound(String format, Object... args) {
        return new TeeException(TeeResult.ITEM_NOT_FOUND, String.format(format, args));
    }
}
