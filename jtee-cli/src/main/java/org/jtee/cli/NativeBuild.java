package org.jtee.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the native build of this checkout is: {@code native/target/release} (built by
 * {@code native/build.sh}, which Maven runs), holding {@code libteec/libteec.so.2}, the C example
 * clients and {@code bench/teec_bench}. Found from this class's location,
 * {@code <checkout>/jtee-cli/target/...}; {@code $JTEE_NATIVE_BUILD} overrides it.
 */
final class NativeBuild {
    private NativeBuild() {}

    /** The release build directory, or null if there is none. */
    static Path release() {
        String override = System.getenv("JTEE_NATIVE_BUILD");
        if (override != null && !override.isEmpty()) {
            Path dir = Path.of(override);
            return Files.isDirectory(dir) ? dir : null;
        }
        Path root = checkout();
        if (root == null) {
            return null;
        }
        Path dir = root.resolve("native/target/release");
        return Files.isDirectory(dir) ? dir : null;
    }

    /** A program of the release build ({@code examples/optee_example_hello_world}), or null if not built. */
    static Path program(String relative) {
        Path dir = release();
        if (dir == null) {
            return null;
        }
        Path p = dir.resolve(relative);
        return Files.isExecutable(p) ? p : null;
    }

    /** The checkout this CLI was built in: three levels above {@code jtee-cli/target/<jar or classes>}. */
    private static Path checkout() {
        CodeSource source = NativeBuild.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            Path target = location.getParent();
            if (target == null || target.getParent() == null) {
                return null;
            }
            return target.getParent().getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
