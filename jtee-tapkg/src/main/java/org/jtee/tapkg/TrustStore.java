package org.jtee.tapkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.jtee.tapkg.internal.Fingerprints;

/**
 * What a verifier trusts: raw public keys, which sign images that carry no certificate chain,
 * and root certificates, to which an image's certificate chain must lead. Immutable.
 */
public final class TrustStore {
    private final List<PublicKey> keys;
    private final List<X509Certificate> roots;

    private TrustStore(List<PublicKey> keys, List<X509Certificate> roots) {
        this.keys = keys;
        this.roots = roots;
    }

    public static TrustStore of(Collection<PublicKey> keys, Collection<X509Certificate> roots) {
        return new TrustStore(List.copyOf(keys), List.copyOf(roots));
    }

    /**
     * Reads PEM files, each holding {@code PUBLIC KEY} (SubjectPublicKeyInfo) and/or
     * {@code CERTIFICATE} (root) blocks.
     *
     * @throws IOException if a file cannot be read, holds no such block, or holds any other
     *     block (a private key in a trust store is a mistake worth stopping for)
     */
    public static TrustStore load(List<Path> pemFiles) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        List<X509Certificate> roots = new ArrayList<>();
        for (Path file : pemFiles) {
            List<Pem.Block> blocks = Pem.blocks(Files.readString(file, StandardCharsets.US_ASCII));
            if (blocks.isEmpty()) {
                throw new IOException(file + ": no PEM \"" + Pem.PUBLIC_KEY + "\" or \"" + Pem.CERTIFICATE + "\" block");
            }
            for (Pem.Block b : blocks) {
                switch (b.label()) {
                    case Pem.PUBLIC_KEY -> keys.add(Pem.decodePublicKey(b.der(), file));
                    case Pem.CERTIFICATE -> roots.add(Pem.decodeCertificate(b.der(), file));
                    default -> throw new IOException(file + ": a trust store takes only \"" + Pem.PUBLIC_KEY
                            + "\" and \"" + Pem.CERTIFICATE + "\" blocks, not \"" + b.label() + "\"");
                }
            }
        }
        return of(keys, roots);
    }

    public boolean isEmpty() {
        return keys.isEmpty() && roots.isEmpty();
    }

    /** One line per trusted key and root, for a log line. */
    public String describe() {
        if (isEmpty()) {
            return "no trusted TA signing keys";
        }
        List<String> lines = new ArrayList<>();
        keys.forEach(k -> lines.add("key " + Fingerprints.describe(k)));
        roots.forEach(r -> lines.add("root " + r.getSubjectX500Principal().getName()
                + " (" + Fingerprints.describe(r.getPublicKey()) + ")"));
        return lines.stream().collect(Collectors.joining("\n"));
    }

    List<PublicKey> keys() {
        return keys;
    }

    List<X509Certificate> roots() {
        return roots;
    }
}
