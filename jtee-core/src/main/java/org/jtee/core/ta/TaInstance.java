package org.jtee.core.ta;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.client.ClientConnection;
import org.jtee.core.client.Operation;
import org.jtee.core.storage.StorageService;
import org.jtee.core.storage.TaStorage;
import org.jtee.ta.TaContext;
import org.jtee.ta.TeeProperties;
import org.jtee.tahost.PropertySet;
import org.jtee.tahost.TaType;

/**
 * One instance of a TA, and its life. Calls into a non-concurrent instance are serialised by its
 * own fair lock (first come, first served), so instances of different TAs never wait for each
 * other — unlike OP-TEE's global single-instance lock.
 *
 * <p>The instance owns its state; every change is one atomic step, so each end happens once:
 *
 * <pre>
 *         create entry returned            last session closed           destroy entry returned
 *   NEW ─────────────────────────▶ LIVE ─────────────────────▶ DESTROYING ─────────────────────▶ GONE
 *    │                                                                                          ▲
 *    └──────────── last session closed before the create entry returned ───────────────────────┘
 *
 *   NEW, LIVE, DESTROYING ──── die(reason): a panic, a fault, its host exited or was killed ────▶ DEAD
 * </pre>
 *
 * An instance gets what it runs on when it is constructed: a dynamic TA's instance takes its TA
 * host then ({@link TaBackend}). Reaching GONE or DEAD releases it (its persistent-object
 * handles are closed, a host that did not end by itself is killed) and tells the TA manager once, which unlists the instance, counts it out of
 * the {@link InstanceQuota} and, if it died, closes the sessions it had opened to other TAs. A
 * dead instance answers every call with {@code TEE_ERROR_TARGET_DEAD}.
 */
final class TaInstance implements TaContext {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    enum State { NEW, LIVE, DESTROYING, GONE, DEAD }

    /** Who hears of an instance's end: the TA manager. */
    interface Owner {
        /** Called once, when the instance reaches GONE or DEAD. */
        void ended(TaInstance instance, boolean died);
    }

    /** Makes the backend of a new instance; for a dynamic TA this takes a TA host. */
    interface Backends {
        TaBackend start(TaInstance instance) throws TeeException;
    }

    private final TaType type;
    private final PropertySet taProperties;
    private final TeeProperties teeProperties;
    private final Owner owner;
    /** The client uid the instance counts against ({@link Operation#uid()} of the open that made it). */
    final long uid;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    /** Sessions this instance opened to other TAs ({@link TaCalls}). */
    final Map<Integer, Session> outgoing = new ConcurrentHashMap<>();
    private final AtomicInteger nextOutgoing = new AtomicInteger();
    /** Sessions open or opening; guarded by the TA manager's lock. */
    int sessions;
    /** The operation of the entry running now, for the TA's own TA-to-TA calls; null between entries. */
    private volatile Operation entryOperation;
    private final TaBackend backend;
    /** What made the backend: a single instance that died is replaced with the same. */
    final Backends backends;
    /** True if the instance runs in a TA host of its own. */
    final boolean inHost;
    /** The instance's persistent-object handles and enumerators, released when it ends. */
    private final TaStorage storage;

    TaInstance(TaType type, TeeProperties teeProperties, long uid, Owner owner, Backends backends, boolean inHost,
            StorageService storage) throws TeeException {
        this.type = type;
        this.backends = backends;
        this.inHost = inHost;
        this.taProperties = new PropertySet(type.properties());
        this.teeProperties = teeProperties;
        this.uid = uid;
        this.owner = owner;
        this.storage = storage.forInstance(type.uuid(),
                Boolean.TRUE.equals(type.properties().get("gpd.ta.doesNotCloseHandleOnCorruptObject")));
        this.backend = backends.start(this);
    }

    TaType type() {
        return type;
    }

    TaBackend backend() {
        return backend;
    }

    /** The instance's persistent-object handles and enumerators. */
    TaStorage storage() {
        return storage;
    }

    @Override
    public UUID uuid() {
        return type.uuid();
    }

    @Override
    public TeeProperties taProperties() {
        return taProperties;
    }

    @Override
    public TeeProperties teeProperties() {
        return teeProperties;
    }

    void enter() {
        if (!type.concurrent()) {
            lock.lock();
        }
    }

    /**
     * {@link #enter()} for an open or invoke, which may come from a TA-to-TA call: an instance
     * already in this thread's call chain is busy, as in OP-TEE (a cycle A → B → A), instead of
     * being entered twice.
     */
    void enterOrBusy() throws TeeException {
        if (!type.concurrent() && lock.isHeldByCurrentThread()) {
            throw new TeeException(TeeResult.BUSY, ReturnOrigin.TEE,
                    "TA " + type.uuid() + " is already in this call chain");
        }
        enter();
    }

    void leave() {
        if (!type.concurrent()) {
            lock.unlock();
        }
    }

    /** True while some thread is inside an entry of this (non-concurrent) instance. */
    boolean isEntered() {
        return lock.isLocked();
    }

    int newOutgoingId() {
        return ClientConnection.nextId(nextOutgoing);
    }

    /** Notes the operation of the entry starting now; returns the one it replaces. */
    Operation beginEntry(Operation op) {
        Operation outer = entryOperation;
        entryOperation = op;
        return outer;
    }

    void endEntry(Operation outer) {
        entryOperation = outer;
    }

    /** The operation of the entry running now, or null. */
    Operation entryOperation() {
        return entryOperation;
    }

    State state() {
        return state.get();
    }

    boolean isDead() {
        return state.get() == State.DEAD;
    }

    /** NEW → LIVE: the create entry returned. */
    void created() {
        state.compareAndSet(State.NEW, State.LIVE);
    }

    /**
     * The last session closed: LIVE → DESTROYING, and true (the caller runs the destroy entry and
     * then {@link #destroyed()}); or NEW → GONE, and false (no create entry ran, so no destroy
     * entry runs); false too if the instance is already dead.
     */
    boolean beginDestroy() {
        if (state.compareAndSet(State.LIVE, State.DESTROYING)) {
            return true;
        }
        if (state.compareAndSet(State.NEW, State.GONE)) {
            end("its instance ended before it was created", false, false);
        }
        return false;
    }

    /** DESTROYING → GONE: the destroy entry returned. */
    void destroyed() {
        if (state.compareAndSet(State.DESTROYING, State.GONE)) {
            end("its instance was destroyed", true, false);
        }
    }

    /**
     * Ends the instance for good: any state but GONE and DEAD → DEAD. Idempotent; only the first
     * call logs, releases and tells the owner.
     *
     * @return true if this call ended it
     */
    boolean die(String reason) {
        State s;
        do {
            s = state.get();
            if (s == State.GONE || s == State.DEAD) {
                return false;
            }
        } while (!state.compareAndSet(s, State.DEAD));
        LOG.log(Level.WARNING, "TA {0}: instance dead: {1}", type.uuid(), reason);
        end("its instance is dead: " + reason, false, true);
        return true;
    }

    private void end(String why, boolean destroyed, boolean died) {
        try {
            storage.close();
            if (backend != null) {
                backend.release(why, destroyed);
            }
        } finally {
            owner.ended(this, died);
        }
    }
}
