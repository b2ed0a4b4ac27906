package org.jtee.crypto;

import java.nio.ByteBuffer;

import org.jtee.ta.TaPanic;

/** Small helpers for the {@link ByteBuffer}s of the operation API. */
final class Buffers {
    private static final int CHUNK = 8192;

    private Buffers() {}

    /** Something that takes bytes from an array (a Bouncy Castle {@code update}). */
    interface ArraySink {
        void accept(byte[] b, int off, int len);
    }

    /**
     * Passes all of {@code in} to {@code sink} (its position moves to its limit): straight from the
     * backing array of a heap buffer, through a small scratch array for a direct one.
     */
    static void feed(ByteBuffer in, ArraySink sink) {
        if (in.hasArray()) {
            sink.accept(in.array(), in.arrayOffset() + in.position(), in.remaining());
            in.position(in.limit());
            return;
        }
        byte[] scratch = new byte[Math.min(CHUNK, in.remaining())];
        while (in.hasRemaining()) {
            int n = Math.min(scratch.length, in.remaining());
            in.get(scratch, 0, n);
            sink.accept(scratch, 0, n);
        }
    }

    /** The remaining bytes of {@code in}, copied (its position moves to its limit). */
    static byte[] take(ByteBuffer in) {
        if (in == null) {
            return new byte[0];
        }
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }

    /** Bytes remaining; 0 for {@code null} (a NULL pointer with length 0). */
    static int remaining(ByteBuffer b) {
        return b == null ? 0 : b.remaining();
    }

    /** Zeroes {@code n} bytes of {@code out} from {@code start} and moves its position back there. */
    static void wipe(ByteBuffer out, int start, int n) {
        for (int i = 0; i < n; i++) {
            out.put(start + i, (byte) 0);
        }
        out.position(start);
    }

    /** An empty buffer for a {@code null} input. */
    static ByteBuffer orEmpty(ByteBuffer b) {
        return b == null ? ByteBuffer.allocate(0) : b;
    }

    /**
     * GP's {@code [out]} annotation: an output must be writable, else the TA panics, as libutee's
     * {@code __utee_check_*_annotation} does for memory the TA cannot write.
     */
    static void checkWritable(ByteBuffer out, String what) {
        if (out != null && out.isReadOnly()) {
            throw new TaPanic(0, what + " is a read-only buffer");
        }
    }
}
