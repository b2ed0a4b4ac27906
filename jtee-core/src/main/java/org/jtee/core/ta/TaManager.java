package org.jtee.core.ta;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.InstanceLimits;
import org.jtee.core.client.Operation;
import org.jtee.core.host.TaHost;
import org.jtee.core.runtime.TaClocks;
import org.jtee.core.runtime.TaUniqueKeys;
import org.jtee.core.storage.StorageService;
import org.jtee.protocol.Details;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaPanic;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.TaType;

/**
 * Instances and the entry points into them, with GP and OP-TEE instance semantics: single
 * instance or one instance per session, multi session ({@code TEE_ERROR_BUSY} otherwise), keep
 * alive, one call at a time per instance, and a panic ends the instance: every session of it gets
 * {@code TEE_ERROR_TARGET_DEAD} with origin TEE, and the next open creates a fresh one. Each
 * instance's life is its own ({@link TaInstance}); the manager finds and counts instances
 * ({@link InstanceQuota}) and runs their entries. No TA code and no host start runs under the
 * manager's monitor: a new instance is constructed outside it (under a lock of its UUID alone,
 * for a single-instance TA, so that it is constructed once).
 */
public final class TaManager implements TaInstance.Owner {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** Finds TAs that are neither pseudo nor built in: dynamic TAs, from the supplicant. */
    interface DynamicTas {
        /** The TA with {@code uuid}, loaded and verified, and how to start an instance of it in a host. */
        Found load(UUID uuid) throws TeeException;
    }

    /** A TA found by UUID, and how its instances are made. */
    record Found(TaType type, TaInstance.Backends backends, boolean inHost) {}

    private final TaRegistry registry;
    private final TeeProperties teeProperties;
    private final Map<UUID, TaInstance> singleInstances = new HashMap<>();
    /** Held while a single-instance TA's instance is constructed, one per UUID. */
    private final Map<UUID, Object> constructing = new ConcurrentHashMap<>();
    private final TaClocks clocks;
    private final TaUniqueKeys uniqueKeys;
    private final StorageService storage;
    private final TaCalls taCalls = new TaCalls(this);
    private final InstanceQuota quota = new InstanceQuota(InstanceLimits.DEFAULTS);
    private volatile DynamicTas dynamicTas;
    /** A development core: TAs' error messages are logged and given to their clients ({@link #developmentMode}). */
    private volatile boolean development;

    /** Where work that must not hold up the caller runs (closing a dead instance's sessions). */
    private final Executor control;

    /**
     * A manager of the TAs in {@code registry}, with {@code teeProperties} for every instance, the
     * clocks calls read and the TAs' unique keys.
     */
    public TaManager(TaRegistry registry, TeeProperties teeProperties, TaClocks clocks, TaUniqueKeys uniqueKeys,
            Executor control) {
        this(registry, teeProperties, clocks, uniqueKeys, StorageService.unavailable(), control);
    }

    /** As the constructor above, with the GP persistent-object layer {@code storage} for every instance. */
    public TaManager(TaRegistry registry, TeeProperties teeProperties, TaClocks clocks, TaUniqueKeys uniqueKeys,
            StorageService storage, Executor control) {
        this.storage = storage;
        this.control = control;
        this.clocks = clocks;
        this.uniqueKeys = uniqueKeys;
        this.registry = registry;
        this.teeProperties = teeProperties;
    }

    void dynamicTas(DynamicTas dynamic) {
        this.dynamicTas = dynamic;
    }

    /**
     * Development mode (the core trusts the development key, or TA debugging is on): the message
     * of every {@link TeeException} a TA's open or invoke entry throws is logged, one line at
     * INFO, and given to the client as the reply's detail. Otherwise neither: a TA's message may
     * carry data.
     */
    public void developmentMode(boolean on) {
        development = on;
    }

