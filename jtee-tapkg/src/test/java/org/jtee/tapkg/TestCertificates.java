package org.jtee.tapkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough DER (ITU-T X.690) to issue X.509 v3 certificates (RFC 5280 §4.1) in tests, since
 * the JDK has no public certificate builder. Issuers sign with Ed25519 (RFC 8410).
 */
final class TestCertificates {
    /** Key usage bits (RFC 5280 §4.2.1.3) as the DER BIT STRING contents: unused-bit count, then bits. */
    static final byte[] DIGITAL_SIGNATURE = {7, (byte) 0x80};
    static final byte[] KEY_ENCIPHERMENT_ONLY = {5, 0x20};
    static final byte[] CERT_AND_CRL_SIGN = {1, 0x06};

    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static final byte[] ED25519_ALG = seq(oid(1, 3, 101, 112));
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private TestCertificates() {}

    /** A certificate for {@code key}, named CN={@code subject}, signed by an Ed25519 issuer. */
    static X509Certificate issue(String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca,
            byte[] keyUsage, Instant notBefore, Instant notAfter) {
        byte[] extensions = explicit(3, seq(
                extension(oid(2, 5, 29, 19), ca ? seq(bool(true)) : seq()),
                extension(oid(2, 5, 29, 15), tlv(0x03, keyUsage))));
        byte[] tbs = seq(explicit(0, integer(BigInteger.TWO)), integer(BigInteger.valueOf(SERIAL.incrementAndGet())),
                ED25519_ALG, name(issuer), seq(time(notBefore), time(notAfter)), name(subject),
                key.getEncoded(), extensions);
        byte[] cert = seq(tbs, ED25519_ALG, tlv(0x03, concat(new byte[] {0}, sign(issuerKey, tbs))));
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the test DER encoder made a bad certificate", e);
        }
    }

    /** Valid from an hour ago for a year. */
    static X509Certificate issue(String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca) {
        Instant now = Instant.now();
        return issue(subject, key, issuer, issuerKey, ca, ca ? CERT_AND_CRL_SIGN : DIGITAL_SIGNATURE,
                now.minusSeconds(3600), now.plusSeconds(365L * 86400));
    }

    private static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] extension(byte[] oid, byte[] value) {
        return seq(oid, bool(true), tlv(0x04, value));
    }

    private static byte[] name(String cn) {
        return seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0C, cn.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            for (int shift = 28; shift > 0; shift -= 7) {
                if (v >>> shift != 0) {
                    out.write(0x80 | ((v >>> shift) & 0x7F));
                }
            }
            out.write(v & 0x7F);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] bool(boolean v) {
        return tlv(0x01, new byte[] {(byte) (v ? 0xFF : 0)});
    }

    private static byte[] explicit(int tag, byte[] content) {
        return tlv(0xA0 | tag, content);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
