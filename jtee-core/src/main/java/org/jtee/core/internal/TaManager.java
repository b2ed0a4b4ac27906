package org.jtee.core.internal;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaPanic;
import org.jtee.ta.TeeProperties;

/**
 * Instances and the entry points into them, with GP and OP-TEE instance semantics: single
 * instance or one instance per session, multi session ({@code TEE_ERROR_BUSY} otherwise), keep
 * alive, one call at a time per instance, and a panic ends the instance: every session of it gets
 * {@code TEE_ERROR_TARGET_DEAD} with origin TEE, and the next open creates a fresh one.
 */
final class TaManager {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** Finds TAs that are neither pseudo nor built in: dynamic TAs, from the supplicant. */
    interface DynamicTas {
        /** The TA with {@code uuid}, loaded and verified. */
        TaType load(UUID uuid) throws TeeException;
    }

    private final TaRegistry registry;
    private final TeeProperties teeProperties;
    private final Map<UUID, TaInstance> singleInstances = new HashMap<>();
    private final ReeClock reeClock;
    private final TaCalls taCalls = new TaCalls(this);
    private volatile DynamicTas dynamicTas;

    /** Where work that must not hold up the caller runs (closing a dead instance's sessions). */
    private final Executor control;

    TaManager(TaRegistry registry, TeeProperties teeProperties, ReeClock reeClock, Executor control) {
        this.control = control;
        this.reeClock = reeClock;
        this.registry = registry;
        this.teeProperties = teeProperties;
    }

    void dynamicTas(DynamicTas dynamic) {
        this.dynamicTas = dynamic;
    }

    TaCalls taCalls() {
        return taCalls;
    }

    /** Opens a session; on success the session holds the TA's state. */
    Session open(int sessionId, UUID uuid, Identity client, Parameters params, Operation op) throws TeeException {
        TaInstance instance = reserve(uuid);
        Session session = new Session(sessionId, instance, client);
        boolean opened = false;
        try {
            instance.enterOrBusy();
        } catch (TeeException e) {
            release(instance);
            throw e;
        }
        try {
            if (instance.isDead()) {
                throw targetDead(uuid);
            }
            if (!instance.isCreated()) {
                create(instance, session, op);
            }
            session.state = enterTa(instance, session, op, () -> instance.ta().openSession(call(session, op), params));
            opened = true;
            return session;
        } finally {
            instance.leave();
            if (!opened) {
                release(instance);
            }
        }
    }

    private void create(TaInstance instance, Session session, Operation op) throws TeeException {
        enterTa(instance, session, op, () -> {
            instance.ta().create(instance);
            return null;
        });
        instance.markCreated();
    }

    /**
     * Finds or makes the instance a new session will use, counting the session in. Lookup order
     * as OP-TEE's: pseudo TAs, running instances, built-in TAs, then dynamic TAs.
     */
    private TaInstance reserve(UUID uuid) throws TeeException {
        TaType type = find(uuid);
        synchronized (this) {
            TaInstance instance = type.info().singleInstance() ? singleInstances.get(uuid) : null;
            if (instance != null && instance.isDead()) {
                instance = null;
            }
            if (instance == null) {
                instance = instantiate(type);
                if (type.info().singleInstance()) {
                    singleInstances.put(uuid, instance);
                }
            } else if (!type.info().multiSession() && instance.sessions > 0) {
                throw new TeeException(TeeResult.BUSY, ReturnOrigin.TEE,
                        "TA " + uuid + " is single instance, not multi session, and already has a session");
            }
            instance.sessions++;
            return instance;
        }
    }

    private TaType find(UUID uuid) throws TeeException {
        TaType type = registry.find(uuid);
        if (type != null) {
            return type;
        }
        synchronized (this) {
            TaInstance running = singleInstances.get(uuid);
            if (running != null && !running.isDead()) {
                return running.type();
            }
        }
        DynamicTas dynamic = dynamicTas;
        if (dynamic == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no TA with UUID " + uuid);
        }
        return dynamic.load(uuid);
    }

