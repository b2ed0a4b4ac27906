package org.jtee.crypto.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path file = projectRoot().resolve("../shared/testvectors/wycheproof").resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Wycheproof vectors missing: " + file);
        }
        return file;
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
