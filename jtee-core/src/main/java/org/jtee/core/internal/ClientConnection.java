package org.jtee.core.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.os.PeerCredentials;
import org.jtee.os.SharedMemory;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/**
 * One client connection: its sessions, its shared memory and its calls in flight. Nothing here
 * is reachable from another connection; an id of another connection is simply not found.
 *
 * <p>Threads: exactly one thread at a time holds the <em>reader role</em> and reads frames. When
 * it reads a call and a call slot is free, it runs the call itself, so a call costs no thread
 * hand-off at all, and then goes back to reading. If the call runs long, the core's monitor
 * gives the reader role to another thread ({@link #handOffIfSlow}) and this one drops it when
 * the call is done. Control messages are answered by the reader (cancel, shared memory) or on a
 * control thread (close), never queued behind TA calls.
 */
final class ClientConnection {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    static final int MAX_SESSIONS = 4096;
    static final int MAX_SEGMENTS = 4096;

    private final CoreRuntime runtime;
    private final UnixConnection socket;
    final FrameChannel frames;
    final PeerCredentials peer;
    final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Integer, SharedSegment> segments = new ConcurrentHashMap<>();
    private final Map<Long, Operation> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger nextSessionId = new AtomicInteger();
    private final AtomicInteger nextSegmentId = new AtomicInteger();
    /**
     * Non-zero while the reader runs a call inline: a token unique to that call. Whoever clears
     * it first decides: the reader (it goes on reading) or the monitor (a new thread reads).
     */
    private final AtomicLong inlineToken = new AtomicLong();
    private final AtomicLong inlineTokens = new AtomicLong();
    private volatile long inlineSinceNanos;
    /** The reader role plus every call and control task not yet finished; cleanup at zero. */
    private final AtomicInteger active = new AtomicInteger(1);
    private volatile boolean closed;
    private boolean greeted;

    ClientConnection(CoreRuntime runtime, UnixConnection socket) {
        this.runtime = runtime;
        this.socket = socket;
        this.frames = new FrameChannel(socket);
        this.peer = socket.peer();
    }

    boolean isClosed() {
        return closed;
    }

    SharedSegment segment(int id) {
        return segments.get(id);
    }

