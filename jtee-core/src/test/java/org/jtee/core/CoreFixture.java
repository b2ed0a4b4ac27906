package org.jtee.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;

/**
 * A core in this JVM, under a temporary directory, that starts no supplicant process; a test
 * attaches an in-process supplicant (a thread at the other end of an in-memory link) if it needs one.
 */
final class CoreFixture implements AutoCloseable {
    final Core core;
    final CoreConfig config;
    private InProcessSupplicant supplicant;

    CoreFixture(Path home, int callSlots) throws IOException {
        this(CoreConfig.under(home).withHardening(false).withCallSlots(callSlots)
                .withTaLoading(new TaLoading(List.of(), null, null, 0, 2_000, false)));
    }

    CoreFixture(CoreConfig config) throws IOException {
        this.config = config.withSupplicant(config.supplicant().withLaunch(false));
        core = Core.start(this.config, CoreFixture.class.getClassLoader());
    }

    CoreFixture(Path home) throws IOException {
        this(home, 4);
    }

    /** Connects an in-process supplicant serving the default services. */
    CoreFixture withSupplicant() throws IOException {
        return withSupplicant(List.of());
    }

    /**
     * Connects an in-process supplicant serving TA images from {@code taDirectories}, and secure
     * storage's files beside the core's state directory.
     */
    CoreFixture withSupplicant(List<Path> taDirectories) throws IOException {
        supplicant = InProcessSupplicant.attach(core, taDirectories,
                config.stateDirectory().resolveSibling("supplicant-storage"));
        return this;
    }

    TeeContext context() throws TeeException {
        return TeeContext.open(config.clientSocket());
    }

    RawConnection raw() throws IOException {
        return RawConnection.open(config.clientSocket());
    }

    @Override
    public void close() {
        if (supplicant != null) {
            supplicant.close();
        }
        core.close();
    }
}
