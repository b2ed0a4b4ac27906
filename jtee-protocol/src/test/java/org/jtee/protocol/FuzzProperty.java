package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The property every fuzz input must satisfy: the decoder either rejects it with a
 * {@link ProtocolException} or accepts it, and then the message it returns encodes back to exactly
 * the bytes it was decoded from and decodes to an equal message. Nothing else may be thrown.
 * {@link FrameChannel} must agree with {@link Codec#decode} on the same bytes.
 */
final class FuzzProperty {
    private FuzzProperty() {}

    /** Checks {@code input} with {@link Codec#decode}; returns the frame, or null if it was rejected. */
    static Frame checkDecode(byte[] input) {
        Frame frame;
        try {
            frame = Codec.decode(ByteBuffer.wrap(input));
        } catch (ProtocolException rejected) {
            return null;
        }
        assertReEncodes(frame, input);
        return frame;
    }

    /**
     * Feeds {@code valid} frames followed by {@code input} through a {@link FrameChannel} reading
     * in chunks of {@code chunks}. The valid frames must come out first; after them every frame
     * the channel returns must re-encode to the bytes it came from, and the stream must end in
     * null (all bytes consumed) or a {@link ProtocolException}. {@code decoded} is what
     * {@link Codec#decode} made of {@code input} as one frame (null if it rejected it): the
     * channel must agree.
     */
    static void checkChannel(List<byte[]> valid, byte[] input, IntSupplier chunks, Frame decoded) throws IOException {
        byte[] stream = Frames.concat(Frames.concat(valid.toArray(new byte[0][])), input);
        FrameChannel channel = new FrameChannel(MemoryChannel.reading(stream, chunks));
        int offset = 0;
        int frames = 0;
        boolean rejected = false;
        while (true) {
            Frame f;
            try {
                f = channel.read();
            } catch (ProtocolException e) {
                assertTrue(frames >= valid.size(), "a valid frame was rejected: " + e.getMessage());
                rejected = true;
                break;
            }
            if (f == null) {
                assertEquals(stream.length, offset, "null only at a clean end of stream");
                break;
            }
            byte[] encoded = Frames.encode(f.requestId(), f.message());
            assertTrue(offset + encoded.length <= stream.length, "frame longer than the input");
            assertReEncodes(f, Arrays.copyOfRange(stream, offset, offset + encoded.length));
            offset += encoded.length;
            frames++;
        }
        int fromInput = frames - valid.size();
        if (decoded != null) {
            assertEquals(1, fromInput, "the channel reads the one frame the codec accepts");
            assertTrue(!rejected, "the channel accepts what the codec accepts");
        } else if (fromInput == 1 && !rejected) {
            throw new AssertionError("the channel read one whole frame that the codec rejects");
        }
    }

    private static void assertReEncodes(Frame frame, byte[] input) {
        byte[] again = Frames.encode(frame.requestId(), frame.message());
        assertArrayEquals(input, again, "an accepted frame encodes back to the same bytes");
        Frame twice;
        try {
            twice = Codec.decode(ByteBuffer.wrap(again));
        } catch (ProtocolException e) {
            throw new AssertionError("re-encoding of an accepted frame is rejected: " + e.getMessage(), e);
        }
        assertEquals(frame.requestId(), twice.requestId());
        MessageAssert.assertMessageEquals(frame.message(), twice.message());
    }
}
