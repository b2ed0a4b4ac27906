package org.jtee.tapkg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files (RFC 7468): {@code PRIVATE KEY} (unencrypted PKCS#8, RFC 5208) for RSA, EC and
 * Ed25519 keys, {@code PUBLIC KEY} (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7) and
 * {@code CERTIFICATE}. Text outside the blocks is ignored, as RFC 7468 §2 allows.
 */
public final class Pem {
    /** A PEM block: its label and the DER bytes it carries. */
    public record Block(String label, byte[] der) {}

    static final String PRIVATE_KEY = "PRIVATE " + "KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";
    static final String CERTIFICATE = "CERTIFICATE";
    private static final String DASHES = "-----";
    private static final Pattern BLOCK = Pattern.compile(
            DASHES + "BEGIN ([A-Z0-9 ]+)" + DASHES + "\\s*([A-Za-z0-9+/=\\s]*?)" + DASHES + "END \\1" + DASHES);
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private Pem() {}

    /** Every block in {@code text}, in order. */
    public static List<Block> blocks(String text) throws IOException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException("PEM block " + m.group(1) + " is not valid base64", e);
            }
        }
        return out;
    }

    /** {@code der} as one PEM block with 64-character lines. */
    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return DASHES + "BEGIN " + label + DASHES + "\n" + body + "\n" + DASHES + "END " + label + DASHES + "\n";
    }

    /**
     * Reads the one unencrypted PKCS#8 private key in {@code file}.
     *
     * @throws IOException if the file is readable by group/others, holds no or several keys,
     *     or holds a key in another form (PKCS#1, SEC 1, encrypted PKCS#8)
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        PrivateFiles.checkPrivate(file);
        List<Block> blocks = blocks(Files.readString(file, StandardCharsets.US_ASCII));
        List<Block> keys = blocks.stream().filter(b -> b.label().equals(PRIVATE_KEY)).toList();
        if (keys.size() != 1) {
            String found = blocks.stream().map(Block::label).toList().toString();
            throw new IOException(file + ": expected one unencrypted PKCS#8 \"" + PRIVATE_KEY + "\" block, found "
                    + found + " (convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        return decodeKey(keys.getFirst().der(), PKCS8EncodedKeySpec::new, file, KeyFactory::generatePrivate);
    }

    /** Every {@code PUBLIC KEY} block in {@code file}. */
    public static List<PublicKey> readPublicKeys(Path file) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (Block b : blocks(Files.readString(file, StandardCharsets.US_ASCII))) {
            if (b.label().equals(PUBLIC_KEY)) {
                keys.add(decodePublicKey(b.der(), file));
            }
        }
        return keys;
    }

    /** Every {@code CERTIFICATE} block in {@code file}, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Block b : blocks(Files.readString(file, StandardCharsets.US_ASCII))) {
            if (b.label().equals(CERTIFICATE)) {
                certs.add(decodeCertificate(b.der(), file));
            }
        }
        return certs;
    }

    public static void writePublicKey(PublicKey key, Path file) throws IOException {
        Files.writeString(file, encode(PUBLIC_KEY, key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Writes {@code key} as PKCS#8 PEM to a new file with mode 0600, atomically. */
    public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
        PrivateFiles.writeNew(file, encode(PRIVATE_KEY, key.getEncoded()).getBytes(StandardCharsets.US_ASCII));
    }

    static PublicKey decodePublicKey(byte[] der, Path file) throws IOException {
        return decodeKey(der, X509EncodedKeySpec::new, file, KeyFactory::generatePublic);
    }

    static X509Certificate decodeCertificate(byte[] der, Path file) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IOException(file + ": a CERTIFICATE block is not an X.509 certificate", e);
        }
    }

    private interface Generator<K> {
        K generate(KeyFactory factory, KeySpec spec) throws GeneralSecurityException;
    }

    private static <K> K decodeKey(byte[] der, java.util.function.Function<byte[], KeySpec> spec, Path file,
            Generator<K> generator) throws IOException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return generator.generate(KeyFactory.getInstance(algorithm), spec.apply(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IOException(file + ": the key is not an RSA, EC or Ed25519 key the JDK can read");
    }
}
