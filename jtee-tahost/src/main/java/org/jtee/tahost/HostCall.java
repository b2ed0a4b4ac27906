package org.jtee.tahost;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Identity;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.TeeProperties;
import org.jtee.ta.TeeTime;
import org.jtee.ta.TimeOverflowException;

/** The {@link org.jtee.ta.CallContext} of one entry-point call in a TA host. Cancellation starts masked. */
final class HostCall extends CallBase {
    private final HostLink link;
    private boolean masked = true;

    HostCall(HostInstance instance, Identity client, TeeProperties clientProperties, Parameters params, HostLink link) {
        super(instance, client, clientProperties, params);
        this.link = link;
    }

    @Override
    public boolean cancellationRequested() {
        try {
            return !masked && link.cancelled();
        } catch (IOException | ProtocolException e) {
            TaHostMain.halt(TaHostMain.EXIT_PROTOCOL);
            return false;
        }
    }

    @Override
    protected boolean sharedWithClient(java.lang.foreign.MemorySegment buffer) {
        return link.regions().inClientMemory(buffer);
    }

    @Override
    public boolean unmaskCancellation() {
        boolean was = masked;
        masked = false;
        return was;
    }

    @Override
    public boolean maskCancellation() {
        boolean was = masked;
        masked = true;
        return was;
    }

    @Override
    public void await(long timeoutMillis) throws TeeException {
        link.await(timeoutMillis, () -> !masked);
    }

    @Override
    public TaSession openTaSession(UUID ta, long cancellationTimeoutMillis, Parameters params) throws TeeException {
        return HostTaSession.open(link, ta, cancellationTimeoutMillis, params);
    }

    /** {@code TEE_GetTAPersistentTime}: asked of the core (RPC GET_TA_TIME), which keeps the times. */
    @Override
    public TeeTime taPersistentTime() throws TeeException {
        Message.InvokeReply r = rpc(Rpc.GET_TA_TIME, new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0));
        if (r.result() != TeeResult.SUCCESS && r.result() != TeeResult.OVERFLOW) {
            throw new TeeException(r.result(), ReturnOrigin.TEE, "no TA persistent time");
        }
        TeeTime time = r.params().get(0) instanceof WireParam.Value v ? timeOf(v) : null;
        if (time == null) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the core sent no TA persistent time");
        }
        if (r.result() == TeeResult.OVERFLOW) {
            throw new TimeOverflowException(time);
        }
        return time;
    }

    /** {@code TEE_SetTAPersistentTime}: kept by the core (RPC SET_TA_TIME). */
    @Override
    public void setTaPersistentTime(TeeTime time) throws TeeException {
        Message.InvokeReply r = rpc(Rpc.SET_TA_TIME, new WireParam.Value(WireParam.VALUE_IN, time.seconds(), time.millis(), 0));
        if (r.result() != TeeResult.SUCCESS) {
            throw new TeeException(r.result(), ReturnOrigin.TEE, "the TA persistent time was not set");
        }
    }

    /**
     * The TA's unique key, derived by the core (RPC DERIVE_TA_UNIQUE_KEY), which alone holds the
     * HUK; {@link CallBase#deriveTaUniqueKey} has checked the sizes and the key's memory.
     */
    @Override
    protected byte[] deriveKey(byte[] extra, int keyBytes) throws TeeException {
        Message.InvokeReply r = rpc(Rpc.DERIVE_TA_UNIQUE_KEY, WireParams.of(
                new WireParam.TempMem(WireParam.TMEM_IN, false, extra.length, extra),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, keyBytes, new byte[0]), null, null));
        if (r.result() != TeeResult.SUCCESS) {
            throw new TeeException(r.result(), ReturnOrigin.TEE, "the core derived no key");
        }
        if (!(r.params().get(1) instanceof WireParam.TempMem key) || key.size() != keyBytes || key.data().length != keyBytes) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the core sent no key of " + keyBytes + " bytes");
        }
        return key.data();
    }

    private Message.InvokeReply rpc(int command, WireParam.Value slot) throws TeeException {
        return rpc(command, WireParams.of(slot, null, null, null));
    }

    private Message.InvokeReply rpc(int command, WireParams params) throws TeeException {
        Message.Reply r = link.call(new Message.RpcRequest(command, params));
        if (r instanceof Message.InvokeReply i) {
            return i;
        }
        throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the core answered " + Rpc.name(command)
                + " with " + org.jtee.protocol.Wire.typeName(r.type()));
    }

    private static TeeTime timeOf(WireParam.Value v) {
        return v.a() >= 0 && v.a() <= TeeTime.MAX_SECONDS && v.b() >= 0 && v.b() <= 999 ? new TeeTime(v.a(), (int) v.b()) : null;
    }

    @Override
    public Instant reeTime() throws TeeException {
        Message.Reply r = link.call(new Message.RpcRequest(Rpc.GET_TIME,
                WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null, null)));
        if (!(r instanceof Message.InvokeReply i) || i.result() != TeeResult.SUCCESS
                || !(i.params().get(0) instanceof WireParam.Value v)) {
            throw new TeeException(r.result() != TeeResult.SUCCESS ? r.result() : TeeResult.COMMUNICATION,
                    ReturnOrigin.TEE, "REE time is not available");
        }
        return Instant.ofEpochSecond(v.a(), v.b());
    }
}
