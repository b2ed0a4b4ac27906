package org.jtee.core.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.ProtocolException;

/**
 * The reader role of one connection: the one thread at a time that reads its frames, and, when a
 * call slot is free, runs the call it read itself, so a call costs no thread switch at all.
 *
 * <pre>
 *                          a call is read and gets a slot (acquireOrEnqueue)
 *              ┌─────────┐ ─────────────────────────────────────────────▶ ┌────────────────┐
 *   start ───▶ │ READING │                                                │ RUNNING_INLINE │
 *              └─────────┘ ◀───────────────────────────────────────────── └────────────────┘
 *               │  ▲   ▲          the call ends; this thread still holds         │
 *    calls open │  │   │          the role (its token still set): read on        │ the monitor sees it run
 *   at the cap, │  │   │                                                         │ over 0.5 ms and clears
 *    or 64 KiB  │  │   │                                                         │ the token first
 *   of replies  │  │   │                                                         │
 *      unread   ▼  │   │                                                         │
 *        ┌─────────┐   │     a fresh worker thread takes the role         ┌────────────┐
 *        │ WAITING │   └───────────────────────────────────────────────── │ HANDED_OFF │
 *        └─────────┘                                                      └────────────┘
 *        a call of the connection ends,                the old thread finishes its call (and any
 *        its replies drain (or it closes)              queued calls it is handed), then leaves
 *
 *   any state ──end of stream, protocol error, I/O error, Error──▶ CLOSED (shutdown of the connection)
 * </pre>
 *
 * <p>Who decides between RUNNING_INLINE → READING and RUNNING_INLINE → HANDED_OFF: whoever clears
 * the call's token first ({@link #inlineToken}, unique per inline call, so a token set by the next
 * reader is never mistaken for the old one). A queued call (no slot free) is not run here: the
 * thread that ends a running call takes it ({@link CallScheduler#nextOrRelease}), and the reader
 * goes on reading.
 *
 * <p>Backpressure: with {@code maxCalls} calls of the connection running or queued, or with 64 KiB
 * of its replies unread ({@link Outbox#BACKED_UP_BYTES}), the role waits (WAITING) instead of
 * reading, so a flooding client fills its own socket buffer, not the core's memory, and a client
 * that does not read its answers gets no more calls run until it does (or the write time limit
 * disconnects it). Control frames (cancel, close, shared memory) are handled by the reader in
 * READING.
 */
final class ReaderRole {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** The states of the diagram that a connection can be seen in (HANDED_OFF is a thread's). */
    enum State { READING, RUNNING_INLINE, WAITING, CLOSED }

    private final ClientConnection connection;
    private final CoreRuntime runtime;
    private final FrameChannel frames;
    private final MeteredChannel channel;
    private final int maxCalls;
    /** Non-zero while the reader runs a call inline: a token unique to that call. */
    private final AtomicLong inlineToken = new AtomicLong();
    private final AtomicLong inlineTokens = new AtomicLong();
    private volatile long inlineSinceNanos;
    private int callsOpen; // guarded by this
    private boolean waiting; // guarded by this
    private volatile boolean ended;

    ReaderRole(ClientConnection connection, CoreRuntime runtime, MeteredChannel channel, int maxCalls) {
        this.connection = connection;
        this.runtime = runtime;
        this.channel = channel;
        this.frames = new FrameChannel(channel);
        this.maxCalls = maxCalls;
    }

    /** Holds the role until the connection ends (then shuts it down) or the role is handed off. */
    void run() {
        try {
            while (awaitRoomForCalls()) {
                Frame frame = frames.read();
                if (frame == null || !awaitRepliesRead()) {
                    break;
                }
                Operation op = connection.dispatch(frame, channel.takeCompleted());
                if (op != null && !startCall(op)) {
                    return; // HANDED_OFF
                }
                yieldIfPipelined();
            }
        } catch (ProtocolException e) {
            LOG.log(Level.WARNING, "closing connection of pid {0}: protocol error: {1}", connection.peer.pid(), e.getMessage());
        } catch (IOException e) {
            if (!connection.isClosed()) {
                LOG.log(Level.DEBUG, "connection of pid {0} failed: {1}", connection.peer.pid(), e.toString());
            }
        } catch (RuntimeException | Error e) {
            // contained: the connection ends and releases all it holds; the core serves on
            LOG.log(Level.ERROR, "closing connection of pid " + connection.peer.pid() + " after an internal error", e);
        }
        ended = true;
        connection.shutdown();
    }

    /** Counts {@code op} in, then runs it inline or queues it; false if the role was handed off meanwhile. */
    private boolean startCall(Operation op) {
        synchronized (this) {
            callsOpen++;
        }
        if (!runtime.scheduler.acquireOrEnqueue(op)) {
            return true; // queued: a thread that ends a call runs it
        }
        long token = inlineTokens.incrementAndGet();
        inlineSinceNanos = System.nanoTime();
        inlineToken.set(token);
        runtime.callRunsInline();
        runtime.runCalls(op);
        return inlineToken.compareAndSet(token, 0);
    }

    /**
     * After a frame: if the client sent more without waiting for the answer (a pipeline, or a
     * flood), every other runnable thread — other connections' readers — goes first, so a client
     * that never waits takes the CPU only when nobody else wants it. A client that waits for each
     * answer never has a frame buffered here, and never pays for this.
     */
    private void yieldIfPipelined() {
        if (frames.hasBufferedBytes()) {
            Thread.yield();
        }
    }

    /**
     * READING, or WAITING while the connection has {@code maxCalls} calls open or its client leaves
     * its replies unread ({@link ClientConnection#repliesBackedUp}); false once it closed.
     */
    private boolean awaitRoomForCalls() {
        return waitWhile(() -> callsOpen >= maxCalls || connection.repliesBackedUp());
    }

    /**
     * After a frame is read, before it is acted on: WAITING while the client leaves its replies
     * unread. The check before the read cannot cover a reader that was already blocked in it when
     * the replies backed up; this one does, so not even that frame runs. False once it closed.
     */
    private boolean awaitRepliesRead() {
        return waitWhile(connection::repliesBackedUp);
    }

    /** WAITING while {@code blocked} holds (it is asked under this object's lock); false once the connection closed. */
    private synchronized boolean waitWhile(BooleanSupplier blocked) {
        while (blocked.getAsBoolean() && !connection.isClosed()) {
            waiting = true;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting = false;
            }
        }
        return !connection.isClosed();
    }

    /** A call of this connection ended (ran, failed or was dropped). */
    synchronized void callEnded() {
        callsOpen--;
        notifyAll();
    }

    /** The connection closed: a waiting reader stops waiting. */
    synchronized void wake() {
        notifyAll();
    }

    /**
     * Called by the core's monitor: if the reader has run a call inline for longer than
     * {@code thresholdNanos}, a new thread takes over reading, so the rest of the connection's
     * frames (a CANCEL, calls on other sessions) are not held up by a slow call.
     */
    void handOffIfSlow(long nowNanos, long thresholdNanos) {
        long token = inlineToken.get();
        if (token != 0 && nowNanos - inlineSinceNanos > thresholdNanos && inlineToken.compareAndSet(token, 0)) {
            try {
                runtime.workers.execute(this::run);
            } catch (RejectedExecutionException e) {
                connection.abort();
            }
        }
    }

    boolean isRunningInline() {
        return inlineToken.get() != 0;
    }

    /** What the role does now, as drawn above. */
    synchronized State state() {
        return ended ? State.CLOSED : waiting ? State.WAITING : isRunningInline() ? State.RUNNING_INLINE : State.READING;
    }
}
