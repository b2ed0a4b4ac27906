package org.jtee.core.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.jtee.core.ClientLimits;
import org.jtee.core.ta.Session;
import org.jtee.os.PeerCredentials;
import org.jtee.os.SharedMemory;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Frame;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/**
 * One client connection: its sessions, its shared memory and its calls in flight. Nothing here
 * is reachable from another connection; an id of another connection is simply not found.
 *
 * <p>Threads: the {@link ReaderRole} reads frames and runs calls inline (its Javadoc draws the
 * states); control messages are answered by the reader (cancel, shared memory) or on a control
 * thread (close), never queued behind TA calls. Replies go through the {@link Outbox}, which never
 * blocks: a client that does not read its replies is disconnected, never waited for.
 */
public final class ClientConnection {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    static final int MAX_SESSIONS = 4096;
    static final int MAX_SEGMENTS = 4096;
    /** Registrations of one user, over all its connections: each holds a descriptor of the core's. */
    static final int MAX_SEGMENTS_PER_UID = 2048;
    /** Registrations of all users together, well within the core's descriptor limit. */
    static final int MAX_SEGMENTS_TOTAL = 8192;

    private final CoreRuntime runtime;
    private final UnixConnection socket;
    private final MeteredChannel channel;
    final ReaderRole reader;
    private final Outbox outbox;
    /** Who the client is, as the kernel reports it for the socket. */
    public final PeerCredentials peer;
    final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Integer, SharedSegment> segments = new ConcurrentHashMap<>();
    private final Map<Long, Operation> inFlight = new ConcurrentHashMap<>();
    /** Frame budget held by calls in flight, by request id. */
    private final Map<Long, Long> frameBytes = new ConcurrentHashMap<>();
    private final AtomicInteger nextSessionId = new AtomicInteger();
    private final AtomicInteger nextSegmentId = new AtomicInteger();
    /** The reader role plus every call and control task not yet finished; cleanup at zero. */
    private final AtomicInteger active = new AtomicInteger(1);
    private volatile boolean closed;
    private boolean greeted;
    /** The protocol version agreed in HELLO: 2 lets replies carry a detail, 1 (libteec) does not. */
    private volatile int version = Wire.VERSION;

    ClientConnection(CoreRuntime runtime, UnixConnection socket, ClientLimits limits, FrameBudget budget,
            FrameBudget replyBudget) {
        this.runtime = runtime;
        this.socket = socket;
        this.peer = socket.peer();
        this.channel = new MeteredChannel(socket, budget, limits.frameBudgetWaitMillis());
        this.reader = new ReaderRole(this, runtime, channel, limits.callsPerConnection());
        this.outbox = new Outbox(socket, limits.replyBufferBytes(), replyBudget, limits.writeTimeoutMillis(), runtime.workers,
                "of pid " + peer.pid() + " (uid " + peer.uid() + ")", this::abort, reader::wake);
    }

    /** True while the client leaves so many replies unread that its reader stops taking calls ({@link Outbox#backedUp}). */
    boolean repliesBackedUp() {
        return outbox.backedUp();
    }

    boolean isClosed() {
        return closed;
    }

    /** True if the client agreed on protocol version 2, whose replies may carry a detail. */
    boolean readsDetails() {
        return version >= 2;
    }

    SharedSegment segment(int id) {
        return segments.get(id);
    }

    /**
     * Handles one frame read by the reader role, which held {@code budgetBytes} of frame budget
     * for it: a control frame is answered here, a call is returned for the reader to run.
     */
    Operation dispatch(Frame frame, long budgetBytes) throws ProtocolException {
        Message m = frame.message();
        long id = frame.requestId();
        if (greeted) {
            Link.CLIENT.checkToCore(m);
        }
        if (greeted && (m instanceof Message.OpenSession || m instanceof Message.Invoke)) {
            Operation op = new Operation(this, id, m);
            if (inFlight.putIfAbsent(id, op) != null) {
                channel.release(budgetBytes);
                throw new ProtocolException("request id " + id + " reused while still in flight");
            }
            if (budgetBytes > 0) {
                frameBytes.put(id, budgetBytes);
            }
            active.incrementAndGet();
            return op;
        }
        try {
            control(id, m);
        } finally {
            channel.release(budgetBytes);
        }
        return null;
    }

