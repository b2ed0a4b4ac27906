package org.jtee.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtee.ta.TrustedApplication;

/**
 * Makes {@link BenchTa} a built-in TA of the cores the bench starts, and of no other. No jar of
 * jtee registers it: the bench writes the {@code ServiceLoader} entry into a directory of its
 * own and adds that directory to the class path of the core it starts (or to the class loader of
 * a core in its own process). A core started any other way, as {@code jtee up} and
 * {@code jtee demo} start theirs, answers {@code TEE_ERROR_ITEM_NOT_FOUND} for its UUID.
 */
public final class BuiltInBenchTa {
    /** Where {@code ServiceLoader} looks for built-in TAs, relative to a class-path entry. */
    static final String SERVICES_FILE = "META-INF/services/" + TrustedApplication.class.getName();

    private BuiltInBenchTa() {}

    /**
     * Writes the registration under {@code dir} (created if missing).
     *
     * @return {@code dir}: the class-path entry to add to the core's
     */
    public static Path classPathEntryUnder(Path dir) throws IOException {
        Path services = dir.resolve(SERVICES_FILE);
        Files.createDirectories(services.getParent());
        Files.writeString(services, BenchTa.class.getName() + "\n", StandardCharsets.UTF_8);
        return dir;
    }

    /** A loader for a core in this process: {@code parent}'s classes plus the registration in {@code entry}. */
    public static ClassLoader loader(Path entry, ClassLoader parent) {
        try {
            return new URLClassLoader("bench-built-ins", new URL[] {entry.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
