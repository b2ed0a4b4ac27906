package org.jtee.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jtee.core.client.CoreRuntime;
import org.jtee.core.pta.StorageAdmin;
import org.jtee.core.pta.SystemPta;
import org.jtee.core.runtime.CoreLock;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.core.runtime.HardwareUniqueKey;
import org.jtee.core.runtime.StateDirectory;
import org.jtee.core.runtime.SupplicantLink;
import org.jtee.core.runtime.CoreStorage;
import org.jtee.core.runtime.TaClocks;
import org.jtee.core.runtime.TaPersistentTime;
import org.jtee.core.runtime.TaUniqueKeys;
import org.jtee.core.runtime.TeeImplementationProperties;
import org.jtee.core.storage.StorageService;
import org.jtee.crypto.TeeStorage;
import org.jtee.core.ta.TaRegistry;
import org.jtee.os.Hardening;
import org.jtee.os.LibCrypto;
import org.jtee.os.UnixConnection;
import org.jtee.os.UnixServerSocket;
import org.jtee.storage.ObjectStore;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.TaType;

/**
 * The jtee core: the secure world's kernel. Boots from its private state directory, owns the HUK,
 * serves clients on a Unix socket, and starts its supplicant as a child process that it talks to
 * over pipes.
 *
 * <p>Boot order: harden the process, prepare the state directory and lock it ({@link CoreLock}: a
 * second core on the same directory refuses to start), load (or create) the HUK,
 * start the supplicant, register the TAs, wait (up to 30 s) for the supplicant's HELLO, mount
 * trusted storage (checking every store's log), then open the client socket last, so a client
 * that can connect finds a core that is ready.
 */