    private void control(long id, Message m) throws ProtocolException {
        if (!greeted) {
            hello(id, m);
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
    }

    private void hello(long id, Message m) throws ProtocolException {
        try {
            version = Handshake.accept(Link.CLIENT, new Frame(id, m), TeeResult.SUCCESS, this::reply).version();
        } catch (IOException e) {
            throw new ProtocolException(e.getMessage()); // reply() queues and never fails: not reached
        }
        greeted = true;
    }

    private void closeSession(long id, int sessionId) {
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
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "closing a session of pid " + peer.pid() + " failed", e);
            } finally {
                done();
            }
        });
    }

    private Message register(Message.RegisterShm r) {
        // a descriptor sent with the frame is taken first, so that a refusal below closes it
        // rather than leaving it for the connection's next registration
        int fd = r.path().isEmpty() ? socket.takeDescriptor() : -1;
        if (segments.size() >= MAX_SEGMENTS) {
            UnixConnection.closeDescriptor(fd);
            return new Message.RegisterShmReply(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, 0);
        }
        long uid = peer.uid();
        String refusal = runtime.segmentCount.tryAdd(uid);
        if (refusal != null) {
            UnixConnection.closeDescriptor(fd);
            LOG.log(Level.WARNING, "refused shared memory of pid {0}: {1}", peer.pid(), refusal);
            return new Message.RegisterShmReply(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, 0);
        }
        Arena arena = Arena.ofShared();
        try {
            SharedMemory.Shared shared;
            if (r.path().isEmpty()) {
                // the file came as a descriptor with the frame (TEEC_RegisterSharedMemoryFileDescriptor)
                if (fd < 0) {
                    throw new IOException("REGISTER_SHM without a path came with no descriptor");
                }
                shared = SharedMemory.mapReceived(fd, r.size(), uid, arena); // owns fd from here
            } else {
                Path path = Path.of(r.path());
                if (!path.isAbsolute()) {
                    throw new IOException("shared memory path " + r.path() + " is not absolute");
                }
                shared = SharedMemory.map(path, r.size(), uid, arena);
            }
            int id = nextId(nextSegmentId);
            segments.put(id, new SharedSegment(id, r.flags(), arena, shared, () -> runtime.segmentCount.remove(uid)));
            if (closed) {
                segments.remove(id).release();
            }
            return new Message.RegisterShmReply(TeeResult.SUCCESS, ReturnOrigin.TEE, id);
        } catch (IOException | RuntimeException e) {
            arena.close();
            runtime.segmentCount.remove(uid);
            LOG.log(Level.WARNING, "refused shared memory of pid {0}: {1}", peer.pid(), e.getMessage());
            return new Message.RegisterShmReply(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, 0);
        }
    }

    /** A fresh non-zero id. */
    public static int nextId(AtomicInteger counter) {
        int id;
        do {
            id = counter.incrementAndGet();
        } while (id == 0);
        return id;
    }

    int newSessionId() {
        return nextId(nextSessionId);
    }

    /** Sends a reply; never blocks (see {@link Outbox}). */
    void reply(long requestId, Message reply) {
        if (!closed) {
            outbox.send(requestId, reply);
        }
    }

    /** The end of an operation, run by whoever ran (or dropped) it. */
    void finish(Operation op) {
        inFlight.remove(op.requestId);
        Long bytes = frameBytes.remove(op.requestId);
        if (bytes != null) {
            channel.release(bytes);
        }
        reader.callEnded();
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

    /** Releases everything the connection held; a session whose close fails does not keep the rest. */
    private void cleanup() {
        try {
            for (Session s : sessions.values()) {
                try {
                    runtime.taManager.close(s);
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.ERROR, "closing a session of pid " + peer.pid() + " at disconnect failed", e);
                }
            }
            sessions.clear();
            for (SharedSegment s : segments.values()) {
                s.release();
            }
            segments.clear();
        } finally {
            channel.releaseAll();
            runtime.forget(this);
        }
        LOG.log(Level.DEBUG, "connection of pid {0} cleaned up", peer.pid());
    }

    /** Closes the connection from the core's side (a stuck client, or shutdown of the core). */
    void abort() {
        closed = true;
        socket.close();
        reader.wake();
    }
}
