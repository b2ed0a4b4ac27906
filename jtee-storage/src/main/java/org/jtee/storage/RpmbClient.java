package org.jtee.storage;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.RpmbFrames;

/**
 * The core's side of the RPMB frame protocol ({@link RpmbFrames}; OP-TEE's
 * {@code core/tee/tee_rpmb_fs.c}): an {@link RpmbDevice} as authenticated blocks, with the RPMB
 * key the engine derives from the HUK. The device is untrusted; every response is checked:
 * <ul>
 * <li>Counter read: a fresh random nonce; the response's MAC, type and nonce, and a counter no
 *     lower than the floor: {@code expectedMinimumCounter} raised to every counter seen. A
 *     device that went back (an older copy of its image restored) is {@code TEE_ERROR_SECURITY}.
 * <li>Write: frames of at most 2 × {@code rel_wr_sec_c} blocks, each request carrying the
 *     counter and MAC; the result frame's MAC, type, address and result, and its counter exactly
 *     one higher, else {@code TEE_ERROR_SECURITY} (and the counter is read again before the next
 *     write). A request whose response is lost also has the counter read again.
 * <li>Read: a fresh nonce; the MAC over all response frames, and in each the type, nonce,
 *     address, block count and result.
 * </ul>
 * The first use reads the device info and the counter; a device that answers
 * {@code KEY_NOT_PROGRAMMED} gets the key, <b>sent in clear</b> as OP-TEE does with
 * {@code CFG_RPMB_WRITE_KEY} (a real device should be keyed in the factory) — but only if the
 * floor is 0: a device the engine knows it has written to cannot have lost its key, and asking
 * for it is {@code TEE_ERROR_SECURITY}. A device keyed with another key fails the first MAC
 * check. Thread-safe: one request at a time. {@link #close()} wipes the key.
 */
public final class RpmbClient implements RpmbBlocks, AutoCloseable {
    private final RpmbDevice device;
    private final byte[] key;
    private final Mac mac;
    private final SecureRandom random = new SecureRandom();
    /** The lowest counter the device may report. */
    private long floor;
    /** The device's counter as last verified; -1 when it must be read before the next write. */
    private long counter = -1;
    private int blocks;
    private int blocksPerWrite;
    private boolean closed;

    /**
     * @param key the 32-byte RPMB key (copied; the caller wipes its own)
     * @param expectedMinimumCounter the lowest write counter the device may have: the engine's
     *     anchor, 0 for a device it has never written to
     */
    public RpmbClient(RpmbDevice device, byte[] key, long expectedMinimumCounter) {
        if (key.length != RpmbFrames.KEY_BYTES) {
            throw new IllegalArgumentException("an RPMB key has 32 bytes, not " + key.length);
        }
        if (expectedMinimumCounter < 0 || expectedMinimumCounter > RpmbFrames.MAX_WRITE_COUNTER) {
            throw new IllegalArgumentException("a write counter is 0..2^32-1, not " + expectedMinimumCounter);
        }
        this.device = device;
        this.key = key.clone();
        this.floor = expectedMinimumCounter;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    @Override
    public synchronized int blockCount() throws TeeException {
        open();
        return blocks;
    }

    @Override
    public synchronized long writeCounter() throws TeeException {
        open();
        return readCounter();
    }

    @Override
    public synchronized byte[] read(int address, int count) throws TeeException {
        open();
        checkRange(address, count);
        byte[] data = new byte[count * BLOCK_BYTES];
        for (int done = 0; done < count; done += RpmbFrames.MAX_RESPONSE_FRAMES) {
            int k = Math.min(count - done, RpmbFrames.MAX_RESPONSE_FRAMES);
            readChunk(address + done, k, data, done * BLOCK_BYTES);
        }
        return data;
    }

    @Override
    public synchronized void write(int address, byte[] data) throws TeeException {
        open();
        if (data.length % BLOCK_BYTES != 0) {
            throw bad("RPMB writes are whole blocks of 256 bytes, not " + data.length + " bytes");
        }
        int count = data.length / BLOCK_BYTES;
        checkRange(address, count);
        for (int done = 0; done < count; done += blocksPerWrite) {
            int n = Math.min(count - done, blocksPerWrite);
            writeChunk(address + done, data, done * BLOCK_BYTES, n);
        }
    }

    /** Reads the device info and the counter once, programming the key if the device has none. */
    private void open() throws TeeException {
        if (closed) {
            throw new IllegalStateException("the RPMB client is closed");
        }
        if (blocks > 0) {
            return;
        }
        byte[] info = device.deviceInfo();
        int sizeMult = Byte.toUnsignedInt(info[RpmbFrames.CID_BYTES]);
        int relWrSecC = Byte.toUnsignedInt(info[RpmbFrames.CID_BYTES + 1]);
        if (info[RpmbFrames.CID_BYTES + 2] != RpmbFrames.DEV_INFO_OK) {
            throw new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, "the RPMB device reports an error in its device info");
        }
        if (sizeMult < 1 || sizeMult > RpmbFrames.MAX_SIZE_MULT || relWrSecC < 1) {
            throw new TeeException(TeeResult.BAD_FORMAT, ReturnOrigin.TEE, "RPMB device info with size_mult " + sizeMult
                    + " and rel_wr_sec_c " + relWrSecC);
        }
        int total = sizeMult * (RpmbFrames.SIZE_MULT_BYTES / BLOCK_BYTES);
        blocksPerWrite = Math.min(2 * relWrSecC, total);
        if (counterOrUnkeyed() < 0) {
            programKey();
            readCounter();
        }
        blocks = total;
    }

