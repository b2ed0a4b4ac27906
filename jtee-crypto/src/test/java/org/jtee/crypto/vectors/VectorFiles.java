package org.jtee.crypto.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the published test vectors are: Wycheproof beside the project
 * ({@code ../shared/testvectors/wycheproof}) and NIST CAVP / RFC sets from Debian's
 * {@code python3-cryptography-vectors} (installed by {@code bin/jtee test}).
 */
public final class VectorFiles {
    private static final HexFormat HEX = HexFormat.of();

    private VectorFiles() {}

    /** The project's root: the first directory upwards from the working directory holding {@code mvnw}. */
    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no project root (a directory with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A Wycheproof file ({@code aes_gcm_test.json}), which must exist. */
    public static Path wycheproof(String name) {
        Path file = testVectors().resolve("wycheproof").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Wycheproof vectors missing: " + file);
        }
        return file;
    }

    /**
     * The shared {@code testvectors} directory, which lives beside the project
     * ({@code ../shared/testvectors}) and is never copied into it. Looked for, in order: the
     * {@code jtee.testvectors} system property or {@code JTEE_TESTVECTORS}; {@code shared/testvectors}
     * beside the project root or beside any directory above it; beside the repository this one
     * was cloned from, when that is a local directory (a clean clone elsewhere, as CI makes).
     */
    public static Path testVectors() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("jtee.testvectors", System.getenv("JTEE_TESTVECTORS"));
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        Path root = projectRoot();
        for (Path p = root; p != null; p = p.getParent()) {
            candidates.add(p.resolveSibling("shared").resolve("testvectors"));
        }
        Path origin = cloneOrigin(root);
        if (origin != null) {
            candidates.add(origin.resolveSibling("shared").resolve("testvectors"));
        }
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("wycheproof"))) {
                return c.normalize();
            }
        }
        throw new IllegalStateException("no shared test vectors (testvectors/wycheproof) found; looked in " + candidates
                + "; set -Djtee.testvectors=DIR or JTEE_TESTVECTORS");
    }

    /** The local directory {@code root}'s repository was cloned from (remote "origin"), or null. */
    private static Path cloneOrigin(Path root) {
        Path config = root.resolve(".git").resolve("config");
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            boolean inOrigin = false;
            for (String line : Files.readAllLines(config)) {
                String t = line.trim();
                if (t.startsWith("[")) {
                    inOrigin = t.equals("[remote \"origin\"]");
                } else if (inOrigin && t.startsWith("url")) {
                    String url = t.substring(t.indexOf('=') + 1).trim();
                    if (url.startsWith("file://")) {
                        url = url.substring("file://".length());
                    }
                    Path p = Path.of(url).normalize();
                    return p.isAbsolute() && Files.isDirectory(p) ? p : null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** A Wycheproof file parsed: its top-level object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> wycheproofJson(String name) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(wycheproof(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code cryptography_vectors} directory of Debian's {@code python3-cryptography-vectors}
     * (the root holding {@code ciphers/}, {@code hashes/}, {@code asymmetric/}, ...), if installed.
     * {@code bin/jtee test} installs it; a test that needs it fails, naming the package, when absent.
     */
    public static Optional<Path> cavpRoot() {
        for (String dir : List.of("/usr/lib/python3/dist-packages/cryptography_vectors",
                "/usr/local/lib/python3/dist-packages/cryptography_vectors")) {
            Path p = Path.of(dir);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A CAVP/RFC vector file under {@link #cavpRoot()}, failing with what to install when absent. */
    public static Path cavp(String relative) {
        Path root = cavpRoot().orElseThrow(() -> new IllegalStateException(
                "NIST CAVP vectors missing: install Debian's python3-cryptography-vectors (bin/jtee test does)"));
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no vector file " + file);
        }
        return file;
    }

    /** Hex to bytes. */
    public static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    /** Bytes to hex. */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
