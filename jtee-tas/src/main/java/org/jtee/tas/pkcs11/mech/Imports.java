package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import org.jtee.tas.pkcs11.CkException;

/**
 * C_CreateObject of a key: what the TA checks of imported key material and what it computes from
 * it (OP-TEE 4.0's EC private key import, §8.2.5, §9.2).
 *
 * <ul>
 *   <li>EC private key: EC_PARAMS (missing: {@code CKR_ATTRIBUTE_TYPE_INVALID}; unknown curve:
 *       {@code CKR_CURVE_NOT_SUPPORTED}) and VALUE in [1, n−1] (missing or not:
 *       {@code CKR_ATTRIBUTE_TYPE_INVALID}, the reference's code); returns the public point Q = d·G
 *       as CKA_OPTEE_HIDDEN_EC_POINT.
 *   <li>EC public key: a known curve, and an EC_POINT that is an uncompressed point of it
 *       ({@code CKR_ATTRIBUTE_VALUE_INVALID}).
 *   <li>Ed25519: EC_PARAMS, if given, naming edwards25519; a 32-byte VALUE and a 32-byte public key (raw or
 *       a DER OCTET STRING); a private key without EC_POINT gets it computed.
 *   <li>RSA: a modulus of 256 to 4096 bits ({@code CKR_KEY_SIZE_RANGE}); a public key gets
 *       CKA_MODULUS_BITS (OP-TEE 4.0: 8 × the modulus bytes).
 *   <li>ML-DSA, ML-KEM: a known CKA_PARAMETER_SET ({@code CKR_TEMPLATE_INCOMPLETE} /
 *       {@code CKR_ATTRIBUTE_VALUE_INVALID}), a CKA_VALUE of the set's length; a private key given
 *       by CKA_SEED alone gets its expanded CKA_VALUE, and a seed with a value must match it.
 * </ul>
 */
final class Imports {
    private Imports() {}

    static Map<Integer, byte[]> complete(KeyView key) throws CkException {
        int cls = key.objectClass();
        if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) {
            return Map.of();
        }
        return switch (key.keyType()) {
            case CKK_EC -> ec(key);
            case CKK_EC_EDWARDS -> ed25519(key);
            case CKK_RSA -> rsa(key);
            case CKK_ML_DSA, CKK_ML_KEM -> ml(key);
            default -> Map.of();
        };
    }

    private static Map<Integer, byte[]> ec(KeyView key) throws CkException {
        byte[] params = key.attribute(CKA_EC_PARAMS);
        if (params == null || params.length == 0) {
            throw new CkException(CKR_ATTRIBUTE_TYPE_INVALID, "an EC key needs CKA_EC_PARAMS");
        }
        EcCurve curve = EcCurve.of(key);
        if (AsymKeys.isPrivate(key)) {
            byte[] d = key.attribute(CKA_VALUE);
            if (d == null || d.length == 0 || d.length > curve.fieldBytes() || !curve.validPrivate(d)) {
                throw new CkException(CKR_ATTRIBUTE_TYPE_INVALID, "the EC private value is missing or out of range");
            }
            byte[][] q = curve.publicPoint(d);
            return Map.of(CKA_OPTEE_HIDDEN_EC_POINT, curve.derPoint(q[0], q[1]));
        }
        byte[][] xy = curve.coordinates(key.attribute(CKA_EC_POINT));
        if (xy == null || !onCurve(curve, xy)) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "CKA_EC_POINT is not a point of the curve");
        }
        return Map.of();
    }

    private static boolean onCurve(EcCurve curve, byte[][] xy) {
        try {
            org.bouncycastle.crypto.ec.CustomNamedCurves.getByName(curve.name()).getCurve()
                    .decodePoint(curve.rawPoint(xy[0], xy[1]));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<Integer, byte[]> ed25519(KeyView key) throws CkException {
        byte[] params = key.attribute(CKA_EC_PARAMS);
        if (params != null && params.length > 0 && !EcCurve.isEd25519(params)) {
            throw new CkException(CKR_CURVE_NOT_SUPPORTED, "EdDSA keys must be on edwards25519");
        }
        if (AsymKeys.isPrivate(key)) {
            byte[] seed = key.attribute(CKA_VALUE);
            if (seed == null || seed.length != 32) {
                throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "an Ed25519 private key is 32 bytes");
            }
            byte[] point = key.attribute(CKA_EC_POINT);
            if (point == null || point.length == 0) {
                return Map.of(CKA_EC_POINT, AsymKeys.ed25519Public(key));
            }
        }
        try {
            AsymKeys.ed25519Public(key);
        } catch (CkException e) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, e.getMessage());
        }
        return Map.of();
    }

    private static Map<Integer, byte[]> rsa(KeyView key) throws CkException {
        byte[] n = key.attribute(CKA_MODULUS);
        if (n == null || n.length == 0) {
            return Map.of();
        }
        int bits = new BigInteger(1, n).bitLength();
        if (bits < 256 || bits > 4096) {
            throw new CkException(CKR_KEY_SIZE_RANGE, "an RSA key of " + bits + " bits");
        }
        return AsymKeys.isPrivate(key) ? Map.of() : Map.of(CKA_MODULUS_BITS, u32Bytes(8 * n.length));
    }

    private static Map<Integer, byte[]> ml(KeyView key) throws CkException {
        boolean dsa = key.keyType() == CKK_ML_DSA;
        byte[] ckp = key.attribute(CKA_PARAMETER_SET);
        if (ckp == null) {
            throw new CkException(CKR_TEMPLATE_INCOMPLETE, "an ML key needs CKA_PARAMETER_SET");
        }
        MlKeys.Set set = MlKeys.byCkp(dsa ? MlKeys.DSA : MlKeys.KEM, MlKeys.ckp(ckp));
        if (set == null) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "an unknown parameter set");
        }
        byte[] value = key.attribute(CKA_VALUE);
        boolean hasValue = value != null && value.length > 0;
        if (!AsymKeys.isPrivate(key)) {
            requireLength(hasValue ? value.length : 0, set.publicLength());
            return Map.of();
        }
        byte[] seed = key.attribute(CKA_SEED);
        boolean hasSeed = seed != null && seed.length > 0;
        if (hasSeed) {
            requireLength(seed.length, set.seedLength());
            byte[] expanded = MlKeys.expand(dsa, set, seed);
            if (!hasValue) {
                return Map.of(CKA_VALUE, expanded);
            }
            if (!Arrays.equals(expanded, value)) {
                throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "CKA_SEED and CKA_VALUE are not the same key");
            }
            return Map.of();
        }
        requireLength(hasValue ? value.length : 0, set.privateLength());
        MlKeys.publicKey(dsa, set, value);
        return Map.of();
    }

    private static void requireLength(int length, int expected) throws CkException {
        if (length != expected) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "an ML key encoding of " + length + " bytes, not " + expected);
        }
    }
}
