package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds frames by hand and runs them through the codec. */
final class Frames {
    private Frames() {}

    /** A frame of {@code type} with a correct length prefix, version 1 and no flags. */
    static byte[] frame(int type, long requestId, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(Wire.HEADER_BYTES + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Wire.MIN_FRAME_LENGTH + body.length).put((byte) Wire.VERSION).put((byte) type)
                .putShort((short) 0).putLong(requestId).put(body);
        return b.array();
    }

    static byte[] frame(int type, String bodyHex) {
        return frame(type, 1, Hex.bytes(bodyHex));
    }

    /** The encoder's frame of {@code message}. */
    static byte[] encode(long requestId, Message message) {
        ByteBuffer b = Codec.encode(requestId, message);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static Frame decode(byte[] frame) throws ProtocolException {
        return Codec.decode(ByteBuffer.wrap(frame));
    }

    /** A copy of {@code frame} with the length prefix set to match its size. */
    static byte[] fixLength(byte[] frame) {
        byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, copy.length - Wire.LENGTH_BYTES);
        return copy;
    }

    /** Concatenation of byte arrays. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
