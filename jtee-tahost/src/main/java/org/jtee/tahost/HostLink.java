package org.jtee.tahost;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.os.ChildProcess;
import org.jtee.os.Poll;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;

/**
 * The TA host's side of the link while a call runs: requests to the core on behalf of the TA
 * (TA-to-TA calls, REE time), and the cancellation of the running call. Used only by the TA
 * thread, which is the link's only reader; so a CANCEL is noticed when the TA looks for one
 * ({@code TEE_GetCancellationFlag}, {@code TEE_Wait}) or waits for an answer of the core.
 */
final class HostLink {
    private final FrameChannel frames;
    private final UnixConnection socket;
    private final Set<HostTaSession> outgoing = new LinkedHashSet<>();
    private long nextRequestId = 1;
    /** The core's request id of the call running now; 0 between calls. */
    private long current;
    private boolean cancelled;

    HostLink(FrameChannel frames, UnixConnection socket) {
        this.frames = frames;
        this.socket = socket;
    }

    /** A call starts: it has not been cancelled yet. */
    <T> T begin(long requestId, T call) {
        current = requestId;
        cancelled = false;
        return call;
    }

    void end() {
        current = 0;
    }

    /** True if the core cancelled the running call; reads a waiting CANCEL without blocking. */
    boolean cancelled() throws IOException, ProtocolException {
        while (!cancelled && (frames.hasBufferedBytes() || Poll.readable(ChildProcess.LINK_FD, 0))) {
            handleUnsolicited(readFrame());
        }
        return cancelled;
    }

    /**
     * {@code TEE_Wait}: sleeps up to {@code timeoutMillis} ({@code < 0}: no limit); a CANCEL
     * ends it early when {@code cancellable}.
     */
    void await(long timeoutMillis, java.util.function.BooleanSupplier cancellable) throws TeeException {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                if (cancelled() && cancellable.getAsBoolean()) {
                    throw new TeeException(TeeResult.CANCEL, ReturnOrigin.TEE, "TEE_Wait cancelled by the client");
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

    /** Sends {@code request} to the core and waits for its reply, noting a CANCEL on the way. */
    Message.Reply call(Message request) throws TeeException {
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
        throw new ProtocolException("unexpected " + Wire.typeName(f.message().type()) + " while a call runs");
    }

    private static TeeException linkLost(Exception e) {
        System.err.println("jtee-host: link to the core failed: " + e.getMessage());
        TaHostMain.halt(TaHostMain.EXIT_PROTOCOL);
        return new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, e.getMessage());
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
