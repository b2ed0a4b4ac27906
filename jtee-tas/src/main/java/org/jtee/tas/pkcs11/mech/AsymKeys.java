package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.tas.pkcs11.CkException;

/**
 * Public and private keys as GP key objects, built from their PKCS#11 attributes once per key
 * ({@link KeyMaterial}).
 *
 * <ul>
 *   <li>RSA: MODULUS and PUBLIC_EXPONENT; a private key also PRIVATE_EXPONENT (missing:
 *       {@code CKR_GENERAL_ERROR}, as the reference), and the five CRT values only when all five
 *       are there and non-empty (§8.2.6). Modulus of 256 to 4096 bits, else {@code CKR_KEY_SIZE_RANGE}.
 *   <li>EC: EC_PARAMS (an unknown curve: {@code CKR_CURVE_NOT_SUPPORTED}); a public key its
 *       EC_POINT, a private key VALUE and its public point: the hidden attribute, else EC_POINT
 *       (keys of OP-TEE before 4.0), else computed from VALUE.
 *   <li>Ed25519: 32-byte VALUE (the seed) and EC_POINT (the public key, raw or as a DER OCTET
 *       STRING); the public key is computed from the seed when missing. EC_PARAMS, when present,
 *       must name edwards25519 (xtest 1025 imports keys without it).
 *   <li>ML-DSA, ML-KEM: CKA_PARAMETER_SET and CKA_VALUE (the encoded public key, or the expanded
 *       private key); a private key's public key is derived once ({@link MlKeys}).
 * </ul>
 */
final class AsymKeys {
    private AsymKeys() {}

    static boolean isPrivate(KeyView key) {
        return key.objectClass() == CKO_PRIVATE_KEY;
    }

    // ---- RSA

    /** The modulus length of an RSA key in bits, checked against 256..4096. */
    static int rsaBits(KeyView key) throws CkException {
        byte[] n = key.attribute(CKA_MODULUS);
        if (n == null || n.length == 0) {
            throw new CkException(CKR_GENERAL_ERROR, "the RSA key has no modulus");
        }
        int bits = new BigInteger(1, n).bitLength();
        if (bits < 256 || bits > 4096) {
            throw new CkException(CKR_KEY_SIZE_RANGE, "an RSA key of " + bits + " bits");
        }
        return bits;
    }

