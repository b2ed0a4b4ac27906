package org.jtee.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The physical floors of {@code jtee bench storage}: what the file system under the supplicant's
 * storage directory costs for the same shape of work, done by plain Java with no jtee code, in
 * the same run. Each thread works on files of its own in {@code directory}, as each session works
 * on objects of its own.
 *
 * <ul>
 * <li>{@link #replace} (floor a): the durable atomic replace of a 4 KiB file, as a careful
 *     program saves a file: write a temporary file, {@code fsync} it
 *     ({@code FileChannel.force(true)}), rename it over the file ({@code ATOMIC_MOVE}),
 *     {@code fsync} the directory.</li>
 * <li>{@link #append} (floor b): 4 KiB appended to a file kept open, then {@code fdatasync}
 *     ({@code force(false)}): the least a durable write of 4 KiB costs.</li>
 * <li>{@link #read} (floor c): open + read 4 KiB + close of a file {@link #replace} wrote (in the
 *     page cache).</li>
 * </ul>
 * Not thread-safe: one round at a time, driven by {@link StorageBenchmarks}.
 */
final class StorageFloors implements AutoCloseable {
    private final Path directory;
    private final int threads;
    private final int bytes;
    private final FileChannel[] appendLogs;

    /**
     * Floors for {@code threads} threads on files of {@code bytes} in {@code directory}, which is
     * created if missing and emptied by {@link #close()}.
     */
    StorageFloors(Path directory, int threads, int bytes) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.threads = threads;
        this.bytes = bytes;
        this.appendLogs = new FileChannel[threads];
        for (int t = 0; t < threads; t++) {
            appendLogs[t] = FileChannel.open(directory.resolve("append-" + t), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    /** Floor a: {@code count} durable atomic replaces per thread, all threads at once; wall seconds. */
    double replace(int count) {
        return Gang.run(threads, t -> {
            ByteBuffer data = content(t);
            for (int i = 0; i < count; i++) {
                Path file = file(t, i);
                Path tmp = directory.resolve(file.getFileName() + ".tmp");
                try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    writeFully(c, data.clear());
                    c.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory();
            }
        });
    }

    /** Floor b: {@code count} appends of the file size + fdatasync per thread, all threads at once; wall seconds. */
    double append(int count) {
        return Gang.run(threads, t -> {
            ByteBuffer data = content(t);
            FileChannel log = appendLogs[t];
            for (int i = 0; i < count; i++) {
                writeFully(log, data.clear());
                log.force(false);
            }
        });
    }

    /**
     * Floor c: open + read + close of each of the {@code count} files of each thread that
     * {@link #replace} wrote, all threads at once; wall seconds. A short read fails.
     */
    double read(int count) {
        return Gang.run(threads, t -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
            for (int i = 0; i < count; i++) {
                try (FileChannel c = FileChannel.open(file(t, i), StandardOpenOption.READ)) {
                    buffer.clear();
                    while (buffer.hasRemaining() && c.read(buffer) >= 0) {
                        // until full or at the end
                    }
                }
                if (buffer.hasRemaining()) {
                    throw new IOException(file(t, i) + " holds fewer than " + bytes + " bytes");
                }
            }
        });
    }

    private Path file(int thread, int i) {
        return directory.resolve("t" + thread + "-" + i);
    }

    private ByteBuffer content(int thread) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes);
        for (int i = 0; i < bytes; i++) {
            b.put(i, (byte) (thread * 131 + i * 7));
        }
        return b;
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void writeFully(FileChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    /** Closes the append files and deletes every file of the floors, and the directory. */
    @Override
    public void close() throws IOException {
        for (FileChannel c : appendLogs) {
            if (c != null) {
                c.close();
            }
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.deleteIfExists(directory);
    }
}
