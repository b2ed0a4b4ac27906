package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid frames. Half of the inputs get their length prefix corrected after
 * mutating, so that they pass the length check and reach the body decoders.
 */
final class Mutator {
    private static final byte[] INTERESTING_BYTES = {0x00, (byte) 0xff, 0x7f, (byte) 0x80, 0x01};
    private static final int[] INTERESTING_INTS = {
        0, 1, 2, 11, 12, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 4096, 4097,
        Wire.MAX_FRAME_BYTES - 1, Wire.MAX_FRAME_BYTES, Wire.MAX_FRAME_BYTES + 1,
        0x7fffffff, 0x80000000, 0xffffffff};
    private static final long[] INTERESTING_LONGS = {
        0, 1, Wire.MAX_FRAME_BYTES, Wire.MAX_FRAME_BYTES + 1L, 0x7fffffffL, 0xffffffffL, 1L << 32,
        Long.MAX_VALUE, Long.MIN_VALUE, -1L};
    private static final int[] TYPES = {
        Wire.HELLO, Wire.OPEN_SESSION, Wire.INVOKE, Wire.CLOSE_SESSION, Wire.CANCEL, Wire.REGISTER_SHM,
        Wire.UNREGISTER_SHM, Wire.RPC};
    private static final int[] SLOT_TYPES = {0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 4, 8, 12, 15};

    private final List<byte[]> corpus;
    private final Random random;

    Mutator(List<byte[]> corpus, Random random) {
        this.corpus = corpus;
        this.random = random;
    }

    byte[] next() {
        byte[] b = pick();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            b = mutate(b);
        }
        if (b.length >= Wire.LENGTH_BYTES && random.nextBoolean()) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, b.length - Wire.LENGTH_BYTES);
        }
        return b;
    }

    private byte[] pick() {
        return corpus.get(random.nextInt(corpus.size())).clone();
    }

    private byte[] mutate(byte[] b) {
        switch (random.nextInt(13)) {
            case 0: // flip one to eight bits
                if (b.length > 0) {
                    for (int n = 1 + random.nextInt(8); n > 0; n--) {
                        int bit = random.nextInt(b.length * 8);
                        b[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                }
                return b;
            case 1: // set a byte to an interesting value
                if (b.length > 0) {
                    b[random.nextInt(b.length)] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                }
                return b;
            case 2: // set a byte to a random value
                if (b.length > 0) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            case 3: // truncate
                return Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 4: // extend with random bytes
                return extend(b, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
            case 5: // overwrite a u32 with a boundary value
                if (b.length >= 4) {
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(offset(b.length, 4), INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)]);
                }
                return b;
            case 6: // overwrite a u64 with a boundary value
                if (b.length >= 8) {
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(offset(b.length, 8), INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)]);
                }
                return b;
            case 7: // overwrite a u16 with four parameter slot types
                if (b.length >= 2) {
                    int types = 0;
                    for (int i = 0; i < 4; i++) {
                        types |= SLOT_TYPES[random.nextInt(SLOT_TYPES.length)] << (4 * i);
                    }
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(offset(b.length, 2), (short) types);
                }
                return b;
            case 8: // change the message type, keeping the body
                if (b.length > 5) {
                    b[5] = (byte) (TYPES[random.nextInt(TYPES.length)] | (random.nextBoolean() ? Wire.REPLY : 0));
                }
                return b;
            case 9: { // splice: the head of this frame, the tail of another
                byte[] other = pick();
                int cut = random.nextInt(b.length + 1);
                int from = random.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            case 10: // two frames back to back
                return Frames.concat(b, pick());
            case 11: { // delete a run of bytes
                if (b.length == 0) {
                    return b;
                }
                int at = random.nextInt(b.length);
                int n = 1 + random.nextInt(Math.min(16, b.length - at));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
            default: { // insert a run of random bytes
                int at = random.nextInt(b.length + 1);
                byte[] insert = new byte[1 + random.nextInt(16)];
                random.nextBytes(insert);
                return Frames.concat(Arrays.copyOf(b, at), insert, Arrays.copyOfRange(b, at, b.length));
            }
        }
    }

    /** A random offset for a field of {@code width} bytes, often aligned to it as real fields are. */
    private int offset(int length, int width) {
        int at = random.nextInt(length - width + 1);
        return random.nextBoolean() ? at - at % width : at;
    }

    private byte[] extend(byte[] b, int n) {
        byte[] out = Arrays.copyOf(b, b.length + n);
        for (int i = b.length; i < out.length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }
}
