package org.jtee.tatest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jtee.core.EmbeddedTee;

/**
 * The in-process TEE of one test class: an {@link EmbeddedTee} under a temporary directory of its
 * own, deleted when the core stops.
 */
final class InProcessTee implements TeeExtension.Tee {
    private static final System.Logger LOG = System.getLogger("org.jtee.tatest");
    /** Room left in {@code sun_path} (108 bytes) for the temporary directory's name and {@code /client.sock}. */
    private static final int MAX_BASE_PATH_CHARS = 70;

    private final String owner;
    private final Path home;
    private final EmbeddedTee tee;

    private InProcessTee(String owner, Path home, EmbeddedTee tee) {
        this.owner = owner;
        this.home = home;
        this.tee = tee;
    }

    /** Starts a core for the test class {@code owner} with {@code tas} built in. */
    static InProcessTee start(String owner, List<Class<?>> tas) throws IOException {
        Path home = Files.createTempDirectory(baseDirectory(), "jtee-test-");
        try {
            EmbeddedTee tee = EmbeddedTee.builder(home).tas(tas).start();
            LOG.log(Level.DEBUG, "{0}: in-process jtee core under {1}, clients on {2}", owner, home, tee.clientSocket());
            return new InProcessTee(owner, home, tee);
        } catch (IOException | RuntimeException e) {
            delete(home);
            throw e;
        }
    }

    /** {@code java.io.tmpdir}, or {@code /tmp} if a socket path under it would not fit {@code sun_path}. */
    private static Path baseDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        return tmp.toString().length() <= MAX_BASE_PATH_CHARS ? tmp : Path.of("/tmp");
    }

    @Override
    public TestTee.Mode mode() {
        return TestTee.Mode.IN_PROCESS;
    }

    @Override
    public Path clientSocket() {
        return tee.clientSocket();
    }

    @Override
    public void close() {
        tee.close();
        delete(home);
        LOG.log(Level.DEBUG, "{0}: in-process jtee core under {1} stopped", owner, home);
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.DEBUG, "could not delete {0}: {1}", dir, e.toString());
        }
    }
}
