package org.jtee.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connected, blocking Unix-domain stream socket (unix(7)).
 *
 * <p>{@link #read} and {@link #write} take direct and heap buffers. Direct buffers go to recv(2) and
 * send(2) as they are; heap buffers are staged through a native scratch segment of
 * 64 KiB per direction, allocated on first use and kept for the life of the
 * connection (a downcall may only see the Java heap as a "critical" call, which must not block).
 * No call allocates: the {@code errno} capture segment is per thread, and the native segments are
 * per connection.
 *
 * <p>One thread may read while another writes; concurrent readers (or writers) take turns.
 * {@link #close()} may be called from any thread at any time: it shuts the socket down, which makes a
 * blocked read or write return, and that call then throws {@link AsynchronousCloseException}. The
 * descriptor itself is closed only after the last call in progress has left the kernel, so its
 * number cannot be reused under it. Thread interruption does not abort a blocked call; close the
 * connection instead.
 */
public final class UnixConnection implements ByteChannel {
    /** Descriptors an accepted connection holds for its owner to take ({@link #adopt}). */
    public static final int MAX_HELD_FROM_CLIENT = 1;
    /** Size of each per-direction staging segment for heap buffers. */
    static final int SCRATCH_BYTES = 64 * 1024;

    private final FdGuard guard;
    private final PeerCredentials peer;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private MemorySegment readScratch; // guarded by readLock
    private MemorySegment spinPollfd; // guarded by readLock
    private MemorySegment writeScratch; // guarded by writeLock
    /** Null unless this end takes descriptors ({@link #pair}); then recvmsg(2)'s scratch. Guarded by readLock. */
    private final MemorySegment receiveScratch;
    /** Descriptors received and not yet taken, in arrival order. Guarded by itself. */
    private final ArrayDeque<Integer> received = new ArrayDeque<>();
    /** Descriptors to attach to the next write. Guarded by writeLock. */
    private final List<Integer> toAttach = new ArrayList<>(1);

    /** Descriptors received and not yet taken that this end keeps; more are closed on arrival. */
    private final int maxHeld;

    private UnixConnection(int fd, PeerCredentials peer, boolean receivesDescriptors, int maxHeld) {
        this.guard = new FdGuard(fd);
        this.peer = peer;
        this.receiveScratch = receivesDescriptors ? Arena.ofAuto().allocate(Sockets.RECEIVE_SCRATCH_BYTES, 8) : null;
        this.maxHeld = maxHeld;
    }

    private UnixConnection(int fd, PeerCredentials peer, boolean receivesDescriptors) {
        this(fd, peer, receivesDescriptors, Integer.MAX_VALUE);
    }

    private UnixConnection(int fd, PeerCredentials peer) {
        this(fd, peer, false);
    }

    /**
     * Two connected sockets (socketpair(2), close-on-exec): element 0 for this process, which
     * refuses descriptors from its peer (whatever the peer attaches is closed by the kernel
     * unread), and element 1, which takes descriptors ({@link #takeDescriptor}), for a child
     * process. The child's end is usually handed over as a descriptor ({@link #descriptor}) and
     * closed here once the child has it.
     */
    public static UnixConnection[] pair() throws IOException {
        int[] fds = Sockets.socketpair();
        try {
            PeerCredentials self = PeerCredentials.of(fds[0]);
            return new UnixConnection[] {new UnixConnection(fds[0], self, false), new UnixConnection(fds[1], self, true)};
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fds[0]);
            Libc.closeQuietly(fds[1]);
            throw e;
        }
    }

    /**
     * Takes over {@code fd}, a connected Unix stream socket this process inherited (from
     * {@link ChildProcess#spawn}); when {@code receivesDescriptors}, descriptors the peer attaches
     * are kept for {@link #takeDescriptor}.
     */
    public static UnixConnection inherited(int fd, boolean receivesDescriptors) throws IOException {
        return new UnixConnection(fd, PeerCredentials.of(fd), receivesDescriptors);
    }

    /** The socket's descriptor, for handing it to a child process; valid until {@link #close()}. */
    public int descriptor() throws IOException {
        int fd = guard.acquire();
        guard.release();
        return fd;
    }

    /**
     * Closes this process's descriptor of the socket without shutting the socket down, after a
     * child process inherited it ({@link ChildProcess#spawn}): the child's end keeps working.
     */
    public void handedOver() {
        guard.close(false);
    }

    /**
     * Attaches {@code fd} to the next write: the peer receives a duplicate of it with that write's
     * first byte. The caller keeps {@code fd} open until that write has returned.
     */
    public void attachDescriptor(int fd) {
        writeLock.lock();
        try {
            if (toAttach.size() == Sockets.MAX_DESCRIPTORS) {
                throw new IllegalStateException("at most " + Sockets.MAX_DESCRIPTORS + " descriptors per write");
            }
            toAttach.add(fd);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The oldest descriptor received and not yet taken, or -1 if there is none: it was sent with
     * bytes that {@link #read} has already returned. The caller owns it.
     */
    public int takeDescriptor() {
        synchronized (received) {
            Integer fd = received.poll();
            return fd == null ? -1 : fd;
        }
    }

    /** Closes a descriptor {@link #takeDescriptor} gave; -1 is ignored. */
    public static void closeDescriptor(int fd) {
        if (fd >= 0) {
            Libc.closeQuietly(fd);
        }
    }

    /** Connects to the server listening at {@code path}. */
    public static UnixConnection connect(Path path) throws IOException {
        int fd = Sockets.socket();
        try (Arena arena = Arena.ofConfined()) {
            Sockets.connect(fd, Sockets.address(arena, path));
            return new UnixConnection(fd, PeerCredentials.of(fd));
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            if (e instanceof ErrnoException errno) {
                throw new ErrnoException(path + ": connect", errno.errno());
            }
            throw e;
        }
    }

    /**
     * Takes ownership of the accepted socket {@code fd}; closes it if its credentials are unreadable.
     * The connection takes descriptors from its peer ({@link #takeDescriptor}), but holds at most
     * {@link #MAX_HELD_FROM_CLIENT} not yet taken: a peer that sends more loses them (the kernel's
     * duplicates are closed at once), so a client cannot make this process hold descriptors.
     */
    static UnixConnection adopt(int fd) throws IOException {
        try {
            return new UnixConnection(fd, PeerCredentials.of(fd), true, MAX_HELD_FROM_CLIENT);
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    /** The credentials of the peer process, read from the kernel when the connection was made. */
    public PeerCredentials peer() {
        return peer;
    }

    /**
     * Reads at most {@code dst.remaining()} bytes, blocking until at least one is available.
     *
     * @return the number of bytes read, or -1 at end of stream
     * @throws java.nio.channels.ClosedChannelException if this connection is closed
     * @throws AsynchronousCloseException if it was closed while the call was blocked
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        readLock.lock();
        try {
            int fd = guard.acquire();
            try {
                if (!dst.hasRemaining()) {
                    return 0;
                }
                int n = dst.isDirect() ? readDirect(fd, dst) : readHeap(fd, dst);
                if (n == 0 && guard.isClosed()) {
                    throw new AsynchronousCloseException();
                }
                return n == 0 ? -1 : n;
            } catch (ErrnoException e) {
                throw guard.isClosed() ? closedDuring(e) : e;
            } finally {
                guard.release();
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Waits for input for up to {@code spinNanos} by polling without sleeping ({@link
     * Poll#spinUntilReadable}), for a reader that expects the peer's next bytes within
     * microseconds; the next {@link #read} then finds them without putting its thread to sleep.
     *
     * @return true if input (or end of stream) is there
     */
    public boolean spinUntilReadable(long spinNanos) throws IOException {
        readLock.lock();
        try {
            int fd = guard.acquire();
            try {
                if (spinPollfd == null) {
                    spinPollfd = Poll.pollfd(Arena.ofAuto());
                }
                return Poll.spinUntilReadable(fd, spinPollfd, spinNanos);
            } finally {
                guard.release();
            }
        } finally {
            readLock.unlock();
        }
    }

    private int readDirect(int fd, ByteBuffer dst) throws ErrnoException {
        MemorySegment target = MemorySegment.ofBuffer(dst);
        int n = (int) recv(fd, target, target.byteSize());
        dst.position(dst.position() + n);
        return n;
    }

    private int readHeap(int fd, ByteBuffer dst) throws ErrnoException {
        if (readScratch == null) {
            readScratch = Arena.ofAuto().allocate(SCRATCH_BYTES);
        }
        int n = (int) recv(fd, readScratch, Math.min(dst.remaining(), SCRATCH_BYTES));
        int position = dst.position();
        MemorySegment.copy(readScratch, JAVA_BYTE, 0, dst.array(), dst.arrayOffset() + position, n);
        dst.position(position + n);
        return n;
    }

    private long recv(int fd, MemorySegment target, long length) throws ErrnoException {
        if (receiveScratch == null) {
            return Sockets.recv(fd, target, length);
        }
        return Sockets.receiveWithDescriptors(fd, target, length, receiveScratch, d -> {
            synchronized (received) {
                if (guard.isClosed() || received.size() >= maxHeld) {
                    Libc.closeQuietly(d); // closed (close() drained the queue already), or over the bound
                } else {
                    received.add(d);
                }
            }
        });
    }

    /**
     * Writes at most {@code src.remaining()} bytes (at most 64 KiB from a heap
     * buffer), blocking until the socket takes at least one. Callers loop until the buffer is empty.
     * A peer that has gone gives an {@link ErrnoException} for EPIPE, never a SIGPIPE.
     *
     * @return the number of bytes written
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return send(src, false);
    }

    /**
     * Writes what the socket takes now, without waiting (send(2) with {@code MSG_DONTWAIT}): at
     * most {@code src.remaining()} bytes (at most 64 KiB from a heap buffer), 0 if the socket's
     * buffer is full. Use {@link #awaitWritable} to wait, with a time limit, for room.
     *
     * @return the number of bytes written
     */
    public int writeNow(ByteBuffer src) throws IOException {
        return send(src, true);
    }

    /** One send(2) of {@code src}, heap buffers through this connection's native scratch. */
    private int send(ByteBuffer src, boolean now) throws IOException {
        writeLock.lock();
        try {
            int fd = guard.acquire();
            try {
                if (!src.hasRemaining()) {
                    return 0;
                }
                long count = src.isDirect() ? src.remaining() : Math.min(src.remaining(), SCRATCH_BYTES);
                MemorySegment source = src.isDirect() ? MemorySegment.ofBuffer(src) : copyToScratch(src);
                int n;
                if (!toAttach.isEmpty()) {
                    int[] fds = toAttach.stream().mapToInt(Integer::intValue).toArray();
                    toAttach.clear(); // sent or failed: never attached to a later write
                    n = (int) Sockets.sendWithDescriptors(fd, source, count, fds);
                } else {
                    n = (int) (now ? Sockets.sendNow(fd, source, count) : Sockets.send(fd, source, count));
                }
                src.position(src.position() + n);
                return n;
            } catch (ErrnoException e) {
                throw guard.isClosed() ? closedDuring(e) : e;
            } finally {
                guard.release();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Copies up to 64 KiB of {@code src} (from its position, which stays) into the write scratch. */
    private MemorySegment copyToScratch(ByteBuffer src) {
        if (writeScratch == null) {
            writeScratch = Arena.ofAuto().allocate(SCRATCH_BYTES);
        }
        int count = Math.min(src.remaining(), SCRATCH_BYTES);
        if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + src.position(), writeScratch, JAVA_BYTE, 0, count);
        } else { // a read-only heap buffer hides its array
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, writeScratch, 0, count);
        }
        return writeScratch;
    }

    /**
     * Waits until the socket can take more bytes (or the peer is gone, which the next write then
     * reports), at most {@code timeoutMillis}.
     *
     * @return true if a write may now make progress; false on timeout
     */
    public boolean awaitWritable(int timeoutMillis) throws IOException {
        int fd = guard.acquire();
        try {
            return Poll.writable(fd, timeoutMillis);
        } finally {
            guard.release();
        }
    }

    private static AsynchronousCloseException closedDuring(ErrnoException cause) {
        AsynchronousCloseException e = new AsynchronousCloseException();
        e.initCause(cause);
        return e;
    }

    @Override
    public boolean isOpen() {
        return !guard.isClosed();
    }

    /**
     * Closes the connection; idempotent and safe from any thread. Blocked reads and writes return
     * with {@link AsynchronousCloseException}; the descriptor is released when the last one has.
     */
    @Override
    public void close() {
        guard.close();
        synchronized (received) {
            for (Integer fd; (fd = received.poll()) != null;) {
                Libc.closeQuietly(fd);
            }
        }
    }

    @Override
    public String toString() {
        return "UnixConnection[" + (isOpen() ? "open" : "closed") + ", peer=" + peer + "]";
    }
}