    static KeyMaterial.Loader rsa(KeyView key) {
        return () -> {
            int bits = rsaBits(key);
            List<Attribute> attrs = new ArrayList<>();
            attrs.add(Attribute.ref(TeeAttr.RSA_MODULUS, required(key, CKA_MODULUS)));
            attrs.add(Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, required(key, CKA_PUBLIC_EXPONENT)));
            if (!isPrivate(key)) {
                return populate(TeeType.RSA_PUBLIC_KEY, bits, attrs);
            }
            attrs.add(Attribute.ref(TeeAttr.RSA_PRIVATE_EXPONENT, required(key, CKA_PRIVATE_EXPONENT)));
            int[][] crt = {{CKA_PRIME_1, TeeAttr.RSA_PRIME1}, {CKA_PRIME_2, TeeAttr.RSA_PRIME2},
                {CKA_EXPONENT_1, TeeAttr.RSA_EXPONENT1}, {CKA_EXPONENT_2, TeeAttr.RSA_EXPONENT2},
                {CKA_COEFFICIENT, TeeAttr.RSA_COEFFICIENT}};
            List<Attribute> crtAttrs = new ArrayList<>();
            for (int[] c : crt) {
                byte[] v = key.attribute(c[0]);
                if (v != null && v.length > 0) {
                    crtAttrs.add(Attribute.ref(c[1], v));
                }
            }
            if (crtAttrs.size() == crt.length) {
                attrs.addAll(crtAttrs);
            }
            return populate(TeeType.RSA_KEYPAIR, bits, attrs);
        };
    }

    // ---- EC

    /** The GP object of an EC key as an ECDSA key ({@code ecdh} false) or an ECDH key. */
    static KeyMaterial.Loader ec(KeyView key, boolean ecdh) {
        return () -> {
            EcCurve curve = EcCurve.of(key);
            List<Attribute> attrs = new ArrayList<>();
            attrs.add(Attribute.value(TeeAttr.ECC_CURVE, curve.teeCurve(), 0));
            byte[][] xy = ecPublic(key, curve);
            attrs.add(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, xy[0]));
            attrs.add(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, xy[1]));
            if (!isPrivate(key)) {
                return populate(ecdh ? TeeType.ECDH_PUBLIC_KEY : TeeType.ECDSA_PUBLIC_KEY, curve.bits(), attrs);
            }
            attrs.add(Attribute.ref(TeeAttr.ECC_PRIVATE_VALUE, required(key, CKA_VALUE)));
            return populate(ecdh ? TeeType.ECDH_KEYPAIR : TeeType.ECDSA_KEYPAIR, curve.bits(), attrs);
        };
    }

    /** X and Y of an EC key's public point. */
    static byte[][] ecPublic(KeyView key, EcCurve curve) throws CkException {
        if (isPrivate(key)) {
            byte[][] xy = curve.coordinates(key.attribute(CKA_OPTEE_HIDDEN_EC_POINT));
            if (xy == null) {
                xy = curve.coordinates(key.attribute(CKA_EC_POINT));
            }
            if (xy == null) {
                xy = curve.publicPoint(required(key, CKA_VALUE));
            }
            if (xy == null) {
                throw new CkException(CKR_GENERAL_ERROR, "the EC private key has no usable value");
            }
            return xy;
        }
        byte[][] xy = curve.coordinates(key.attribute(CKA_EC_POINT));
        if (xy == null) {
            throw new CkException(CKR_GENERAL_ERROR, "the EC public key has no uncompressed point of its curve");
        }
        return xy;
    }

    // ---- Ed25519

    static KeyMaterial.Loader ed25519(KeyView key) {
        return () -> {
            byte[] params = key.attribute(CKA_EC_PARAMS);
            if (params != null && params.length > 0 && !EcCurve.isEd25519(params)) {
                throw new CkException(CKR_CURVE_NOT_SUPPORTED, "EdDSA keys must be on edwards25519");
            }
            byte[] pub = ed25519Public(key);
            if (!isPrivate(key)) {
                return populate(TeeType.ED25519_PUBLIC_KEY, 256, List.of(Attribute.ref(TeeAttr.ED25519_PUBLIC_VALUE, pub)));
            }
            return populate(TeeType.ED25519_KEYPAIR, 256, List.of(
                    Attribute.ref(TeeAttr.ED25519_PRIVATE_VALUE, ed25519Seed(key)),
                    Attribute.ref(TeeAttr.ED25519_PUBLIC_VALUE, pub)));
        };
    }

    static byte[] ed25519Seed(KeyView key) throws CkException {
        byte[] seed = required(key, CKA_VALUE);
        if (seed.length != 32) {
            throw new CkException(CKR_GENERAL_ERROR, "an Ed25519 private key is 32 bytes");
        }
        return seed;
    }

    /** The raw 32-byte public key: EC_POINT raw or DER-wrapped, else computed from the seed. */
    static byte[] ed25519Public(KeyView key) throws CkException {
        byte[] p = key.attribute(CKA_EC_POINT);
        if (p != null && p.length == 34) {
            p = Der.octetStringContent(p);
        }
        if (p != null && p.length == 32) {
            return p;
        }
        if (isPrivate(key)) {
            byte[] pub = new byte[32];
            org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(ed25519Seed(key), 0, pub, 0);
            return pub;
        }
        throw new CkException(CKR_GENERAL_ERROR, "an Ed25519 public key is 32 bytes");
    }

    // ---- helpers

    static byte[] required(KeyView key, int attribute) throws CkException {
        byte[] v = key.attribute(attribute);
        if (v == null || v.length == 0) {
            throw new CkException(CKR_GENERAL_ERROR, "the key lacks attribute 0x" + Integer.toHexString(attribute));
        }
        return v;
    }

    static TransientObject populate(int teeType, int size, List<Attribute> attrs) throws CkException {
        TransientObject o = null;
        try {
            o = TransientObject.allocate(teeType, size);
            o.populate(attrs.toArray(new Attribute[0]));
            return o;
        } catch (TeeException e) {
            if (o != null) {
                o.close();
            }
            throw new CkException(CKR_GENERAL_ERROR, "key not accepted: " + e.getMessage());
        }
    }
}
