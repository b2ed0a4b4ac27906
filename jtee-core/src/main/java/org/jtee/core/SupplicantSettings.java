package org.jtee.core;

import java.nio.file.Path;
import java.util.List;

/**
 * How the core runs its supplicant: a child process it starts itself and talks to over the
 * child's standard input and output, so that no other process can hold the link
 * ({@code docs/architecture.md}, "The supplicant link").
 *
 * @param launch start the supplicant process (and restart it when it dies or stops answering);
 *     false only for cores in a test's JVM, which attach an in-process supplicant themselves
 * @param taDirectories where the supplicant finds {@code <uuid>.ta} images, searched in order
 * @param storageDirectory where the supplicant keeps secure storage's files and the emulated RPMB
 *     device ({@code docs/storage-rpc.md}); null for the default, {@code ree} beside the core's
 *     state directory ({@code <home>/ree})
 * @param rpcTimeoutMillis how long an RPC waits for its reply; after one RPC has gone unanswered
 *     this long, RPCs fail at once until the supplicant answers again
 * @param writeTimeoutMillis how long a write to the supplicant may take; a supplicant that does
 *     not take a request within it is killed (and restarted)
 */
public record SupplicantSettings(boolean launch, List<Path> taDirectories, Path storageDirectory, long rpcTimeoutMillis,
        long writeTimeoutMillis) {
    public static final long DEFAULT_RPC_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 5_000;

    public SupplicantSettings {
        taDirectories = List.copyOf(taDirectories);
        if (rpcTimeoutMillis < 1) {
            throw new IllegalArgumentException("rpcTimeoutMillis must be positive, got " + rpcTimeoutMillis);
        }
        if (writeTimeoutMillis < 1) {
            throw new IllegalArgumentException("writeTimeoutMillis must be positive, got " + writeTimeoutMillis);
        }
    }

    /** A supplicant process with no TA directory, the default storage directory and time limits. */
    public static SupplicantSettings defaults() {
        return new SupplicantSettings(true, List.of(), null, DEFAULT_RPC_TIMEOUT_MILLIS, DEFAULT_WRITE_TIMEOUT_MILLIS);
    }

    public SupplicantSettings withLaunch(boolean start) {
        return new SupplicantSettings(start, taDirectories, storageDirectory, rpcTimeoutMillis, writeTimeoutMillis);
    }

    public SupplicantSettings withTaDirectories(List<Path> directories) {
        return new SupplicantSettings(launch, directories, storageDirectory, rpcTimeoutMillis, writeTimeoutMillis);
    }

    /** Storage in {@code directory}; null for the default beside the state directory. */
    public SupplicantSettings withStorageDirectory(Path directory) {
        return new SupplicantSettings(launch, taDirectories, directory, rpcTimeoutMillis, writeTimeoutMillis);
    }

    /** The storage directory: {@link #storageDirectory()}, or {@code ree} beside {@code stateDirectory}. */
    public Path storageDirectoryBeside(Path stateDirectory) {
        return storageDirectory != null ? storageDirectory : stateDirectory.toAbsolutePath().normalize().resolveSibling("ree");
    }

    public SupplicantSettings withRpcTimeout(long millis) {
        return new SupplicantSettings(launch, taDirectories, storageDirectory, millis, writeTimeoutMillis);
    }

    public SupplicantSettings withWriteTimeout(long millis) {
        return new SupplicantSettings(launch, taDirectories, storageDirectory, rpcTimeoutMillis, millis);
    }
}
