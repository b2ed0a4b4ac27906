package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jtee.common.TeeException;

/**
 * The bytes libutee holds back between {@code TEE_CipherUpdate} (or {@code TEE_AEUpdate}) calls of
 * a block algorithm, so that the engine only ever sees whole blocks: one partial block, or for CTS
 * and XTS up to two blocks (and at least one byte past a block boundary), because their last two
 * blocks are processed together by the final call. This is {@code tee_buffer_update} of OP-TEE's
 * {@code lib/libutee/tee_api_operations.c}, ported so that every call outputs exactly as many bytes
 * as OP-TEE's, and {@link #updateOutput} is its {@code req_dlen}.
 */
final class BlockBuffer {
    /** Where whole blocks go: the engine's update, which writes as many bytes as it reads. */
    interface Sink {
        int process(ByteBuffer in, ByteBuffer out) throws TeeException;
    }

    private final int blockSize;
    private final boolean twoBlocks;
    private final byte[] buffer;
    private int offset;

    BlockBuffer(int blockSize, boolean twoBlocks) {
        this.blockSize = blockSize;
        this.twoBlocks = twoBlocks;
        this.buffer = new byte[twoBlocks ? 2 * blockSize : blockSize];
    }

    /** Bytes held back. */
    int held() {
        return offset;
    }

    /** Drops what is held ({@code buffer_offs = 0}). */
    void clear() {
        Arrays.fill(buffer, 0, offset, (byte) 0);
        offset = 0;
    }

    /** A view of the held bytes, for the final call. */
    ByteBuffer heldBytes() {
        return ByteBuffer.wrap(buffer, 0, offset);
    }

    /** Takes {@code other}'s held bytes ({@code TEE_CopyOperation}). */
    void copyFrom(BlockBuffer other) {
        System.arraycopy(other.buffer, 0, buffer, 0, buffer.length);
        offset = other.offset;
    }

    /** What {@code TEE_CipherUpdate} requires of the output for {@code srcLen} more bytes. */
    long updateOutput(long srcLen) {
        long total = offset + srcLen;
        if (twoBlocks) {
            return total > 2L * blockSize ? roundUp(total - 2L * blockSize) : 0;
        }
        return total / blockSize * blockSize;
    }

    /** What {@code TEE_AEUpdate} requires: the whole blocks of what is held plus {@code srcLen}. */
    long aeUpdateOutput(long srcLen) {
        return (offset + srcLen) / blockSize * blockSize;
    }

    /**
     * Consumes all of {@code src}: whole blocks go to {@code sink} (writing into {@code dst}), the
     * rest is held. Returns the bytes written.
     */
    int update(ByteBuffer src, ByteBuffer dst, Sink sink) throws TeeException {
        int bufferSize = buffer.length;
        int bufferLeft = twoBlocks ? 1 : 0;
        int written = 0;
        if (offset > 0) {
            int room = offset < blockSize ? blockSize - offset : bufferSize - offset;
            take(src, Math.min(src.remaining(), room));
            if (offset % blockSize != 0) {
                return 0;
            }
        }
        if (offset > 0 && offset + src.remaining() >= bufferSize + bufferLeft) {
            int l = twoBlocks ? Math.min(offset, roundUp(offset + src.remaining() - bufferSize)) : blockSize;
            written += sink.process(ByteBuffer.wrap(buffer, 0, l), dst);
            System.arraycopy(buffer, l, buffer, 0, bufferSize - l);
            offset -= l;
            if (offset > 0) {
                take(src, src.remaining());
                return written;
            }
        }
        if (src.remaining() >= bufferSize + bufferLeft) {
            int l = twoBlocks ? roundUp(src.remaining() - bufferSize) : roundUp(src.remaining() - bufferSize + 1);
            ByteBuffer blocks = src.slice(src.position(), l);
            src.position(src.position() + l);
            written += sink.process(blocks, dst);
        }
        take(src, src.remaining());
        return written;
    }

    private void take(ByteBuffer src, int n) {
        src.get(buffer, offset, n);
        offset += n;
    }

    private int roundUp(long n) {
        return (int) ((n + blockSize - 1) / blockSize * blockSize);
    }

    /** Wipes the held bytes. */
    void wipe() {
        Arrays.fill(buffer, (byte) 0);
        offset = 0;
    }
}
