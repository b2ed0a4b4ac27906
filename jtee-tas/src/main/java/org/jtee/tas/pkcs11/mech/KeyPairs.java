package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.tas.pkcs11.CkException;

/**
 * GENERATE_KEY_PAIR on GP key generation (optee-pkcs11-ta-abi.md §8.2.5, §8.2.6, §7.3):
 *
 * <ul>
 *   <li>RSA: the public template's CKA_MODULUS_BITS (missing: {@code CKR_TEMPLATE_INCOMPLETE};
 *       outside 256..4096: {@code CKR_KEY_SIZE_RANGE}) and optional CKA_PUBLIC_EXPONENT (65537 by
 *       default); the private key gets all eight RSA components.
 *   <li>EC: the public template's CKA_EC_PARAMS (missing or unknown:
 *       {@code CKR_ATTRIBUTE_TYPE_INVALID}, the reference's code); the public key gets CKA_EC_POINT,
 *       the private key CKA_EC_PARAMS, CKA_VALUE and the point in CKA_OPTEE_HIDDEN_EC_POINT.
 *   <li>Ed25519: both keys get the raw 32-byte public key as CKA_EC_POINT; the private key the
 *       32-byte seed as CKA_VALUE and CKA_EC_PARAMS.
 *   <li>ML-DSA, ML-KEM: CKA_PARAMETER_SET from the public (else the private) template
 *       ({@code CKR_TEMPLATE_INCOMPLETE} without, {@code CKR_ATTRIBUTE_VALUE_INVALID} for an
 *       unknown set, {@code CKR_TEMPLATE_INCONSISTENT} when the two differ); CKA_VALUE of both
 *       keys, CKA_SEED of the private one.
 * </ul>
 *
 * Key material already in a template (a non-empty CKA_VALUE, CKA_EC_POINT, CKA_MODULUS ...) is
 * {@code CKR_TEMPLATE_INCONSISTENT}.
 */
final class KeyPairs {
    private static final int[] GENERATED = {CKA_VALUE, CKA_EC_POINT, CKA_MODULUS, CKA_PRIVATE_EXPONENT, CKA_PRIME_1,
        CKA_PRIME_2, CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT, CKA_SEED};

    private KeyPairs() {}

    static Mechanisms.KeyPairValues generate(int mechanism, ByteBuffer params, KeyView pub, KeyView priv)
            throws CkException {
        Params.none(params, mechanism);
        noMaterial(pub);
        noMaterial(priv);
        if (priv.attribute(CKA_PUBLIC_EXPONENT) != null && priv.attribute(CKA_PUBLIC_EXPONENT).length > 0) {
            throw new CkException(CKR_TEMPLATE_INCONSISTENT, "the private template holds key material");
        }
        if (mechanism != CKM_EC_KEY_PAIR_GEN && mechanism != CKM_EC_EDWARDS_KEY_PAIR_GEN && nonEmpty(priv, CKA_EC_PARAMS)) {
            throw new CkException(CKR_TEMPLATE_INCONSISTENT, "EC_PARAMS in the private template");
        }
        return switch (mechanism) {
            case CKM_RSA_PKCS_KEY_PAIR_GEN -> rsa(pub);
            case CKM_EC_KEY_PAIR_GEN -> ec(pub, priv);
            case CKM_EC_EDWARDS_KEY_PAIR_GEN -> ed25519(pub, priv);
            case CKM_ML_DSA_KEY_PAIR_GEN -> ml(true, pub, priv);
            default -> ml(false, pub, priv);
        };
    }

    private static void noMaterial(KeyView template) throws CkException {
        for (int a : GENERATED) {
            if (nonEmpty(template, a)) {
                throw new CkException(CKR_TEMPLATE_INCONSISTENT, "the template holds key material 0x" + Integer.toHexString(a));
            }
        }
    }

    private static boolean nonEmpty(KeyView k, int attribute) {
        byte[] v = k.attribute(attribute);
        return v != null && v.length > 0;
    }

