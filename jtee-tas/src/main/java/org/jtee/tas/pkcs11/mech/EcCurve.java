package org.jtee.tas.pkcs11.mech;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeCurve;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * The curves of CKA_EC_PARAMS the TA knows (optee-pkcs11-ta-abi.md §8.2.5), recognised by an
 * exact match of the DER named-curve OID (the reference also matches the curves' explicit DER
 * parameters, which no tool in use emits; jtee does not), and Ed25519 also by the PrintableString
 * "edwards25519". Points are CKA_EC_POINT's DER OCTET STRING of the uncompressed point
 * {@code 04 ‖ X ‖ Y}, X and Y left-padded to the field size.
 *
 * <p>Computing Q = d·G (for an imported private key, whose public point GP needs) uses Bouncy
 * Castle's curve arithmetic directly: the GP API has no point multiplication.
 */
record EcCurve(String name, byte[] oid, int bits, int fieldBytes, int teeCurve, int ecdsaAlgorithm) {
    private static final HexFormat HEX = HexFormat.of();

    static final EcCurve P192 = nist("secp192r1", "06082a8648ce3d030101", 192, TeeCurve.NIST_P192, TeeAlg.ECDSA_P192);
    static final EcCurve P224 = nist("secp224r1", "06052b81040021", 224, TeeCurve.NIST_P224, TeeAlg.ECDSA_P224);
    static final EcCurve P256 = nist("secp256r1", "06082a8648ce3d030107", 256, TeeCurve.NIST_P256, TeeAlg.ECDSA_P256);
    static final EcCurve P384 = nist("secp384r1", "06052b81040022", 384, TeeCurve.NIST_P384, TeeAlg.ECDSA_P384);
    static final EcCurve P521 = nist("secp521r1", "06052b81040023", 521, TeeCurve.NIST_P521, TeeAlg.ECDSA_P521);
    static final EcCurve ED25519 = new EcCurve("ed25519", HEX.parseHex("06092b06010401da470f01"), 256, 32,
            TeeCurve.CURVE_25519, TeeAlg.ED25519);
    /** Ed25519's name as a DER PrintableString, which the reference accepts too. */
    static final byte[] ED25519_NAME = HEX.parseHex("130c656477617264733235353139");

    private static final List<EcCurve> WEIERSTRASS = List.of(P192, P224, P256, P384, P521);

    private static EcCurve nist(String name, String oid, int bits, int teeCurve, int alg) {
        return new EcCurve(name, HEX.parseHex(oid), bits, (bits + 7) / 8, teeCurve, alg);
    }

    /** The NIST curve of an EC_PARAMS value, or null. */
    static EcCurve weierstrass(byte[] ecParams) {
        if (ecParams == null) {
            return null;
        }
        return WEIERSTRASS.stream().filter(c -> Arrays.equals(c.oid, ecParams)).findFirst().orElse(null);
    }

    /** Whether an EC_PARAMS value names Ed25519. */
    static boolean isEd25519(byte[] ecParams) {
        return ecParams != null && (Arrays.equals(ED25519.oid, ecParams) || Arrays.equals(ED25519_NAME, ecParams));
    }

    /** The curve of a CKK_EC key's EC_PARAMS; {@code CKR_CURVE_NOT_SUPPORTED} when unknown. */
    static EcCurve of(KeyView key) throws CkException {
        EcCurve c = weierstrass(key.attribute(Ck.CKA_EC_PARAMS));
        if (c == null) {
            throw new CkException(Ck.CKR_CURVE_NOT_SUPPORTED, "EC_PARAMS names no supported curve");
        }
        return c;
    }

    /** The uncompressed point {@code 04 ‖ X ‖ Y}. */
    byte[] rawPoint(byte[] x, byte[] y) {
        byte[] p = new byte[1 + 2 * fieldBytes];
        p[0] = 4;
        pad(x, p, 1);
        pad(y, p, 1 + fieldBytes);
        return p;
    }

    /** CKA_EC_POINT: the DER OCTET STRING of the uncompressed point. */
    byte[] derPoint(byte[] x, byte[] y) {
        return Der.octetString(rawPoint(x, y));
    }

    /**
     * X and Y of a point given as a DER OCTET STRING of {@code 04 ‖ X ‖ Y} or as the bare point;
     * null for anything else (another length, a compressed point).
     */
    byte[][] coordinates(byte[] point) {
        if (point == null) {
            return null;
        }
        byte[] raw = point.length == 1 + 2 * fieldBytes ? point : Der.octetStringContent(point);
        if (raw == null || raw.length != 1 + 2 * fieldBytes || raw[0] != 4) {
            return null;
        }
        return new byte[][] {Arrays.copyOfRange(raw, 1, 1 + fieldBytes), Arrays.copyOfRange(raw, 1 + fieldBytes, raw.length)};
    }

    /** Q = d·G as X and Y; null when d is not in [1, n−1]. */
    byte[][] publicPoint(byte[] d) {
        X9ECParameters p = CustomNamedCurves.getByName(name);
        BigInteger k = new BigInteger(1, d);
        if (k.signum() == 0 || k.compareTo(p.getN()) >= 0) {
            return null;
        }
        ECPoint q = p.getG().multiply(k).normalize();
        return new byte[][] {fixed(q.getAffineXCoord().toBigInteger()), fixed(q.getAffineYCoord().toBigInteger())};
    }

    /** Whether a private value is in [1, n−1]. */
    boolean validPrivate(byte[] d) {
        BigInteger k = new BigInteger(1, d);
        return k.signum() > 0 && k.compareTo(CustomNamedCurves.getByName(name).getN()) < 0;
    }

    /** An unsigned integer in exactly {@code fieldBytes} bytes. */
    byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[fieldBytes];
        int n = Math.min(b.length, fieldBytes);
        System.arraycopy(b, b.length - n, out, fieldBytes - n, n);
        return out;
    }

    private void pad(byte[] v, byte[] out, int at) {
        int skip = 0;
        while (v.length - skip > fieldBytes && v[skip] == 0) {
            skip++;
        }
        int n = v.length - skip;
        System.arraycopy(v, skip, out, at + fieldBytes - n, n);
    }
}
