package org.jtee.core.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.os.Hardening;
import org.jtee.os.UnixConnection;
import org.jtee.os.UnixServerSocket;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * The core's end of the supplicant link: a socket in the core's private state directory that
 * accepts one supplicant at a time, run by the core's own user. The core sends RPC requests and
 * waits for their replies; whatever the supplicant answers is untrusted input.
 */
public final class SupplicantLink implements ReeClock, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    private static final long RPC_TIMEOUT_MILLIS = 10_000;

    private final UnixServerSocket server;
    private final Map<Long, CompletableFuture<Message.InvokeReply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private volatile FrameChannel current;
    private volatile boolean closed;

    private SupplicantLink(UnixServerSocket server) {
        this.server = server;
    }

    /** Binds {@code socket} and starts accepting supplicants. */
    public static SupplicantLink open(Path socket) throws IOException {
        SupplicantLink link = new SupplicantLink(UnixServerSocket.bind(socket, 4));
        Thread.ofPlatform().daemon().name("jtee-supplicant-accept").start(link::acceptLoop);
        return link;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                UnixConnection c = server.accept();
                Thread.ofPlatform().daemon().name("jtee-supplicant-reader").start(() -> serve(c));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "supplicant accept failed: {0}", e.getMessage());
            }
        }
    }

    private void serve(UnixConnection socket) {
        FrameChannel frames = new FrameChannel(socket);
        try (socket) {
            if (socket.peer().uid() != Hardening.uid()) {
                LOG.log(Level.WARNING, "refused a supplicant of uid {0}: only uid {1} may serve this core",
                        socket.peer().uid(), Hardening.uid());
                return;
            }
            if (!greet(frames, socket.peer().pid())) {
                return;
            }
            readReplies(frames);
        } catch (IOException | ProtocolException e) {
            LOG.log(Level.WARNING, "supplicant link lost: {0}", e.getMessage());
        } finally {
            if (current == frames) {
                current = null;
                failPending("the supplicant disconnected");
            }
        }
    }

    private boolean greet(FrameChannel frames, long pid) throws IOException, ProtocolException {
        Frame f = frames.read();
        if (f == null || !(f.message() instanceof Message.Hello h) || h.role() != Wire.ROLE_SUPPLICANT) {
            throw new ProtocolException("a supplicant must start with a supplicant HELLO");
        }
        if (h.minVersion() > Wire.VERSION || h.maxVersion() < Wire.VERSION) {
            frames.write(f.requestId(), new Message.HelloReply(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, Wire.VERSION, Wire.MAX_FRAME_BYTES));
            throw new ProtocolException("no common protocol version: supplicant " + h.minVersion() + ".." + h.maxVersion());
        }
        synchronized (this) {
            if (current != null) {
                frames.write(f.requestId(), new Message.HelloReply(TeeResult.BUSY, ReturnOrigin.TEE, Wire.VERSION, Wire.MAX_FRAME_BYTES));
                LOG.log(Level.WARNING, "refused a second supplicant (pid {0}): one is already connected", pid);
                return false;
            }
            frames.write(f.requestId(), new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, Wire.VERSION, Wire.MAX_FRAME_BYTES));
            current = frames;
        }
        LOG.log(Level.INFO, "supplicant connected");
        return true;
    }

    private void readReplies(FrameChannel frames) throws IOException, ProtocolException {
        Frame f;
        while ((f = frames.read()) != null) {
            if (!(f.message() instanceof Message.InvokeReply r) || r.type() != (Wire.RPC | Wire.REPLY)) {
                throw new ProtocolException("a supplicant may only send RPC replies, got " + Wire.typeName(f.message().type()));
            }
            CompletableFuture<Message.InvokeReply> waiter = pending.remove(f.requestId());
            if (waiter == null) {
                throw new ProtocolException("RPC reply for unknown request " + f.requestId());
            }
            waiter.complete(r);
        }
    }

    private void failPending(String why) {
        for (CompletableFuture<Message.InvokeReply> f : pending.values()) {
            f.completeExceptionally(new IOException(why));
        }
        pending.clear();
    }

    /**
     * Calls the supplicant.
     *
     * @return the reply's written-back parameters
     * @throws TeeException the supplicant's error, or {@code TEE_ERROR_COMMUNICATION} (origin TEE)
     *     when there is no supplicant or it does not answer in time
     */
    public WireParams call(int command, WireParams params) throws TeeException {
        FrameChannel frames = current;
        if (frames == null) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE,
                    "no supplicant is connected for RPC " + Rpc.name(command));
        }
        long id = nextId.incrementAndGet();
        CompletableFuture<Message.InvokeReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            frames.write(id, new Message.RpcRequest(command, params));
            Message.InvokeReply r = reply.get(RPC_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (r.result() != TeeResult.SUCCESS) {
                throw new TeeException(r.result(), ReturnOrigin.TEE, "supplicant failed RPC " + Rpc.name(command)
                        + " with " + TeeResult.name(r.result()));
            }
            return r.params();
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE,
                    "RPC " + Rpc.name(command) + " to the supplicant failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TeeException(TeeResult.CANCEL, ReturnOrigin.TEE, "interrupted waiting for the supplicant");
        } finally {
            pending.remove(id);
        }
    }

    /** GET_TIME: the REE's clock, checked for sanity (nanoseconds in range, seconds non-negative). */
    @Override
    public Instant now() throws TeeException {
        WireParams out = call(Rpc.GET_TIME, WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null, null));
        if (!(out.get(0) instanceof WireParam.Value v) || v.a() < 0 || v.b() < 0 || v.b() > 999_999_999L) {
            throw new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "supplicant returned a malformed time");
        }
        return Instant.ofEpochSecond(v.a(), v.b());
    }

    /** The largest TA image LOAD_TA fetches: what fits in one reply frame. */
    static final int MAX_IMAGE_BYTES = Wire.MAX_FRAME_BYTES - 1024;

    /**
     * LOAD_TA: the bytes of {@code <uuid>.ta} from the supplicant's TA directories, unverified.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} if no directory has it
     */
    public byte[] loadTa(java.util.UUID uuid) throws TeeException {
        WireParams out = call(Rpc.LOAD_TA, WireParams.of(
                new WireParam.Value(WireParam.VALUE_IN, uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), 0),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, MAX_IMAGE_BYTES, new byte[0]), null, null));
        if (!(out.get(1) instanceof WireParam.TempMem t) || t.size() != t.data().length) {
            throw new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "supplicant returned a malformed TA image reply");
        }
        return t.data();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the supplicant socket: {0}", e.toString());
        }
        FrameChannel c = current;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the supplicant link: {0}", e.toString());
            }
        }
    }
}
