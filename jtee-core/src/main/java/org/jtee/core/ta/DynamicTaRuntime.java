package org.jtee.core.ta;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jtee.core.TaLoading;
import org.jtee.core.host.HostLauncher;
import org.jtee.core.host.HostPool;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.core.runtime.SupplicantLink;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.HostIsolation;
import org.jtee.tahost.PropertySet;
import org.jtee.tahost.PropertyText;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TrustStore;

/**
 * What running dynamic TAs takes, built once at boot from {@link TaLoading}: the trusted signing
 * keys, the decryption key, the version floors and the TAs installed in secure storage (both the
 * core's own objects in trusted storage), the pool of TA hosts, the instance limits and the
 * timers that enforce the hard limit on cancelled calls and the time limit on writes to hosts.
 */
public final class DynamicTaRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    private final HostPool pool;
    private final HostLauncher launcher;
    private final ScheduledExecutorService timers;
    private final TaEncryptionKey encryptionKey;
    private final SecureTas secureTas;

    private DynamicTaRuntime(HostPool pool, HostLauncher launcher, ScheduledExecutorService timers,
            TaEncryptionKey encryptionKey, SecureTas secureTas) {
        this.pool = pool;
        this.launcher = launcher;
        this.timers = timers;
        this.encryptionKey = encryptionKey;
        this.secureTas = secureTas;
    }

    /**
     * Reads the trusted keys and the TA encryption key, starts the host pool and lets
     * {@code manager} load dynamic TAs, from the TAs installed in secure storage and from the
     * supplicant, with the version floors kept in {@code coreObjects} (read at the first load).
     */
    public static DynamicTaRuntime start(TaLoading loading, Path stateDirectory, SupplicantLink supplicant,
            TeeProperties teeProperties, TaManager manager, CoreObjects coreObjects) throws IOException {
        // looked up once: the trust and development mode must agree even if the file appears meanwhile
        Path developmentKey = developmentKey(loading);
        TrustStore trust = TrustStore.load(trustFiles(loading, developmentKey));
        if (trust.isEmpty()) {
            LOG.log(Level.WARNING, "no TA signing key is trusted: dynamic TAs will be refused "
                    + "(run 'jtee keys init', or give the core --trust FILE)");
        } else {
            LOG.log(Level.INFO, "TA signatures trusted from: {0}", trust.describe().replace('\n', ';'));
        }
        TaEncryptionKey key = encryptionKey(loading);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jtee-ta-timers");
            t.setDaemon(true);
            return t;
        });
        logIsolation(loading);
        HostLauncher launcher = new HostLauncher(loading.debug(), loading.allowWeakIsolation(), timers,
                loading.cancelHardLimitMillis(), stateDirectory);
        HostPool pool = new HostPool(launcher, loading.hostPoolSize());
        long sweep = Math.clamp(loading.cancelHardLimitMillis() / 4, 10, 1_000);
        timers.scheduleWithFixedDelay(pool::enforceWriteLimits, sweep, sweep, TimeUnit.MILLISECONDS);
        String tee = PropertyText.encode(((PropertySet) teeProperties).values());
        boolean development = developmentKey != null || loading.debug().enabled();
        if (development) {
            LOG.log(Level.INFO, "development mode: the error messages and panics of TAs are logged, and a TA's "
                    + "message reaches its client (docs/ta-hosts.md, Development mode)");
        }
        manager.developmentMode(development);
        RemoteTa.Services services = new RemoteTa.Services(pool, tee, manager.taCalls(), manager.clocks(),
                manager.uniqueKeys(), development);
        manager.limits(loading.instanceLimits());
        DynamicTaLoader loader = new DynamicTaLoader(supplicant::loadTa, new SecureTaStore(coreObjects),
                new TaVerifier(trust, key), new VersionFloors(coreObjects, stateDirectory), services);
        manager.dynamicTas(loader);
        return new DynamicTaRuntime(pool, launcher, timers, key, loader);
    }

    /** Says at start how TA hosts will be walled in, and whether they will run at all. */
    private static void logIsolation(TaLoading loading) {
        HostIsolation isolation = HostIsolation.probe();
        if (isolation.complete()) {
            LOG.log(Level.INFO, "TA host isolation: {0}", isolation.describe());
        } else if (loading.allowWeakIsolation()) {
            LOG.log(Level.WARNING, "{0}; what they have: {1}", isolation.weakWarning(), isolation.describe());
        } else {
            LOG.log(Level.ERROR, "{0}; every TA host will refuse to run", isolation.refusal());
        }
    }

    private static List<Path> trustFiles(TaLoading loading, Path dev) {
        List<Path> files = new ArrayList<>(loading.trustFiles());
        if (dev != null) {
            LOG.log(Level.WARNING, "trusting the development TA signing key {0}: fine for development, "
                    + "not for production (configure --trust and --no-dev-key)", dev);
            files.add(dev);
        }
        return files;
    }

    /** The development public key the core trusts, or null: none is configured, or it does not exist. */
    private static Path developmentKey(TaLoading loading) {
        if (loading.devKeysDirectory() == null) {
            return null;
        }
        Path dev = loading.devKeysDirectory().resolve(DevKeys.PUBLIC_KEY);
        return Files.exists(dev) ? dev : null;
    }

    private static TaEncryptionKey encryptionKey(TaLoading loading) throws IOException {
        if (loading.encryptionKeyFile() != null) {
            return TaEncryptionKey.load(loading.encryptionKeyFile());
        }
        if (loading.devKeysDirectory() != null) {
            Path dev = loading.devKeysDirectory().resolve(DevKeys.ENCRYPTION_KEY);
            if (Files.exists(dev)) {
                return TaEncryptionKey.load(dev);
            }
        }
        return null;
    }

    /** The TAs installed in secure storage, verified with this runtime's keys and floors. */
    public SecureTas secureTas() {
        return secureTas;
    }

    /** The TA hosts booted and waiting in the pool. */
    public int readyHosts() {
        return pool.readyCount();
    }

    @Override
    public void close() {
        pool.close();
        launcher.close();
        timers.shutdownNow();
        if (encryptionKey != null) {
            encryptionKey.close();
        }
    }
}
