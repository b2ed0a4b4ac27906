package org.jtee.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/**
 * A client's connection to the core, shared by any number of threads with several requests in
 * flight.
 *
 * <p>There is no reader thread. A caller that finds nobody reading becomes the reader (leader),
 * reads replies, hands each to the thread waiting for it, and when its own reply has arrived
 * passes the role on to another waiting thread (follower). A single-threaded client therefore
 * writes its request and reads its reply on its own thread, with no hand-off at all.
 */
public final class Connection implements AutoCloseable {
    private static final long PARK_NANOS = 1_000_000;

    private final SocketChannel channel;
    private final FrameChannel frames;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Waiter> waiters = new ConcurrentHashMap<>();
    private final ReentrantLock reader = new ReentrantLock();
    private volatile IOException failure;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile Frame reply;
    }

    private Connection(SocketChannel channel) {
        this.channel = channel;
        this.frames = new FrameChannel(channel);
    }

    /** Connects to {@code path}; no message is exchanged yet. */
    public static Connection connect(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            return new Connection(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public void maxFrameBytes(int bytes) {
        frames.maxFrameBytes(bytes);
    }

    /** A fresh request id. */
    public long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Sends {@code request} as {@code id} and waits for its reply.
     *
     * @throws IOException if the connection fails or the core breaks the protocol
     */
    public Message call(long id, Message request) throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        Waiter w = new Waiter();
        waiters.put(id, w);
        try {
            frames.write(id, request);
        } catch (IOException e) {
            waiters.remove(id);
            fail(e);
            throw e;
        }
        Message reply = await(w).message();
        if (reply.type() != (request.type() | Wire.REPLY)) {
            IOException e = new IOException("protocol error from core: " + Wire.typeName(reply.type())
                    + " in answer to " + Wire.typeName(request.type()));
            fail(e);
            throw e;
        }
        return reply;
    }

    private Frame await(Waiter w) throws IOException {
        while (true) {
            if (w.reply != null) {
                return w.reply;
            }
            IOException failed = failure;
            if (failed != null) {
                throw failed;
            }
            if (reader.tryLock()) {
                try {
                    while (w.reply == null && failure == null) {
                        readOne();
                    }
                } finally {
                    reader.unlock();
                    wakeOneWaiter();
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
    }

    private void readOne() {
        try {
            Frame f = frames.read();
            if (f == null) {
                throw new EOFException("the core closed the connection");
            }
            Waiter w = waiters.remove(f.requestId());
            if (w == null) {
                throw new ProtocolException("reply to request " + f.requestId() + ", which is not in flight");
            }
            w.reply = f;
            LockSupport.unpark(w.thread);
        } catch (ProtocolException e) {
            fail(new IOException("protocol error from core: " + e.getMessage(), e));
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Lets a thread still waiting take over reading. */
    private void wakeOneWaiter() {
        for (Waiter w : waiters.values()) {
            LockSupport.unpark(w.thread);
            return;
        }
    }

    /** Fails the connection: every waiter, now and later, gets {@code e}. */
    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing
        }
        for (Waiter w : waiters.values()) {
            LockSupport.unpark(w.thread);
        }
    }

    public boolean isOpen() {
        return failure == null && channel.isOpen();
    }

    @Override
    public void close() {
        fail(new IOException("the context is closed"));
    }
}
