package org.jtee.tahost;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.os.ChildProcess;
import org.jtee.os.Poll;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Value;

/**
 * The TA host's side of the link while a call runs: requests to the core on behalf of the TA
 * (TA-to-TA calls, REE time), and the cancellation of the running call. Used only by the TA
 * thread, which is the link's only reader; so a CANCEL is noticed when the TA looks for one
 * ({@code TEE_GetCancellationFlag}, {@code TEE_Wait}) or waits for an answer of the core.
 */
final class HostLink {
    private final FrameChannel frames;
    private final HostRegions regions;
    private final Set<HostTaSession> outgoing = new LinkedHashSet<>();
    private long nextRequestId = 1;
    /** The core's request id of the call running now; 0 between calls. */
    private long current;
    /** The context of the open or invoke running now; null between them. */
    private CallBase call;
    private boolean cancelled;
    /** What must reach the core before any message the host sends it: the TA's deferred closes. */
    private Runnable beforeEachCall = () -> {};

    HostLink(FrameChannel frames, HostRegions regions) {
        this.frames = frames;
        this.regions = regions;
    }

    /** Runs {@code first} before each message {@link #call} sends (it may itself call). */
    void beforeEachCall(Runnable first) {
        this.beforeEachCall = first;
    }

    /** A call starts: it has not been cancelled yet. */
    <T> T begin(long requestId, T call) {
        current = requestId;
        cancelled = false;
        this.call = call instanceof CallBase c ? c : null;
        return call;
    }

    void end() {
        current = 0;
        call = null;
    }

    /** The context of the open or invoke running now, or null. */
    CallBase currentCall() {
        return call;
    }

    /** True if the core cancelled the running call; reads a waiting CANCEL without blocking. */
    boolean cancelled() throws IOException, ProtocolException {
        while (!cancelled && (frames.hasBufferedBytes() || Poll.readable(ChildProcess.LINK_FD, 0))) {
            handleUnsolicited(readFrame());
        }
        return cancelled;
    }