public final class Core implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    private final CoreConfig config;
    private final HardwareUniqueKey huk;
    private final SupplicantLink supplicant;
    private final CoreStorage storage;
    private final CoreRuntime runtime;
    private final UnixServerSocket clients;
    private final CoreLock lock;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Core(CoreConfig config, CoreLock lock, HardwareUniqueKey huk, SupplicantLink supplicant, CoreStorage storage,
            CoreRuntime runtime, UnixServerSocket clients) {
        this.config = config;
        this.lock = lock;
        this.huk = huk;
        this.supplicant = supplicant;
        this.storage = storage;
        this.runtime = runtime;
        this.clients = clients;
    }

    /** Boots a core; TAs are the built-ins visible to {@code taLoader} plus the pseudo TAs. */
    public static Core start(CoreConfig config, ClassLoader taLoader) throws IOException {
        return start(config, registry -> registry.discoverBuiltIns(taLoader), true);
    }

    /**
     * Boots a core whose built-in TAs are those {@code builtIns} registers, plus the pseudo TAs,
     * and, if {@code dynamicTas}, the dynamic TAs its supplicant serves ({@link EmbeddedTee} names
     * its TAs one by one and runs no other; such a core is in development mode: TAs' messages and
     * panics are logged, and the messages given to clients).
     */
    static Core start(CoreConfig config, Consumer<TaRegistry> builtIns, boolean dynamicTas) throws IOException {
        if (config.hardenProcess()) {
            Hardening.disableDumping();
        }
        StateDirectory.prepare(config.stateDirectory());
        CoreLock lock = CoreLock.acquire(config.stateDirectory(), config.clientSocket());
        HardwareUniqueKey huk;
        try {
            huk = HardwareUniqueKey.loadOrCreate(config.stateDirectory(), new SecureRandom());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        SupplicantLink supplicant = null;
        CoreRuntime runtime = null;
        CoreStorage storage = null;
        try {
            supplicant = openSupplicant(config);
            TaRegistry registry = new TaRegistry();
            long bootNanos = System.nanoTime();
            TeeProperties tee = TeeImplementationProperties.create(huk);
            storage = CoreStorage.open(huk, supplicant::call, config.stateDirectory());
            CoreObjects coreObjects = new CoreObjects(storage.ree());
            TaClocks clocks = new TaClocks(supplicant, TaPersistentTime.open(coreObjects, config.stateDirectory()));
            // TAs' persistent objects: the storage engine's store per TEE_STORAGE_PRIVATE_REE/_RPMB
            Map<Integer, ObjectStore> stores = new HashMap<>();
            stores.put(TeeStorage.PRIVATE_REE, storage.ree());
            if (storage.rpmb() != null) {
                stores.put(TeeStorage.PRIVATE_RPMB, storage.rpmb());
            }
            runtime = new CoreRuntime(config.callSlots(), config.clientLimits(), registry, tee, clocks,
                    new TaUniqueKeys(huk), new StorageService(stores));
            CoreRuntime calls = runtime;
            CoreStorage coreStorage = storage;
            registry.addPseudo(TaType.of(SystemPta.class, true, true,
                    () -> new SystemPta(() -> TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - bootNanos),
                            calls::readyHosts, config.taLoading().hostPoolSize(),
                            new StorageAdmin(calls::secureTas, coreStorage::stores))));
            builtIns.accept(registry);
            // built-in TAs (PKCS#11) sign in the system's OpenSSL; load it now, not at their first signature (60-100 ms)
            Thread.ofVirtual().name("jtee-libcrypto-load").start(LibCrypto::preload);
            if (dynamicTas) {
                runtime.enableDynamicTas(config.taLoading(), config.stateDirectory(), supplicant, tee, coreObjects);
            } else {
                // only EmbeddedTee boots without them, for tests of TAs: their messages and panics are what a test needs
                runtime.developmentMode();
            }
            awaitSupplicant(config.supplicant(), supplicant);
            if (config.supplicant().launch()) {
                storage.mountAll();
            }
            prepareSocketDirectory(config.clientSocket());
            UnixServerSocket clients = UnixServerSocket.bind(config.clientSocket(), 128);
            Core core = new Core(config, lock, huk, supplicant, storage, runtime, clients);
            Thread.ofPlatform().daemon().name("jtee-accept").start(core::acceptLoop);
            LOG.log(Level.INFO, "core ready: clients on {0}, {1} call slots, {2}, built-in TAs {3}",
                    config.clientSocket(), config.callSlots(), config.clientLimits(), registry.builtIns().stream().map(t -> t.uuid().toString()).toList());
            return core;
        } catch (IOException | RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            }
            if (storage != null) {
                storage.close();
            }
            if (supplicant != null) {
                supplicant.close();
            }
            huk.close();
            lock.close();
            throw e;
        }
    }

    private static SupplicantLink openSupplicant(CoreConfig config) {
        SupplicantSettings s = config.supplicant();
        return s.launch()
                ? SupplicantLink.launch(s.taDirectories(), s.storageDirectoryBeside(config.stateDirectory()), s.rpcTimeoutMillis(),
                        s.writeTimeoutMillis())
                : SupplicantLink.detached(s.rpcTimeoutMillis(), s.writeTimeoutMillis());
    }

    /** Waits for the first supplicant, so the first TA load finds it; a core without one still serves. */
    private static void awaitSupplicant(SupplicantSettings s, SupplicantLink link) throws IOException {
        if (!s.launch()) {
            return;
        }
        try {
            if (!link.awaitConnected(TimeUnit.SECONDS.toMillis(30))) {
                LOG.log(Level.WARNING, "no supplicant after 30 s: dynamic TAs are not found and REE time fails until one connects");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the supplicant", e);
        }
    }

    /**
     * For tests in one JVM, on a core started without a supplicant process: serves an in-process
     * supplicant on {@code channel} (one end of a pipe pair).
     */
    void attachSupplicant(ByteChannel channel) {
        supplicant.attach(channel);
    }

    /** For tests: waits up to {@code millis} until a supplicant has completed HELLO. */
    boolean awaitSupplicant(long millis) throws InterruptedException {
        return supplicant.awaitConnected(millis);
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
        storage.close();
        supplicant.close();
        huk.close();
        lock.close();
        stopped.countDown();
    }
}
