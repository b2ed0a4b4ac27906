package org.jtee.core.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Wire;

/**
 * A client socket as the frame reader sees it, with every large frame paid for from the
 * {@link FrameBudget} before its body is read. The channel follows the frame boundaries in the
 * bytes that pass through it (a little-endian u32 length, then that many bytes; the codec checks
 * the values); when a length over {@link #SMALL_FRAME_BYTES} is complete, the read that found it
 * waits for the budget, or fails, which ends the connection.
 *
 * <p>The reservation of a frame whose last byte was read is handed to the connection with
 * {@link #takeCompleted}, which keeps it for as long as the call made from the frame is in flight.
 */
final class MeteredChannel implements java.nio.channels.ByteChannel {
    /** Frames up to this size live in the frame reader's fixed buffer and need no budget. */
    static final int SMALL_FRAME_BYTES = 64 * 1024;

    private final UnixConnection socket;
    private final FrameBudget budget;
    private final long waitMillis;
    private int prefixBytes;
    private long prefix;
    private long bodyLeft;
    /** Budget held by the frame being read. */
    private long current;
    /** Budget of read frames not yet taken by the connection. */
    private long completed;

    MeteredChannel(UnixConnection socket, FrameBudget budget, long waitMillis) {
        this.socket = socket;
        this.budget = budget;
        this.waitMillis = waitMillis;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        ReadSpin.await(socket);
        int n = socket.read(dst);
        for (int i = start; i < start + Math.max(n, 0);) {
            if (bodyLeft == 0) {
                prefix |= (dst.get(i++) & 0xffL) << (8 * prefixBytes);
                if (++prefixBytes == Wire.LENGTH_BYTES) {
                    frameStarts(prefix);
                }
            } else {
                long k = Math.min(bodyLeft, start + n - i);
                i += (int) k;
                bodyLeft -= k;
                if (bodyLeft == 0) {
                    completed += current;
                    current = 0;
                }
            }
        }
        return n;
    }

    private void frameStarts(long length) throws IOException {
        prefixBytes = 0;
        prefix = 0;
        bodyLeft = length;
        long size = length + Wire.LENGTH_BYTES;
        if (size <= SMALL_FRAME_BYTES || length > Wire.MAX_FRAME_BYTES) {
            return; // small, or refused by the codec before its body is read
        }
        if (!budget.reserve(size, waitMillis)) {
            throw new IOException("no memory for a frame of " + size + " bytes within " + waitMillis
                    + " ms (other clients hold the frame budget)");
        }
        current = size;
    }

    /** The budget of the frames completed since the last call; the caller releases it. */
    synchronized long takeCompleted() {
        long bytes = completed;
        completed = 0;
        return bytes;
    }

    /** Releases whatever budget this channel still holds; the connection is gone. */
    synchronized void releaseAll() {
        budget.release(current + completed);
        current = 0;
        completed = 0;
    }

    void release(long bytes) {
        budget.release(bytes);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        socket.close();
    }
}
