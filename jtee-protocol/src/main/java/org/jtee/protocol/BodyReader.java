package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads a frame body, checking every length against what is left before using it. */
final class BodyReader {
    private final ByteBuffer buf;

    BodyReader(ByteBuffer body) {
        this.buf = body.slice().order(ByteOrder.LITTLE_ENDIAN);
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
