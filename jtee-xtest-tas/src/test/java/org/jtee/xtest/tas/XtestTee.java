package org.jtee.xtest.tas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaLoading;
import org.jtee.tapkg.DevKeys;
import org.junit.jupiter.api.function.Executable;

/**
 * A real core in the test's JVM (its supplicant and TA hosts are child processes) whose supplicant
 * serves this module's signed test TAs from {@code target/ta}, signed by the build with the
 * development key, which the core trusts; and more directories if a test needs them.
 */
final class XtestTee implements AutoCloseable {
    /** Where the build leaves the signed test TAs (phase process-classes, before the tests). */
    static final Path TA_DIR = Path.of(System.getProperty("basedir", "."), "target", "ta");

    private final Core core;
    private final CoreConfig config;
    private final TeeContext context;

    private XtestTee(Core core, CoreConfig config) throws TeeException {
        this.core = core;
        this.config = config;
        this.context = TeeContext.open(config.clientSocket());
    }

    private static XtestTee shared;

    /**
     * The core most tests share (TA hosts take a while to boot, cores too): serving
     * {@link #TA_DIR} with the default TA loading, started on first use and closed when the test
     * JVM exits. Tests on it must not count on a kept-alive instance being fresh.
     */
    static synchronized XtestTee shared() throws IOException, TeeException {
        if (shared == null) {
            Path home = Files.createTempDirectory("jtee-xtest-tas-");
            XtestTee tee = start(home, List.of(), UnaryOperator.identity());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                tee.close();
                deleteTree(home);
            }));
            shared = tee;
        }
        return shared;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /**
     * A core serving {@link #TA_DIR} then {@code moreTaDirs}, whose TA loading (development key
     * trusted, a pool of one host) {@code loading} may change.
     */
    static XtestTee start(Path home, List<Path> moreTaDirs, UnaryOperator<TaLoading> loading) throws IOException, TeeException {
        if (!Files.isDirectory(TA_DIR)) {
            throw new IllegalStateException(TA_DIR + " is missing: the build signs the test TAs in process-classes");
        }
        List<Path> dirs = new ArrayList<>(List.of(TA_DIR));
        dirs.addAll(moreTaDirs);
        CoreConfig config = CoreConfig.under(home).withHardening(false).withCallSlots(8)
                .withTaLoading(loading.apply(TaLoading.development(DevKeys.defaultDirectory())))
                .withSupplicant(SupplicantSettings.defaults().withTaDirectories(dirs));
        return new XtestTee(Core.start(config, XtestTee.class.getClassLoader()), config);
    }

    TeeContext context() {
        return context;
    }

    /** A new client context of its own (another connection). */
    TeeContext newContext() throws TeeException {
        return TeeContext.open(config.clientSocket());
    }

    TeeSession open(String uuid) throws TeeException {
        return context.openSession(UUID.fromString(uuid), LoginMethod.PUBLIC, null);
    }

    /** The TA host processes running now (pooled ones included). */
    static long hostProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("org.jtee.tahost.TaHostMain")).orElse(false))
                .count();
    }

    @Override
    public void close() {
        context.close();
        core.close();
    }

    /** The call fails as a dead TA's does: TARGET_DEAD from the TEE. */
    static void assertTargetDead(Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.TARGET_DEAD, e.result(), e.getMessage());
        assertEquals(ReturnOrigin.TEE, e.origin());
    }

    /** The call fails with {@code result}, returned by the TA itself (origin TRUSTED_APP). */
    static void assertTaResult(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), e.getMessage());
        assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
    }
}
