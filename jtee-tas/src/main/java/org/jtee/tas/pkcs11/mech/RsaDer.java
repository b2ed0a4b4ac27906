package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.jtee.tas.pkcs11.CkException;

/**
 * An RSA private key as the wrapping mechanisms carry it: PKCS#8 {@code PrivateKeyInfo} around a
 * PKCS#1 {@code RSAPrivateKey} (PKCS#11 3.0 §2.1.21: the key data of CKM_RSA_AES_KEY_WRAP is the
 * PKCS#8 encoding); unwrapping also takes the bare PKCS#1 encoding that OP-TEE's TA wraps, and
 * ignores bytes after the DER (the zero padding of AES-ECB/CBC wrapping). A key missing its CRT
 * values gets them computed (p and q recovered from n, e and d when absent: NIST SP 800-56B
 * Appendix C), as OP-TEE completes keys before wrapping them. Bouncy Castle's ASN.1 code does the
 * encoding, which the GP API does not offer.
 */
final class RsaDer {
    private RsaDer() {}

    static byte[] encode(KeyView key) throws CkException {
        BigInteger n = get(key, CKA_MODULUS);
        BigInteger e = get(key, CKA_PUBLIC_EXPONENT);
        BigInteger d = get(key, CKA_PRIVATE_EXPONENT);
        if (n == null || e == null || d == null) {
            throw new CkException(CKR_GENERAL_ERROR, "the RSA key lacks n, e or d");
        }
        BigInteger p = get(key, CKA_PRIME_1);
        BigInteger q = get(key, CKA_PRIME_2);
        if (p == null || q == null || !p.multiply(q).equals(n)) {
            BigInteger[] pq = factor(n, e, d);
            p = pq[0];
            q = pq[1];
        }
        BigInteger one = BigInteger.ONE;
        RSAPrivateKey rsa = new RSAPrivateKey(n, e, d, p, q, d.mod(p.subtract(one)), d.mod(q.subtract(one)),
                q.modInverse(p));
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa)
                    .getEncoded("DER");
        } catch (IOException ex) {
            throw new CkException(CKR_GENERAL_ERROR, "encoding the RSA key: " + ex.getMessage());
        }
    }

    /** The components of a wrapped RSA private key; {@code CKR_WRAPPED_KEY_INVALID} if it is not one. */
    static Map<Integer, byte[]> decode(byte[] der) throws CkException {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive top = in.readObject();
            ASN1Sequence seq = ASN1Sequence.getInstance(top);
            RSAPrivateKey rsa = seq.size() == 9 ? RSAPrivateKey.getInstance(seq)
                    : RSAPrivateKey.getInstance(PrivateKeyInfo.getInstance(seq).parsePrivateKey());
            Map<Integer, byte[]> out = new HashMap<>();
            out.put(CKA_MODULUS, unsigned(rsa.getModulus()));
            out.put(CKA_PUBLIC_EXPONENT, unsigned(rsa.getPublicExponent()));
            out.put(CKA_PRIVATE_EXPONENT, unsigned(rsa.getPrivateExponent()));
            out.put(CKA_PRIME_1, unsigned(rsa.getPrime1()));
            out.put(CKA_PRIME_2, unsigned(rsa.getPrime2()));
            out.put(CKA_EXPONENT_1, unsigned(rsa.getExponent1()));
            out.put(CKA_EXPONENT_2, unsigned(rsa.getExponent2()));
            out.put(CKA_COEFFICIENT, unsigned(rsa.getCoefficient()));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CkException(CKR_WRAPPED_KEY_INVALID, "not an RSA private key: " + e.getMessage());
        }
    }

    /** p and q from n, e and d (SP 800-56B rev. 2, Appendix C.2). */
    static BigInteger[] factor(BigInteger n, BigInteger e, BigInteger d) throws CkException {
        BigInteger one = BigInteger.ONE;
        BigInteger k = d.multiply(e).subtract(one);
        if (k.signum() <= 0 || k.testBit(0)) {
            throw new CkException(CKR_GENERAL_ERROR, "inconsistent RSA exponents");
        }
        BigInteger t = k.shiftRight(k.getLowestSetBit());
        BigInteger nMinus1 = n.subtract(one);
        for (int g = 2; g < 200; g++) {
            BigInteger x = BigInteger.valueOf(g).modPow(t, n);
            for (BigInteger s = t; s.compareTo(k) < 0 && !x.equals(one) && !x.equals(nMinus1); s = s.shiftLeft(1)) {
                BigInteger y = x.multiply(x).mod(n);
                if (y.equals(one)) {
                    BigInteger p = x.subtract(one).gcd(n);
                    return new BigInteger[] {p.max(n.divide(p)), p.min(n.divide(p))};
                }
                x = y;
            }
        }
        throw new CkException(CKR_GENERAL_ERROR, "the RSA key's primes could not be recovered");
    }

    private static BigInteger get(KeyView key, int attribute) {
        byte[] v = key.attribute(attribute);
        return v == null || v.length == 0 ? null : new BigInteger(1, v);
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
