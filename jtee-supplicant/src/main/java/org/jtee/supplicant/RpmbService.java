package org.jtee.supplicant;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.RpmbFrames;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * RPMB: an emulated eMMC RPMB partition, as OP-TEE's supplicant emulates one
 * ({@code tee-supplicant/src/rpmb.c} with {@code RPMB_EMU}), but kept in a file
 * ({@link RpmbImage}) whose every change is durable and atomic before it is answered, so the
 * device survives supplicant restarts and crashes. One device, {@code dev_id} 0.
 *
 * <pre>
 * [0] TMEM_IN    u16 cmd | u16 dev_id | u16 block_count (little-endian), then request frames
 * [1] TMEM_OUT   cmd 1 (device info): 19 bytes; cmd 0 (data): the response frames, 1 or the read's count
 * </pre>
 * A data request's frames all have one type (else {@code TEE_ERROR_BAD_PARAMETERS}):
 * <ul>
 * <li>1 key program, 1 frame → 1: the key from the MAC field; a second programming is a general
 *     failure. No MAC on the response.
 * <li>2 counter read, 1 frame → 1: the counter and the request's nonce, with a MAC.
 * <li>3 authenticated write, 1..2×rel_wr_sec_c frames → the result frame: the MAC over all
 *     frames is checked (else auth failure), then the request's counter against the device's
 *     (else counter failure: JEDEC's rule, which OP-TEE's emulation skips), then the block
 *     count and address; the counter goes up by one per write request.
 * <li>4 authenticated read, 1 frame → n: n blocks from the address, each frame with the nonce,
 *     the MAC in the last.
 * <li>5 result read, 1 frame → 1: the last key program's or write's result again.
 * </ul>
 * Before the key is programmed, everything but key programming answers
 * {@code KEY_NOT_PROGRAMMED} (7). Results are in the frames; the RPC itself fails only for a
 * malformed request ({@code TEE_ERROR_BAD_PARAMETERS}), another {@code dev_id}
 * ({@code TEE_ERROR_ITEM_NOT_FOUND}) or an image that cannot be opened
 * ({@code TEE_ERROR_GENERIC}, logged). Requests are served one at a time.
 */
