package org.jtee.core.ta;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.client.Operation;
import org.jtee.core.host.HostMemory;
import org.jtee.core.host.HostPool;
import org.jtee.core.host.TaHost;
import org.jtee.core.runtime.TaClocks;
import org.jtee.core.runtime.TaUniqueKeys;
import org.jtee.protocol.Details;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.StorageRpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Parameters;
import org.jtee.ta.TeeTime;
import org.jtee.ta.TimeOverflowException;
import org.jtee.tahost.TaInfo;

/**
 * A dynamic TA instance as the TA manager sees it: each entry point is a request to the instance's
 * own TA host, taken from the pool when the instance is constructed. Memory references travel in
 * memory the core and the host both map ({@link HostMemory}): a client's shared memory is mapped
 * into the host and the TA works on it in place; temporary references are copied once into the
 * host's arena. A client's fault on that memory (a file truncated under a copy, or under the TA)
 * is the client's error, {@code TEE_ERROR_BAD_PARAMETERS} with origin TEE, and the instance serves
 * on. A host that dies, is killed or breaks the protocol throws {@link TaHost.HostGone}, which
 * kills the instance.
 */
final class RemoteTa implements TaBackend {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /**
     * What a remote instance needs of the core.
     *
     * @param development a development core: hosts report the TA's error messages and panics
     *     (LOAD_TA's report flag), which the core logs
     */
    record Services(HostPool pool, String teeProperties, TaCalls taCalls, TaClocks clocks, TaUniqueKeys uniqueKeys,
            boolean development) {}

    private final UUID uuid;
    private final TaInfo info;
    private final byte[] jar;
    private final Services services;
    private final TaInstance instance;
    private final TaHost host;
    private int nextSessionId;

    private RemoteTa(UUID uuid, TaInfo info, byte[] jar, Services services, TaInstance instance, TaHost host) {
        this.uuid = uuid;
        this.info = info;
        this.jar = jar;
        this.services = services;
        this.instance = instance;
        this.host = host;
    }

