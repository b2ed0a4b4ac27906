package org.jtee.core.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.jtee.core.ClientLimits;
import org.jtee.core.TaLoading;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.core.runtime.SupplicantLink;
import org.jtee.core.runtime.TaClocks;
import org.jtee.core.runtime.TaUniqueKeys;
import org.jtee.core.storage.StorageService;
import org.jtee.core.ta.DynamicTaRuntime;
import org.jtee.core.ta.SecureTas;
import org.jtee.core.ta.Session;
import org.jtee.core.ta.TaManager;
import org.jtee.core.ta.TaRegistry;
import org.jtee.os.PeerCredentials;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TeeProperties;

/**
 * What every connection shares: the call slots, the TA manager and the threads. Runs OPEN_SESSION
 * and INVOKE calls and answers them.
 */
public final class CoreRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    final CallScheduler<Operation> scheduler;
    final TaManager taManager;
    /** Platform threads for readers and calls. */
    final ExecutorService workers;
    /** Close-session and other control work; never bounded by the call slots. */
    final ExecutorService control = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final ClientLimits limits;
    private final FrameBudget frameBudget;
    private final FrameBudget replyBudget;
    private final ConnectionCount connectionCount;
    /**
     * Shared-memory registrations held now, per user and in all: each keeps a descriptor open in
     * the core (so TA hosts can map the memory), and descriptors are a bounded resource of the
     * core's ({@code docs/limits.md}).
     */
    final ConnectionCount segmentCount = new ConnectionCount(ClientConnection.MAX_SEGMENTS_PER_UID,
            ClientConnection.MAX_SEGMENTS_TOTAL, "shared-memory registrations");
    private final Thread monitor;
    /** True while the monitor sleeps with no call running inline; the next inline call wakes it. */
    private volatile boolean monitorIdle;
    private volatile boolean closing;
    private volatile DynamicTaRuntime dynamic;

    public CoreRuntime(int callSlots, ClientLimits limits, TaRegistry registry, TeeProperties teeProperties,
            TaClocks clocks, TaUniqueKeys uniqueKeys) {
        this(callSlots, limits, registry, teeProperties, clocks, uniqueKeys, StorageService.unavailable());
    }

    /** As the constructor above, with TAs' persistent objects served by {@code storage}. */
    public CoreRuntime(int callSlots, ClientLimits limits, TaRegistry registry, TeeProperties teeProperties,
            TaClocks clocks, TaUniqueKeys uniqueKeys, StorageService storage) {
        this.scheduler = new CallScheduler<>(callSlots, op -> op.connection);
        this.limits = limits;
        this.frameBudget = new FrameBudget(limits.frameBudgetBytes());
        this.replyBudget = new FrameBudget(limits.replyBudgetBytes());
        this.connectionCount = new ConnectionCount(limits.connectionsPerUid(), limits.connections());
        this.taManager = new TaManager(registry, teeProperties, clocks, uniqueKeys, storage, control);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "jtee-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.monitor = Thread.ofPlatform().daemon().name("jtee-monitor").start(this::monitor);
    }

    /** A call running inline longer than this gets its connection a new reader. */
    static final long HANDOFF_AFTER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /** Idle scans in a row after which the monitor sleeps until woken. */
    private static final int IDLE_SCANS_BEFORE_SLEEP = 10;

    /**
     * The monitor: every millisecond while calls run inline it hands the reader role of
     * connections stuck in a slow call to a fresh thread. After 10 ms with no call inline it
     * sleeps until an inline call starts ({@link #callRunsInline} wakes it), so a slow call delays
     * the rest of its connection by at most ~1.5 ms (0.5 ms threshold + one 1 ms period), an idle
     * core costs no wake-ups, and a busy one pays for a wake-up at most once per idle spell, not
     * per call. A failure in one scan is logged and the next scan runs.
     */
    private void monitor() {
        int idleScans = 0;
        while (!closing) {
            boolean busy = scan();
            idleScans = busy ? 0 : idleScans + 1;
            if (idleScans < IDLE_SCANS_BEFORE_SLEEP) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            idleScans = 0;
            monitorIdle = true;
            if (!anyInline()) {
                LockSupport.park(this);
            }
            monitorIdle = false;
        }
    }

    /** One pass over the connections; true if a call ran inline. */
    private boolean scan() {
        boolean busy = false;
        try {
            long now = System.nanoTime();
            for (ClientConnection c : connections) {
                busy |= c.reader.isRunningInline();
                c.reader.handOffIfSlow(now, HANDOFF_AFTER_NANOS);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the call monitor failed in a scan", e);
            busy = true;
        }
        return busy;
    }

    private boolean anyInline() {
        for (ClientConnection c : connections) {
            if (c.reader.isRunningInline()) {
                return true;
            }
        }
        return false;
    }

    /** A reader starts a call inline: wakes the monitor if it sleeps for want of work. */
    void callRunsInline() {
        if (monitorIdle) {
            monitorIdle = false;
            LockSupport.unpark(monitor);
        }
    }

    /**
     * Lets clients open dynamic TAs: images from secure storage and the supplicant, verified as
     * {@code loading} says, each instance in a TA host of its own; the version floors and the
     * installed TAs are in {@code coreObjects}.
     */
    public void enableDynamicTas(TaLoading loading, Path stateDirectory,
            SupplicantLink supplicant, TeeProperties teeProperties, CoreObjects coreObjects) throws IOException {
        dynamic = DynamicTaRuntime.start(loading, stateDirectory, supplicant, teeProperties, taManager, coreObjects);
    }

    /** Development mode without dynamic TAs (a core in a test's JVM): see {@link TaManager#developmentMode}. */
    public void developmentMode() {
        taManager.developmentMode(true);
    }

    /** The TAs installed in secure storage; null before dynamic TAs are enabled. */
    public SecureTas secureTas() {
        DynamicTaRuntime d = dynamic;
        return d == null ? null : d.secureTas();
    }

    /** How many booted TA hosts wait in the warm pool now; 0 before dynamic TAs are enabled. */
    public int readyHosts() {
        DynamicTaRuntime d = dynamic;
        return d == null ? 0 : d.readyHosts();
    }

    /**
     * Serves a new client connection on a reader thread of its own, or closes it at once if its
     * user or all users together are at their connection limit (the client sees the connection
     * closed before the HELLO reply).
     */
    public void serve(org.jtee.os.UnixConnection socket) {
        long uid = socket.peer().uid();
        String refusal = connectionCount.tryAdd(uid);
        if (refusal != null) {
            socket.close();
            LOG.log(Level.WARNING, "refused a connection of pid {0}: {1}", socket.peer().pid(), refusal);
            return;
        }
        ClientConnection c = new ClientConnection(this, socket, limits, frameBudget, replyBudget);
        connections.add(c);
        try {
            workers.execute(c.reader::run);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            LOG.log(Level.ERROR, "no thread for a connection of pid {0}: {1}", socket.peer().pid(), e.toString());
            c.shutdown();
        }
    }

    void forget(ClientConnection c) {
        if (connections.remove(c)) {
            connectionCount.remove(c.peer.uid());
        }
    }


    /** Runs {@code first}, then queued calls for as long as there are any, then frees the slot. */
    void runCalls(Operation first) {
        for (Operation op = first; op != null; op = scheduler.nextOrRelease()) {
            try {
                run(op);
            } catch (RuntimeException | Error e) {
                // whatever fails here, the loop goes on, so the slot is always handed on or freed
                LOG.log(Level.ERROR, "a call of pid " + op.connection.peer.pid() + " failed after it ran", e);
                op.connection.abort();
            } finally {
                op.connection.finish(op);
            }
        }
    }

    private void run(Operation op) {
        ClientConnection c = op.connection;
        if (c.isClosed()) {
            return;
        }
        Message reply;
        try {
            if (op.isCancelled()) {
                reply = failure(op.request, TeeResult.CANCEL, ReturnOrigin.TEE);
            } else if (op.request instanceof Message.OpenSession o) {
                reply = open(op, o);
            } else {
                reply = invoke(op, (Message.Invoke) op.request);
            }
        } catch (RuntimeException | Error e) {
            // contained: the slot and the connection are released as after any call
            LOG.log(Level.ERROR, "internal error running a call of pid " + c.peer.pid(), e);
            reply = failure(op.request, TeeResult.GENERIC, ReturnOrigin.TEE);
        }
        c.reply(op.requestId, reply);
    }

    /** The reply to {@code request}; {@code sessionId} counts only for OPEN_SESSION. */
    private static Message reply(Message request, int result, int origin, int sessionId, WireParams params) {
        return reply(request, result, origin, sessionId, params, null);
    }

    /** As above, with {@code detail}: why the call failed, for a client that agreed on version 2 (else null). */
    private static Message reply(Message request, int result, int origin, int sessionId, WireParams params, String detail) {
        return request instanceof Message.OpenSession
                ? new Message.OpenSessionReply(Wire.OPEN_SESSION | Wire.REPLY, result, origin, sessionId, params, detail)
                : new Message.InvokeReply(Wire.INVOKE | Wire.REPLY, result, origin, params, detail);
    }

    private static Message failure(Message request, int result, int origin) {
        return reply(request, result, origin, 0, WireParams.EMPTY);
    }

    /** The reply to a call that failed with {@code e} before it reached a TA, with its detail if the client reads one. */
    private Message failure(Operation op, TeeException e) {
        return reply(op.request, e.result(), e.origin(), 0, WireParams.EMPTY, detail(op, e, null));
    }

    /**
     * The detail of {@code e} for {@code op}'s client: what the TA manager lets a client read of
     * it ({@link TaManager#clientDetail}), for a client that agreed on protocol version 2.
     */
    private String detail(Operation op, TeeException e, Session session) {
        return op.connection.readsDetails() ? taManager.clientDetail(e, session) : null;
    }

    /** One entry into a TA with the call's parameters; returns the session id (0 for an invoke). */
    private interface TaEntry {
        int run(Parameters params) throws TeeException;
    }

    /**
     * Marshals the parameters, runs {@code entry}, and builds the reply: write-back after the TA
     * ran (whatever its result), none when the parameters were refused; a failure's detail as
     * {@link #detail} allows ({@code session}: the invoked session, null for an open).
     */
    private Message callTa(Operation op, WireParams wire, Session session, TaEntry entry) {
        ParamMarshal marshal = new ParamMarshal();
        Parameters params;
        try {
            params = marshal.in(wire, op.connection);
        } catch (TeeException e) {
            return failure(op, e);
        }
        op.clientMemory(marshal);
        try {
            int sessionId = entry.run(params);
            return reply(op.request, TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, sessionId, marshal.out());
        } catch (TeeException e) {
            return reply(op.request, e.result(), e.origin(), 0, marshal.out(), detail(op, e, session));
        } finally {
            marshal.releaseSegments();
        }
    }

    private Message open(Operation op, Message.OpenSession o) {
        ClientConnection c = op.connection;
        Identity client;
        try {
            client = identify(c.peer, o.login(), o.connectionData());
            if (c.sessions.size() >= ClientConnection.MAX_SESSIONS) {
                throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE,
                        "a connection may hold at most " + ClientConnection.MAX_SESSIONS + " sessions");
            }
        } catch (TeeException e) {
            return failure(op, e);
        }
        return callTa(op, o.params(), null, params -> {
            Session s = taManager.open(c.newSessionId(), o.ta(), client, params, op);
            c.sessions.put(s.id, s);
            if (c.isClosed() && c.sessions.remove(s.id) != null) {
                taManager.close(s);
            }
            return s.id;
        });
    }

    private Message invoke(Operation op, Message.Invoke m) {
        Session s = op.connection.sessions.get(m.sessionId());
        if (s == null) {
            return failure(m, TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE);
        }
        return callTa(op, m.params(), s, params -> {
            taManager.invoke(s, m.commandId(), params, op);
            return 0;
        });
    }

    /**
     * The client's identity, from the kernel's peer credentials, never from what the client says
     * (GP login methods; UUIDs as OP-TEE's Linux driver derives them).
     */
    static Identity identify(PeerCredentials peer, int login, int gid) throws TeeException {
        UUID uuid = switch (login) {
            case LoginMethod.PUBLIC -> Uuids.NIL;
            case LoginMethod.USER -> Uuids.clientUuid(login, peer.uid(), peer.gid());
            case LoginMethod.GROUP -> {
                long g = Integer.toUnsignedLong(gid);
                if (peer.gid() != g && !peer.inGroup(g)) {
                    throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE,
                            "GROUP login: the client is not a member of group " + g);
                }
                yield Uuids.clientUuid(login, peer.uid(), g);
            }
            case LoginMethod.APPLICATION, LoginMethod.USER_APPLICATION, LoginMethod.GROUP_APPLICATION ->
                    throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE,
                            LoginMethod.name(login) + " login is not supported (as in upstream Linux)");
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    "login " + LoginMethod.name(login) + " is not available to clients");
        };
        return new Identity(login, uuid);
    }

    /** Closes every connection and stops the threads. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(monitor);
        for (ClientConnection c : connections) {
            c.abort();
        }
        DynamicTaRuntime d = dynamic;
        if (d != null) {
            d.close();
        }
        workers.shutdown();
        control.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
