package org.jtee.tahost;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.spi.StorageChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.StorageRpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Tee;

/**
 * The TA host's {@link StorageChannel}: each request of the TA's persistent objects goes to the
 * core in the RPC {@link Rpc#STORAGE}, a copy inline in the frame, and the core's storage layer
 * answers for this host's TA. Only the TA thread, the link's one reader, may send; another
 * thread of the TA gets {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}.
 */
final class HostStorage implements StorageChannel {
    private final HostLink link;
    private volatile Thread taThread;

    HostStorage(HostLink link) {
        this.link = link;
    }

    /** The thread that runs the TA, and alone may use the link. */
    void servedBy(Thread thread) {
        this.taThread = thread;
    }

    @Override
    public StorageRpc.Reply call(StorageRpc.Request request) throws TeeException {
        if (Thread.currentThread() != taThread) {
            throw new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE,
                    "persistent objects are reached from the TA's thread only");
        }
        byte[] bytes = StorageRpc.encode(request);
        Message.Reply r;
        try {
            r = link.call(new Message.RpcRequest(Rpc.STORAGE, WireParams.of(
                    new WireParam.TempMem(WireParam.TMEM_IN, false, bytes.length, bytes),
                    new WireParam.TempMem(WireParam.TMEM_OUT, false, StorageRpc.MAX_MESSAGE_BYTES, new byte[0]), null, null)));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        if (!(r instanceof Message.InvokeReply i) || i.result() != TeeResult.SUCCESS
                || !(i.params().get(1) instanceof WireParam.TempMem out)) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the core answered no storage reply: "
                    + TeeResult.name(r.result()));
        }
        try {
            return StorageRpc.decodeReply(out.data());
        } catch (ProtocolException e) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the core's storage reply: " + e.getMessage());
        } finally {
            Arrays.fill(out.data(), (byte) 0);
        }
    }

    /**
     * The TA's own memory, by the rule of the running call's {@code checkMemoryAccessRights}
     * (no parameter's buffer, no client memory); between calls (create, close, destroy entries),
     * anything but client memory mapped into the host.
     */
    @Override
    public void checkPrivate(MemorySegment buffer) throws TeeException {
        CallBase call = link.currentCall();
        if (call != null) {
            call.checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ, buffer);
        } else if (link.regions().inClientMemory(buffer)) {
            throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, "the buffer is the client's shared memory");
        }
    }
}
