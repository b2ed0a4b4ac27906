package org.jtee.tas.pkcs11;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jtee.common.TeeException;

/**
 * What the TA instance holds: its tokens and its clients, and the operations on them that many
 * commands share — resolving session and object handles with the visibility rules
 * (optee-pkcs11-ta-abi.md §6.6), storing and destroying objects, closing sessions and logging
 * out (§6.5).
 */
final class State {
    final Token[] tokens = new Token[Limits.TOKENS];
    final Set<Client> clients = new LinkedHashSet<>();

    State() {
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = new Token(i);
        }
    }

    /** Reads every token's record and objects from storage; garbage of interrupted writes is deleted. */
    void load() throws TeeException {
        List<TokenStorage.Stored> stored = TokenStorage.readAll();
        for (TokenStorage.Stored s : stored) {
            for (Token t : tokens) {
                if (s.name().equals(TokenStorage.recordName(t.index))) {
                    t.decode(s.data());
                }
            }
        }
        for (TokenStorage.Stored s : stored) {
            int[] id = TokenStorage.parseObjectName(s.name());
            if (id == null) {
                continue;
            }
            Token t = id[0] >= 0 && id[0] < tokens.length ? tokens[id[0]] : null;
            Template attrs = TokenStorage.decodeObject(s.data());
            if (t == null || id[1] != t.generation || attrs == null) {
                TokenStorage.delete(s.name());
                continue;
            }
            t.addObject(new P11Object(attrs.toMap(), null, t, s.name()));
        }
    }

    /** Token of a slot ID, or SLOT_ID_INVALID. */
    Token token(int slot) throws CkException {
        if (slot < 0 || slot >= tokens.length) {
            throw new CkException(Ck.CKR_SLOT_ID_INVALID, "slot " + Integer.toUnsignedString(slot));
        }
        return tokens[slot];
    }

    /** The client's session {@code handle}, or SESSION_HANDLE_INVALID. */
    static Session session(Client c, int handle) throws CkException {
        Session s = c.sessions.get(handle);
        if (s == null) {
            throw new CkException(Ck.CKR_SESSION_HANDLE_INVALID, "session " + Integer.toUnsignedString(handle));
        }
        return s;
    }

    /**
     * The object {@code handle} as {@code s} may reach it: the client's session objects, and the
     * token objects of the session's token; {@code invalid} otherwise.
     */
    static P11Object object(Session s, int handle, int invalid) throws CkException {
        P11Object o = s.client.objects.get(handle);
        if (o == null || o.isDestroyed() || (o.token != null && o.token != s.token)) {
            throw new CkException(invalid, "object " + Integer.toUnsignedString(handle));
        }
        return o;
    }

    /** Whether {@code s} may use the private object {@code o}: a user session. */
    static boolean accessible(Session s, P11Object o) {
        return !o.isPrivate() || s.isUser();
    }

    /** Stores a new object for {@code s} and returns its handle in the client's table. */
    P11Object store(Session s, Map<Integer, byte[]> attrs) throws CkException {
        boolean token = attrs.get(Ck.CKA_TOKEN)[0] != 0;
        Client c = s.client;
        if (c.objects.full()) {
            throw new CkException(Ck.CKR_DEVICE_MEMORY, "the client holds too many object handles");
        }
        if (!token) {
            if (c.sessionObjects.size() >= Limits.MAX_SESSION_OBJECTS_PER_CLIENT) {
                throw new CkException(Ck.CKR_DEVICE_MEMORY, "no more than " + Limits.MAX_SESSION_OBJECTS_PER_CLIENT
                        + " session objects per client");
            }
            P11Object o = new P11Object(attrs, s, null, null);
            s.objects.add(o);
            c.sessionObjects.add(o);
            return o;
        }
        Token t = s.token;
        if (t.objects.size() >= Limits.MAX_TOKEN_OBJECTS) {
            throw new CkException(Ck.CKR_DEVICE_MEMORY, "no more than " + Limits.MAX_TOKEN_OBJECTS + " objects per token");
        }
        P11Object o = new P11Object(attrs, null, t, TokenStorage.objectName(t.index, t.generation));
        writeObject(o);
        t.addObject(o);
        return o;
    }

    static void writeObject(P11Object o) throws CkException {
        byte[] data = TokenStorage.encodeObject(o);
        try {
            TokenStorage.write(o.storageName, data);
        } catch (TeeException e) {
            throw Pkcs11Ta.storageFailure("token object", e);
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    /** Destroys {@code o}: a token object leaves storage first, then every client's table. */
    void destroy(P11Object o) throws CkException {
        if (o.token != null) {
            try {
                TokenStorage.delete(o.storageName);
            } catch (TeeException e) {
                throw Pkcs11Ta.storageFailure("token object", e);
            }
            o.token.removeObject(o);
            for (Client c : clients) {
                c.kill(o);
            }
        } else {
            o.owner.objects.remove(o);
            o.owner.client.sessionObjects.remove(o);
            o.owner.client.forget(o);
        }
        o.destroy();
    }

    /** Closes {@code s}: its operation and search end, its objects are destroyed, its handle freed. */
    void close(Session s) {
        endWork(s, false);
        Client c = s.client;
        c.sessions.remove(s.handle);
        s.token.sessionCount--;
        if (s.rw) {
            s.token.rwSessionCount--;
        }
        if (c.sessionsOn(s.token).isEmpty()) {
            c.login[s.token.index] = Client.PUBLIC;
        }
    }

    /**
     * Logs the client out of {@code t}: for each of its sessions there, the operation and search
     * end and its private session objects are destroyed; the client's handles of private token
     * objects are freed.
     */
    void logout(Client c, Token t) {
        for (Session s : c.sessionsOn(t)) {
            endWork(s, true);
        }
        for (P11Object o : new ArrayList<>(c.handleOf.keySet())) {
            if (o.token == t && o.isPrivate()) {
                c.forget(o);
            }
        }
        c.login[t.index] = Client.PUBLIC;
    }

    /** Ends {@code s}'s operation and search and destroys its session objects, only the private ones when {@code privateOnly}. */
    private void endWork(Session s, boolean privateOnly) {
        s.release();
        s.find = null;
        for (P11Object o : new ArrayList<>(s.objects)) {
            if (!privateOnly || o.isPrivate()) {
                try {
                    destroy(o);
                } catch (CkException e) {
                    // a session object leaves no storage behind: not reached
                }
            }
        }
    }
}
