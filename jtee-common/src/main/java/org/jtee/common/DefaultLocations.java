package org.jtee.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where jtee keeps things when nobody says otherwise. Clients and the core resolve the same way,
 * so a client finds a core started with the defaults.
 */
public final class DefaultLocations {
    private DefaultLocations() {}

    /** {@code $JTEE_HOME}, else {@code $XDG_STATE_HOME/jtee}, else {@code ~/.local/state/jtee}. */
    public static Path home() {
        String home = System.getenv("JTEE_HOME");
        if (home != null && !home.isEmpty()) {
            return Path.of(home);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isEmpty() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("jtee");
    }

    /** {@code $JTEE_SOCKET}, else {@code home()/client.sock}. */
    public static Path clientSocket() {
        String socket = System.getenv("JTEE_SOCKET");
        return socket != null && !socket.isEmpty() ? Path.of(socket) : home().resolve("client.sock");
    }

    /** {@code $JTEE_SHM_DIR}, else {@code /dev/shm}, else the temporary directory. */
    public static Path sharedMemoryDir() {
        String dir = System.getenv("JTEE_SHM_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
