package org.jtee.tahost;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.jtee.ta.TaPanic;
import org.jtee.ta.Tee;

/**
 * The TA host's {@link StorageChannel}: each request of the TA's persistent objects goes to the
 * core in the RPC {@link Rpc#STORAGE}, a copy inline in the frame, and the core's storage layer
 * answers for this host's TA. Only the TA thread, the link's one reader, may send; another
 * thread of the TA gets {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}.
 *
 * <p>A round trip to the core costs more than anything the TA does with a small object, so the
 * channel saves them: an open asks for {@link #READ_AHEAD_BYTES} of the data ahead (OPEN_READ),
 * and a {@code TEE_CloseObject} is not sent at once but with the host's next message to the core:
 * inside the next OPEN_READ ({@code closeFirst}), else as a CLOSE_MANY before any other message
 * ({@link HostLink#call} asks {@link #flushCloses} first), and at the latest before the entry
 * point's reply ({@link TaHostLoop}). So every other instance and client sees the close by the
 * time the call that made it returns, and an open never finds the instance's bound of handles
 * taken by closed ones. A close the core refuses with anything but
 * {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} panics the TA when it is sent — for closes inside an
 * OPEN_READ, as that open's {@code TEE_ERROR_BAD_PARAMETERS}, which panics too.
 */
final class HostStorage implements StorageChannel {
    /** How much of an object's data an open asks the core for: 16 KiB, most small objects whole. */
    static final int READ_AHEAD_BYTES = 16 << 10;

    private final HostLink link;
    private volatile Thread taThread;
    /** Handles the TA closed that the core has not been told of; the TA thread's alone. */
    private final List<Integer> closes = new ArrayList<>();

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
        if (request instanceof StorageRpc.OpenRead o && !closes.isEmpty()) {
            return send(o.closingFirst(takeCloses()));
        }
        flushCloses();
        return send(request);
    }

    /**
     * Queues the close for the next message to the core; from another thread than the TA's it is
     * dropped, as a CLOSE from there would fail with {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}, which
     * a close ignores (the core releases the handle when the instance ends).
     */
    @Override
    public void closeLater(int handle) {
        if (Thread.currentThread() != taThread) {
            return;
        }
        closes.add(handle);
        if (closes.size() == StorageRpc.MAX_CLOSES) {
            flushCloses();
        }
    }

    @Override
    public int readAheadBytes() {
        return READ_AHEAD_BYTES;
    }

    /**
     * Sends the closes queued since the host's last message to the core, in one CLOSE_MANY; none
     * queued, or another thread than the TA's: nothing.
     *
     * @throws TaPanic if the core refuses them with anything but {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     */
    void flushCloses() {
        if (closes.isEmpty() || Thread.currentThread() != taThread) {
            return;
        }
        int[] handles = takeCloses();
        StorageRpc.Reply r;
        try {
            r = send(new StorageRpc.CloseMany(handles));
        } catch (TeeException e) {
            r = new StorageRpc.Failed(e.result(), false);
        }
        if (r instanceof StorageRpc.Failed f && f.result() != TeeResult.STORAGE_NOT_AVAILABLE) {
            throw new TaPanic(f.result(), "TEE_CloseObject: the core refused to close handles " + Arrays.toString(handles));
        }
    }

    private int[] takeCloses() {
        int[] handles = closes.stream().mapToInt(Integer::intValue).toArray();
        closes.clear();
        return handles;
    }

    /** One STORAGE RPC: {@code request} out, the reply back. */
    private StorageRpc.Reply send(StorageRpc.Request request) throws TeeException {
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
