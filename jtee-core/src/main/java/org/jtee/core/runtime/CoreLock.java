package org.jtee.core.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One core per state directory: a core holds an exclusive lock on {@code <state>/core.lock}
 * (fcntl, which the kernel drops when the process ends, however it ends) from before it reads the
 * HUK until it stops, and writes its pid and client socket into the file. A second core on the
 * same state directory — which would share the HUK, the trusted storage and the supplicant's files
 * with the first, and roll each other's storage back — refuses to start, naming the first.
 *
 * <pre>
 * core.lock:  &lt;pid&gt; LF &lt;client socket&gt; LF      (UTF-8; written by the holder)
 * </pre>
 *
 * {@link #holder} tells who runs without starting anything ({@code jtee up} asks it first). It
 * takes the lock for an instant to see whether it is free, so {@link #acquire} tries for a moment
 * before it gives up.
 */
public final class CoreLock implements AutoCloseable {
    public static final String FILE = "core.lock";
    private static final long ACQUIRE_ATTEMPTS = 20;
    private static final long ACQUIRE_PAUSE_MILLIS = 50;

    /** The core that holds a state directory: its pid and where its clients connect (null if not known yet). */
    public record Holder(long pid, Path clientSocket) {}

    /** Another core holds the state directory. */
    public static final class Held extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Holder holder;

        Held(Path stateDirectory, Holder holder) {
            super("another core" + (holder.pid() > 0 ? " (pid " + holder.pid() + ")" : "") + " runs on the state directory "
                    + stateDirectory + (holder.clientSocket() != null ? ", serving " + holder.clientSocket() : "")
                    + "; one state directory serves one core");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private CoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code stateDirectory} for this process and records who holds it.
     *
     * @throws Held if another core holds it
     */
    public static CoreLock acquire(Path stateDirectory, Path clientSocket) throws IOException {
        FileChannel channel = FileChannel.open(stateDirectory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = null;
            for (int i = 0; i < ACQUIRE_ATTEMPTS && lock == null; i++) {
                if (i > 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ACQUIRE_PAUSE_MILLIS)); // a holder() probe holds it an instant
                }
                lock = tryLock(channel);
            }
            if (lock == null) {
                throw new Held(stateDirectory, read(channel));
            }
            byte[] record = (ProcessHandle.current().pid() + "\n" + clientSocket.toAbsolutePath() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(record), 0);
            channel.force(false);
            return new CoreLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The core that holds {@code stateDirectory}, if one runs. */
    public static Optional<Holder> holder(Path stateDirectory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(stateDirectory.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (channel) {
            FileLock probe = tryLock(channel);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return Optional.of(read(channel));
        }
    }

    /** The lock, or null if another process (or another channel of this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** What the holder wrote; pid 0 and no socket if it has not written yet. */
    private static Holder read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        channel.read(buf, 0);
        String[] lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n");
        long pid = 0;
        try {
            pid = lines.length > 0 ? Long.parseLong(lines[0].strip()) : 0;
        } catch (NumberFormatException e) {
            // not written yet, or not by a core: unknown
        }
        Path socket = lines.length > 1 && !lines[1].isBlank() ? Path.of(lines[1].strip()) : null;
        return new Holder(pid, socket);
    }

    /** Releases the lock; the file stays (its content is stale until the next core writes it). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
