package org.jtee.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The DER (X.690) that hands a private key to OpenSSL ({@link NativeCrypto}), and the one DER
 * structure that comes back: an ECDSA signature. Every intermediate encoding of key material is
 * overwritten with zeros as soon as it is copied into the next; the caller wipes the result.
 *
 * <pre>
 * RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dp, dq, qInv }       RFC 8017 A.1.2
 * ECPrivateKey  ::= SEQUENCE { version 1, privateKey OCTET STRING,             RFC 5915 §3
 *                              parameters [0] EXPLICIT namedCurve OID }
 * ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }                        RFC 3279 §2.2.3
 * </pre>
 */
final class KeyDer {
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int SEQUENCE = 0x30;
    private static final int CONTEXT_0 = 0xA0;

    private KeyDer() {}

    /** PKCS#1 {@code RSAPrivateKey} of a key with all its CRT parts. */
    static byte[] rsaPrivateKey(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, BigInteger dp,
            BigInteger dq, BigInteger qInv) {
        return sequence(integer(BigInteger.ZERO), integer(n), integer(e), integer(d), integer(p), integer(q), integer(dp),
                integer(dq), integer(qInv));
    }

    /** RFC 5915 {@code ECPrivateKey}: d as {@code bytes} bytes, the curve by its OID (the OID's DER, tag included). */
    static byte[] ecPrivateKey(byte[] curveOid, BigInteger d, int bytes) {
        return sequence(integer(BigInteger.ONE), tlv(OCTET_STRING, EngineSupport.fixed(d, bytes)),
                tlv(CONTEXT_0, curveOid.clone()));
    }

    /**
     * r and s of a DER {@code ECDSA-Sig-Value}.
     *
     * @throws IllegalArgumentException if {@code der} is not exactly one such value
     */
    static BigInteger[] ecdsaSignature(byte[] der) {
        int[] at = {0};
        int end = expect(der, at, SEQUENCE);
        if (end != der.length) {
            throw new IllegalArgumentException("trailing bytes after the signature");
        }
        BigInteger r = readInteger(der, at);
        BigInteger s = readInteger(der, at);
        if (at[0] != end) {
            throw new IllegalArgumentException("extra fields in the signature");
        }
        return new BigInteger[] {r, s};
    }

    private static BigInteger readInteger(byte[] der, int[] at) {
        int end = expect(der, at, INTEGER);
        BigInteger v = new BigInteger(Arrays.copyOfRange(der, at[0], end));
        at[0] = end;
        return v;
    }

    /** Reads a tag and a length at {@code at}, moves past them; returns where the content ends. */
    private static int expect(byte[] der, int[] at, int tag) {
        int i = at[0];
        if (i + 2 > der.length || (der[i] & 0xFF) != tag) {
            throw new IllegalArgumentException("expected tag 0x" + Integer.toHexString(tag));
        }
        int length = der[i + 1] & 0xFF;
        i += 2;
        if (length > 0x80) {
            int count = length & 0x7F;
            if (count > 2 || i + count > der.length) {
                throw new IllegalArgumentException("bad length");
            }
            length = 0;
            for (int k = 0; k < count; k++) {
                length = length << 8 | (der[i++] & 0xFF);
            }
        } else if (length == 0x80) {
            throw new IllegalArgumentException("indefinite length");
        }
        if (length > der.length - i) {
            throw new IllegalArgumentException("truncated");
        }
        at[0] = i;
        return i + length;
    }

    private static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray());
    }

    /** Tag, length, {@code content}; wipes {@code content}. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream header = new ByteArrayOutputStream(4);
        header.write(tag);
        int n = content.length;
        if (n < 0x80) {
            header.write(n);
        } else if (n < 0x100) {
            header.write(0x81);
            header.write(n);
        } else if (n <= 0xFFFF) {
            header.write(0x82);
            header.write(n >>> 8);
            header.write(n);
        } else {
            Arrays.fill(content, (byte) 0);
            throw new IllegalArgumentException("DER content of " + n + " bytes");
        }
        byte[] h = header.toByteArray();
        byte[] out = Arrays.copyOf(h, h.length + n);
        System.arraycopy(content, 0, out, h.length, n);
        Arrays.fill(content, (byte) 0);
        return out;
    }

    /** A SEQUENCE of {@code parts}, each wiped once copied. */
    private static byte[] sequence(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        byte[] content = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, content, at, p.length);
            at += p.length;
            Arrays.fill(p, (byte) 0);
        }
        return tlv(SEQUENCE, content);
    }
}
