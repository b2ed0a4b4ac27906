package org.jtee.core.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Codec;
import org.jtee.protocol.EncodeBuffer;
import org.jtee.protocol.Message;

/**
 * The frames a connection has yet to send to its client. Nobody ever waits for a client here:
 * a reply is sent at once with a non-blocking send(2) if the socket takes it (the common case,
 * no thread switch), and whatever the socket does not take is queued for a drainer, which waits
 * for room with a time limit. So a thread holding a call slot never blocks on a client.
 *
 * <p>Three limits end a connection whose client does not read: more than {@code limitBytes} queued
 * (a single reply is always accepted into an empty queue, so no reply is too big to send), a
 * reply that does not fit the core-wide reply budget (all connections' queues together), or a
 * frame that could not be sent whole within {@code writeTimeoutMillis}. Either calls
 * {@code onStuck}, which closes the connection as any disconnect does.
 */
final class Outbox {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    /**
     * Queued reply bytes from which the connection's reader stops taking calls until the client
     * reads: a client that does not read its answers gets no more work done for it (one call's
     * worth, not a burst's), while one that reads slower than the core answers is only slowed.
     */
    static final long BACKED_UP_BYTES = 64 * 1024;

    private final UnixConnection socket;
    private final long limitBytes;
    private final long writeTimeoutMillis;
    private final FrameBudget replyBudget;
    private final Executor drainers;
    private final String client;
    private final Runnable onStuck;
    /** Called when the queue falls back below {@link #BACKED_UP_BYTES}. */
    private final Runnable onDrained;
    /** Replies are encoded here for a direct send; only the thread that is {@link #sending} touches it. */
    private final EncodeBuffer direct = new EncodeBuffer();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Written under this object's lock; read without it by {@link #backedUp}. */
    private volatile long queuedBytes;
    /** True while one thread owns the socket's sending side (a sender or the drainer). */
    private boolean sending;
    private volatile boolean stuck;

    Outbox(UnixConnection socket, long limitBytes, FrameBudget replyBudget, long writeTimeoutMillis, Executor drainers,
            String client, Runnable onStuck, Runnable onDrained) {
        this.onDrained = onDrained;
        this.socket = socket;
        this.replyBudget = replyBudget;
        this.limitBytes = limitBytes;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.drainers = drainers;
        this.client = client;
        this.onStuck = onStuck;
    }

    /** Sends {@code message} now if the socket takes it, or queues it for the drainer. Never blocks. */
    void send(long requestId, Message message) {
        int size = Codec.frameSize(message);
        synchronized (this) {
            if (stuck) {
                return;
            }
            if (sending || !queue.isEmpty()) {
                queue(Codec.encode(requestId, message), size);
                return;
            }
            sending = true;
        }
        ByteBuffer frame;
        try {
            frame = direct.take(size);
            Codec.encode(requestId, message, frame);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "a reply to the client " + client + " could not be encoded", e);
            stuck(null);
            return;
        }
        frame.flip();
        if (!sendNow(frame)) {
            return;
        }
        if (frame.hasRemaining()) {
            if (!replyBudget.reserve(frame.remaining(), 0)) {
                stuck("has a reply that does not fit the core's reply budget");
                return;
            }
            ByteBuffer rest = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
            synchronized (this) {
                queue.addFirst(rest);
                queuedBytes += rest.remaining();
            }
        }
        handOver();
    }

    private synchronized void queue(ByteBuffer frame, int size) {
        if (queuedBytes > 0 && queuedBytes + size > limitBytes) {
            stuck("has " + queuedBytes + " reply bytes unread, over the limit of " + limitBytes);
            return;
        }
        if (!replyBudget.reserve(size, 0)) {
            stuck("has a reply that does not fit the core's reply budget");
            return;
        }
        queue.add(frame);
        queuedBytes += size;
    }

    /** After a direct send: stop sending if nothing is queued, else start the drainer. */
    private void handOver() {
        synchronized (this) {
            if (queue.isEmpty() || stuck) {
                sending = false;
                return;
            }
        }
        try {
            drainers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            stuck("cannot be drained: the core is stopping");
        }
    }

    /** Writes what the socket takes now; false (and the connection is ended) if it failed. */
    private boolean sendNow(ByteBuffer frame) {
        try {
            socket.writeNow(frame);
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "reply failed: {0}", e.toString());
            stuck(null);
            return false;
        }
    }

    /**
     * The drainer: sends queued frames, each within the time limit, until the queue is empty. A
     * failure of its own (any {@link Error} too) ends the connection, never leaves it half-served.
     */
    private void drain() {
        try {
            drainQueue();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the reply drainer of the client " + client + " failed", e);
            stuck(null);
        }
    }

    private void drainQueue() {
        while (true) {
            ByteBuffer frame;
            synchronized (this) {
                frame = queue.peek();
                if (frame == null || stuck) {
                    sending = false;
                    return;
                }
            }
            int before = frame.remaining();
            if (!sendWithin(frame)) {
                return;
            }
            boolean drained;
            synchronized (this) {
                if (stuck) {
                    return; // stuck() dropped the queue and its budget
                }
                drained = queuedBytes >= BACKED_UP_BYTES && queuedBytes - before < BACKED_UP_BYTES;
                queuedBytes -= before;
                queue.poll();
            }
            replyBudget.release(before);
            if (drained) {
                onDrained.run();
            }
        }
    }

    /**
     * True while {@link #BACKED_UP_BYTES} or more reply bytes wait for the client to read them.
     * Takes no lock: the reader asks while holding its own, and this object's lock is held when
     * {@code onStuck} wakes the reader.
     */
    boolean backedUp() {
        return queuedBytes >= BACKED_UP_BYTES && !stuck;
    }

    private boolean sendWithin(ByteBuffer frame) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis);
        try {
            while (frame.hasRemaining()) {
                if (socket.writeNow(frame) > 0) {
                    continue;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    stuck("did not take a reply within " + writeTimeoutMillis + " ms");
                    return false;
                }
                socket.awaitWritable((int) Math.min(left, Integer.MAX_VALUE));
            }
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "reply failed: {0}", e.toString());
            stuck(null);
            return false;
        }
    }

    /** Gives up on the client: drops every queued frame and ends the connection. */
    private void stuck(String why) {
        synchronized (this) {
            if (stuck) {
                return;
            }
            stuck = true;
            sending = false;
            queue.clear();
            replyBudget.release(queuedBytes);
            queuedBytes = 0;
        }
        if (why != null) {
            LOG.log(Level.WARNING, "disconnecting the client {0}: it {1}", client, why);
        }
        onStuck.run();
    }

}
