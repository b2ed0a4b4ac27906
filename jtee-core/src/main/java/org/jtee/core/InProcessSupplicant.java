package org.jtee.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtee.supplicant.Supplicant;

/**
 * A supplicant in the core's own JVM, for a core that starts no supplicant process
 * ({@link SupplicantSettings#launch()} false): the same services as the supplicant process — TA
 * images from the given directories, secure storage's files and the emulated RPMB device, REE
 * time — served by a thread at the other end of a {@link MemoryLink}.
 */
final class InProcessSupplicant implements AutoCloseable {
    /** How long the core may take to complete HELLO with it: generous, for a loaded machine. */
    private static final long HELLO_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final Supplicant supplicant;

    private InProcessSupplicant(Supplicant supplicant) {
        this.supplicant = supplicant;
    }

    /**
     * Connects a supplicant serving TA images from {@code taDirectories} and secure storage in
     * {@code storageDirectory} to {@code core}, and returns once the core has taken it.
     *
     * @throws IOException if the HELLO exchange fails or the core does not take the supplicant in time
     */
    static InProcessSupplicant attach(Core core, List<Path> taDirectories, Path storageDirectory) throws IOException {
        MemoryLink link = MemoryLink.open();
        core.attachSupplicant(link.coreEnd());
        Supplicant supplicant = Supplicant.open(link.supplicantEnd(), Supplicant.defaultServices(taDirectories, storageDirectory));
        try {
            if (!core.awaitSupplicant(HELLO_TIMEOUT_MILLIS)) {
                throw new IOException("the core did not take the in-process supplicant within "
                        + TimeUnit.MILLISECONDS.toSeconds(HELLO_TIMEOUT_MILLIS) + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            supplicant.close();
            throw new IOException("interrupted while connecting the in-process supplicant", e);
        } catch (IOException e) {
            supplicant.close();
            throw e;
        }
        Thread.ofPlatform().daemon().name("jtee-supplicant").start(() -> {
            try {
                supplicant.serve();
            } catch (IOException e) {
                // the core closed the link: it is shutting down
            }
        });
        return new InProcessSupplicant(supplicant);
    }

    @Override
    public void close() {
        supplicant.close();
    }
}