    private static Mechanisms.KeyPairValues rsa(KeyView pub) throws CkException {
        byte[] bitsValue = pub.attribute(CKA_MODULUS_BITS);
        if (bitsValue == null || bitsValue.length != 4) {
            throw new CkException(CKR_TEMPLATE_INCOMPLETE, "RSA key generation needs CKA_MODULUS_BITS");
        }
        int bits = u32(bitsValue, 0);
        if (bits < 256 || bits > 4096) {
            throw new CkException(CKR_KEY_SIZE_RANGE, "an RSA key of " + Integer.toUnsignedString(bits) + " bits");
        }
        byte[] e = pub.attribute(CKA_PUBLIC_EXPONENT);
        Attribute[] extra = nonEmpty(pub, CKA_PUBLIC_EXPONENT)
                ? new Attribute[] {Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, e)} : new Attribute[0];
        try (TransientObject k = generate(TeeType.RSA_KEYPAIR, bits, bits, extra)) {
            Map<Integer, byte[]> pubOut = new HashMap<>();
            Map<Integer, byte[]> privOut = new HashMap<>();
            int[][] parts = {{CKA_MODULUS, TeeAttr.RSA_MODULUS}, {CKA_PUBLIC_EXPONENT, TeeAttr.RSA_PUBLIC_EXPONENT},
                {CKA_PRIVATE_EXPONENT, TeeAttr.RSA_PRIVATE_EXPONENT}, {CKA_PRIME_1, TeeAttr.RSA_PRIME1},
                {CKA_PRIME_2, TeeAttr.RSA_PRIME2}, {CKA_EXPONENT_1, TeeAttr.RSA_EXPONENT1},
                {CKA_EXPONENT_2, TeeAttr.RSA_EXPONENT2}, {CKA_COEFFICIENT, TeeAttr.RSA_COEFFICIENT}};
            for (int[] p : parts) {
                privOut.put(p[0], read(k, p[1]));
            }
            pubOut.put(CKA_MODULUS, privOut.get(CKA_MODULUS));
            pubOut.put(CKA_PUBLIC_EXPONENT, privOut.get(CKA_PUBLIC_EXPONENT));
            return new Mechanisms.KeyPairValues(pubOut, privOut);
        }
    }

    private static Mechanisms.KeyPairValues ec(KeyView pub, KeyView priv) throws CkException {
        byte[] params = pub.attribute(CKA_EC_PARAMS);
        EcCurve curve = EcCurve.weierstrass(params);
        if (curve == null) {
            throw new CkException(CKR_ATTRIBUTE_TYPE_INVALID, "EC_PARAMS names no supported curve");
        }
        try (TransientObject k = generate(TeeType.ECDSA_KEYPAIR, curve.bits(), curve.bits(),
                Attribute.value(TeeAttr.ECC_CURVE, curve.teeCurve(), 0))) {
            byte[] point = curve.derPoint(read(k, TeeAttr.ECC_PUBLIC_VALUE_X), read(k, TeeAttr.ECC_PUBLIC_VALUE_Y));
            Map<Integer, byte[]> privOut = new HashMap<>();
            privOut.put(CKA_EC_PARAMS, params.clone());
            privOut.put(CKA_VALUE, curve.fixed(new java.math.BigInteger(1, read(k, TeeAttr.ECC_PRIVATE_VALUE))));
            privOut.put(CKA_OPTEE_HIDDEN_EC_POINT, point);
            return new Mechanisms.KeyPairValues(Map.of(CKA_EC_POINT, point.clone()), privOut);
        }
    }

    private static Mechanisms.KeyPairValues ed25519(KeyView pub, KeyView priv) throws CkException {
        byte[] params = pub.attribute(CKA_EC_PARAMS);
        if (!EcCurve.isEd25519(params)) {
            throw new CkException(CKR_ATTRIBUTE_TYPE_INVALID, "EC_PARAMS does not name edwards25519");
        }
        try (TransientObject k = generate(TeeType.ED25519_KEYPAIR, 256, 256)) {
            byte[] point = read(k, TeeAttr.ED25519_PUBLIC_VALUE);
            Map<Integer, byte[]> privOut = new HashMap<>();
            privOut.put(CKA_EC_PARAMS, params.clone());
            privOut.put(CKA_VALUE, read(k, TeeAttr.ED25519_PRIVATE_VALUE));
            privOut.put(CKA_EC_POINT, point.clone());
            return new Mechanisms.KeyPairValues(Map.of(CKA_EC_POINT, point), privOut);
        }
    }

    private static Mechanisms.KeyPairValues ml(boolean dsa, KeyView pub, KeyView priv) throws CkException {
        byte[] set = pub.attribute(CKA_PARAMETER_SET);
        byte[] other = priv.attribute(CKA_PARAMETER_SET);
        if (set != null && other != null && !java.util.Arrays.equals(set, other)) {
            throw new CkException(CKR_TEMPLATE_INCONSISTENT, "the two templates name different parameter sets");
        }
        if (set == null) {
            set = other;
        }
        if (set == null) {
            throw new CkException(CKR_TEMPLATE_INCOMPLETE, "ML key generation needs CKA_PARAMETER_SET");
        }
        MlKeys.Set s = MlKeys.byCkp(dsa ? MlKeys.DSA : MlKeys.KEM, MlKeys.ckp(set));
        if (s == null) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "an unknown parameter set");
        }
        int type = dsa ? TeeType.ML_DSA_KEYPAIR : TeeType.ML_KEM_KEYPAIR;
        try (TransientObject k = generate(type, s.gpSet(), s.gpSet(), Attribute.value(TeeAttr.ML_PARAMETER_SET, s.gpSet(), 0))) {
            Map<Integer, byte[]> privOut = new HashMap<>();
            privOut.put(CKA_PARAMETER_SET, set.clone());
            privOut.put(CKA_VALUE, read(k, TeeAttr.ML_PRIVATE_KEY));
            privOut.put(CKA_SEED, read(k, TeeAttr.ML_SEED));
            return new Mechanisms.KeyPairValues(Map.of(CKA_PARAMETER_SET, set.clone(), CKA_VALUE,
                    read(k, TeeAttr.ML_PUBLIC_KEY)), privOut);
        }
    }

    private static TransientObject generate(int type, int maxSize, int keySize, Attribute... params) throws CkException {
        TransientObject k = null;
        try {
            k = TransientObject.allocate(type, maxSize);
            k.generateKey(keySize, params);
            return k;
        } catch (TeeException e) {
            if (k != null) {
                k.close();
            }
            throw new CkException(CKR_FUNCTION_FAILED, "key generation: " + e.getMessage());
        }
    }

    private static byte[] read(TransientObject k, int attribute) throws CkException {
        try {
            return k.bufferAttribute(attribute);
        } catch (TeeException e) {
            throw new CkException(CKR_GENERAL_ERROR, "reading a generated key: " + e.getMessage());
        }
    }
}