    /**
     * The backend of a new instance: takes a booted host (or boots one) and ties the instance's
     * life to it, so that the host's exit kills an instance that has not ended.
     *
     * @throws TeeException {@code TEE_ERROR_TARGET_DEAD}, origin TEE, if no host can be had
     */
    static RemoteTa start(UUID uuid, TaInfo info, byte[] jar, Services services, TaInstance instance) throws TeeException {
        TaHost host;
        try {
            host = services.pool().take(uuid, info);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "no TA host for TA {0}: {1}", uuid, e.getMessage());
            throw new TeeException(TeeResult.TARGET_DEAD, ReturnOrigin.TEE, "no TA host for " + uuid + ": " + e.getMessage());
        }
        RemoteTa remote = new RemoteTa(uuid, info, jar, services, instance, host);
        host.onExit(() -> instance.die("its TA host " + host.pid() + " exited: " + host.exitDescription()));
        return remote;
    }

    @Override
    public void create(TaInstance ta, Operation op) throws TeeException {
        int stack = (int) Math.min(Integer.MAX_VALUE, Math.max(256L << 10, Integer.toUnsignedLong(info.stackSize()) * 64));
        Message.LoadTa load = new Message.LoadTa(uuid, stack, jar, services.teeProperties(), false, services.development());
        Message.Reply r = call(load, op);
        check(r, Wire.LOAD_TA);
        services.pool().prime(info, load);
        if (r.result() != TeeResult.SUCCESS) {
            throw new TeeException(r.result(), r.origin(), "TA " + uuid + " failed in its create entry point");
        }
    }

    @Override
    public Object openSession(Call c, Parameters params) throws TeeException {
        WireParams wire = host.memory().toHost(params, c.operation()::clientSlice);
        int id = ++nextSessionId;
        Message.Reply r = call(new Message.HostOpen(id, c.client().login(), c.client().uuid(), wire), c.operation());
        Message.OpenSessionReply o = (Message.OpenSessionReply) check(r, Wire.HOST_OPEN);
        try {
            apply(params, wire, o.params());
        } catch (TeeException e) {
            if (o.result() == TeeResult.SUCCESS) {
                closeSession(id, c.operation()); // the client cannot have it: close it in the host
            }
            throw e;
        }
        if (o.result() != TeeResult.SUCCESS) {
            throw new TeeException(o.result(), o.origin(), taMessage(o.origin(), o.detail(), "TA " + uuid + " refused the session"));
        }
        return id;
    }

    @Override
    public void invokeCommand(Object session, Call c, int commandId, Parameters params) throws TeeException {
        WireParams wire = host.memory().toHost(params, c.operation()::clientSlice);
        Message.Reply r = call(new Message.Invoke((Integer) session, commandId, wire), c.operation());
        Message.InvokeReply i = (Message.InvokeReply) check(r, Wire.INVOKE);
        apply(params, wire, i.params());
        if (i.result() != TeeResult.SUCCESS) {
            throw new TeeException(i.result(), i.origin(), taMessage(i.origin(), i.detail(),
                    "command " + commandId + " of TA " + uuid + " failed"));
        }
    }

    /**
     * The TA's own message for a failed entry, as its host reported it on a development core
     * (untrusted text, made one line); else {@code otherwise}.
     */
    private String taMessage(int origin, String detail, String otherwise) {
        return services.development() && origin == ReturnOrigin.TRUSTED_APP && detail != null ? Details.oneLine(detail) : otherwise;
    }

    @Override
    public void closeSession(Object session, Operation op) {
        check(call(new Message.CloseSession((Integer) session), op), Wire.CLOSE_SESSION);
    }

    @Override
    public void destroy(Operation op) {
        check(call(new Message.Destroy(), op), Wire.DESTROY);
    }

    @Override
    public boolean inHost() {
        return true;
    }

    /** Ends the host, unless the destroy entry ran: then the host ends by itself. */
    @Override
    public void release(String why, boolean destroyed) {
        host.retire();
        if (!destroyed) {
            host.kill(why);
        }
    }

    private Message.Reply call(Message request, Operation op) {
        return host.call(request, op, m -> serve(m, op));
    }

    /**
     * The TA's own requests: TA-to-TA calls (their memory references in the host's share area,
     * which the core copies once for the callee), areas for them, REE time, the TA's persistent
     * time, its unique keys and its persistent objects.
     */
    private Message serve(Message m, Operation op) throws ProtocolException {
        if (m instanceof Message.PanicReport p) {
            return panicked(p.report());
        }
        if (m instanceof Message.RpcRequest rpc) {
            return switch (rpc.command()) {
                case Rpc.GET_TIME -> reeTime();
                case Rpc.GET_TA_TIME -> taTime();
                case Rpc.SET_TA_TIME -> setTaTime(rpc.params());
                case Rpc.DERIVE_TA_UNIQUE_KEY -> uniqueKey(rpc.params());
                case Rpc.STORAGE -> storage(rpc.params());
                default -> rpcReply(TeeResult.NOT_SUPPORTED, WireParams.EMPTY);
            };
        }
        HostMemory memory = host.memory();
        if (m instanceof Message.ShareArea a) {
            return memory.shareArea(a.bytes());
        }
        if (m instanceof Message.TaOpenSession o) {
            Message r = services.taCalls().serve(instance, new Message.TaOpenSession(o.timeoutMillis(), o.ta(),
                    memory.fromShare(o.params())), op);
            return r instanceof Message.OpenSessionReply or ? new Message.OpenSessionReply(or.type(), or.result(),
                    or.origin(), or.sessionId(), memory.toShare(o.params(), or.params())) : r;
        }
        if (m instanceof Message.TaInvoke i) {
            Message r = services.taCalls().serve(instance, new Message.TaInvoke(i.timeoutMillis(), i.sessionId(),
                    i.commandId(), memory.fromShare(i.params())), op);
            return r instanceof Message.InvokeReply ir ? new Message.InvokeReply(ir.type(), ir.result(), ir.origin(),
                    memory.toShare(i.params(), ir.params())) : r;
        }
        return services.taCalls().serve(instance, m, op);
    }

    /**
     * TA_PANIC: the stack trace of what the TA threw, logged whole on a development core (its
     * host sends one only then; the lines are the TA's, each indented so none passes for a log
     * line of its own). The host exits after the reply, and the instance dies of it.
     */
    private Message panicked(String report) {
        if (services.development()) {
            LOG.log(Level.WARNING, "TA {0} panicked in TA host {1}:\n{2}", uuid, Long.toString(host.pid()),
                    Details.lines(report, "    "));
        }
        return new Message.StatusReply(Wire.TA_PANIC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE);
    }

    private Message reeTime() {
        try {
            Instant now = services.clocks().ree().now();
            return rpcReply(TeeResult.SUCCESS, valueOut(now.getEpochSecond(), now.getNano()));
        } catch (TeeException e) {
            return rpcReply(e.result(), WireParams.EMPTY);
        }
    }

    /** GET_TA_TIME: the time in [0], also with {@code TEE_ERROR_OVERFLOW} (wrapped), as GP fills it in. */
    private Message taTime() {
        try {
            TeeTime t = services.clocks().taTime().get(uuid);
            return rpcReply(TeeResult.SUCCESS, valueOut(t.seconds(), t.millis()));
        } catch (TimeOverflowException e) {
            return rpcReply(e.result(), valueOut(e.time().seconds(), e.time().millis()));
        } catch (TeeException e) {
            return rpcReply(e.result(), WireParams.EMPTY);
        }
    }

    private Message setTaTime(WireParams params) {
        if (!(params.get(0) instanceof WireParam.Value v) || v.type() != WireParam.VALUE_IN
                || v.a() < 0 || v.a() > TeeTime.MAX_SECONDS || v.b() < 0 || v.b() > 999) {
            return rpcReply(TeeResult.BAD_PARAMETERS, WireParams.EMPTY);
        }
        try {
            services.clocks().taTime().set(uuid, new TeeTime(v.a(), (int) v.b()));
            return rpcReply(TeeResult.SUCCESS, WireParams.EMPTY);
        } catch (TeeException e) {
            return rpcReply(e.result(), WireParams.EMPTY);
        }
    }

    /** DERIVE_TA_UNIQUE_KEY: [0] TMEM_IN the extra data, [1] TMEM_OUT of the key's size; the key back in [1]. */
    private Message uniqueKey(WireParams params) {
        if (!(params.get(0) instanceof WireParam.TempMem extra) || extra.type() != WireParam.TMEM_IN
                || !(params.get(1) instanceof WireParam.TempMem key) || key.type() != WireParam.TMEM_OUT
                || params.get(2).type() != WireParam.NONE || params.get(3).type() != WireParam.NONE) {
            return rpcReply(TeeResult.BAD_PARAMETERS, WireParams.EMPTY);
        }
        try {
            byte[] k = services.uniqueKeys().derive(uuid, extra.data(), (int) Math.min(key.size(), Integer.MAX_VALUE));
            return rpcReply(TeeResult.SUCCESS, WireParams.of(null, new WireParam.TempMem(WireParam.TMEM_OUT, false, k.length, k),
                    null, null));
        } catch (TeeException e) {
            return rpcReply(e.result(), WireParams.EMPTY);
        }
    }

    /**
     * STORAGE: [0] TMEM_IN the request, [1] TMEM_OUT for the reply, which comes back in [1]; the
     * objects are this instance's TA's. The request's data is a copy in the frame, never memory the
     * client can reach.
     */
    private Message storage(WireParams params) {
        if (!(params.get(0) instanceof WireParam.TempMem request) || request.type() != WireParam.TMEM_IN
                || !(params.get(1) instanceof WireParam.TempMem out) || out.type() != WireParam.TMEM_OUT
                || params.get(2).type() != WireParam.NONE || params.get(3).type() != WireParam.NONE) {
            return rpcReply(TeeResult.BAD_PARAMETERS, WireParams.EMPTY);
        }
        StorageRpc.Request decoded;
        try {
            decoded = StorageRpc.decodeRequest(request.data());
        } catch (ProtocolException e) {
            LOG.log(Level.DEBUG, "TA {0} sent a storage request that does not decode: {1}", uuid, e.getMessage());
            return rpcReply(TeeResult.BAD_PARAMETERS, WireParams.EMPTY);
        } finally {
            java.util.Arrays.fill(request.data(), (byte) 0);
        }
        byte[] reply;
        try {
            reply = StorageRpc.encode(instance.storage().serve(decoded));
        } finally {
            StorageRpc.wipe(decoded);
        }
        return rpcReply(TeeResult.SUCCESS, WireParams.of(null, new WireParam.TempMem(WireParam.TMEM_OUT, false, reply.length,
                reply), null, null));
    }

    private static WireParams valueOut(long a, long b) {
        return WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, a, b, 0), null, null, null);
    }

    private static Message rpcReply(int result, WireParams params) {
        return new Message.InvokeReply(Wire.RPC | Wire.REPLY, result, ReturnOrigin.TEE, params);
    }

    private Message.Reply check(Message.Reply r, int requestType) {
        if ((r.type() & ~Wire.REPLY) != requestType) {
            host.kill("answered " + Wire.typeName(requestType) + " with " + Wire.typeName(r.type()));
            throw new TaHost.HostGone("TA host " + host.pid() + " broke the protocol");
        }
        return r;
    }

    /**
     * Applies the host's reply to the client's parameters.
     *
     * @throws TeeException if the client's own memory cannot take it (the client's fault)
     * @throws TaHost.HostGone if the reply does not fit the request (the host's fault)
     */
    private void apply(Parameters params, WireParams request, WireParams reply) throws TeeException {
        try {
            host.memory().applyReply(params, request, reply);
        } catch (ProtocolException e) {
            host.kill(e.getMessage());
            throw new TaHost.HostGone("TA host " + host.pid() + " broke the protocol: " + e.getMessage());
        }
    }
}
