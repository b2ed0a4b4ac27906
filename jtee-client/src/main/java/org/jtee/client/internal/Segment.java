package org.jtee.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.jtee.common.DefaultLocations;
import org.jtee.protocol.Wire;

/**
 * A shared-memory segment being handed to the core: a file {@code jtee-shm-<random>} in
 * {@link DefaultLocations#sharedMemoryDir()}, created with mode 0600 in the same system call
 * that creates it ({@code O_CREAT|O_EXCL}), sized, and mapped read-write. The caller sends its
 * path in REGISTER_SHM and then {@linkplain #unlink() unlinks} it whatever the answer: the
 * mappings of both processes outlive the name.
 */
public final class Segment {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** Bytes of the random part of a segment's name. */
    private static final int NAME_RANDOM_BYTES = 16;

    private final Path path;
    private final ByteBuffer buffer;

    private Segment(Path path, ByteBuffer buffer) {
        this.path = path;
        this.buffer = buffer;
    }

    /**
     * The absolute path a new segment would get in {@code dir}, checked against the protocol's
     * path bound.
     */
    private static Path newPath(Path dir) throws IOException {
        byte[] random = new byte[NAME_RANDOM_BYTES];
        RANDOM.nextBytes(random);
        Path path = dir.resolve("jtee-shm-" + HexFormat.of().formatHex(random)).toAbsolutePath();
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > Wire.MAX_PATH_BYTES) {
            throw new IOException("the path " + path + " is longer than " + Wire.MAX_PATH_BYTES + " bytes");
        }
        return path;
    }

    /**
     * Creates and maps a segment of {@code sizeBytes} ({@code 0 ≤ sizeBytes ≤ Integer.MAX_VALUE}).
     * A segment of 0 bytes is a file of 0 bytes, not mapped.
     *
     * @throws IOException if the file cannot be created, sized or mapped (no file is left behind)
     */
    public static Segment create(long sizeBytes) throws IOException {
        if (sizeBytes < 0 || sizeBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment size " + sizeBytes);
        }
        Path path = newPath(DefaultLocations.sharedMemoryDir());
        try (FileChannel ch = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), OWNER_ONLY)) {
            try {
                if (sizeBytes == 0) {
                    return new Segment(path, ByteBuffer.allocateDirect(0));
                }
                // sets the length: a sparse file, pages are allocated as they are touched
                ch.write(ByteBuffer.allocate(1), sizeBytes - 1);
                MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, sizeBytes);
                return new Segment(path, mapped);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(path);
                throw e;
            }
        }
    }

    /** The file's absolute path. */
    public Path path() {
        return path;
    }

    /** The mapping: {@code size} bytes at position 0 (a direct buffer of capacity 0 for size 0). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Removes the file's name; the mappings stay valid. */
    public void unlink() {
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the name is random and the file owner-only: nothing more to do
        }
    }
}