    /** The verified counter. */
    private long readCounter() throws TeeException {
        long c = counterOrUnkeyed();
        if (c < 0) {
            throw security("the RPMB device says its key is not programmed");
        }
        return c;
    }

    /** The verified counter, or -1 if the device says it has no key yet (which it cannot prove). */
    private long counterOrUnkeyed() throws TeeException {
        byte[] nonce = nonce();
        byte[] request = RpmbFrames.frames(1);
        RpmbFrames.put(RpmbFrames.frame(request, 0), RpmbFrames.REQ_COUNTER_READ, 0, 0, 0, 0);
        System.arraycopy(nonce, 0, request, RpmbFrames.NONCE_OFFSET, RpmbFrames.NONCE_BYTES);
        byte[] r = device.dataRequest(request, 1);
        ByteBuffer f = RpmbFrames.frame(r, 0);
        int result = RpmbFrames.result(f) & RpmbFrames.RESULT_MASK;
        boolean authentic = RpmbFrames.verify(mac, r, 1);
        if (result == RpmbFrames.RESULT_KEY_NOT_PROGRAMMED && !authentic) {
            return -1;
        }
        expect(authentic, "counter read response fails its MAC (a device with another key?)");
        expect(RpmbFrames.type(f) == RpmbFrames.responseType(RpmbFrames.REQ_COUNTER_READ), "counter read response has a wrong type");
        expect(sameNonce(f, nonce), "counter read response has another nonce (a replayed response?)");
        if (result != RpmbFrames.RESULT_OK) {
            throw generic("counter read failed with result " + result);
        }
        return verified(RpmbFrames.writeCounter(f));
    }

    /** Takes {@code c} as the device's counter, if it is not below the floor. */
    private long verified(long c) throws TeeException {
        if (c < floor) {
            counter = -1;
            throw security("the RPMB write counter is " + c + ", below the " + floor + " it has been (a rolled-back device?)");
        }
        floor = c;
        counter = c;
        return c;
    }

    private void programKey() throws TeeException {
        if (floor > 0) {
            throw security("the RPMB device says it has no key, but it has been written to (counter at least " + floor
                    + "): the key is not sent");
        }
        byte[] request = RpmbFrames.frames(1);
        try {
            RpmbFrames.put(RpmbFrames.frame(request, 0), RpmbFrames.REQ_KEY_PROGRAM, 0, 0, 0, 0);
            System.arraycopy(key, 0, request, RpmbFrames.MAC_OFFSET, RpmbFrames.KEY_BYTES);
            ByteBuffer f = RpmbFrames.frame(device.dataRequest(request, 1), 0);
            expect(RpmbFrames.type(f) == RpmbFrames.responseType(RpmbFrames.REQ_KEY_PROGRAM), "key program response has a wrong type");
            if ((RpmbFrames.result(f) & RpmbFrames.RESULT_MASK) != RpmbFrames.RESULT_OK) {
                throw security("the RPMB device refused the key (result " + RpmbFrames.result(f) + "): it has another");
            }
        } finally {
            Arrays.fill(request, (byte) 0);
        }
    }

