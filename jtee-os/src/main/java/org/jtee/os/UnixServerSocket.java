package org.jtee.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A listening Unix-domain stream socket bound to a path in the file system (unix(7)).
 *
 * <p>{@link #bind} replaces a socket file left behind by a server that died, but never one that a
 * live server still accepts on, and never a file that is not a socket. To tell the two apart it
 * connects to the existing socket: ECONNREFUSED means stale; a live server instead sees that probe
 * as a connection closed without sending anything, which servers must tolerate anyway. (Between the
 * probe and the replacement another process could bind the path; two servers racing to start on
 * one path is not otherwise guarded against.) {@link #close()} wakes a
 * thread blocked in {@link #accept()}, closes the socket and removes the socket file — provided it
 * is still the one this server created.
 */
public final class UnixServerSocket implements AutoCloseable {
    private final FdGuard guard;
    private final Path path;
    private final FileStatus created;

    private UnixServerSocket(int fd, Path path, FileStatus created) {
        this.guard = new FdGuard(fd);
        this.path = path;
        this.created = created;
    }

    /**
     * Creates a socket, binds it to {@code path} and listens on it.
     *
     * @param path where to create the socket file; its name must fit in {@code sun_path}, that is
     *     be at most 107 bytes long
     * @param backlog the length of the queue of pending connections, listen(2)
     * @throws IOException if the path is too long, is taken by something other than a socket, or a
     *     live server listens on it ("another process serves ..."), or a call fails
     */
    public static UnixServerSocket bind(Path path, int backlog) throws IOException {
        Objects.requireNonNull(path, "path");
        if (backlog < 0) {
            throw new IllegalArgumentException("negative backlog " + backlog);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = Sockets.address(arena, path);
            int fd = Sockets.socket();
            try {
                bindReplacingStale(fd, path, address);
                Sockets.listen(fd, backlog);
                return new UnixServerSocket(fd, path, FileStatus.ofLink(path, path + ": statx"));
            } catch (IOException | RuntimeException | Error e) {
                Libc.closeQuietly(fd);
                throw e;
            }
        }
    }

    private static void bindReplacingStale(int fd, Path path, MemorySegment address) throws IOException {
        try {
            Sockets.bind(fd, address);
        } catch (ErrnoException e) {
            if (e.errno() != Sockets.EADDRINUSE) {
                throw new ErrnoException(path + ": bind", e.errno());
            }
            removeStale(path, address);
            try {
                Sockets.bind(fd, address);
            } catch (ErrnoException again) {
                throw new ErrnoException(path + ": bind", again.errno());
            }
        }
    }

    /** Deletes the socket file at {@code path} if it is a socket nobody accepts connections on. */
    private static void removeStale(Path path, MemorySegment address) throws IOException {
        FileStatus status = FileStatus.ofLink(path, path + ": statx");
        if (!status.isSocket()) {
            throw new IOException(path + ": exists and is not a socket; refusing to replace it");
        }
        int probe = Sockets.socket();
        try {
            Sockets.connect(probe, address);
        } catch (ErrnoException e) {
            if (e.errno() == Sockets.ECONNREFUSED) {
                Files.deleteIfExists(path); // stale: its server is gone
                return;
            }
            throw new ErrnoException(path + ": connect (probing for a live server)", e.errno());
        } finally {
            Libc.closeQuietly(probe);
        }
        throw new IOException("another process serves " + path);
    }

    /** The path this server is bound to. */
    public Path path() {
        return path;
    }

    /**
     * Waits for a client and returns the connection to it.
     *
     * @throws ClosedChannelException if this server is closed, before or (as its subclass
     *     {@link AsynchronousCloseException}) during the call
     * @throws ErrnoException if accept4(2) fails, for instance with EMFILE
     */
    public UnixConnection accept() throws IOException {
        int fd = guard.acquire();
        try {
            return UnixConnection.adopt(Sockets.accept(fd));
        } catch (ErrnoException e) {
            if (guard.isClosed()) { // shutdown(2) makes a blocked accept fail with EINVAL
                AsynchronousCloseException closed = new AsynchronousCloseException();
                closed.initCause(e);
                throw closed;
            }
            throw e;
        } finally {
            guard.release();
        }
    }

    public boolean isOpen() {
        return !guard.isClosed();
    }

    /**
     * Stops listening, wakes a blocked {@link #accept()} and removes the socket file if it is still
     * the one {@link #bind} created (same device and inode). Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (guard.close()) {
            unlinkOwnSocketFile();
        }
    }

    private void unlinkOwnSocketFile() throws IOException {
        FileStatus now;
        try {
            now = FileStatus.ofLink(path, path + ": statx");
        } catch (ErrnoException e) {
            return; // already removed (or unreachable): nothing of ours to delete
        }
        if (now.isSocket() && now.inode() == created.inode() && now.device() == created.device()) {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public String toString() {
        return "UnixServerSocket[" + path + (isOpen() ? "" : ", closed") + "]";
    }
}