    /** A new instance; a TA whose constructor fails is treated as one that panicked at once. */
    private TaInstance instantiate(TaType type) throws TeeException {
        try {
            return new TaInstance(type, teeProperties);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "TA {0} could not be instantiated: {1}", type.uuid(), e.toString());
            throw targetDead(type.uuid());
        }
    }

    /** Invokes a command in an open session. */
    void invoke(Session session, int commandId, Parameters params, Operation op) throws TeeException {
        TaInstance instance = session.instance;
        instance.enterOrBusy();
        try {
            if (instance.isDead()) {
                throw targetDead(instance.type().uuid());
            }
            enterTa(instance, session, op, () -> {
                instance.ta().invokeCommand(session.state, call(session, op), commandId, params);
                return null;
            });
        } finally {
            instance.leave();
        }
    }

    /** Closes a session; the TA's close entry is not called once the instance is dead. */
    void close(Session session) {
        TaInstance instance = session.instance;
        instance.enter();
        try {
            if (!instance.isDead()) {
                try {
                    enterTa(instance, session, null, () -> {
                        instance.ta().closeSession(session.state);
                        return null;
                    });
                } catch (TeeException e) {
                    LOG.log(Level.DEBUG, "close session of {0}: {1}", instance.type().uuid(), e.getMessage());
                }
            }
        } finally {
            instance.leave();
            release(instance);
        }
    }

    /** Counts a session out; destroys the instance after its last session unless it is kept alive. */
    private void release(TaInstance instance) {
        boolean destroy;
        synchronized (this) {
            instance.sessions--;
            boolean keep = instance.type().info().singleInstance() && instance.type().info().instanceKeepAlive()
                    && !instance.isDead();
            destroy = instance.sessions == 0 && !keep;
            if (destroy && singleInstances.get(instance.type().uuid()) == instance) {
                singleInstances.remove(instance.type().uuid());
            }
        }
        if (destroy && instance.isCreated() && !instance.isDead()) {
            instance.enter();
            try {
                taCalls.closeOutgoing(instance);
                instance.ta().destroy();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "TA {0} failed in its destroy entry point: {1}", instance.type().uuid(), e.toString());
                instance.markDead();
            } finally {
                instance.leave();
            }
        } else if (destroy && instance.ta() instanceof RemoteTa remote) {
            remote.kill("its instance ended before it was created");
        }
    }

    private interface Entry<T> {
        T run() throws TeeException;
    }

    /**
     * Runs one entry point. A {@link TeeException} is the TA's result (origin TRUSTED_APP); any
     * other throwable is a panic that kills the instance.
     */
    private <T> T enterTa(TaInstance instance, Session session, Operation op, Entry<T> entry) throws TeeException {
        boolean outerMask = op != null && op.enter();
        try {
            return entry.run();
        } catch (TeeException e) {
            throw new TeeException(e.result(), ReturnOrigin.TRUSTED_APP, e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            panic(instance, e);
            throw targetDead(instance.type().uuid());
        } finally {
            if (op != null) {
                op.exit(outerMask);
            }
        }
    }

    private void panic(TaInstance instance, Throwable cause) {
        String reason = cause instanceof TaPanic p ? p.getMessage()
                : cause instanceof TaHost.HostGone g ? g.getMessage()
                : cause instanceof InternalError ? "fault on shared memory (a client shrank a segment in use?): " + cause
                : "uncaught " + cause;
        LOG.log(Level.WARNING, "TA {0} panicked: {1}", instance.type().uuid(), reason);
        end(instance);
    }

    /**
     * The host of a dynamic instance exited. Unless it was a normal end, every session of the
     * instance now gets {@code TEE_ERROR_TARGET_DEAD}, and the next open loads a fresh one.
     */
    void hostExited(TaInstance instance) {
        if (!instance.isDead() && instance.sessions > 0) {
            LOG.log(Level.WARNING, "the host of TA {0} exited; its instance is dead", instance.type().uuid());
        }
        end(instance);
    }

    /** Marks the instance dead, unlists it and closes the sessions it opened to other TAs. */
    private void end(TaInstance instance) {
        instance.markDead();
        synchronized (this) {
            singleInstances.remove(instance.type().uuid(), instance);
        }
        if (!instance.outgoing.isEmpty()) {
            try {
                control.execute(() -> taCalls.closeOutgoing(instance));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "the core is stopping; the sessions of TA {0} go with it", instance.type().uuid());
            }
        }
        if (instance.ta() instanceof RemoteTa remote) {
            remote.kill("its instance is dead");
        }
    }


    private static TeeException targetDead(UUID uuid) {
        return new TeeException(TeeResult.TARGET_DEAD, ReturnOrigin.TEE, "TA " + uuid + " has panicked");
    }

    private Call call(Session session, Operation op) {
        return new Call(session.instance, session.client, session.clientProperties, op, reeClock, taCalls);
    }
}
