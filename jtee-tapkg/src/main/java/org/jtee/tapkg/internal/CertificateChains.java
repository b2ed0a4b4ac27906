package org.jtee.tapkg.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jtee.tapkg.TaImageException;

/**
 * The certificate-chain region: {@code chain_count} entries, leaf first, each
 *
 * <pre>
 * +-------------+---------------------------+
 * | u32 LE len  | DER X.509 certificate     |
 * +-------------+---------------------------+
 * </pre>
 *
 * filling the region exactly. The chain is validated with PKIX (RFC 5280 §6, the JDK's
 * {@link CertPathValidator}, no revocation) against the verifier's roots; the leaf must allow
 * digital signatures and, if it has an extended key usage, code signing.
 */
public final class CertificateChains {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private CertificateChains() {}

    public static byte[] encode(List<X509Certificate> leafFirst) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (X509Certificate c : leafFirst) {
            byte[] der = der(c);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(der.length).array());
            out.writeBytes(der);
        }
        return out.toByteArray();
    }

    /** Splits and decodes the region; every certificate must re-encode to exactly its bytes. */
    public static List<X509Certificate> parse(byte[] image, int offset, int size, int count) throws TaImageException {
        CertificateFactory factory = x509Factory();
        List<X509Certificate> chain = new ArrayList<>(count);
        ByteBuffer b = ByteBuffer.wrap(image, offset, size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (b.remaining() < 4) {
                throw new TaImageException("certificate chain: entry " + i + " is truncated");
            }
            int length = b.getInt();
            if (length < 1 || length > b.remaining()) {
                throw new TaImageException("certificate chain: entry " + i + " has a bad length");
            }
            byte[] der = new byte[length];
            b.get(der);
            chain.add(decode(factory, der, i));
        }
        if (b.hasRemaining()) {
            throw new TaImageException("certificate chain: " + b.remaining() + " bytes after the last certificate");
        }
        return chain;
    }

    private static X509Certificate decode(CertificateFactory factory, byte[] der, int index) throws TaImageException {
        try {
            X509Certificate c = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            if (!Arrays.equals(c.getEncoded(), der)) {
                throw new TaImageException("certificate chain: entry " + index + " is not canonical DER");
            }
            return c;
        } catch (CertificateException e) {
            throw new TaImageException("certificate chain: entry " + index + " is not an X.509 certificate", e);
        }
    }

    /**
     * Validates {@code leafFirst} against {@code roots}; a trailing certificate that is itself a
     * root is dropped first, as PKIX expects the path to stop below its anchor.
     */
    public static void validate(List<X509Certificate> leafFirst, Collection<X509Certificate> roots)
            throws TaImageException {
        if (roots.isEmpty()) {
            throw new TaImageException("not signed by a trusted key: the image has a certificate chain but no root is trusted");
        }
        List<X509Certificate> path = new ArrayList<>(leafFirst);
        while (path.size() > 1 && roots.contains(path.getLast())) {
            path.removeLast();
        }
        runPkix(path, roots);
        checkLeafUsage(leafFirst.getFirst());
    }

    private static void runPkix(List<X509Certificate> path, Collection<X509Certificate> roots) throws TaImageException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate r : roots) {
            anchors.add(new TrustAnchor(r, null));
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(x509Factory().generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw refusal(e);
        } catch (GeneralSecurityException e) {
            throw new TaImageException("certificate chain could not be validated: " + e.getMessage(), e);
        }
    }

    private static TaImageException refusal(CertPathValidatorException e) {
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return new TaImageException("not signed by a trusted key: the certificate chain does not lead to a trusted root", e);
        }
        String at = e.getIndex() >= 0 ? " (certificate " + e.getIndex() + ")" : "";
        return new TaImageException("certificate chain refused" + at + ": " + e.getReason() + ": " + e.getMessage(), e);
    }

    private static void checkLeafUsage(X509Certificate leaf) throws TaImageException {
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new TaImageException("certificate chain refused: the leaf certificate does not allow digital signatures");
        }
        try {
            List<String> extended = leaf.getExtendedKeyUsage();
            if (extended != null && !extended.contains(CODE_SIGNING) && !extended.contains(ANY_EXTENDED_KEY_USAGE)) {
                throw new TaImageException("certificate chain refused: the leaf certificate does not allow code signing");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new TaImageException("certificate chain refused: bad extended key usage", e);
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    private static CertificateFactory x509Factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every Java platform provides X.509", e);
        }
    }
}
