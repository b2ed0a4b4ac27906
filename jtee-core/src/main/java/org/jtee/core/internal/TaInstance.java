package org.jtee.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaContext;
import org.jtee.ta.TeeProperties;
import org.jtee.ta.TrustedApplication;

/**
 * One instance of a TA. Calls into a non-concurrent instance are serialised by its own fair lock
 * (first come, first served), so instances of different TAs never wait for each other — unlike
 * OP-TEE's global single-instance lock.
 */
final class TaInstance implements TaContext {
    private final TaType type;
    private final TrustedApplication<Object> ta;
    private final PropertySet taProperties;
    private final TeeProperties teeProperties;
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Sessions this instance opened to other TAs ({@link TaCalls}). */
    final Map<Integer, Session> outgoing = new ConcurrentHashMap<>();
    private final AtomicInteger nextOutgoing = new AtomicInteger();
    /** Sessions open or opening; guarded by the TA manager's lock. */
    int sessions;
    private volatile boolean created;
    private volatile boolean dead;

    @SuppressWarnings("unchecked")
    TaInstance(TaType type, TeeProperties teeProperties) {
        this.type = type;
        this.ta = (TrustedApplication<Object>) type.factory().get();
        this.taProperties = new PropertySet(type.properties());
        this.teeProperties = teeProperties;
    }

    TaType type() {
        return type;
    }

    TrustedApplication<Object> ta() {
        return ta;
    }

    @Override
    public java.util.UUID uuid() {
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

    int newOutgoingId() {
        return ClientConnection.nextId(nextOutgoing);
    }

    void leave() {
        if (!type.concurrent()) {
            lock.unlock();
        }
    }

    boolean isCreated() {
        return created;
    }

    void markCreated() {
        created = true;
    }

    boolean isDead() {
        return dead;
    }

    void markDead() {
        dead = true;
    }
}
