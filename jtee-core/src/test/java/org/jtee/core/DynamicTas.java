package org.jtee.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.UUID;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;

/**
 * A core with a supplicant serving a TA directory, and a signing key the core trusts made for the
 * test: TAs are signed and installed as {@code <uuid>.ta} files, then run in TA hosts.
 */
final class DynamicTas implements AutoCloseable {
    final Path taDir;
    final CoreFixture tee;
    private final KeyPair key;

    DynamicTas(Path home, int hostPool) throws IOException {
        this(home, hostPool, 2_000);
    }

    DynamicTas(Path home, int hostPool, long cancelHardLimitMillis) throws IOException {
        this(home, hostPool, cancelHardLimitMillis, null);
    }

    /** With {@code encryptionKey} (or none), the key the core decrypts TAs with. */
    DynamicTas(Path home, int hostPool, long cancelHardLimitMillis, Path encryptionKey) throws IOException {
        this(home, hostPool, cancelHardLimitMillis, encryptionKey, false, InstanceLimits.DEFAULTS);
    }

    /** With {@code allowWeakIsolation}, hosts run even where Landlock or seccomp is missing. */
    DynamicTas(Path home, int hostPool, boolean allowWeakIsolation) throws IOException {
        this(home, hostPool, 2_000, null, allowWeakIsolation, InstanceLimits.DEFAULTS);
    }

    /** With {@code limits} on instances and hosts. */
    DynamicTas(Path home, int hostPool, long cancelHardLimitMillis, Path encryptionKey, InstanceLimits limits) throws IOException {
        this(home, hostPool, cancelHardLimitMillis, encryptionKey, false, limits, null);
    }

    private DynamicTas(Path home, int hostPool, long cancelHardLimitMillis, Path encryptionKey, boolean allowWeakIsolation,
            InstanceLimits limits) throws IOException {
        this(home, hostPool, cancelHardLimitMillis, encryptionKey, allowWeakIsolation, limits, null);
    }

    private DynamicTas(Path home, int hostPool, long cancelHardLimitMillis, Path encryptionKey, boolean allowWeakIsolation,
            InstanceLimits limits, Path devKeys) throws IOException {
        key = newKey();
        Path trust = home.resolve("trust.pem");
        Pem.writePublicKey(key.getPublic(), trust);
        taDir = Files.createDirectories(home.resolve("ta"));
        CoreConfig config = CoreConfig.under(home).withHardening(false)
                .withTaLoading(new TaLoading(List.of(trust), devKeys, encryptionKey, hostPool, cancelHardLimitMillis, false,
                        allowWeakIsolation, limits));
        tee = new CoreFixture(config).withSupplicant(List.of(taDir));
    }

    /**
     * A development core: besides the test's key it trusts a development key, made under
     * {@code home} ({@code jtee keys init}), so it logs its TAs' error messages and panics and
     * gives a TA's message to its client.
     */
    static DynamicTas development(Path home, int hostPool) throws IOException {
        Path keys = home.resolve("dev-keys");
        DevKeys.loadOrCreate(keys, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).close();
        return new DynamicTas(home, hostPool, 2_000, null, false, InstanceLimits.DEFAULTS, keys);
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs {@code taClass} (with {@code more}) as version {@code version} and installs it. */
    Path install(Class<?> taClass, UUID uuid, long version, Class<?>... more) throws IOException {
        return write(uuid, TaSigner.withKey(key.getPrivate()).sign(uuid, version, TaJar.of(taClass, more)));
    }

    /** Installs the two test TAs most tests use: {@link FaultTa} (which calls the keeper) and {@link KeeperTa}. */
    DynamicTas withFaultAndKeeper() throws IOException {
        install(FaultTa.class, FaultTa.UUID, 0x10000, KeeperTa.class);
        install(KeeperTa.class, KeeperTa.UUID, 0x10000);
        return this;
    }

    /** A signer with the key this core trusts. */
    TaSigner signer() {
        return TaSigner.withKey(key.getPrivate());
    }

    /** Installs {@code image} as the file of {@code uuid}, whatever it holds. */
    Path write(UUID uuid, byte[] image) throws IOException {
        return Files.write(taDir.resolve(uuid + ".ta"), image);
    }

    TeeContext context() throws TeeException {
        return tee.context();
    }

    @Override
    public void close() {
        tee.close();
    }
}