    /**
     * What a client may read of why its call failed (a version 2 reply's detail), or null: the
     * core's own reason (any origin but {@code TRUSTED_APP}, or a pseudo TA's message: the core's
     * own code) always; a TA's message only on a development core.
     *
     * @param session the session the call was made on, or null for an open
     */
    public String clientDetail(TeeException e, Session session) {
        if (e.origin() == ReturnOrigin.TRUSTED_APP && !development && (session == null || !session.ofPseudoTa())) {
            return null;
        }
        return Details.bounded(e.reason());
    }

    /** Sets how many instances and hosts may run ({@link InstanceLimits#DEFAULTS} until set). */
    void limits(InstanceLimits limits) {
        quota.limits(limits);
    }

    InstanceQuota quota() {
        return quota;
    }

    TaCalls taCalls() {
        return taCalls;
    }

    TaClocks clocks() {
        return clocks;
    }

    TaUniqueKeys uniqueKeys() {
        return uniqueKeys;
    }

    /** Opens a session; on success the session holds the TA's state. */
    public Session open(int sessionId, UUID uuid, Identity client, Parameters params, Operation op) throws TeeException {
        TaInstance instance = reserve(uuid, op);
        Session session = new Session(sessionId, instance, client);
        boolean opened = false;
        try {
            instance.enterOrBusy();
        } catch (TeeException e) {
            release(instance, op);
            throw e;
        }
        try {
            if (instance.isDead()) {
                throw targetDead(uuid);
            }
            if (instance.state() == TaInstance.State.NEW) {
                enterTa(instance, op, () -> {
                    instance.backend().create(instance, op);
                    return null;
                });
                instance.created();
            }
            try {
                session.state = enterTa(instance, op, () -> instance.backend().openSession(call(session, op, params), params));
            } catch (TeeException e) {
                logTaError(instance, "open session", e);
                throw e;
            }
            opened = true;
            return session;
        } finally {
            instance.leave();
            if (!opened) {
                release(instance, op);
            }
        }
    }

    /**
     * Finds or makes the instance a new session will use, counting the session in. Lookup order
     * as OP-TEE's: pseudo TAs, running instances, built-in TAs, then dynamic TAs.
     */
    private TaInstance reserve(UUID uuid, Operation op) throws TeeException {
        Found found = find(uuid);
        if (!found.type().info().singleInstance()) {
            TaInstance instance = instantiate(found, op);
            synchronized (this) {
                instance.sessions++;
            }
            return instance;
        }
        synchronized (constructing.computeIfAbsent(uuid, u -> new Object())) {
            TaInstance running = joinRunning(uuid);
            if (running != null) {
                return running;
            }
            TaInstance instance = instantiate(found, op);
            synchronized (this) {
                singleInstances.put(uuid, instance);
                instance.sessions++;
            }
            return instance;
        }
    }

    /** Counts a session into the running single instance of {@code uuid}, if there is one. */
    private synchronized TaInstance joinRunning(UUID uuid) throws TeeException {
        TaInstance instance = singleInstances.get(uuid);
        if (instance == null || instance.isDead()) {
            return null;
        }
        if (!instance.type().info().multiSession() && instance.sessions > 0) {
            throw new TeeException(TeeResult.BUSY, ReturnOrigin.TEE,
                    "TA " + uuid + " is single instance, not multi session, and already has a session");
        }
        instance.sessions++;
        return instance;
    }

    private Found find(UUID uuid) throws TeeException {
        TaType type = registry.find(uuid);
        if (type != null) {
            return new Found(type, instance -> InCoreTa.of(type.factory().get(), instance), false);
        }
        synchronized (this) {
            TaInstance running = singleInstances.get(uuid);
            if (running != null && !running.isDead()) {
                return new Found(running.type(), running.backends, running.inHost);
            }
        }
        DynamicTas dynamic = dynamicTas;
        if (dynamic == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no TA with UUID " + uuid);
        }
        return dynamic.load(uuid);
    }

