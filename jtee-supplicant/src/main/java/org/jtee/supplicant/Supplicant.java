package org.jtee.supplicant;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Frame;
import org.jtee.protocol.Details;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Handshake;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;

/**
 * The normal-world daemon that serves the core's RPCs. The core starts it as a child process and
 * holds the other ends of its standard input and output, which are the link: there is no socket
 * that another process could connect to. It says HELLO, then answers each RPC on a virtual
 * thread of its own, so a slow request (file I/O) never holds up another. Unknown commands get
 * {@code TEE_ERROR_NOT_SUPPORTED}.
 */
public final class Supplicant implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.supplicant");

    private final FrameChannel frames;
    /** The protocol version agreed with the core: 2 lets a failed RPC's reply say why (its detail). */
    private final int version;
    private final Map<Integer, RpcService> services = new HashMap<>();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    private Supplicant(FrameChannel frames, List<RpcService> services, int version) {
        this.frames = frames;
        this.version = version;
        for (RpcService s : services) {
            this.services.put(s.command(), s);
        }
    }

    /** The services a supplicant offers today, with no TA directory. */
    public static List<RpcService> defaultServices() {
        return defaultServices(List.of());
    }

    /** The services a supplicant offers today, serving TA images from {@code taDirectories}. */
    public static List<RpcService> defaultServices(List<Path> taDirectories) {
        return defaultServices(taDirectories, null);
    }

    /**
     * The services a supplicant offers, serving TA images from {@code taDirectories} and, when
     * {@code storageDirectory} is not null, secure storage's files ({@link FsService}) and the
     * emulated RPMB device ({@link RpmbService}, default geometry) in that directory.
     */
    public static List<RpcService> defaultServices(List<Path> taDirectories, Path storageDirectory) {
        List<RpcService> services = new ArrayList<>(List.of(new TimeService(Clock.systemUTC()), new TaStoreService(taDirectories)));
        if (storageDirectory != null) {
            services.add(new FsService(storageDirectory));
            services.add(new RpmbService(storageDirectory, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C));
        }
        return List.copyOf(services);
    }

    /**
     * Completes the HELLO exchange with the core on {@code link} (the supplicant process's
     * standard input and output, or an in-memory channel in tests).
     */
    public static Supplicant open(ByteChannel link, List<RpcService> services) throws IOException {
        try {
            FrameChannel frames = new FrameChannel(link);
            return new Supplicant(frames, services, Handshake.initiate(frames, Link.SUPPLICANT).version());
        } catch (Handshake.Refused e) {
            link.close();
            throw new IOException(e.getMessage(), e);
        } catch (IOException | ProtocolException | RuntimeException e) {
            link.close();
            throw e instanceof IOException io ? io : new IOException("HELLO with the core failed: " + e.getMessage(), e);
        }
    }

    /** Serves RPCs until the core closes the link. */
    public void serve() throws IOException {
        try {
            Frame f;
            while ((f = frames.read()) != null) {
                Link.SUPPLICANT.checkFromCore(f.message());
                if (!(f.message() instanceof Message.RpcRequest rpc)) {
                    throw new ProtocolException("the core may only send RPC requests, got " + Wire.typeName(f.message().type()));
                }
                long id = f.requestId();
                handlers.execute(() -> answer(id, rpc));
            }
        } catch (ProtocolException e) {
            throw new IOException("protocol error from the core: " + e.getMessage(), e);
        } finally {
            close();
        }
    }

    private void answer(long id, Message.RpcRequest rpc) {
        Message.InvokeReply reply;
        RpcService service = services.get(rpc.command());
        try {
            if (service == null) {
                throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "no service for " + Rpc.name(rpc.command()));
            }
            reply = new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE, service.serve(rpc.params()));
        } catch (TeeException e) {
            LOG.log(Level.DEBUG, "{0} failed: {1}", Rpc.name(rpc.command()), e.getMessage());
            reply = new Message.InvokeReply(Wire.RPC | Wire.REPLY, e.result(), e.origin(), WireParams.EMPTY,
                    version >= 2 ? Details.bounded(e.reason()) : null);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, Rpc.name(rpc.command()) + " failed", e);
            reply = new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.GENERIC, ReturnOrigin.TEE, WireParams.EMPTY);
        }
        try {
            frames.write(id, reply);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "reply to the core failed: {0}", e.toString());
        }
    }

    /** Stops serving, and closes the services that hold files open. */
    @Override
    public void close() {
        handlers.shutdown();
        for (RpcService s : services.values()) {
            if (s instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        }
        try {
            frames.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the link: {0}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing a service: {0}", e.toString());
        }
    }
}