public final class RpmbService implements RpcService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.supplicant");
    /** Default size: 16 × 128 KiB = 2 MiB, 8,192 blocks. */
    public static final int DEFAULT_SIZE_MULT = 16;
    /** Default reliable write: one 512-byte sector, two blocks per write (OP-TEE's emulation has 1 too). */
    public static final int DEFAULT_REL_WR_SEC_C = 1;

    private record LastOperation(int type, int result, int address) {}

    private final Path directory;
    private final RpmbImage.Geometry geometry;
    private final SecureRandom random = new SecureRandom();
    private RpmbImage image;
    private Mac mac;
    private LastOperation last;
    private boolean broken;

    /**
     * A device kept in {@code directory}/{@value RpmbImage#FILE_NAME}, made with {@code sizeMult}
     * × 128 KiB (1..128) and {@code relWrSecC} sectors per reliable write if it does not exist
     * yet; an existing one keeps its geometry. The file is opened at the first request.
     */
    public RpmbService(Path directory, int sizeMult, int relWrSecC) {
        this.directory = directory.toAbsolutePath().normalize();
        this.geometry = new RpmbImage.Geometry(sizeMult, relWrSecC);
    }

    @Override
    public int command() {
        return Rpc.RPMB;
    }

    @Override
    public synchronized WireParams serve(WireParams params) throws TeeException {
        if (!(params.get(0) instanceof WireParam.TempMem in) || in.type() != WireParam.TMEM_IN || in.data().length < RpmbFrames.HEADER_BYTES
                || !(params.get(1) instanceof WireParam.TempMem out) || out.type() != WireParam.TMEM_OUT) {
            throw bad("RPMB needs [0] TMEM_IN with the request header and [1] TMEM_OUT");
        }
        ByteBuffer header = ByteBuffer.wrap(in.data()).order(ByteOrder.LITTLE_ENDIAN);
        int cmd = Short.toUnsignedInt(header.getShort(0));
        int devId = Short.toUnsignedInt(header.getShort(2));
        if (devId != 0) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no RPMB device " + devId + ", only 0");
        }
        byte[] response = switch (cmd) {
            case RpmbFrames.CMD_GET_DEV_INFO -> deviceInfo(in.data().length, out.size());
            case RpmbFrames.CMD_DATA_REQUEST -> dataRequest(Arrays.copyOfRange(in.data(), RpmbFrames.HEADER_BYTES, in.data().length),
                    out.size());
            default -> throw bad("unknown RPMB command " + cmd);
        };
        return WireParams.of(params.get(0), new WireParam.TempMem(WireParam.TMEM_OUT, false, response.length, response),
                params.get(2), params.get(3));
    }

    private byte[] deviceInfo(int requestBytes, long outBytes) throws TeeException {
        if (requestBytes != RpmbFrames.HEADER_BYTES || outBytes != RpmbFrames.DEV_INFO_BYTES) {
            throw bad("device info takes a bare header and returns " + RpmbFrames.DEV_INFO_BYTES + " bytes");
        }
        RpmbImage img = image();
        RpmbImage.Geometry g = img.geometry();
        return ByteBuffer.allocate(RpmbFrames.DEV_INFO_BYTES).put(img.cid()).put((byte) g.sizeMult()).put((byte) g.relWrSecC())
                .put((byte) RpmbFrames.DEV_INFO_OK).array();
    }

    private byte[] dataRequest(byte[] frames, long outBytes) throws TeeException {
        int n = frames.length / RpmbFrames.FRAME_BYTES;
        long k = outBytes / RpmbFrames.FRAME_BYTES;
        if (n < 1 || frames.length % RpmbFrames.FRAME_BYTES != 0 || k < 1 || k > RpmbFrames.MAX_RESPONSE_FRAMES
                || outBytes % RpmbFrames.FRAME_BYTES != 0) {
            throw bad("an RPMB data request has whole frames in and 1.." + RpmbFrames.MAX_RESPONSE_FRAMES + " whole frames out");
        }
        int type = RpmbFrames.type(RpmbFrames.frame(frames, 0));
        for (int i = 1; i < n; i++) {
            if (RpmbFrames.type(RpmbFrames.frame(frames, i)) != type) {
                throw bad("all frames of an RPMB request must have one type");
            }
        }
        if (type < RpmbFrames.REQ_KEY_PROGRAM || type > RpmbFrames.REQ_RESULT_READ) {
            throw bad("RPMB request type 0x" + Integer.toHexString(type) + " is not a request");
        }
        boolean countsRight = switch (type) {
            case RpmbFrames.REQ_WRITE -> k == 1;
            case RpmbFrames.REQ_READ -> n == 1;
            default -> n == 1 && k == 1;
        };
        if (!countsRight) {
            throw bad(RpmbFrames.typeName(type) + " got " + n + " request frames and room for " + k + " response frames");
        }
        RpmbImage img = image();
        try {
            return switch (type) {
                case RpmbFrames.REQ_KEY_PROGRAM -> programKey(img, frames);
                case RpmbFrames.REQ_COUNTER_READ -> counter(img, frames);
                case RpmbFrames.REQ_WRITE -> write(img, frames, n);
                case RpmbFrames.REQ_READ -> read(img, frames, (int) k);
                default -> lastResult(img);
            };
        } finally {
            if (broken) {
                close();
            }
        }
    }

    private byte[] programKey(RpmbImage img, byte[] frames) {
        int result = RpmbFrames.RESULT_OK;
        if (img.keyProgrammed()) {
            result = RpmbFrames.RESULT_GENERAL_FAILURE;
        } else {
            byte[] key = RpmbFrames.bytes(RpmbFrames.frame(frames, 0), RpmbFrames.MAC_OFFSET, RpmbFrames.KEY_BYTES);
            try {
                img.programKey(key);
                mac = hmac(key);
            } catch (IOException e) {
                result = failed("programming the key", e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        last = new LastOperation(RpmbFrames.REQ_KEY_PROGRAM, result, 0);
        return keyProgramResult(result);
    }

    private byte[] counter(RpmbImage img, byte[] frames) {
        byte[] r = RpmbFrames.frames(1);
        ByteBuffer f = RpmbFrames.frame(r, 0);
        f.put(RpmbFrames.NONCE_OFFSET, RpmbFrames.frame(frames, 0), RpmbFrames.NONCE_OFFSET, RpmbFrames.NONCE_BYTES);
        boolean keyed = img.keyProgrammed();
        RpmbFrames.put(f, RpmbFrames.responseType(RpmbFrames.REQ_COUNTER_READ),
                keyed ? expired(img, RpmbFrames.RESULT_OK) : RpmbFrames.RESULT_KEY_NOT_PROGRAMMED, 0, 0, keyed ? img.writeCounter() : 0);
        return signed(img, r, 1);
    }

    private byte[] write(RpmbImage img, byte[] frames, int n) {
        ByteBuffer first = RpmbFrames.frame(frames, 0);
        int address = RpmbFrames.address(first);
        int result = writeCheck(img, frames, n, first);
        if (result == RpmbFrames.RESULT_OK) {
            byte[] data = new byte[n * RpmbFrames.BLOCK_BYTES];
            for (int i = 0; i < n; i++) {
                System.arraycopy(frames, i * RpmbFrames.FRAME_BYTES + RpmbFrames.DATA_OFFSET, data, i * RpmbFrames.BLOCK_BYTES,
                        RpmbFrames.BLOCK_BYTES);
            }
            try {
                img.write(address, data);
            } catch (IOException e) {
                result = failed("an authenticated write", e);
            }
        }
        last = new LastOperation(RpmbFrames.REQ_WRITE, result, address);
        return lastResult(img);
    }

    /** JEDEC's checks of an authenticated write, in order; OK if it may be done. */
    private int writeCheck(RpmbImage img, byte[] frames, int n, ByteBuffer first) {
        if (!img.keyProgrammed()) {
            return RpmbFrames.RESULT_KEY_NOT_PROGRAMMED;
        }
        if (img.writeCounter() >= RpmbFrames.MAX_WRITE_COUNTER) {
            return RpmbFrames.RESULT_WRITE_FAILURE | RpmbFrames.RESULT_COUNTER_EXPIRED;
        }
        if (!RpmbFrames.verify(mac, frames, n)) {
            return RpmbFrames.RESULT_AUTH_FAILURE;
        }
        if (RpmbFrames.writeCounter(first) != img.writeCounter()) {
            return RpmbFrames.RESULT_COUNTER_FAILURE;
        }
        if (n > img.geometry().blocksPerWrite() || RpmbFrames.blockCount(first) != n) {
            return RpmbFrames.RESULT_GENERAL_FAILURE;
        }
        if (RpmbFrames.address(first) + n > img.geometry().blocks()) {
            return RpmbFrames.RESULT_ADDRESS_FAILURE;
        }
        return RpmbFrames.RESULT_OK;
    }

    private byte[] read(RpmbImage img, byte[] frames, int k) {
        ByteBuffer request = RpmbFrames.frame(frames, 0);
        int address = RpmbFrames.address(request);
        int result = !img.keyProgrammed() ? RpmbFrames.RESULT_KEY_NOT_PROGRAMMED
                : address + k > img.geometry().blocks() ? RpmbFrames.RESULT_ADDRESS_FAILURE : RpmbFrames.RESULT_OK;
        byte[] data = new byte[k * RpmbFrames.BLOCK_BYTES];
        if (result == RpmbFrames.RESULT_OK) {
            try {
                data = img.read(address, k);
            } catch (IOException e) {
                result = failed("an authenticated read", e);
            }
        }
        byte[] r = RpmbFrames.frames(k);
        for (int i = 0; i < k; i++) {
            ByteBuffer f = RpmbFrames.frame(r, i);
            f.put(RpmbFrames.DATA_OFFSET, data, i * RpmbFrames.BLOCK_BYTES, RpmbFrames.BLOCK_BYTES);
            f.put(RpmbFrames.NONCE_OFFSET, request, RpmbFrames.NONCE_OFFSET, RpmbFrames.NONCE_BYTES);
            RpmbFrames.put(f, RpmbFrames.responseType(RpmbFrames.REQ_READ), result, address, k, 0);
        }
        return signed(img, r, k);
    }

    /** The result frame of the last key programming or write (RESULT_READ). */
    private byte[] lastResult(RpmbImage img) {
        if (last != null && last.type() == RpmbFrames.REQ_KEY_PROGRAM) {
            return keyProgramResult(last.result());
        }
        LastOperation op = last != null ? last : new LastOperation(RpmbFrames.REQ_WRITE, RpmbFrames.RESULT_GENERAL_FAILURE, 0);
        byte[] r = RpmbFrames.frames(1);
        int result = img.keyProgrammed() ? expired(img, op.result()) : RpmbFrames.RESULT_KEY_NOT_PROGRAMMED;
        RpmbFrames.put(RpmbFrames.frame(r, 0), RpmbFrames.responseType(RpmbFrames.REQ_WRITE), result, op.address(), 0,
                img.writeCounter());
        return signed(img, r, 1);
    }

    private static byte[] keyProgramResult(int result) {
        byte[] r = RpmbFrames.frames(1);
        RpmbFrames.put(RpmbFrames.frame(r, 0), RpmbFrames.responseType(RpmbFrames.REQ_KEY_PROGRAM), result, 0, 0, 0);
        return r;
    }

    /** {@code frames} with their MAC, once there is a key to make it with. */
    private byte[] signed(RpmbImage img, byte[] frames, int count) {
        if (img.keyProgrammed()) {
            RpmbFrames.sign(mac, frames, count);
        }
        return frames;
    }

    private static int expired(RpmbImage img, int result) {
        return img.writeCounter() >= RpmbFrames.MAX_WRITE_COUNTER ? result | RpmbFrames.RESULT_COUNTER_EXPIRED : result;
    }

    /**
     * An I/O error on the image: the request fails, and the image is closed after the response,
     * to be opened (and recovered from its records) at the next request.
     */
    private int failed(String what, IOException e) {
        LOG.log(Level.WARNING, "emulated RPMB: {0} failed: {1}", what, e.toString());
        broken = true;
        return what.contains("read") ? RpmbFrames.RESULT_READ_FAILURE : RpmbFrames.RESULT_WRITE_FAILURE;
    }

    private RpmbImage image() throws TeeException {
        if (image != null) {
            return image;
        }
        try {
            image = RpmbImage.open(directory, geometry, random);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "emulated RPMB device in {0} is not available: {1}", directory, e.getMessage());
            throw new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "the emulated RPMB device cannot be opened: " + e.getMessage());
        }
        if (image.keyProgrammed()) {
            byte[] key = image.key();
            mac = hmac(key);
            Arrays.fill(key, (byte) 0);
        }
        return image;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static TeeException bad(String message) {
        return new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, message);
    }

    /** Closes the image and forgets the key; the next request opens it again. */
    @Override
    public synchronized void close() {
        if (image != null) {
            try {
                image.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the RPMB image: {0}", e.toString());
            }
        }
        image = null;
        mac = null;
        broken = false;
    }
}
