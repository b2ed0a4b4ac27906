package org.jtee.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Codec;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParams;
import org.jtee.supplicant.FsService;
import org.jtee.supplicant.RpmbService;

/**
 * For tests: the supplicant's storage services in this JVM ({@code FsService} and
 * {@code RpmbService}) over a directory, as a {@link SupplicantCalls}. Each request and each reply goes through the wire codec, as over the
 * real link, so a test sees what the core would; errors come back as the core's
 * {@code SupplicantLink.call} throws them. Faults a test can cause: the supplicant going away
 * ({@link #setAvailable}), a supplicant restart ({@link #restart}), and anything done to the
 * files under {@link #root()}.
 *
 * <pre>
 * try (LocalSupplicant supplicant = LocalSupplicant.open(tempDir)) {
 *     ReeFiles files = supplicant.reeFiles();
 *     RpmbBlocks rpmb = supplicant.rpmbBlocks(key, 0);
 *     ...
 * }
 * </pre>
 */
public final class LocalSupplicant implements SupplicantCalls, AutoCloseable {
    private final Path root;
    private final int rpmbSizeMult;
    private final int rpmbRelWrSecC;
    private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile FsService fs;
    private volatile RpmbService rpmb;
    private volatile boolean available = true;

    private LocalSupplicant(Path root, int rpmbSizeMult, int rpmbRelWrSecC) {
        this.root = root;
        this.rpmbSizeMult = rpmbSizeMult;
        this.rpmbRelWrSecC = rpmbRelWrSecC;
        start();
    }

    /** The storage services over {@code root} (created when first used), the RPMB device of the default geometry. */
    public static LocalSupplicant open(Path root) {
        return open(root, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
    }

    /**
     * The storage services over {@code root}, an RPMB device made with {@code rpmbSizeMult} ×
     * 128 KiB and {@code rpmbRelWrSecC} sectors (2 blocks each) per write if it does not exist.
     */
    public static LocalSupplicant open(Path root, int rpmbSizeMult, int rpmbRelWrSecC) {
        return new LocalSupplicant(root, rpmbSizeMult, rpmbRelWrSecC);
    }

    /** The storage directory the services use. */
    public Path root() {
        return root;
    }

    /** The REE files of the whole directory, over this supplicant. */
    public ReeFiles reeFiles() {
        return new RpcReeFiles(this);
    }

    /** The emulated RPMB device, over this supplicant. */
    public RpmbDevice rpmbDevice() {
        return new RpcRpmbDevice(this);
    }

    /** The RPMB device as authenticated blocks ({@link RpmbClient}); the caller closes it. */
    public RpmbClient rpmbBlocks(byte[] key, long expectedMinimumCounter) {
        return new RpmbClient(rpmbDevice(), key, expectedMinimumCounter);
    }

    /** The RPMB device's image file (see {@code docs/storage-rpc.md}). */
    public Path rpmbImage() {
        return root.resolve("rpmb_device.img");
    }

    /**
     * One RPC, encoded and decoded as on the wire.
     *
     * @throws TeeException the service's error (origin TEE), {@code TEE_ERROR_NOT_SUPPORTED} for a
     *     command no service serves, {@code TEE_ERROR_COMMUNICATION} while not available
     */
    @Override
    public WireParams call(int command, WireParams params) throws TeeException {
        if (!available) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "no supplicant is connected for RPC " + Rpc.name(command));
        }
        counts.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
        WireParams request = overTheWire(new Message.RpcRequest(command, params)).params();
        WireParams reply;
        try {
            reply = serve(command, request);
        } catch (TeeException e) {
            throw new TeeException(e.result(), ReturnOrigin.TEE, "supplicant failed RPC " + Rpc.name(command) + " with "
                    + TeeResult.name(e.result()) + ": " + e.getMessage());
        }
        Message.InvokeReply r = overTheWire(new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE, reply));
        return r.params();
    }

    private WireParams serve(int command, WireParams request) throws TeeException {
        if (command == Rpc.FS) {
            return fs.serve(request);
        }
        if (command == Rpc.RPMB) {
            return rpmb.serve(request);
        }
        throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "no service for " + Rpc.name(command));
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M overTheWire(M message) {
        try {
            return (M) Codec.decode(Codec.encode(1, message)).message();
        } catch (ProtocolException e) {
            throw new IllegalStateException("the codec refused its own encoding: " + e.getMessage(), e);
        }
    }

    /** While false, every call fails with {@code TEE_ERROR_COMMUNICATION}, as with no supplicant connected. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** New service instances over the same directory, as after the supplicant process restarted. */
    public void restart() {
        stop();
        start();
    }

    /** How many calls of {@code command} reached the services. */
    public int calls(int command) {
        AtomicInteger n = counts.get(command);
        return n == null ? 0 : n.get();
    }

    private void start() {
        fs = new FsService(root);
        rpmb = new RpmbService(root, rpmbSizeMult, rpmbRelWrSecC);
    }

    private void stop() {
        fs.close();
        rpmb.close();
    }

    @Override
    public void close() {
        stop();
    }
}