    /**
     * A new instance, counted against the uid of {@code op}'s client (pseudo TAs are not
     * counted). A TA whose constructor fails, or that gets no host, is treated as one that
     * panicked at once.
     */
    private TaInstance instantiate(Found found, Operation op) throws TeeException {
        TaType type = found.type();
        boolean counted = !type.pseudo();
        if (counted) {
            try {
                quota.acquire(op.uid(), found.inHost());
            } catch (TeeException e) {
                LOG.log(Level.INFO, "refused an instance of TA {0} for uid {1}: {2}", type.uuid(),
                        Long.toString(op.uid()), e.getMessage());
                throw e;
            }
        }
        TaInstance.Owner owner = counted ? this : (instance, died) -> ended(instance, died, false);
        try {
            return new TaInstance(type, teeProperties, op.uid(), owner, found.backends(), found.inHost(), storage);
        } catch (TeeException e) {
            releaseCount(counted, op.uid(), found.inHost());
            throw e;
        } catch (RuntimeException | Error e) {
            releaseCount(counted, op.uid(), found.inHost());
            LOG.log(Level.WARNING, "TA {0} could not be instantiated: {1}", type.uuid(), e.toString());
            throw targetDead(type.uuid());
        }
    }

    private void releaseCount(boolean counted, long uid, boolean inHost) {
        if (counted) {
            quota.release(uid, inHost);
        }
    }

    /** Invokes a command in an open session. */
    public void invoke(Session session, int commandId, Parameters params, Operation op) throws TeeException {
        TaInstance instance = session.instance;
        instance.enterOrBusy();
        try {
            if (instance.isDead()) {
                throw targetDead(instance.type().uuid());
            }
            enterTa(instance, op, () -> {
                instance.backend().invokeCommand(session.state, call(session, op, params), commandId, params);
                return null;
            });
        } catch (TeeException e) {
            logTaError(instance, "invoke command 0x" + Integer.toHexString(commandId), e);
            throw e;
        } finally {
            instance.leave();
        }
    }

    /**
     * On a development core, one line for a TA's {@code TeeException} from {@code entry}: which TA,
     * which entry, the result and the TA's message (which, from a TA host, is untrusted text).
     */
    private void logTaError(TaInstance instance, String entry, TeeException e) {
        if (development && e.origin() == ReturnOrigin.TRUSTED_APP) {
            LOG.log(Level.INFO, "TA {0}, {1}: {2} (0x{3}): {4}", instance.type().uuid(), entry, TeeResult.name(e.result()),
                    Integer.toHexString(e.result()), e.reason() != null ? Details.oneLine(e.reason()) : "(no message)");
        }
    }

    /** Closes a session for its client; the close entry runs in an internal operation. */
    public void close(Session session) {
        close(session, Operation.internal());
    }

    /** Closes a session within {@code op}; the TA's close entry is not called once the instance is dead. */
    void close(Session session, Operation op) {
        TaInstance instance = session.instance;
        instance.enter();
        try {
            if (!instance.isDead()) {
                try {
                    enterTa(instance, op, () -> {
                        instance.backend().closeSession(session.state, op);
                        return null;
                    });
                } catch (TeeException e) {
                    LOG.log(Level.DEBUG, "close session of {0}: {1}", instance.type().uuid(), e.getMessage());
                }
            }
        } finally {
            instance.leave();
            release(instance, op);
        }
    }

    /** Counts a session out without running the TA's close entry (a close nested too deep). */
    void closeWithoutEntry(Session session, Operation op) {
        release(session.instance, op);
    }

