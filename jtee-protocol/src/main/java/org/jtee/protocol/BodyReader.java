package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Reads a frame body, checking every length against what is left before using it. */
final class BodyReader {
    private final ByteBuffer buf;
    private final int version;

    /** A reader of a version 1 body. */
    BodyReader(ByteBuffer body) {
        this(body, Wire.VERSION);
    }

    /** A reader of a body laid out as {@code version} of the protocol says (the frame header's version). */
    BodyReader(ByteBuffer body, int version) {
        this.buf = body.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.version = version;
    }

    /** The version of the frame's layout, from its header. */
    int version() {
        return version;
    }

    private void need(int bytes, String what) throws ProtocolException {
        if (buf.remaining() < bytes) {
            throw new ProtocolException("truncated body: " + what + " needs " + bytes + " bytes, "
                    + buf.remaining() + " left");
        }
    }

    int u8(String what) throws ProtocolException {
        need(1, what);
        return buf.get() & 0xff;
    }

    int u16(String what) throws ProtocolException {
        need(2, what);
        return buf.getShort() & 0xffff;
    }

    int u32(String what) throws ProtocolException {
        need(4, what);
        return buf.getInt();
    }

    long u64(String what) throws ProtocolException {
        need(8, what);
        return buf.getLong();
    }

    /** A u64 that must fit in {@code [0, max]}. */
    long length(String what, long max) throws ProtocolException {
        long v = u64(what);
        if (v < 0 || v > max) {
            throw new ProtocolException(what + " " + Long.toUnsignedString(v) + " exceeds " + max);
        }
        return v;
    }

    byte[] bytes(int count, String what) throws ProtocolException {
        need(count, what);
        byte[] b = new byte[count];
        buf.get(b);
        return b;
    }

    /**
     * Text of {@code length} bytes, which must be 1 to {@code max} bytes of well-formed UTF-8.
     */
    String utf8(int length, int max, String what) throws ProtocolException {
        if (length < 1 || length > max) {
            throw new ProtocolException(what + " length " + Integer.toUnsignedString(length) + " outside 1.." + max);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(length, what))).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + " is not well-formed UTF-8");
        }
    }

    void zero(int bits, String what) throws ProtocolException {
        if (bits != 0) {
            throw new ProtocolException(what + " must be zero, is " + bits);
        }
    }

    int remaining() {
        return buf.remaining();
    }

    void end() throws ProtocolException {
        if (buf.hasRemaining()) {
            throw new ProtocolException(buf.remaining() + " unexpected bytes after the message");
        }
    }
}
