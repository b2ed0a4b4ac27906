package org.jtee.core.ta;

import java.lang.System.Logger.Level;
import java.util.UUID;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.client.Operation;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.tahost.InlineParams;

/**
 * TA-to-TA calls (GP Internal Core API §4.9), for built-in TAs and for TAs in hosts alike. The
 * callee's client is the calling TA: login {@code TRUSTED_APP} and the caller's UUID, set here,
 * so no TA can claim another's identity. Memory references are copied in and out. The calls run
 * on the caller's thread, within the operation of the caller's entry (the client's, so its
 * cancellation reaches them; an internal one in close and destroy entries); opens, invokes and
 * closes alike nest at most {@link #MAX_DEPTH} deep. An open or invoke may have a cancellation
 * timeout ({@code cancellationRequestTimeout}): when it expires, the callee's entry is cancelled
 * as by the client ({@link Operation#startTimeout}), the caller's is not. A session belongs to the
 * calling instance and is closed when that instance ends; a close nested deeper than the limit
 * counts the session out without running the callee's close entry.
 */
final class TaCalls {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** As OP-TEE's {@code CFG_CORE_MAX_SYSCALL_RECURSION}. */
    static final int MAX_DEPTH = 4;

    private final TaManager manager;

    TaCalls(TaManager manager) {
        this.manager = manager;
    }

    /**
     * Opens a session from {@code caller}; the callee gets copies of {@code params}, and its open
     * entry is cancelled after {@code timeoutMillis} ({@link org.jtee.ta.Tee#TIMEOUT_INFINITE}: never).
     */
    int open(TaInstance caller, UUID ta, Parameters params, long timeoutMillis, Operation op) throws TeeException {
        WireParams wire = InlineParams.toWire(params);
        Parameters callee = InlineParams.toTa(wire);
        Identity client = new Identity(LoginMethod.TRUSTED_APP, caller.uuid());
        op.nest(MAX_DEPTH);
        Operation.Timeout timeout = op.startTimeout(timeoutMillis);
        try {
            Session s = manager.open(caller.newOutgoingId(), ta, client, callee, op);
            caller.outgoing.put(s.id, s);
            if (caller.isDead()) {
                closeOutgoing(caller, op);
            }
            return s.id;
        } finally {
            op.endTimeout(timeout);
            op.unnest();
            copyBack(params, wire, callee);
        }
    }

    /** Invokes a command on a session of {@code caller}'s, cancelled after {@code timeoutMillis}. */
    void invoke(TaInstance caller, int sessionId, int commandId, Parameters params, long timeoutMillis, Operation op)
            throws TeeException {
        Session s = caller.outgoing.get(sessionId);
        if (s == null) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no TA session " + sessionId + " of this TA");
        }
        WireParams wire = InlineParams.toWire(params);
        Parameters callee = InlineParams.toTa(wire);
        op.nest(MAX_DEPTH);
        Operation.Timeout timeout = op.startTimeout(timeoutMillis);
        try {
            manager.invoke(s, commandId, callee, op);
        } finally {
            op.endTimeout(timeout);
            op.unnest();
            copyBack(params, wire, callee);
        }
    }

    boolean close(TaInstance caller, int sessionId, Operation op) {
        Session s = caller.outgoing.remove(sessionId);
        if (s == null) {
            return false;
        }
        try {
            op.nest(MAX_DEPTH);
        } catch (TeeException e) {
            LOG.log(Level.WARNING, "TA {0}: a session to TA {1} closed without its close entry: {2}", caller.uuid(),
                    s.instance.uuid(), e.getMessage());
            manager.closeWithoutEntry(s, op);
            return true;
        }
        try {
            manager.close(s, op);
        } finally {
            op.unnest();
        }
        return true;
    }

    /** Closes every session {@code caller} still has open (it panicked, died or is being destroyed). */
    void closeOutgoing(TaInstance caller, Operation op) {
        for (Integer id : caller.outgoing.keySet()) {
            close(caller, id, op);
        }
    }

    /** A built-in TA's handle on a session it opened. */
    TaSession handle(TaInstance caller, UUID ta, int sessionId) {
        return new TaSession() {
            @Override
            public UUID ta() {
                return ta;
            }

            @Override
            public void invoke(long cancellationTimeoutMillis, int commandId, Parameters params) throws TeeException {
                TaCalls.this.invoke(caller, sessionId, commandId, params, cancellationTimeoutMillis, operationOf(caller));
            }

            @Override
            public void close() {
                TaCalls.this.close(caller, sessionId, operationOf(caller));
            }
        };
    }

    /** Serves a TA host's TA_OPEN_SESSION, TA_INVOKE or CLOSE_SESSION for the TA in it. */
    Message serve(TaInstance caller, Message m, Operation op) throws ProtocolException {
        if (m instanceof Message.TaOpenSession o) {
            Parameters p = InlineParams.toTa(InlineParams.checkInline(o.params()));
            int reply = Wire.TA_OPEN_SESSION | Wire.REPLY;
            try {
                int id = open(caller, o.ta(), p, o.timeoutMillis(), op);
                return new Message.OpenSessionReply(reply, TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, id,
                        InlineParams.writeBack(o.params(), p));
            } catch (TeeException e) {
                return new Message.OpenSessionReply(reply, e.result(), e.origin(), 0, InlineParams.writeBack(o.params(), p));
            }
        } else if (m instanceof Message.TaInvoke i) {
            Parameters p = InlineParams.toTa(InlineParams.checkInline(i.params()));
            int reply = Wire.TA_INVOKE | Wire.REPLY;
            try {
                invoke(caller, i.sessionId(), i.commandId(), p, i.timeoutMillis(), op);
                return new Message.InvokeReply(reply, TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP,
                        InlineParams.writeBack(i.params(), p));
            } catch (TeeException e) {
                return new Message.InvokeReply(reply, e.result(), e.origin(), InlineParams.writeBack(i.params(), p));
            }
        } else if (m instanceof Message.CloseSession c) {
            boolean found = close(caller, c.sessionId(), op);
            return new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY,
                    found ? TeeResult.SUCCESS : TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE);
        }
        throw new ProtocolException("a TA host may not send " + Wire.typeName(m.type()));
    }

    /**
     * The operation a built-in TA's session handle runs in: that of the caller's entry running
     * now, or a fresh internal one if the TA calls from outside its entries (a thread of its own).
     */
    private static Operation operationOf(TaInstance caller) {
        Operation op = caller.entryOperation();
        return op != null ? op : Operation.internal();
    }

    private static void copyBack(Parameters params, WireParams wire, Parameters callee) throws TeeException {
        try {
            InlineParams.applyReply(params, InlineParams.writeBack(wire, callee));
        } catch (ProtocolException e) {
            throw new IllegalStateException("a copy of the caller's own parameters cannot mismatch", e);
        }
    }
}
