package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * The RPMB request of the RPC {@link Rpc#RPMB} and the JEDEC data frames it carries, shared by the
 * supplicant's emulated device and the core's client. Facts are OP-TEE's
 * ({@code tee-supplicant/src/rpmb.c}, {@code core/tee/tee_rpmb_fs.c}) and JEDEC eMMC's; see
 * {@code docs/storage-rpc.md}, "RPMB RPC".
 *
 * <pre>
 * request ([0] TMEM_IN):  u16 cmd | u16 dev_id | u16 block_count   (little-endian, as OP-TEE's
 *                         struct rpmb_req on its hosts), then for cmd 0 the request frames
 * response ([1] TMEM_OUT): cmd 0: the response frames; cmd 1: the device info
 *
 * device info, 19 bytes:  cid[16] | u8 rpmb_size_mult (× 128 KiB) | u8 rel_wr_sec_c | u8 ret_code (0 ok)
 *
 * frame, 512 bytes, integers big-endian:
 *   0 stuff[196] | 196 key/MAC[32] | 228 data[256] | 484 nonce[16] | 500 u32 write counter |
 * 504 u16 address | 506 u16 block count | 508 u16 result | 510 u16 type
 * </pre>
 * The MAC is HMAC-SHA256 with the device key over bytes 228..511 (data to type, 284 bytes) of
 * every frame of a request or response in turn, placed in the last frame.
 */
public final class RpmbFrames {
    /** Request header command: data frames follow. */
    public static final int CMD_DATA_REQUEST = 0;
    /** Request header command: the device info, no frames. */
    public static final int CMD_GET_DEV_INFO = 1;
    public static final int HEADER_BYTES = 6;

    public static final int CID_BYTES = 16;
    public static final int DEV_INFO_BYTES = CID_BYTES + 3;
    public static final int DEV_INFO_OK = 0;
    public static final int DEV_INFO_ERROR = 1;
    /** The unit of {@code rpmb_size_mult}: 128 KiB. */
    public static final int SIZE_MULT_BYTES = 128 << 10;
    /** The largest {@code rpmb_size_mult} (16 MiB, 65,536 blocks: every 16-bit address). */
    public static final int MAX_SIZE_MULT = 128;

    public static final int FRAME_BYTES = 512;
    public static final int BLOCK_BYTES = 256;
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 16;
    public static final int MAC_OFFSET = 196;
    public static final int DATA_OFFSET = 228;
    public static final int NONCE_OFFSET = 484;
    public static final int COUNTER_OFFSET = 500;
    public static final int ADDRESS_OFFSET = 504;
    public static final int BLOCK_COUNT_OFFSET = 506;
    public static final int RESULT_OFFSET = 508;
    public static final int TYPE_OFFSET = 510;
    /** The bytes of each frame the MAC covers: data up to and including type. */
    public static final int MAC_INPUT_BYTES = FRAME_BYTES - DATA_OFFSET;

    /** Request types. */
    public static final int REQ_KEY_PROGRAM = 1;
    public static final int REQ_COUNTER_READ = 2;
    public static final int REQ_WRITE = 3;
    public static final int REQ_READ = 4;
    public static final int REQ_RESULT_READ = 5;

    /** Results (the low byte of the result field; bit 7 flags an expired write counter). */
    public static final int RESULT_OK = 0;
    public static final int RESULT_GENERAL_FAILURE = 1;
    public static final int RESULT_AUTH_FAILURE = 2;
    public static final int RESULT_COUNTER_FAILURE = 3;
    public static final int RESULT_ADDRESS_FAILURE = 4;
    public static final int RESULT_WRITE_FAILURE = 5;
    public static final int RESULT_READ_FAILURE = 6;
    public static final int RESULT_KEY_NOT_PROGRAMMED = 7;
    public static final int RESULT_MASK = 0x3F;
    public static final int RESULT_COUNTER_EXPIRED = 0x80;

    /** The most response frames one data request may ask for (a read of 8,192 blocks: 4 MiB of frames). */
    public static final int MAX_RESPONSE_FRAMES = 8192;

    /** The largest write counter; a device whose counter reached it takes no more writes. */
    public static final long MAX_WRITE_COUNTER = 0xFFFF_FFFFL;

    private RpmbFrames() {}

    /** The response type to request type {@code requestType}: shifted left by 8 bits. */
    public static int responseType(int requestType) {
        return requestType << 8;
    }

    /** {@code count} zeroed frames. */
    public static byte[] frames(int count) {
        return new byte[count * FRAME_BYTES];
    }

    /** A big-endian view of frame {@code index} of {@code frames}, positioned at 0. */
    public static ByteBuffer frame(byte[] frames, int index) {
        return ByteBuffer.wrap(frames, index * FRAME_BYTES, FRAME_BYTES).slice().order(ByteOrder.BIG_ENDIAN);
    }

    public static int type(ByteBuffer frame) {
        return Short.toUnsignedInt(frame.getShort(TYPE_OFFSET));
    }

    public static int result(ByteBuffer frame) {
        return Short.toUnsignedInt(frame.getShort(RESULT_OFFSET));
    }

    public static int address(ByteBuffer frame) {
        return Short.toUnsignedInt(frame.getShort(ADDRESS_OFFSET));
    }

    public static int blockCount(ByteBuffer frame) {
        return Short.toUnsignedInt(frame.getShort(BLOCK_COUNT_OFFSET));
    }

    public static long writeCounter(ByteBuffer frame) {
        return Integer.toUnsignedLong(frame.getInt(COUNTER_OFFSET));
    }

    public static byte[] bytes(ByteBuffer frame, int offset, int length) {
        byte[] b = new byte[length];
        frame.get(offset, b);
        return b;
    }

    /** Sets the fields every request or response frame has; the others are left as they are. */
    public static void put(ByteBuffer frame, int type, int result, int address, int blockCount, long writeCounter) {
        frame.putShort(TYPE_OFFSET, (short) type).putShort(RESULT_OFFSET, (short) result)
                .putShort(ADDRESS_OFFSET, (short) address).putShort(BLOCK_COUNT_OFFSET, (short) blockCount)
                .putInt(COUNTER_OFFSET, (int) writeCounter);
    }

    /** The MAC of frames {@code 0..count-1}, with {@code hmac} initialised with the device key. */
    public static byte[] mac(Mac hmac, byte[] frames, int count) {
        for (int i = 0; i < count; i++) {
            hmac.update(frames, i * FRAME_BYTES + DATA_OFFSET, MAC_INPUT_BYTES);
        }
        return hmac.doFinal();
    }

    /** Puts the MAC of frames {@code 0..count-1} into the last of them. */
    public static void sign(Mac hmac, byte[] frames, int count) {
        byte[] mac = mac(hmac, frames, count);
        System.arraycopy(mac, 0, frames, (count - 1) * FRAME_BYTES + MAC_OFFSET, KEY_BYTES);
    }

    /** Whether the last of frames {@code 0..count-1} carries their MAC; compared in constant time. */
    public static boolean verify(Mac hmac, byte[] frames, int count) {
        byte[] mac = mac(hmac, frames, count);
        byte[] carried = new byte[KEY_BYTES];
        System.arraycopy(frames, (count - 1) * FRAME_BYTES + MAC_OFFSET, carried, 0, KEY_BYTES);
        return MessageDigest.isEqual(mac, carried);
    }

    /** The request header, little-endian. */
    public static byte[] header(int cmd, int devId, int blockCount) {
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) cmd).putShort((short) devId).putShort((short) blockCount).array();
    }

    public static String typeName(int type) {
        return switch (type) {
            case REQ_KEY_PROGRAM -> "KEY_PROGRAM";
            case REQ_COUNTER_READ -> "COUNTER_READ";
            case REQ_WRITE -> "WRITE";
            case REQ_READ -> "READ";
            case REQ_RESULT_READ -> "RESULT_READ";
            default -> type >= 0x100 && (type & 0xFF) == 0 ? typeName(type >> 8) + "_RESPONSE" : "type 0x" + Integer.toHexString(type);
        };
    }
}
