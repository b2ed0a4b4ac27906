package org.jtee.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frames over a byte stream: one reader at a time takes whole frames out of a buffer that
 * batches reads, and any number of writers put whole frames in, one at a time.
 *
 * <p>Reading is not thread-safe: the owner guarantees a single reader (the reader role). Writing
 * is thread-safe. Every frame length is checked against {@code maxFrameBytes} before a byte of
 * the body is buffered.
 */
public final class FrameChannel {
    /**
     * The buffers a channel starts with. Most frames are far smaller, and a new direct buffer is
     * zeroed: a core that took 300 connections a second spent a seventh of its CPU zeroing two
     * 64 KiB buffers for each (JFR, under {@code bench abuse}).
     */
    static final int SMALL_BUFFER_BYTES = 8 * 1024;
    /** What a buffer grows to once a frame needs it; larger frames are read into heap buffers of their own. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final ByteChannel channel;
    /** The read buffer: only the single reader touches it. */
    private ByteBuffer in = ByteBuffer.allocateDirect(SMALL_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** Where frames are encoded for writing; guarded by {@link #writeLock}. */
    private final EncodeBuffer out = new EncodeBuffer();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile int maxFrameBytes = Wire.MAX_FRAME_BYTES;

    public FrameChannel(ByteChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /** Lowers the frame bound, as agreed in the HELLO exchange. */
    public void maxFrameBytes(int bytes) {
        if (bytes < Wire.MIN_FRAME_LENGTH || bytes > Wire.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("frame bound " + bytes + " out of range");
        }
        this.maxFrameBytes = bytes;
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or {@code null} at a clean end of stream between frames
     * @throws ProtocolException for a malformed frame or a stream that ends inside one
     * @throws IOException if the channel fails
     */
    public Frame read() throws IOException, ProtocolException {
        if (!fill(Wire.LENGTH_BYTES)) {
            if (in.hasRemaining()) {
                throw new ProtocolException("stream ended inside a frame's length prefix");
            }
            return null;
        }
        int size = Codec.frameSize(in, maxFrameBytes);
        if (size > in.capacity() && size <= BUFFER_BYTES) {
            in = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(in).flip();
        }
        if (size <= in.capacity()) {
            if (!fill(size)) {
                throw new ProtocolException("stream ended inside a frame of " + size + " bytes");
            }
            ByteBuffer frame = in.slice(in.position(), size);
            in.position(in.position() + size);
            return Codec.decode(frame);
        }
        return Codec.decode(readLarge(size));
    }

    /** Makes at least {@code bytes} bytes available in {@code in}; false at end of stream. */
    private boolean fill(int bytes) throws IOException {
        if (in.remaining() >= bytes) {
            return true;
        }
        in.compact();
        try {
            while (in.position() < bytes) {
                if (channel.read(in) < 0) {
                    return false;
                }
            }
            return true;
        } finally {
            in.flip();
        }
    }

    /**
     * Reads a frame bigger than the buffer into a heap buffer that grows with the bytes that
     * arrive, so a length prefix alone cannot make the reader hold {@code size} bytes: memory
     * stays within twice what the peer has actually sent.
     */
    private ByteBuffer readLarge(int size) throws IOException, ProtocolException {
        ByteBuffer frame = ByteBuffer.allocate(Math.min(size, 2 * BUFFER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(in);
        while (frame.position() < size) {
            if (!frame.hasRemaining()) {
                frame = ByteBuffer.allocate((int) Math.min(size, 2L * frame.capacity()))
                        .order(ByteOrder.LITTLE_ENDIAN).put(frame.flip());
            }
            if (channel.read(frame) < 0) {
                throw new ProtocolException("stream ended inside a frame of " + size + " bytes");
            }
        }
        return frame.flip();
    }

    /** Writes one whole frame; concurrent writers never interleave. */
    public void write(long requestId, Message message) throws IOException {
        int size = Codec.frameSize(message);
        writeLock.lock();
        try {
            ByteBuffer buf = out.take(size);
            Codec.encode(requestId, message, buf);
            buf.flip();
            while (buf.hasRemaining()) {
                if (channel.write(buf) < 0) {
                    throw new EOFException("connection closed while writing");
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** True if bytes of a next frame have already been read from the channel into the buffer. */
    public boolean hasBufferedBytes() {
        return in.hasRemaining();
    }

    /** Closes the underlying channel. */
    public void close() throws IOException {
        channel.close();
    }
}
