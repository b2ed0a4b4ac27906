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
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaLoading;

/**
 * A core in this JVM, so a test can count what it holds (descriptors, threads, TA hosts), with
 * the supplicant it starts serving the bench's dynamic TAs and the built-in bench TA registered:
 * the TEE {@code jtee bench} starts, with the core in this process.
 */
final class InProcessTee implements AutoCloseable {
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
                new TaLoading(List.of(tas.trustFile()), null, null, TaLoading.DEFAULT_HOST_POOL, 2_000, false))
                .withSupplicant(SupplicantSettings.defaults().withTaDirectories(List.of(tas.taDirectory())));
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