    private void writeChunk(int address, byte[] data, int offset, int n) throws TeeException {
        long expected = counter >= 0 ? counter : readCounter();
        if (expected >= RpmbFrames.MAX_WRITE_COUNTER) {
            throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "the RPMB write counter has expired");
        }
        byte[] frames = RpmbFrames.frames(n);
        for (int i = 0; i < n; i++) {
            RpmbFrames.put(RpmbFrames.frame(frames, i), RpmbFrames.REQ_WRITE, 0, address, n, expected);
            System.arraycopy(data, offset + i * BLOCK_BYTES, frames, i * RpmbFrames.FRAME_BYTES + RpmbFrames.DATA_OFFSET, BLOCK_BYTES);
        }
        RpmbFrames.sign(mac, frames, n);
        counter = -1; // until the result proves where it is
        byte[] r = device.dataRequest(frames, 1);
        ByteBuffer f = RpmbFrames.frame(r, 0);
        expect(RpmbFrames.verify(mac, r, 1), "write result fails its MAC");
        expect(RpmbFrames.type(f) == RpmbFrames.responseType(RpmbFrames.REQ_WRITE), "write result has a wrong type");
        int result = RpmbFrames.result(f) & RpmbFrames.RESULT_MASK;
        if (result == RpmbFrames.RESULT_AUTH_FAILURE || result == RpmbFrames.RESULT_COUNTER_FAILURE
                || result == RpmbFrames.RESULT_KEY_NOT_PROGRAMMED) {
            throw security("the RPMB device refused a write with result " + result + " (its counter or key is not ours)");
        }
        if (result != RpmbFrames.RESULT_OK) {
            throw generic("an RPMB write failed with result " + result);
        }
        expect(RpmbFrames.address(f) == address, "write result is for another address");
        expect(RpmbFrames.writeCounter(f) == expected + 1, "write result has counter " + RpmbFrames.writeCounter(f)
                + ", not " + (expected + 1));
        verified(expected + 1);
    }

    private void readChunk(int address, int k, byte[] data, int offset) throws TeeException {
        byte[] nonce = nonce();
        byte[] request = RpmbFrames.frames(1);
        RpmbFrames.put(RpmbFrames.frame(request, 0), RpmbFrames.REQ_READ, 0, address, 0, 0);
        System.arraycopy(nonce, 0, request, RpmbFrames.NONCE_OFFSET, RpmbFrames.NONCE_BYTES);
        byte[] r = device.dataRequest(request, k);
        expect(RpmbFrames.verify(mac, r, k), "read response fails its MAC");
        for (int i = 0; i < k; i++) {
            ByteBuffer f = RpmbFrames.frame(r, i);
            expect(RpmbFrames.type(f) == RpmbFrames.responseType(RpmbFrames.REQ_READ), "read response has a wrong type");
            expect(sameNonce(f, nonce), "read response has another nonce (a replayed response?)");
            expect(RpmbFrames.address(f) == address && RpmbFrames.blockCount(f) == k, "read response is for other blocks");
            int result = RpmbFrames.result(f) & RpmbFrames.RESULT_MASK;
            if (result != RpmbFrames.RESULT_OK) {
                throw generic("an RPMB read failed with result " + result);
            }
            System.arraycopy(r, i * RpmbFrames.FRAME_BYTES + RpmbFrames.DATA_OFFSET, data, offset + i * BLOCK_BYTES, BLOCK_BYTES);
        }
    }

    private void checkRange(int address, int count) throws TeeException {
        if (address < 0 || count < 1 || address > blocks - count) {
            throw bad("RPMB blocks " + address + ".." + ((long) address + count - 1) + " are outside the device's 0.." + (blocks - 1));
        }
    }

    private byte[] nonce() {
        byte[] n = new byte[RpmbFrames.NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    private static boolean sameNonce(ByteBuffer f, byte[] nonce) {
        return MessageDigest.isEqual(RpmbFrames.bytes(f, RpmbFrames.NONCE_OFFSET, RpmbFrames.NONCE_BYTES), nonce);
    }

    /** Fails with {@code TEE_ERROR_SECURITY} unless {@code ok}; the counter is read again before the next write. */
    private void expect(boolean ok, String problem) throws TeeException {
        if (!ok) {
            counter = -1;
            throw security("the RPMB " + problem);
        }
    }

    private static TeeException security(String message) {
        return new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, message);
    }

    private static TeeException generic(String message) {
        return new TeeException(TeeResult.GENERIC, ReturnOrigin.TEE, message);
    }

    private static TeeException bad(String message) {
        return new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, message);
    }

    /** Wipes the key; the client cannot be used afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
        try {
            mac.init(new SecretKeySpec(new byte[RpmbFrames.KEY_BYTES], "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("re-keying HmacSHA256 with zeros failed", e);
        }
    }
}