    /**
     * {@code TEE_Wait}: sleeps up to {@code timeoutMillis} ({@code < 0} or
     * {@link org.jtee.ta.Tee#TIMEOUT_INFINITE}: no limit); a CANCEL ends it early when
     * {@code cancellable}.
     */
    void await(long timeoutMillis, java.util.function.BooleanSupplier cancellable) throws TeeException {
        long deadline = timeoutMillis < 0 || timeoutMillis == org.jtee.ta.Tee.TIMEOUT_INFINITE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                if (cancelled() && cancellable.getAsBoolean()) {
                    throw new TeeException(TeeResult.CANCEL, ReturnOrigin.TEE, "TEE_Wait cancelled");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                int ms = deadline == Long.MAX_VALUE ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000));
                if (Poll.readable(ChildProcess.LINK_FD, ms)) {
                    handleUnsolicited(readFrame());
                }
            }
        } catch (IOException | ProtocolException e) {
            throw linkLost(e);
        }
    }

    /**
     * Sends {@code request} to the core and waits for its reply, noting a CANCEL on the way; first
     * sends what {@link #beforeEachCall} names (the TA's closes, which the core must see before
     * anything the TA does next: a TA-to-TA call, a time request, another storage call).
     */
    Message.Reply call(Message request) throws TeeException {
        beforeEachCall.run();
        long id = nextRequestId++;
        try {
            frames.write(id, request);
            while (true) {
                Frame f = readFrame();
                if (f.requestId() == id && f.message() instanceof Message.Reply r) {
                    return r;
                }
                handleUnsolicited(f);
            }
        } catch (IOException | ProtocolException e) {
            throw linkLost(e);
        }
    }

    /**
     * Sends the report of the TA's panic (TA_PANIC) and waits until the core has taken it (its
     * reply), so that the report is in the core's log before the host exits. Any failure is
     * ignored: the host exits with its panic status either way.
     */
    void reportPanic(String report) {
        long id = nextRequestId++;
        try {
            frames.write(id, new Message.PanicReport(report));
            Frame f;
            while ((f = frames.read()) != null) {
                if (f.requestId() == id && f.message() instanceof Message.Reply) {
                    return;
                }
                // a CANCEL or MAP_MEMORY for the call that is ending: nothing to do any more
            }
        } catch (IOException | ProtocolException | RuntimeException e) {
            System.err.println("jtee-host: could not report the panic to the core: " + e);
        }
    }

    private Frame readFrame() throws IOException, ProtocolException {
        Frame f = frames.read();
        if (f == null) {
            TaHostMain.halt(0); // the core is gone
        }
        Link.TA_HOST.checkFromCore(f.message());
        return f;
    }

    private void handleUnsolicited(Frame f) throws ProtocolException {
        if (f.message() instanceof Message.Cancel c) {
            if (c.targetRequestId() == current && current != 0) {
                cancelled = true;
            }
            return;
        }
        if (f.message() instanceof Message.MapMemory m) {
            regions.map(m);
            return;
        }
        throw new ProtocolException("unexpected " + Wire.typeName(f.message().type()) + " while a call runs");
    }

    private static TeeException linkLost(Exception e) {
        System.err.println("jtee-host: link to the core failed: " + e.getMessage());
        TaHostMain.halt(TaHostMain.EXIT_PROTOCOL);
        return new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, e.getMessage());
    }

    /**
     * The request slots of one of the TA's own calls: values as they are; the bytes of memory
     * references in this host's {@link HostRegions#SHARE} area (input copied in, output zeroed),
     * which the core copies once for the callee; null and empty references inline. Asks the core
     * for a larger area first if the references do not fit (SHARE_AREA).
     */
    WireParams toShare(Parameters params) throws TeeException {
        long need = 0;
        for (int i = 0; i < 4; i++) {
            if (params.get(i) instanceof MemoryReference m) {
                need += InlineParams.areaBytes(m);
            }
        }
        MemorySegment share = regions.region(HostRegions.SHARE);
        if (need > 0 && (share == null || share.byteSize() < need)) {
            Message.Reply r = call(new Message.ShareArea(need));
            share = regions.region(HostRegions.SHARE);
            if (r.result() != TeeResult.SUCCESS || share == null || share.byteSize() < need) {
                throw new TeeException(r.result() != TeeResult.SUCCESS ? r.result() : TeeResult.COMMUNICATION,
                        ReturnOrigin.TEE, "no shared area of " + need + " bytes for the memory references of a call to a TA");
            }
        }
        WireParam[] slots = new WireParam[4];
        long at = 0;
        for (int i = 0; i < 4; i++) {
            Object p = params.get(i);
            if (p instanceof Value v) {
                slots[i] = InlineParams.valueSlot(v);
            } else if (p instanceof MemoryReference m) {
                slots[i] = InlineParams.intoArea(m, share, at, HostRegions.SHARE);
                at += InlineParams.areaBytes(m);
            }
        }
        return WireParams.of(slots);
    }

    /**
     * Applies the core's reply to one of the TA's own calls: values, sizes, and the bytes the
     * callee wrote, from the {@link HostRegions#SHARE} area (or inline) into the TA's buffers.
     */
    void fromShare(Parameters params, WireParams request, WireParams reply) throws TeeException {
        try {
            InlineParams.applyAreaReply(params, request, reply, HostRegions.SHARE, regions.region(HostRegions.SHARE));
        } catch (ProtocolException e) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the core's " + e.getMessage());
        }
    }

    HostRegions regions() {
        return regions;
    }

    void opened(HostTaSession s) {
        outgoing.add(s);
    }

    void closed(HostTaSession s) {
        outgoing.remove(s);
    }

    /** Closes what the TA left open, before the instance is destroyed. */
    void closeOutgoing() {
        for (HostTaSession s : List.copyOf(outgoing)) {
            s.close();
        }
    }
}
