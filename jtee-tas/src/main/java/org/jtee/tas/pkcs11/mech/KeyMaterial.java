package org.jtee.tas.pkcs11.mech;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jtee.common.TeeException;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TransientObject;
import org.jtee.tas.pkcs11.CkException;

/**
 * What the mechanism layer keeps of one key between operations ({@link KeyView#material()}): the
 * key parsed once into GP key objects (one per GP object type it is used as: an EC key as an
 * ECDSA and as an ECDH key, a generic secret as each HMAC type), values derived from it (a curve,
 * a public key), and for each (algorithm, mode) a few idle GP operations that already hold the
 * key, so that a second SignInit or EncryptInit with the key costs a reset instead of a parse,
 * an allocation and a key schedule. At most {@link #IDLE_PER_KIND} idle operations per kind;
 * more concurrent users allocate their own and drop them. Thread-safe: sessions on several
 * threads share a key's material. {@link #close()} wipes the key objects and frees the idle
 * operations (the object model should call it when it drops the material).
 */
final class KeyMaterial implements AutoCloseable {
    static final int IDLE_PER_KIND = 4;

    /** Makes a GP key object from the key's attributes. */
    interface Loader {
        TransientObject load() throws CkException;
    }

    /** One borrowed operation; {@link #release()} returns it, reset, to its pool. */
    static final class Lease {
        private final KeyMaterial owner;
        private final long kind;
        private Operation op;

        private Lease(KeyMaterial owner, long kind, Operation op) {
            this.owner = owner;
            this.kind = kind;
            this.op = op;
        }

        Operation op() {
            return op;
        }

        /** Resets the operation and returns it to the pool; idempotent. */
        void release() {
            Operation o = op;
            op = null;
            if (o != null) {
                owner.give(kind, o);
            }
        }
    }

    /** Material of operations without a key (digests). */
    static final KeyMaterial KEYLESS = new KeyMaterial();

    private final Map<Integer, TransientObject> objects = new HashMap<>();
    private final Map<Long, ArrayDeque<Operation>> idle = new HashMap<>();
    private final Map<String, Object> derived = new HashMap<>();
    private boolean closed;

    /** The material cached for {@code key}, made and cached if there is none. */
    static KeyMaterial of(KeyView key) {
        if (key.material() instanceof KeyMaterial m && !m.isClosed()) {
            return m;
        }
        KeyMaterial m = new KeyMaterial();
        key.material(m);
        return m;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** The GP key object of type {@code teeType}, loaded once. */
    synchronized TransientObject object(int teeType, Loader loader) throws CkException {
        TransientObject o = objects.get(teeType);
        if (o == null) {
            o = loader.load();
            objects.put(teeType, o);
        }
        return o;
    }

    /** A value computed once from the key (a curve, a public key), or null. */
    synchronized Object derived(String name) {
        return derived.get(name);
    }

    synchronized void derived(String name, Object value) {
        derived.put(name, value);
    }

    /**
     * An operation of {@code algorithm} in {@code mode} holding this key: an idle one, or a new one
     * given the key object of {@code teeType} ({@code loader} makes it the first time). Keyless
     * algorithms pass {@code loader} null.
     */
    Lease take(int algorithm, int mode, int maxKeySize, int teeType, Loader loader) throws CkException {
        long kind = ((long) algorithm << 32) | (mode & 0xFFFFFFFFL);
        synchronized (this) {
            ArrayDeque<Operation> q = idle.get(kind);
            if (q != null && !q.isEmpty()) {
                return new Lease(this, kind, q.pop());
            }
        }
        TransientObject key = loader == null ? null : object(teeType, loader);
        Operation op = null;
        try {
            op = Operation.allocate(algorithm, mode, maxKeySize);
            if (key != null) {
                op.setKey(key);
            }
            return new Lease(this, kind, op);
        } catch (TeeException e) {
            if (op != null) {
                op.close();
            }
            throw Gp.map(e);
        }
    }

    private void give(long kind, Operation op) {
        try {
            op.reset();
        } catch (org.jtee.ta.TaPanic p) {
            op.close();
            return;
        }
        synchronized (this) {
            if (!closed) {
                ArrayDeque<Operation> q = idle.computeIfAbsent(kind, k -> new ArrayDeque<>());
                if (q.size() < IDLE_PER_KIND) {
                    q.push(op);
                    return;
                }
            }
        }
        op.close();
    }

    /** Wipes the key objects and frees the idle operations. */
    @Override
    public synchronized void close() {
        closed = true;
        objects.values().forEach(TransientObject::close);
        objects.clear();
        idle.values().forEach(q -> q.forEach(Operation::close));
        idle.clear();
        derived.clear();
    }
}