    /** Runs the reader role until the connection ends or the role is handed on. */
    void readLoop() {
        try {
            Frame frame;
            while ((frame = frames.read()) != null) {
                if (dispatch(frame)) {
                    return;
                }
            }
        } catch (ProtocolException e) {
            LOG.log(Level.WARNING, "closing connection of pid {0}: protocol error: {1}", peer.pid(), e.getMessage());
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, "connection of pid {0} failed: {1}", peer.pid(), e.toString());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "closing connection of pid " + peer.pid() + " after an internal error", e);
        }
        shutdown();
    }

    /** Handles one frame; true if this thread gave up the reader role to run a call. */
    private boolean dispatch(Frame frame) throws IOException, ProtocolException {
        Message m = frame.message();
        long id = frame.requestId();
        if (!greeted) {
            hello(id, m);
            return false;
        }
        if (m instanceof Message.OpenSession || m instanceof Message.Invoke) {
            return call(new Operation(this, id, m));
        } else if (m instanceof Message.Cancel c) {
            Operation target = inFlight.get(c.targetRequestId());
            if (target != null) {
                target.cancel();
            }
            reply(id, new Message.StatusReply(Wire.CANCEL | Wire.REPLY,
                    target != null ? TeeResult.SUCCESS : TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE));
        } else if (m instanceof Message.CloseSession c) {
            closeSession(id, c.sessionId());
        } else if (m instanceof Message.RegisterShm r) {
            reply(id, register(r));
        } else if (m instanceof Message.UnregisterShm u) {
            SharedSegment s = segments.remove(u.shmId());
            if (s != null) {
                s.release();
            }
            reply(id, new Message.StatusReply(Wire.UNREGISTER_SHM | Wire.REPLY,
                    s != null ? TeeResult.SUCCESS : TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE));
        } else {
            throw new ProtocolException("a client may not send " + Wire.typeName(m.type()));
        }
        return false;
    }

    private void hello(long id, Message m) throws IOException, ProtocolException {
        if (!(m instanceof Message.Hello h) || h.role() != Wire.ROLE_CLIENT) {
            throw new ProtocolException("the first frame must be a client HELLO, got " + Wire.typeName(m.type()));
        }
        if (h.minVersion() > Wire.VERSION || h.maxVersion() < Wire.VERSION) {
            reply(id, new Message.HelloReply(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, Wire.VERSION, Wire.MAX_FRAME_BYTES));
            throw new ProtocolException("no common protocol version: client " + h.minVersion() + ".." + h.maxVersion());
        }
        greeted = true;
        reply(id, new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, Wire.VERSION, Wire.MAX_FRAME_BYTES));
    }

    private boolean call(Operation op) throws ProtocolException {
        if (inFlight.putIfAbsent(op.requestId, op) != null) {
            throw new ProtocolException("request id " + op.requestId + " reused while still in flight");
        }
        active.incrementAndGet();
        if (!runtime.scheduler.acquireOrEnqueue(op)) {
            return false;
        }
        long token = inlineTokens.incrementAndGet();
        inlineSinceNanos = System.nanoTime();
        inlineToken.set(token);
        runtime.runCalls(op);
        return !inlineToken.compareAndSet(token, 0);
    }

    /**
     * Called by the core's monitor: if this connection's reader has been running a call inline
     * for longer than {@code thresholdNanos}, a new thread takes over reading, so the rest of the
     * connection's frames (a CANCEL, calls on other sessions) are not held up by a slow call.
     */
    void handOffIfSlow(long nowNanos, long thresholdNanos) {
        long token = inlineToken.get();
        if (token != 0 && nowNanos - inlineSinceNanos > thresholdNanos && inlineToken.compareAndSet(token, 0)) {
            try {
                runtime.workers.execute(this::readLoop);
            } catch (RejectedExecutionException e) {
                abort();
            }
        }
    }

    boolean isRunningInline() {
        return inlineToken.get() != 0;
    }

    private void closeSession(long id, int sessionId) throws IOException {
        Session s = sessions.remove(sessionId);
        if (s == null) {
            reply(id, new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY, TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE));
            return;
        }
        active.incrementAndGet();
        runtime.control.execute(() -> {
            try {
                runtime.taManager.close(s);
                reply(id, new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "reply to close failed: {0}", e.toString());
            } finally {
                done();
            }
        });
    }

    private Message register(Message.RegisterShm r) {
        if (segments.size() >= MAX_SEGMENTS) {
            return new Message.RegisterShmReply(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, 0);
        }
        Arena arena = Arena.ofShared();
        try {
            Path path = Path.of(r.path());
            if (!path.isAbsolute()) {
                throw new IOException("shared memory path " + r.path() + " is not absolute");
            }
            MemorySegment memory = SharedMemory.map(path, r.size(), peer.uid(), arena);
            int id = nextId(nextSegmentId);
            segments.put(id, new SharedSegment(id, r.flags(), arena, memory));
            if (closed) {
                segments.remove(id).release();
            }
            return new Message.RegisterShmReply(TeeResult.SUCCESS, ReturnOrigin.TEE, id);
        } catch (IOException | RuntimeException e) {
            arena.close();
            LOG.log(Level.WARNING, "refused shared memory of pid {0}: {1}", peer.pid(), e.getMessage());
            return new Message.RegisterShmReply(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, 0);
        }
    }

    /** A fresh non-zero id. */
    static int nextId(AtomicInteger counter) {
        int id;
        do {
            id = counter.incrementAndGet();
        } while (id == 0);
        return id;
    }

    int newSessionId() {
        return nextId(nextSessionId);
    }

    void reply(long requestId, Message reply) throws IOException {
        if (!closed) {
            frames.write(requestId, reply);
        }
    }

    /** The end of an operation, run by whoever ran (or dropped) it. */
    void finish(Operation op) {
        inFlight.remove(op.requestId);
        done();
    }

    private void done() {
        if (active.decrementAndGet() == 0) {
            cleanup();
        }
    }

    /** The reader role ends: cancel what runs, drop what waits, clean up once all is finished. */
    void shutdown() {
        closed = true;
        abort();
        for (Operation op : inFlight.values()) {
            op.cancel();
        }
        for (Operation op : runtime.scheduler.drain(this)) {
            finish(op);
        }
        done();
    }

    private void cleanup() {
        for (Session s : sessions.values()) {
            runtime.taManager.close(s);
        }
        sessions.clear();
        for (SharedSegment s : segments.values()) {
            s.release();
        }
        segments.clear();
        runtime.forget(this);
        LOG.log(Level.DEBUG, "connection of pid {0} cleaned up", peer.pid());
    }

    /** Closes the connection from the core's side (shutdown of the core). */
    void abort() {
        socket.close();
    }
}
