package org.jtee.core.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaContext;
import org.jtee.ta.TrustedApplication;

/**
 * A dynamic TA instance as the TA manager sees it: each entry point is a request to the instance's
 * own TA host. Parameters are copied in and out ({@link InlineParams}); the host never sees a
 * client's shared memory. A host that dies, is killed or breaks the protocol throws
 * {@link TaHost.HostGone}, which the TA manager treats as a panic of the instance.
 */
final class RemoteTa implements TrustedApplication<Object> {
    /** What a remote instance needs of the core. */
    record Services(HostPool pool, String teeProperties, TaCalls taCalls, ReeClock reeClock, TaManager manager) {}

    private final UUID uuid;
    private final TaInfo info;
    private final byte[] jar;
    private final Services services;
    private TaInstance instance;
    private TaHost host;
    private int nextSessionId;

    RemoteTa(UUID uuid, TaInfo info, byte[] jar, Services services) {
        this.uuid = uuid;
        this.info = info;
        this.jar = jar;
        this.services = services;
    }

    @Override
    public void create(TaContext ta) throws TeeException {
        instance = (TaInstance) ta;
        try {
            host = services.pool().take(info);
        } catch (IOException e) {
            throw new TaHost.HostGone("no TA host for " + uuid + ": " + e.getMessage());
        }
        TaInstance self = instance;
        host.process().onExit().thenRun(() -> services.manager().hostExited(self));
        int stack = (int) Math.min(Integer.MAX_VALUE, Math.max(256L << 10, Integer.toUnsignedLong(info.stackSize()) * 64));
        Message.Reply r = call(new Message.LoadTa(uuid, stack, jar, services.teeProperties()), Operation.current());
        check(r, Wire.LOAD_TA);
        if (r.result() != TeeResult.SUCCESS) {
            throw new TeeException(r.result(), r.origin(), "TA " + uuid + " failed in its create entry point");
        }
    }

    @Override
    public Object openSession(CallContext call, Parameters params) throws TeeException {
        Call c = (Call) call;
        int id = ++nextSessionId;
        WireParams wire = InlineParams.toWire(params);
        Message.Reply r = call(new Message.HostOpen(id, c.client().login(), c.client().uuid(), wire), c.operation());
        Message.OpenSessionReply o = (Message.OpenSessionReply) check(r, Wire.HOST_OPEN);
        apply(params, o.params());
        if (o.result() != TeeResult.SUCCESS) {
            throw new TeeException(o.result(), o.origin(), "TA " + uuid + " refused the session");
        }
        return id;
    }

    @Override
    public void invokeCommand(Object session, CallContext call, int commandId, Parameters params) throws TeeException {
        Message.Reply r = call(new Message.Invoke((Integer) session, commandId, InlineParams.toWire(params)), ((Call) call).operation());
        Message.InvokeReply i = (Message.InvokeReply) check(r, Wire.INVOKE);
        apply(params, i.params());
        if (i.result() != TeeResult.SUCCESS) {
            throw new TeeException(i.result(), i.origin(), "command " + commandId + " of TA " + uuid + " failed");
        }
    }

    @Override
    public void closeSession(Object session) {
        check(call(new Message.CloseSession((Integer) session), null), Wire.CLOSE_SESSION);
    }

    @Override
    public void destroy() {
        check(call(new Message.Destroy(), null), Wire.DESTROY);
    }

    /** Ends the host, if this instance got one. */
    void kill(String why) {
        if (host != null) {
            host.kill(why);
        }
    }

    private Message.Reply call(Message request, Operation op) {
        return host.call(request, op, m -> serve(m, op));
    }

    /** The TA's own requests: TA-to-TA calls and REE time. */
    private Message serve(Message m, Operation op) throws ProtocolException {
        if (m instanceof Message.RpcRequest rpc) {
            return rpc.command() == Rpc.GET_TIME ? reeTime()
                    : new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, WireParams.EMPTY);
        }
        return services.taCalls().serve(instance, m, op);
    }

    private Message reeTime() {
        try {
            Instant now = services.reeClock().now();
            return new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE, WireParams.of(
                    new WireParam.Value(WireParam.VALUE_OUT, now.getEpochSecond(), now.getNano(), 0), null, null, null));
        } catch (TeeException e) {
            return new Message.InvokeReply(Wire.RPC | Wire.REPLY, e.result(), ReturnOrigin.TEE, WireParams.EMPTY);
        }
    }

    private Message.Reply check(Message.Reply r, int requestType) {
        if ((r.type() & ~Wire.REPLY) != requestType) {
            host.kill("answered " + Wire.typeName(requestType) + " with " + Wire.typeName(r.type()));
            throw new TaHost.HostGone("TA host " + host.pid() + " broke the protocol");
        }
        return r;
    }

    private void apply(Parameters params, WireParams reply) {
        try {
            InlineParams.applyReply(params, reply);
        } catch (ProtocolException e) {
            host.kill(e.getMessage());
            throw new TaHost.HostGone("TA host " + host.pid() + " broke the protocol: " + e.getMessage());
        }
    }
}
