package org.jtee.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The signed example TAs that the build puts next to the CLI: {@code jtee-cli/target/ta/*.ta},
 * copied there from {@code jtee-examples/target/ta} (see jtee-cli's pom). The CLI runs from
 * {@code target/jtee-cli-<version>.jar} (bin/jtee), and tests from {@code target/classes}; in both
 * cases the directory is {@code ta} beside that jar or directory.
 */
public final class BundledTas {
    private BundledTas() {}

    /** The bundled TA directory, or null if this CLI has none (not built with the examples). */
    public static Path directory() {
        return besideCli("ta");
    }

    /**
     * The directory {@code name} beside the CLI's jar or class directory ({@code jtee-cli/target/name}),
     * or null if there is none.
     */
    static Path besideCli(String name) {
        Path location = codeLocation();
        if (location == null || location.getParent() == null) {
            return null;
        }
        Path dir = location.getParent().resolve(name);
        return Files.isDirectory(dir) ? dir : null;
    }

    /** The jar or class directory this class was loaded from, or null if unknown. */
    private static Path codeLocation() {
        CodeSource source = BundledTas.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // not a file: URL (e.g. a jrt: or custom loader)
        }
    }
}
