package org.jtee.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jtee.core.internal.CoreRuntime;
import org.jtee.core.internal.HardwareUniqueKey;
import org.jtee.core.internal.StateDirectory;
import org.jtee.core.internal.SupplicantLink;
import org.jtee.core.internal.TaRegistry;
import org.jtee.core.internal.TaType;
import org.jtee.core.internal.TeeImplementationProperties;
import org.jtee.core.pta.SystemPta;
import org.jtee.os.Hardening;
import org.jtee.os.UnixConnection;
import org.jtee.os.UnixServerSocket;
import org.jtee.ta.TeeProperties;

/**
 * The jtee core: the secure world's kernel. Boots from its private state directory, owns the HUK,
 * serves clients on a Unix socket and talks to the supplicant on another.
 *
 * <p>Boot order: harden the process, prepare the state directory, load (or create) the HUK,
 * register the TAs, open the supplicant socket, then the client socket last, so a client that can
 * connect finds a core that is ready.
 */
public final class Core implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    private final CoreConfig config;
    private final HardwareUniqueKey huk;
    private final SupplicantLink supplicant;
    private final CoreRuntime runtime;
    private final UnixServerSocket clients;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Core(CoreConfig config, HardwareUniqueKey huk, SupplicantLink supplicant, CoreRuntime runtime,
            UnixServerSocket clients) {
        this.config = config;
        this.huk = huk;
        this.supplicant = supplicant;
        this.runtime = runtime;
        this.clients = clients;
    }

    /** Boots a core; TAs are the built-ins visible to {@code taLoader} plus the pseudo TAs. */
    public static Core start(CoreConfig config, ClassLoader taLoader) throws IOException {
        if (config.hardenProcess()) {
            Hardening.disableDumping();
        }
        StateDirectory.prepare(config.stateDirectory());
        HardwareUniqueKey huk = HardwareUniqueKey.loadOrCreate(config.stateDirectory(), new SecureRandom());
        SupplicantLink supplicant = null;
        CoreRuntime runtime = null;
        try {
            supplicant = SupplicantLink.open(config.supplicantSocket());
            TaRegistry registry = new TaRegistry();
            long bootNanos = System.nanoTime();
            TeeProperties tee = TeeImplementationProperties.create(huk);
            runtime = new CoreRuntime(config.callSlots(), config.clientLimits(), registry, tee, supplicant);
            CoreRuntime calls = runtime;
            registry.addPseudo(TaType.of(SystemPta.class, true, true,
                    () -> new SystemPta(() -> TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - bootNanos),
                            calls::readyHosts, config.taLoading().hostPoolSize())));
            registry.discoverBuiltIns(taLoader);
            runtime.enableDynamicTas(config.taLoading(), config.stateDirectory(), supplicant, tee);
            prepareSocketDirectory(config.clientSocket());
            UnixServerSocket clients = UnixServerSocket.bind(config.clientSocket(), 128);
            Core core = new Core(config, huk, supplicant, runtime, clients);
            Thread.ofPlatform().daemon().name("jtee-accept").start(core::acceptLoop);
            LOG.log(Level.INFO, "core ready: clients on {0}, {1} call slots, {2}, built-in TAs {3}",
                    config.clientSocket(), config.callSlots(), config.clientLimits(), registry.builtIns().stream().map(t -> t.uuid().toString()).toList());
            return core;
        } catch (IOException | RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            }
            if (supplicant != null) {
                supplicant.close();
            }
            huk.close();
            throw e;
        }
    }

    private static void prepareSocketDirectory(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /**
     * Accepts clients until the socket closes. A failure to serve one client (even an
     * {@link Error}) closes that client's connection and the loop goes on; every connection the
     * loop hands on is counted and released by the runtime.
     */
    private void acceptLoop() {
        while (true) {
            UnixConnection c = null;
            try {
                c = clients.accept();
                runtime.serve(c);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage());
                pause();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "serving a new connection failed", e);
                if (c != null) {
                    c.close();
                }
                pause();
            }
        }
    }

    /** After a failed accept (EMFILE, ENOMEM): a moment for resources to come back, not a busy loop. */
    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }

    public Path clientSocket() {
        return config.clientSocket();
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops accepting, closes every connection, wipes the HUK. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            clients.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the client socket: {0}", e.toString());
        }
        runtime.close();
        supplicant.close();
        huk.close();
        stopped.countDown();
    }
}
