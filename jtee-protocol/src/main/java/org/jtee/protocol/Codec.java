package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes whole frames. No I/O: callers read bytes and hand them over, which keeps
 * the codec testable in memory and reusable by every transport. Each message record encodes its
 * own body; bodies are decoded by the decoder {@link MessageType} lists for the header's type.
 * The header's version is the one the message's layout needs ({@link Message#frameVersion()}): 1,
 * or 2 for a message that carries what version 2 adds; whether the link agreed on it is for
 * the sender to know.
 */
public final class Codec {
    private Codec() {}

    /** Bytes the frame of {@code message} takes, length prefix included. */
    public static int frameSize(Message message) {
        return Wire.HEADER_BYTES + message.bodySize();
    }

    /** Writes the frame of {@code message} at the buffer's position, advancing it. */
    public static void encode(long requestId, Message message, ByteBuffer out) {
        int body = message.bodySize();
        if (Wire.MIN_FRAME_LENGTH + body > Wire.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException(Wire.typeName(message.type()) + " of " + body
                    + " bytes exceeds the frame bound of " + Wire.MAX_FRAME_BYTES);
        }
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        int start = out.position();
        out.putInt(Wire.MIN_FRAME_LENGTH + body)
                .put((byte) message.frameVersion())
                .put((byte) message.type())
                .putShort((short) 0)
                .putLong(requestId);
        message.encodeBody(out);
        if (out.position() - start != Wire.HEADER_BYTES + body) {
            throw new IllegalStateException(Wire.typeName(message.type()) + " wrote "
                    + (out.position() - start) + " bytes, announced " + (Wire.HEADER_BYTES + body));
        }
        out.order(order);
    }

    /** The frame of {@code message} in a new buffer, ready to write. */
    public static ByteBuffer encode(long requestId, Message message) {
        ByteBuffer out = ByteBuffer.allocate(frameSize(message)).order(ByteOrder.LITTLE_ENDIAN);
        encode(requestId, message, out);
        return out.flip();
    }

    /**
     * Reads the length prefix at {@code in}'s position (without consuming it) and checks it.
     *
     * @return the whole frame's size in bytes, length prefix included
     * @throws ProtocolException if the length is below the header size or above {@code maxFrameBytes}
     */
    public static int frameSize(ByteBuffer in, int maxFrameBytes) throws ProtocolException {
        int length = in.order(ByteOrder.LITTLE_ENDIAN).getInt(in.position());
        if (length < Wire.MIN_FRAME_LENGTH || length > maxFrameBytes) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(length)
                    + " outside " + Wire.MIN_FRAME_LENGTH + ".." + maxFrameBytes);
        }
        return length + Wire.LENGTH_BYTES;
    }

    /**
     * Decodes one whole frame: the buffer's remaining bytes, length prefix included.
     *
     * @throws ProtocolException for anything that is not exactly one well-formed frame
     */
    public static Frame decode(ByteBuffer frame) throws ProtocolException {
        ByteBuffer in = frame.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < Wire.HEADER_BYTES) {
            throw new ProtocolException("frame of " + in.remaining() + " bytes is shorter than the header");
        }
        int size = frameSize(in, Wire.MAX_FRAME_BYTES);
        if (size != in.remaining()) {
            throw new ProtocolException("frame length says " + size + " bytes, got " + in.remaining());
        }
        int version = in.get(4) & 0xff;
        int type = in.get(5) & 0xff;
        int flags = in.getShort(6) & 0xffff;
        long requestId = in.getLong(8);
        if (version < Wire.VERSION || version > Wire.MAX_VERSION) {
            throw new ProtocolException("protocol version " + version + ", this side speaks versions " + Wire.VERSION
                    + ".." + Wire.MAX_VERSION);
        }
        if (flags != 0) {
            throw new ProtocolException("reserved header flags set: " + flags);
        }
        BodyReader body = new BodyReader(in.position(Wire.HEADER_BYTES), version);
        Message message = decodeBody(type, body);
        body.end();
        if (message.frameVersion() != version) {
            // one encoding per message: a frame uses version 2 exactly when it carries what version 2 adds
            throw new ProtocolException(Wire.typeName(type) + " laid out as in version " + message.frameVersion()
                    + " has version " + version + " in its header");
        }
        return new Frame(requestId, message);
    }

    private static Message decodeBody(int type, BodyReader in) throws ProtocolException {
        MessageType t = MessageType.of(type);
        if (t == null) {
            throw new ProtocolException("unknown message type " + Wire.typeName(type));
        }
        return t.decode(in);
    }
}
