package org.jtee.core;

import java.io.IOException;
import java.nio.file.Path;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;
import org.jtee.supplicant.Supplicant;

/** A core in this JVM, optionally with a supplicant thread, under a temporary directory. */
final class CoreFixture implements AutoCloseable {
    final Core core;
    final CoreConfig config;
    private Supplicant supplicant;

    CoreFixture(Path home, int callSlots) throws IOException {
        config = CoreConfig.under(home).withHardening(false).withCallSlots(callSlots);
        core = Core.start(config, CoreFixture.class.getClassLoader());
    }

    CoreFixture(Path home) throws IOException {
        this(home, 4);
    }

    /** Connects an in-process supplicant serving the default services. */
    CoreFixture withSupplicant() throws IOException {
        supplicant = Supplicant.connect(config.supplicantSocket(), Supplicant.defaultServices());
        Thread.ofPlatform().daemon().start(() -> {
            try {
                supplicant.serve();
            } catch (IOException e) {
                // the core went away: the test is over
            }
        });
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
