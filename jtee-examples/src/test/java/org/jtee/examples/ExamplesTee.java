package org.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaLoading;
import org.jtee.tapkg.DevKeys;
import org.junit.jupiter.api.function.Executable;

/**
 * A real core in the test JVM (its supplicant and TA hosts are child processes) serving the
 * example TAs the build signed into {@code target/ta} with the development key, which the core
 * trusts. One core for every test class, started on first use, closed when the test JVM exits.
 */
public final class ExamplesTee {
    /** Where the build leaves the signed example TAs (phase process-classes, before the tests). */
    public static final Path TA_DIR = Path.of(System.getProperty("basedir", "."), "target", "ta");

    private static ExamplesTee shared;

    private final Core core;
    private final TeeContext context;

    private ExamplesTee(Core core, CoreConfig config) throws TeeException {
        this.core = core;
        this.context = TeeContext.open(config.clientSocket());
    }

    /** The shared core; a session of an example TA gets a fresh instance (none is single-instance). */
    public static synchronized ExamplesTee shared() throws IOException, TeeException {
        if (shared == null) {
            if (!Files.isDirectory(TA_DIR)) {
                throw new IllegalStateException(TA_DIR + " is missing: the build signs the example TAs in process-classes");
            }
            Path home = Files.createTempDirectory("jtee-examples-");
            CoreConfig config = config(home);
            ExamplesTee tee = new ExamplesTee(Core.start(config, ExamplesTee.class.getClassLoader()), config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                tee.context.close();
                tee.core.close();
                deleteTree(home);
            }));
            shared = tee;
        }
        return shared;
    }

    /**
     * How the shared core is configured under {@code home}: the state and the trusted storage
     * under it, the example TAs served from {@link #TA_DIR}. A test that needs a core of its own
     * (one it stops and starts again on the same home) starts one with it.
     */
    public static CoreConfig config(Path home) {
        return CoreConfig.under(home).withHardening(false)
                .withTaLoading(TaLoading.development(DevKeys.defaultDirectory()))
                .withSupplicant(SupplicantSettings.defaults().withTaDirectories(List.of(TA_DIR)));
    }

    public TeeContext context() {
        return context;
    }

    /** A session with {@code ta}, login PUBLIC and no parameters, as OP-TEE's hosts open theirs. */
    public TeeSession open(UUID ta) throws TeeException {
        return context.openSession(ta, LoginMethod.PUBLIC, null);
    }

    /** The call fails with {@code result}, returned by the TA itself (origin TRUSTED_APP). */
    public static TeeException assertTaResult(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), e.getMessage());
        assertEquals(ReturnOrigin.TRUSTED_APP, e.origin(), e.getMessage());
        return e;
    }

    /** What a client printed: {@link #out} is the stream to give it. */
    public static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        @Override
        public String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can. */
    public static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
