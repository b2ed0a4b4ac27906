package org.jtee.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.util.function.IntSupplier;

/**
 * An in-memory {@link ByteChannel}: reads serve a fixed array in chunks whose sizes the test
 * chooses, then report end of stream; writes are collected. A tripwire makes any read past a
 * given offset fail the test, to prove that a reader never asked for those bytes.
 */
final class MemoryChannel implements ByteChannel {
    private final byte[] source;
    private final IntSupplier chunk;
    private final int tripwire;
    private final int maxWriteChunk;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int position;
    private int readCalls;
    private boolean open = true;

    private MemoryChannel(byte[] source, IntSupplier chunk, int tripwire, int maxWriteChunk) {
        this.source = source;
        this.chunk = chunk;
        this.tripwire = tripwire;
        this.maxWriteChunk = maxWriteChunk;
    }

    /** Serves all of {@code source} as soon as asked: as much as the reader's buffer takes. */
    static MemoryChannel reading(byte[] source) {
        return new MemoryChannel(source, () -> Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Serves {@code source} in reads of at most {@code chunk.getAsInt()} bytes each (at least 1). */
    static MemoryChannel reading(byte[] source, IntSupplier chunk) {
        return new MemoryChannel(source, chunk, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Serves the first {@code tripwire} bytes of {@code source}; a read beyond them throws an AssertionError. */
    static MemoryChannel readingUpTo(byte[] source, int tripwire) {
        return new MemoryChannel(source, () -> Integer.MAX_VALUE, tripwire, Integer.MAX_VALUE);
    }

    /** Accepts writes of at most {@code maxWriteChunk} bytes per call, yielding after each. */
    static MemoryChannel writing(int maxWriteChunk) {
        return new MemoryChannel(new byte[0], () -> Integer.MAX_VALUE, Integer.MAX_VALUE, maxWriteChunk);
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        readCalls++;
        if (position >= tripwire) {
            throw new AssertionError("read past byte " + tripwire + " of the stream");
        }
        if (position >= source.length) {
            return -1;
        }
        int n = Math.min(Math.min(dst.remaining(), Math.max(1, chunk.getAsInt())),
                Math.min(source.length, tripwire) - position);
        dst.put(source, position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int n = Math.min(src.remaining(), maxWriteChunk);
        byte[] b = new byte[n];
        src.get(b);
        synchronized (written) {
            written.write(b, 0, n);
        }
        if (maxWriteChunk != Integer.MAX_VALUE) {
            Thread.yield();
        }
        return n;
    }

    byte[] written() {
        synchronized (written) {
            return written.toByteArray();
        }
    }

    /** Bytes handed to readers so far. */
    int bytesRead() {
        return position;
    }

    int readCalls() {
        return readCalls;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
