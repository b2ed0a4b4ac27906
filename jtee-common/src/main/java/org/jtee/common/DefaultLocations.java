package org.jtee.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where jtee keeps things when nobody says otherwise. Clients and the core resolve the same way,
 * so a client finds a core started with the defaults. Each method reads the environment
 * ({@link System#getenv(String)}) when called; an empty variable counts as unset. Thread-safe.
 */
public final class DefaultLocations {
    private DefaultLocations() {}

    /**
     * {@code $JTEE_HOME}, else {@code $XDG_STATE_HOME/jtee}, else {@code $HOME/.local/state/jtee}
     * (the {@code user.home} property when {@code $HOME} is unset).
     */
    public static Path home() {
        String home = System.getenv("JTEE_HOME");
        if (home != null && !home.isEmpty()) {
            return Path.of(home);
        }
        String state = System.getenv("XDG_STATE_HOME");
        if (state != null && !state.isEmpty()) {
            return Path.of(state, "jtee");
        }
        String user = System.getenv("HOME");
        if (user == null || user.isEmpty()) {
            user = System.getProperty("user.home");
        }
        return Path.of(user, ".local", "state", "jtee");
    }

    /** {@code $JTEE_SOCKET}, else {@code home()/client.sock}. */
    public static Path clientSocket() {
        String socket = System.getenv("JTEE_SOCKET");
        return socket != null && !socket.isEmpty() ? Path.of(socket) : home().resolve("client.sock");
    }

    /**
     * Where clients create shared-memory segments: {@code $JTEE_SHM_DIR}, else {@code /dev/shm} if
     * it is a directory, else {@code java.io.tmpdir}.
     */
    public static Path sharedMemoryDir() {
        String dir = System.getenv("JTEE_SHM_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
