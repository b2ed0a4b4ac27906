package org.jtee.tas.pkcs11;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtee.ta.Identity;

/**
 * One client of the TA: one GP session (libckteec opens one per C_Initialize). It holds its
 * PKCS#11 sessions and object handles, each a table of its own (optee-pkcs11-ta-abi.md §1.4,
 * §6.6), its login state on each token, and the session objects of all its sessions (indexed,
 * for searches). Token objects get a handle in a client's table when the client first creates
 * or finds them.
 */
final class Client {
    static final int PUBLIC = 0;
    static final int USER = 1;
    static final int SO = 2;

    final Identity identity;
    final HandleTable<Session> sessions = new HandleTable<>(Limits.MAX_SESSIONS_PER_CLIENT);
    final HandleTable<P11Object> objects = new HandleTable<>(Limits.MAX_HANDLES_PER_CLIENT);
    final Map<P11Object, Integer> handleOf = new HashMap<>();
    final ObjectIndex sessionObjects = new ObjectIndex();
    final int[] login = new int[Limits.TOKENS];
    boolean closed;

    Client(Identity identity) {
        this.identity = identity;
    }

    /** The handle of {@code o} in this client's table, given one if it has none. */
    int handle(P11Object o) throws CkException {
        Integer h = handleOf.get(o);
        if (h != null) {
            return h;
        }
        int handle = objects.add(o);
        handleOf.put(o, handle);
        return handle;
    }

    /** Frees the handle of {@code o} (reusable). */
    void forget(P11Object o) {
        Integer h = handleOf.remove(o);
        if (h != null) {
            objects.remove(h);
        }
    }

    /** Makes the handle of {@code o} name nothing, for good (another client destroyed it). */
    void kill(P11Object o) {
        Integer h = handleOf.remove(o);
        if (h != null) {
            objects.kill(h);
        }
    }

    /** This client's sessions on {@code token}. */
    List<Session> sessionsOn(Token token) {
        List<Session> out = new ArrayList<>();
        for (Map.Entry<Integer, Session> e : sessions.entries()) {
            if (e.getValue().token == token) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    boolean hasSoSession() {
        for (Map.Entry<Integer, Session> e : sessions.entries()) {
            if (e.getValue().isSo()) {
                return true;
            }
        }
        return false;
    }
}
