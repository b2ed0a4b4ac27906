package org.jtee.client.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/**
 * A client's connection to the core, shared by any number of threads with any number of requests
 * in flight. Thread-safe.
 *
 * <p><b>Leader/follower, no reader thread.</b> Every caller writes its own request (frames never
 * interleave) and registers under its request id. A caller that finds nobody reading becomes the
 * reader: it reads frames, completes whichever caller each reply belongs to (and unparks that
 * thread), and once its own reply is in, gives the reader role up and unparks one thread still
 * waiting so that it takes over. A single-threaded client therefore writes its request and reads
 * its reply on its own thread with no hand-off at all. Waiting threads park for at most
 * {@link #PARK_NANOS} at a time and re-check, so even a lost wake-up costs a bounded delay.
 *
 * <p><b>Failure.</b> The first failure — an I/O error, the end of the stream, a frame the codec
 * rejects, a type the client link does not carry from the core ({@link Link#checkFromCore}), a
 * reply with an unknown request id or of the wrong type, or {@link #close()} — closes
 * the socket and fails every caller, those waiting and those to come, with the same
 * {@link ConnectionFailure}. The core releases everything of a connection when it ends.
 *
 * <p><b>Interrupts.</b> Calls are not interruptible; a thread's interrupt status is kept and
 * restored when its call returns. Java closes a channel when a thread is interrupted while
 * blocked in it, so an interrupt delivered to the thread that is reading or writing at that very
 * moment ends the connection (a {@link ConnectionFailure} for every caller); an interrupt
 * pending when a call starts, or delivered to a thread that is only waiting, does no harm.
 *
 * <p>On the hot path nothing is allocated besides the protocol's message records: the pending
 * table stores primitive ids, and each thread reuses one waiter record.
 */
public final class Connection implements AutoCloseable {
    /** The longest a waiting thread parks before it re-checks its reply and the reader role. */
    static final long PARK_NANOS = 2_000_000L;

    private static final ThreadLocal<Waiter> WAITERS = ThreadLocal.withInitial(Waiter::new);

    /** Told once the request's frame is completely written (used for cancellation). */
    public interface SentHook {
        void sent();
    }

