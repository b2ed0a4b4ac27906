package org.jtee.tas.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;

/**
 * A real core in the test JVM (its supplicant a child process, as {@code jtee up} runs it) that
 * serves the PKCS#11 TA as a built-in TA, found with ServiceLoader on the test class path. One
 * shared core for the test classes that do not restart it ({@link #shared()}); tests that
 * restart the core start their own on a home of their own ({@link #start(Path)}). PIN
 * verifiers use few PBKDF2 iterations here, so that the suite stays fast.
 */
final class Pkcs11Tee implements AutoCloseable {
    private static Pkcs11Tee shared;

    final Path home;
    final CoreConfig config;
    private final Core core;

    private Pkcs11Tee(Path home) throws IOException {
        Pins.iterationsForTests(1000);
        this.home = home;
        this.config = CoreConfig.under(home).withHardening(false)
                .withTaLoading(new TaLoading(List.of(), null, null, 0, 2_000, false));
        this.core = Core.start(config, Pkcs11Tee.class.getClassLoader());
    }

    /** A core on {@code home} (state and storage kept there across restarts). */
    static Pkcs11Tee start(Path home) throws IOException {
        return new Pkcs11Tee(home);
    }

    static synchronized Pkcs11Tee shared() throws IOException {
        if (shared == null) {
            Path home = Files.createTempDirectory("jtee-pkcs11-");
            Pkcs11Tee tee = new Pkcs11Tee(home);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                tee.close();
                deleteTree(home);
            }));
            shared = tee;
        }
        return shared;
    }

    /** A new client (a new GP session to the TA, as libckteec's C_Initialize). */
    P11Client client() throws Exception {
        return P11Client.open(config.clientSocket());
    }

    @Override
    public void close() {
        core.close();
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