    /**
     * Counts a session out; destroys the instance after its last session unless it is kept alive.
     * The sessions the instance opened to other TAs are closed first, without its lock held: a
     * lock is never taken while the caller's is held on this path (caller → callee order).
     */
    private void release(TaInstance instance, Operation op) {
        boolean last;
        synchronized (this) {
            instance.sessions--;
            boolean keep = instance.type().info().singleInstance() && instance.type().info().instanceKeepAlive()
                    && !instance.isDead();
            last = instance.sessions == 0 && !keep;
            if (last) {
                singleInstances.remove(instance.type().uuid(), instance);
            }
        }
        if (!last || !instance.beginDestroy()) {
            return;
        }
        taCalls.closeOutgoing(instance, op);
        instance.enter();
        try {
            enterTa(instance, op, () -> {
                instance.backend().destroy(op);
                return null;
            });
            instance.destroyed();
        } catch (TeeException e) {
            LOG.log(Level.DEBUG, "destroy of {0}: {1}", instance.type().uuid(), e.getMessage());
            instance.destroyed();
        } finally {
            instance.leave();
        }
    }

    private interface Entry<T> {
        T run() throws TeeException;
    }

    /**
     * Runs one entry point of {@code instance} in {@code op}. A {@link TeeException} is the
     * answer (its origin set by the backend); any other throwable is a fault that kills the
     * instance, and the caller gets {@code TEE_ERROR_TARGET_DEAD}.
     */
    private <T> T enterTa(TaInstance instance, Operation op, Entry<T> entry) throws TeeException {
        boolean outerMask = op.enter();
        Operation outerOp = instance.beginEntry(op);
        try {
            return entry.run();
        } catch (InternalError e) {
            throw faultOnMemory(instance, op, e);
        } catch (RuntimeException | Error e) {
            if (development && !instance.inHost) { // a TA host sends its own trace (RemoteTa)
                LOG.log(Level.WARNING, "TA " + instance.type().uuid() + " panicked:", e);
            }
            instance.die(reason(e));
            throw targetDead(instance.type().uuid());
        } finally {
            instance.endEntry(outerOp);
            op.exit(outerMask);
        }
    }

    /**
     * A memory fault in an entry (SIGBUS, raised by HotSpot as {@link InternalError}): if the
     * client shrank shared memory the TA was using, the fault is the client's, which gets
     * {@code TEE_ERROR_BAD_PARAMETERS} from the TEE while the instance lives on, so one client
     * cannot kill an instance other clients share; any other fault kills the instance.
     */
    private TeeException faultOnMemory(TaInstance instance, Operation op, InternalError e) {
        String shrunk = op.shrunkClientMemory();
        if (shrunk == null) {
            instance.die(reason(e));
            return targetDead(instance.type().uuid());
        }
        LOG.log(Level.WARNING, "a client of pid {0} shrank shared memory TA {1} was using ({2}); the TA lives on",
                op.connection.peer.pid(), instance.type().uuid(), shrunk);
        return new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, shrunk);
    }

    private static String reason(Throwable cause) {
        return cause instanceof TaPanic p ? "panicked: " + p.getMessage()
                : cause instanceof TaHost.HostGone g ? g.getMessage()
                : cause instanceof InternalError ? "fault on shared memory (a client shrank a segment in use?): " + cause
                : "panicked: uncaught " + cause;
    }

    @Override
    public void ended(TaInstance instance, boolean died) {
        ended(instance, died, true);
    }

    /** An instance is gone or dead: unlist it, count it out and, if it died, close what it opened. */
    private void ended(TaInstance instance, boolean died, boolean counted) {
        synchronized (this) {
            singleInstances.remove(instance.type().uuid(), instance);
        }
        releaseCount(counted, instance.uid, instance.inHost);
        if (died && !instance.outgoing.isEmpty()) {
            try {
                control.execute(() -> taCalls.closeOutgoing(instance, Operation.internal()));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "the core is stopping; the sessions of TA {0} go with it", instance.type().uuid());
            }
        }
    }

    static TeeException targetDead(UUID uuid) {
        return new TeeException(TeeResult.TARGET_DEAD, ReturnOrigin.TEE, "TA " + uuid + " has panicked");
    }

    private Call call(Session session, Operation op, Parameters params) {
        return new Call(session.instance, session.client, session.clientProperties, params, op, clocks, uniqueKeys, taCalls);
    }
}
