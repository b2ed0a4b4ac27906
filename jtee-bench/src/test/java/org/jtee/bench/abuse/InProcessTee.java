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
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;
import org.jtee.supplicant.Supplicant;

/**
 * A core in this JVM, so a test can count what it holds (descriptors, threads, TA hosts), with a
 * supplicant thread serving the bench's dynamic TAs and the built-in bench TA registered: the TEE
 * {@code jtee bench} starts, minus the processes.
 */
final class InProcessTee implements AutoCloseable {
    final CoreConfig config;
    private final Core core;
    private final Supplicant supplicant;

    private InProcessTee(CoreConfig config, Core core, Supplicant supplicant) {
        this.config = config;
        this.core = core;
        this.supplicant = supplicant;
    }

    /** Starts it under {@code home} (which must exist) and waits until it can load TAs and its pool is full. */
    static InProcessTee start(Path home) throws IOException, TeeException {
        IsolatedTaImage.Installed tas = IsolatedTaImage.installUnder(home);
        Path builtIn = BuiltInBenchTa.classPathEntryUnder(home.resolve("built-in"));
        CoreConfig config = CoreConfig.under(home).withHardening(false).withTaLoading(
                new TaLoading(List.of(tas.trustFile()), null, null, TaLoading.DEFAULT_HOST_POOL, 2_000, false));
        Core core = Core.start(config, BuiltInBenchTa.loader(builtIn, InProcessTee.class.getClassLoader()));
        Supplicant supplicant;
        try {
            supplicant = Supplicant.connect(config.supplicantSocket(), Supplicant.defaultServices(List.of(tas.taDirectory())));
        } catch (IOException | RuntimeException e) {
            core.close();
            throw e;
        }
        Thread.ofPlatform().daemon().name("abuse-test-supplicant").start(() -> {
            try {
                supplicant.serve();
            } catch (IOException e) {
                // the core went away: the test is over
            }
        });
        InProcessTee tee = new InProcessTee(config, core, supplicant);
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
        supplicant.close();
        core.close();
    }
}