    /** One thread's wait for one reply. Reused by its thread, call after call. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        /** Set under {@code lock} by the reader that dispatches the reply. */
        volatile Frame reply;
        /** Written by the owner before the waiter is registered under {@code lock}. */
        int expectedType;
        /** Owner thread only: the waiter is in use by a call of this thread. */
        boolean busy;
    }

    private record Failure(String message, Throwable cause) {}

    private final Path socket;
    private final SocketChannel channel;
    private final FrameChannel frames;
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final Object lock = new Object();
    /** Calls in flight by request id. Guarded by {@code lock}. */
    private final LongMap<Waiter> pending = new LongMap<>();
    private volatile Failure failure;
    private volatile int maxFrameBytes = Wire.MAX_FRAME_BYTES;

    private Connection(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        this.frames = new FrameChannel(new KeepInterrupt(channel));
    }

    /**
     * Connects to the Unix socket at {@code socket}. Nothing is exchanged yet: send
     * {@link #hello()} first.
     *
     * @throws IOException if nothing listens there (no such file, connection refused, ...)
     */
    public static Connection connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new Connection(socket, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The HELLO exchange of the client link ({@link Handshake}): sends the client's HELLO, checks
     * the core's answer, and applies the frame bound the core announced.
     *
     * @return the agreed version and frame bound
     * @throws Handshake.Refused if the core refused this client; its result and origin are inside
     * @throws ConnectionFailure if the link failed, or the answer broke the protocol (a version
     *     this client does not speak, say), which fails the connection
     */
    public Handshake.Agreement hello() throws ConnectionFailure, Handshake.Refused {
        Message reply = call(nextRequestId(), Handshake.hello(Link.CLIENT), null);
        Handshake.Agreement agreed;
        try {
            agreed = Handshake.checkReply(Link.CLIENT, reply);
        } catch (ProtocolException e) {
            protocolError(e.getMessage());
            throw failure();
        }
        maxFrameBytes(agreed.maxFrameBytes());
        return agreed;
    }

    /** The socket this connection was made to. */
    public Path socket() {
        return socket;
    }

    /** The frame bound agreed in HELLO ({@code length} field, i.e. without the length prefix). */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Applies the frame bound the core announced in its HELLO reply. */
    private void maxFrameBytes(int bytes) {
        frames.maxFrameBytes(bytes);
        maxFrameBytes = bytes;
    }

    /** A request id never used before on this connection (never 0). */
    public long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    /** True until the connection failed or was closed. */
    public boolean isOpen() {
        return failure == null;
    }

    /** Throws the connection's failure, if it has failed. */
    public void checkOpen() throws ConnectionFailure {
        if (failure != null) {
            throw failure();
        }
    }

    /**
     * Sends {@code request} as {@code requestId} and waits for its reply, reading for other
     * callers meanwhile if nobody else does.
     *
     * @param hook told once the request is written, or null
     * @return the reply, whose type is the request's type with {@link Wire#REPLY} set
     * @throws ConnectionFailure if the connection failed before the reply arrived
     */
    public Message call(long requestId, Message request, SentHook hook) throws ConnectionFailure {
        Waiter w = WAITERS.get();
        if (w.busy) {
            w = new Waiter(); // a nested call on one thread; the library makes none, but stay correct
        }
        w.busy = true;
        w.reply = null;
        w.expectedType = request.type() | Wire.REPLY;
        boolean registered = false;
        try {
            synchronized (lock) {
                if (failure != null) {
                    throw failure();
                }
                pending.put(requestId, w);
                registered = true;
            }
            try {
                frames.write(requestId, request);
            } catch (IOException e) {
                fail("cannot write to the jtee core at " + socket + ": " + describe(e), e);
                throw failure();
            }
            if (hook != null) {
                hook.sent();
            }
            return await(w);
        } finally {
            if (registered && w.reply == null) {
                synchronized (lock) {
                    pending.remove(requestId); // failed: leave nothing a late reader could complete
                }
            }
            w.reply = null; // keep no reply (and its buffers) alive between calls
            w.busy = false;
        }
    }

    /**
     * Sends CANCEL for {@code targetRequestId} and waits for the core's status reply. Best effort:
     * failures are ignored, as {@code TEEC_RequestCancellation} returns nothing.
     */
    public void cancel(long targetRequestId) {
        try {
            call(nextRequestId(), new Message.Cancel(targetRequestId), null);
        } catch (ConnectionFailure e) {
            // the call it targets fails with the same failure
        }
    }

    private Message await(Waiter w) throws ConnectionFailure {
        boolean interrupted = false;
        try {
            while (true) {
                Frame reply = w.reply;
                if (reply != null) {
                    return reply.message();
                }
                if (failure != null) {
                    throw failure();
                }
                if (reading.compareAndSet(false, true)) {
                    try {
                        while (w.reply == null && failure == null) {
                            readOne();
                        }
                    } finally {
                        reading.set(false);
                        handOff();
                    }
                } else {
                    LockSupport.parkNanos(this, PARK_NANOS);
                    if (Thread.interrupted()) {
                        interrupted = true; // parking would not block any more; restore it at the end
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The reader role is free again: wakes one waiting thread so that it takes the role. */
    private void handOff() {
        Waiter next;
        synchronized (lock) {
            next = pending.any();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /** Reads one frame and completes the call it answers. Reader role only. */
    private void readOne() {
        Frame frame;
        try {
            frame = frames.read();
            if (frame != null) {
                Link.CLIENT.checkFromCore(frame.message());
            }
        } catch (ProtocolException e) {
            fail("protocol error from core: " + e.getMessage(), e);
            return;
        } catch (ClosedByInterruptException e) {
            fail("the thread reading from the jtee core at " + socket
                    + " was interrupted, and Java closes a channel on interrupt", e);
            return;
        } catch (IOException e) {
            fail("connection to the jtee core at " + socket + " lost: " + describe(e), e);
            return;
        } catch (RuntimeException e) {
            fail("protocol error from core: " + e, e);
            return;
        }
        if (frame == null) {
            fail("the jtee core at " + socket + " closed the connection", null);
            return;
        }
        Waiter w;
        String error = null;
        synchronized (lock) {
            w = pending.get(frame.requestId());
            int type = frame.message().type();
            if (w == null) {
                error = Wire.typeName(type) + " for request " + Long.toUnsignedString(frame.requestId())
                        + ", which is not in flight";
            } else if (type != w.expectedType) {
                error = Wire.typeName(type) + " in answer to " + Wire.typeName(w.expectedType & ~Wire.REPLY)
                        + " (request " + Long.toUnsignedString(frame.requestId()) + ")";
            } else {
                pending.remove(frame.requestId());
                w.reply = frame;
            }
        }
        if (error != null) {
            fail("protocol error from core: " + error, null);
        } else if (w.thread != Thread.currentThread()) {
            LockSupport.unpark(w.thread);
        }
    }

    /**
     * Fails the connection because the core broke the protocol in a way only the caller can see
     * (for example reply parameters that do not match the request).
     */
    public void protocolError(String detail) {
        fail("protocol error from core: " + detail, null);
    }

    private void fail(String message, Throwable cause) {
        synchronized (lock) {
            if (failure == null) {
                failure = new Failure(message, cause);
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            // failing anyway
        }
        synchronized (lock) {
            pending.forEachValue(w -> LockSupport.unpark(w.thread));
        }
    }

    private ConnectionFailure failure() {
        Failure f = failure;
        return new ConnectionFailure(f.message(), f.cause());
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Closes the socket; every call in flight and every later call fails with "the context is
     * closed". Idempotent.
     */
    @Override
    public void close() {
        fail("the context is closed", null);
    }

    /**
     * The socket as {@link FrameChannel} sees it: a pending interrupt is set aside for the
     * duration of each read and write, so that it does not make Java close the channel.
     */
    private static final class KeepInterrupt implements ByteChannel {
        private final SocketChannel channel;

        KeepInterrupt(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            boolean interrupted = Thread.interrupted();
            try {
                return channel.read(dst);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            boolean interrupted = Thread.interrupted();
            try {
                return channel.write(src);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
