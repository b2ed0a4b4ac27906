package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jtee.core.CoreConfig;
import org.jtee.core.runtime.CoreLock;
import org.jtee.os.UnixConnection;

/**
 * Whether a TEE already runs where {@code jtee up} would start one: a core holding the home's
 * state directory ({@link CoreLock}), or a process serving the client socket. Asked before anything
 * starts, so a second {@code jtee up} says so in one line and touches nothing of the first.
 */
final class RunningTee {
    private RunningTee() {}

    /** Why the core of {@code config} cannot start under {@code home}, or null if it can. */
    static String conflict(CoreConfig config, Path home) throws IOException {
        Path socket = config.clientSocket();
        Optional<CoreLock.Holder> holder = CoreLock.holder(config.stateDirectory());
        if (holder.isPresent()) {
            CoreLock.Holder h = holder.get();
            return "a TEE is already running on " + (h.clientSocket() != null ? h.clientSocket() : socket)
                    + " (" + (h.pid() > 0 ? "pid " + h.pid() + ", " : "") + "home " + home
                    + "); stop it first, or start another with --home DIR";
        }
        Long server = serverOf(socket);
        if (server != null) {
            return "a TEE is already running on " + socket + " (pid " + server + ", home not " + home
                    + "); stop it first, or start this one with --client-socket PATH";
        }
        return null;
    }

    /** The pid of the process that accepts connections on {@code socket}, or null if none does. */
    private static Long serverOf(Path socket) {
        try (UnixConnection c = UnixConnection.connect(socket)) {
            return c.peer().pid();
        } catch (IOException e) {
            return null;
        }
    }
}
