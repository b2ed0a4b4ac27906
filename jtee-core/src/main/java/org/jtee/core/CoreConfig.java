package org.jtee.core;

import java.nio.file.Path;
import java.util.Objects;
import org.jtee.common.DefaultLocations;

/**
 * How a core runs.
 *
 * @param stateDirectory the core's private state (mode 0700): HUK, TA version floors
 * @param clientSocket where clients connect
 * @param callSlots how many OPEN_SESSION and INVOKE calls run at once (OP-TEE's thread count)
 * @param hardenProcess make the process non-dumpable (off only for in-process tests)
 * @param taLoading how dynamic TAs are verified and run
 * @param supplicant how the core starts and talks to its supplicant
 * @param clientLimits what clients may take of the core
 */
public record CoreConfig(Path stateDirectory, Path clientSocket, int callSlots, boolean hardenProcess, TaLoading taLoading,
        SupplicantSettings supplicant, ClientLimits clientLimits) {
    /** Default call slots: twice the processors, at least four. */
    public static final int DEFAULT_CALL_SLOTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    public CoreConfig {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(clientSocket, "clientSocket");
        Objects.requireNonNull(taLoading, "taLoading");
        Objects.requireNonNull(supplicant, "supplicant");
        Objects.requireNonNull(clientLimits, "clientLimits");
        if (callSlots < 1) {
            throw new IllegalArgumentException("callSlots must be at least 1, got " + callSlots);
        }
    }

    /** A core that loads TAs as {@code taLoading} says, with the default supplicant settings and client limits. */
    public CoreConfig(Path stateDirectory, Path clientSocket, int callSlots, boolean hardenProcess, TaLoading taLoading) {
        this(stateDirectory, clientSocket, callSlots, hardenProcess, taLoading, SupplicantSettings.defaults(),
                ClientLimits.DEFAULTS);
    }

    /** A core that trusts the installation's development key, if there is one. */
    public CoreConfig(Path stateDirectory, Path clientSocket, int callSlots, boolean hardenProcess) {
        this(stateDirectory, clientSocket, callSlots, hardenProcess, TaLoading.development(org.jtee.tapkg.DevKeys.defaultDirectory()));
    }

    /** State under {@code home}/core, client socket {@code home}/client.sock. */
    public static CoreConfig under(Path home) {
        return new CoreConfig(home.resolve("core"), home.resolve("client.sock"), DEFAULT_CALL_SLOTS, true);
    }

    /** The defaults: {@link DefaultLocations#home()}, and the client socket clients look for. */
    public static CoreConfig defaults() {
        return new CoreConfig(DefaultLocations.home().resolve("core"), DefaultLocations.clientSocket(),
                DEFAULT_CALL_SLOTS, true);
    }

    public CoreConfig withStateDirectory(Path dir) {
        return new CoreConfig(dir, clientSocket, callSlots, hardenProcess, taLoading, supplicant, clientLimits);
    }

    public CoreConfig withClientSocket(Path socket) {
        return new CoreConfig(stateDirectory, socket, callSlots, hardenProcess, taLoading, supplicant, clientLimits);
    }

    public CoreConfig withTaLoading(TaLoading loading) {
        return new CoreConfig(stateDirectory, clientSocket, callSlots, hardenProcess, loading, supplicant, clientLimits);
    }

    public CoreConfig withSupplicant(SupplicantSettings settings) {
        return new CoreConfig(stateDirectory, clientSocket, callSlots, hardenProcess, taLoading, settings, clientLimits);
    }

    public CoreConfig withCallSlots(int slots) {
        return new CoreConfig(stateDirectory, clientSocket, slots, hardenProcess, taLoading, supplicant, clientLimits);
    }

    public CoreConfig withHardening(boolean harden) {
        return new CoreConfig(stateDirectory, clientSocket, callSlots, harden, taLoading, supplicant, clientLimits);
    }

    public CoreConfig withClientLimits(ClientLimits limits) {
        return new CoreConfig(stateDirectory, clientSocket, callSlots, hardenProcess, taLoading, supplicant, limits);
    }
}
