package org.jtee.tahost;

import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;

/**
 * A TA-to-TA session opened by the TA of this host; the core holds the real session. Memory
 * references travel in the host's shared area ({@link HostLink#toShare}): the callee sees a copy,
 * as in OP-TEE's TA-to-TA calls since 4.0.
 */
final class HostTaSession implements TaSession {
    private final HostLink link;
    private final UUID ta;
    private final int id;
    private boolean closed;

    private HostTaSession(HostLink link, UUID ta, int id) {
        this.link = link;
        this.ta = ta;
        this.id = id;
    }

    /** {@code TEE_OpenTASession} through the core, which cancels the callee's open after {@code timeoutMillis}. */
    static HostTaSession open(HostLink link, UUID ta, long timeoutMillis, Parameters params) throws TeeException {
        WireParams wire = link.toShare(params);
        Message.Reply r = link.call(new Message.TaOpenSession(wireTimeout(timeoutMillis), ta, wire));
        if (!(r instanceof Message.OpenSessionReply o)) {
            throw unexpected(r);
        }
        link.fromShare(params, wire, o.params());
        if (o.result() != TeeResult.SUCCESS) {
            throw new TeeException(o.result(), o.origin(), "opening a session to TA " + ta + " failed");
        }
        HostTaSession s = new HostTaSession(link, ta, o.sessionId());
        link.opened(s);
        return s;
    }

    @Override
    public UUID ta() {
        return ta;
    }

    /** The timeout as TA_OPEN_SESSION and TA_INVOKE carry it: a u32, negative and larger values meaning none. */
    static long wireTimeout(long timeoutMillis) {
        return timeoutMillis < 0 ? Wire.TIMEOUT_INFINITE : Math.min(timeoutMillis, Wire.TIMEOUT_INFINITE);
    }

    @Override
    public void invoke(long cancellationTimeoutMillis, int commandId, Parameters params) throws TeeException {
        if (closed) {
            throw new IllegalStateException("the session to TA " + ta + " is closed");
        }
        WireParams wire = link.toShare(params);
        Message.Reply r = link.call(new Message.TaInvoke(wireTimeout(cancellationTimeoutMillis), id, commandId, wire));
        if (!(r instanceof Message.InvokeReply i)) {
            throw unexpected(r);
        }
        link.fromShare(params, wire, i.params());
        if (i.result() != TeeResult.SUCCESS) {
            throw new TeeException(i.result(), i.origin(), "command " + commandId + " of TA " + ta + " failed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        link.closed(this);
        try {
            link.call(new Message.CloseSession(id));
        } catch (TeeException e) {
            // the link is gone, and with it the host
        }
    }

    private static TeeException unexpected(Message.Reply r) {
        return new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE,
                "the core answered with " + Wire.typeName(r.type()));
    }
}
