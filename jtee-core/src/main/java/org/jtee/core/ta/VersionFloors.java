package org.jtee.core.ta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jtee.core.runtime.AtomicFiles;

/**
 * The highest version of each TA the core has loaded: TA versions only go forward (OP-TEE's
 * {@code ta_ver.db}). Kept in the core's private state, in {@code ta-versions}: one line
 * {@code <uuid> <version>} per TA, replaced atomically ({@link AtomicFiles}) whenever a floor
 * rises; reading a floor does not wait for that write. Until trusted storage exists the file is
 * protected only as the state directory is (mode 0700, owned by the core's user).
 */
final class VersionFloors {
    static final String FILE_NAME = "ta-versions";

    private final Path file;
    /** The floors by TA, an unmodifiable snapshot that {@link #raise} replaces whole. */
    private volatile Map<UUID, Long> floors;
    /** One {@link #raise} at a time writes the file; {@link #floor} takes no lock. */
    private final Object writeLock = new Object();

    private VersionFloors(Path file, Map<UUID, Long> floors) {
        this.file = file;
        this.floors = Collections.unmodifiableMap(floors);
    }

    /** Reads the floors in {@code stateDirectory}; none yet if the file does not exist. */
    static VersionFloors load(Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(FILE_NAME);
        Map<UUID, Long> floors = new TreeMap<>();
        if (Files.exists(file)) {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                n++;
                String[] f = line.trim().split(" ");
                if (f.length != 2) {
                    throw new IOException(file + " line " + n + " is not '<uuid> <version>'");
                }
                try {
                    floors.put(UUID.fromString(f[0]), Long.parseLong(f[1]));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
        return new VersionFloors(file, floors);
    }

    /** The lowest version of {@code uuid} that may still be loaded (0 if none was). */
    long floor(UUID uuid) {
        return floors.getOrDefault(uuid, 0L);
    }

    /**
     * Raises the floor of {@code uuid} to {@code version} if it is higher, durably. If the write
     * fails the floor is raised in memory all the same: this core still refuses older versions.
     */
    void raise(UUID uuid, long version) throws IOException {
        synchronized (writeLock) {
            if (version <= floor(uuid)) {
                return;
            }
            Map<UUID, Long> next = new TreeMap<>(floors);
            next.put(uuid, version);
            floors = Collections.unmodifiableMap(next);
            StringBuilder text = new StringBuilder();
            next.forEach((u, v) -> text.append(u).append(' ').append(v).append('\n'));
            AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }
}
