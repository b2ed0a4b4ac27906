package org.jtee.bench.abuse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jtee.bench.BuiltInBenchTa;
import org.jtee.bench.HostBenchmarks;
import org.jtee.bench.IsolatedTaImage;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;
import org.jtee.core.Core;
import org.jtee.core.ClientLimits;
import org.jtee.core.CoreConfig;
import org.jtee.core.InstanceLimits;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaLoading;

/**
 * A core in this JVM, so a test can count what it holds (descriptors, threads, TA hosts), with
 * the supplicant it starts serving the bench's dynamic TAs and the built-in bench TA registered:
 * the TEE {@code jtee bench} starts, with the core in this process.
 */
final class InProcessTee implements AutoCloseable {
    /**
     * TA hosts one uid may run: below the session flood's bound, so the core must refuse it. Every
     * client of the suite, well-behaved or not, is the same uid; so the per-uid connection limit
     * is raised to the total one here, or the abusers' connections would count against the
     * well-behaved clients (in production a uid is one principal, and its connections are its own).
     */
    static final int HOSTS_PER_UID = 4;

    final CoreConfig config;
    private final Core core;

    private InProcessTee(CoreConfig config, Core core) {
        this.config = config;
        this.core = core;
    }

    /** Starts it under {@code home} (which must exist) and waits until it can load TAs and its pool is full. */
    static InProcessTee start(Path home) throws IOException, TeeException {
        IsolatedTaImage.Installed tas = IsolatedTaImage.installUnder(home);
        Path builtIn = BuiltInBenchTa.classPathEntryUnder(home.resolve("built-in"));
        CoreConfig config = CoreConfig.under(home).withHardening(false).withTaLoading(
                new TaLoading(List.of(tas.trustFile()), null, null, TaLoading.DEFAULT_HOST_POOL, 2_000, false)
                        .withInstanceLimits(InstanceLimits.DEFAULTS.withHostsPerUid(HOSTS_PER_UID)))
                .withSupplicant(SupplicantSettings.defaults().withTaDirectories(List.of(tas.taDirectory())))
                .withClientLimits(ClientLimits.DEFAULTS.withConnectionsPerUid(ClientLimits.DEFAULTS.connections()));
        Core core = Core.start(config, BuiltInBenchTa.loader(builtIn, InProcessTee.class.getClassLoader()));
        InProcessTee tee = new InProcessTee(config, core);
        try (TeeContext ctx = TeeContext.open(config.clientSocket())) {
            HostBenchmarks.awaitReady(ctx);
        } catch (TeeException | RuntimeException e) {
            tee.close();
            throw e;
        }
        return tee;
    }

    Path socket() {
        return config.clientSocket();
    }

    @Override
    public void close() {
        core.close();
    }
}
