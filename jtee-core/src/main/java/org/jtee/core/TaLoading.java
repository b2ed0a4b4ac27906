package org.jtee.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a core loads and runs dynamic TAs.
 *
 * @param trustFiles PEM files of public keys and root certificates whose signatures the core accepts
 * @param devKeysDirectory the installation's development keys ({@code jtee keys init}); when not
 *     null and present there, their public key is trusted and their TA encryption key used — the
 *     core says so in its log. Null: production, only {@code trustFiles}
 * @param encryptionKeyFile the AES-256 key that decrypts encrypted TAs, or null
 * @param hostPoolSize TA hosts kept booted ahead of need (0: every host is started on demand)
 * @param cancelHardLimitMillis how long a cancelled call (or a close or destroy) may run on in a
 *     TA host before the core kills the host
 * @param debug which TA hosts accept a debugger and are not hardened (development only; logged
 *     loudly; {@link TaDebug})
 * @param allowWeakIsolation TA hosts run even where the kernel lacks Landlock or seccomp, with
 *     what it has (logged at start and for every host); otherwise such hosts refuse to run
 * @param instanceLimits how many TA instances and TA hosts run at once, per client uid and in all
 */
public record TaLoading(
        List<Path> trustFiles,
        Path devKeysDirectory,
        Path encryptionKeyFile,
        int hostPoolSize,
        long cancelHardLimitMillis,
        TaDebug debug,
        boolean allowWeakIsolation,
        InstanceLimits instanceLimits) {

    public static final int DEFAULT_HOST_POOL = 1;
    public static final long DEFAULT_CANCEL_HARD_LIMIT_MILLIS = 5_000;

    public TaLoading {
        trustFiles = List.copyOf(trustFiles);
        Objects.requireNonNull(debug, "debug");
        Objects.requireNonNull(instanceLimits, "instanceLimits");
        if (hostPoolSize < 0) {
            throw new IllegalArgumentException("hostPoolSize must not be negative, got " + hostPoolSize);
        }
        if (cancelHardLimitMillis < 1) {
            throw new IllegalArgumentException("cancelHardLimitMillis must be positive, got " + cancelHardLimitMillis);
        }
    }

    /** {@code debug}: every TA host accepts a debugger ({@link TaDebug#EVERY_TA}), or none. */
    public TaLoading(List<Path> trustFiles, Path devKeysDirectory, Path encryptionKeyFile, int hostPoolSize,
            long cancelHardLimitMillis, boolean debug, boolean allowWeakIsolation, InstanceLimits instanceLimits) {
        this(trustFiles, devKeysDirectory, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis,
                debug ? TaDebug.EVERY_TA : TaDebug.OFF, allowWeakIsolation, instanceLimits);
    }

    /** Hosts that refuse to run where Landlock or seccomp is missing, with the default {@link InstanceLimits}. */
    public TaLoading(List<Path> trustFiles, Path devKeysDirectory, Path encryptionKeyFile, int hostPoolSize,
            long cancelHardLimitMillis, boolean debug) {
        this(trustFiles, devKeysDirectory, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis, debug, false,
                InstanceLimits.DEFAULTS);
    }

    /** No trusted key but the development key in {@code devKeysDirectory} (if it exists). */
    public static TaLoading development(Path devKeysDirectory) {
        return new TaLoading(List.of(), devKeysDirectory, null, DEFAULT_HOST_POOL, DEFAULT_CANCEL_HARD_LIMIT_MILLIS, false);
    }

    public TaLoading withTrust(List<Path> files) {
        return new TaLoading(files, devKeysDirectory, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis, debug,
                allowWeakIsolation, instanceLimits);
    }

    public TaLoading withDevKeys(Path dir) {
        return new TaLoading(trustFiles, dir, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis, debug,
                allowWeakIsolation, instanceLimits);
    }

    public TaLoading withEncryptionKey(Path file) {
        return new TaLoading(trustFiles, devKeysDirectory, Objects.requireNonNull(file), hostPoolSize, cancelHardLimitMillis,
                debug, allowWeakIsolation, instanceLimits);
    }

    public TaLoading withHostPool(int size) {
        return new TaLoading(trustFiles, devKeysDirectory, encryptionKeyFile, size, cancelHardLimitMillis, debug,
                allowWeakIsolation, instanceLimits);
    }

    public TaLoading withCancelHardLimit(long millis) {
        return new TaLoading(trustFiles, devKeysDirectory, encryptionKeyFile, hostPoolSize, millis, debug,
                allowWeakIsolation, instanceLimits);
    }

    public TaLoading withDebug(TaDebug which) {
        return new TaLoading(trustFiles, devKeysDirectory, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis, which,
                allowWeakIsolation, instanceLimits);
    }

    /** Runs TA hosts even where Landlock or seccomp is missing; see {@link #allowWeakIsolation()}. */
    public TaLoading withWeakIsolationAllowed(boolean on) {
        return new TaLoading(trustFiles, devKeysDirectory, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis, debug,
                on, instanceLimits);
    }

    public TaLoading withInstanceLimits(InstanceLimits limits) {
        return new TaLoading(trustFiles, devKeysDirectory, encryptionKeyFile, hostPoolSize, cancelHardLimitMillis, debug,
                allowWeakIsolation, limits);
    }
}
