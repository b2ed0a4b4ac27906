package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where one sender encodes its frames: a direct buffer of 8 KiB, grown to 64 KiB by the first
 * frame that needs it (a new direct buffer is zeroed, and most frames are small), the sizes of
 * {@link FrameChannel}'s read buffer; a larger frame gets a heap buffer of its own. Not thread-safe: its owner lets one sender at a time use it.
 */
public final class EncodeBuffer {
    private ByteBuffer direct;

    /** A cleared little-endian buffer of at least {@code size} bytes, valid until the next call. */
    public ByteBuffer take(int size) {
        if (size > FrameChannel.BUFFER_BYTES) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (direct == null || direct.capacity() < size) {
            direct = ByteBuffer.allocateDirect(size <= FrameChannel.SMALL_BUFFER_BYTES
                    ? FrameChannel.SMALL_BUFFER_BYTES : FrameChannel.BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        return direct.clear();
    }
}
