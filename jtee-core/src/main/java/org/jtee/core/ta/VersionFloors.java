package org.jtee.core.ta;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The highest version of each TA the core has loaded: TA versions only go forward (OP-TEE's
 * {@code ta_ver.db}). Kept in the core's private state, in {@code ta-versions}: one line
 * {@code <uuid> <version>} per TA, replaced atomically (write, fsync, rename) whenever a floor
 * rises. Until trusted storage exists the file is protected only as the state directory is
 * (mode 0700, owned by the core's user).
 */
final class VersionFloors {
    static final String FILE_NAME = "ta-versions";

    private final Path file;
    private final Map<UUID, Long> floors = new TreeMap<>();

    private VersionFloors(Path file) {
        this.file = file;
    }

    /** Reads the floors in {@code stateDirectory}; none yet if the file does not exist. */
    static VersionFloors load(Path stateDirectory) throws IOException {
        VersionFloors v = new VersionFloors(stateDirectory.resolve(FILE_NAME));
        if (Files.exists(v.file)) {
            int n = 0;
            for (String line : Files.readAllLines(v.file, StandardCharsets.US_ASCII)) {
                n++;
                String[] f = line.trim().split(" ");
                if (f.length != 2) {
                    throw new IOException(v.file + " line " + n + " is not '<uuid> <version>'");
                }
                try {
                    v.floors.put(UUID.fromString(f[0]), Long.parseLong(f[1]));
                } catch (IllegalArgumentException e) {
                    throw new IOException(v.file + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
        return v;
    }

    /** The lowest version of {@code uuid} that may still be loaded (0 if none was). */
    synchronized long floor(UUID uuid) {
        return floors.getOrDefault(uuid, 0L);
    }

    /** Raises the floor of {@code uuid} to {@code version} if it is higher, durably. */
    synchronized void raise(UUID uuid, long version) throws IOException {
        if (version <= floor(uuid)) {
            return;
        }
        floors.put(uuid, version);
        StringBuilder text = new StringBuilder();
        floors.forEach((u, v) -> text.append(u).append(' ').append(v).append('\n'));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
