package org.jtee.protocol;

import static org.jtee.protocol.MessageAssert.assertMessageEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FrameChannelTest {
    private static final int BUFFER_BYTES = 64 * 1024;

    private static byte[] stream(List<Frame> frames) {
        List<byte[]> parts = new ArrayList<>();
        for (Frame f : frames) {
            parts.add(Frames.encode(f.requestId(), f.message()));
        }
        return Frames.concat(parts.toArray(new byte[0][]));
    }

    private static void assertFrameEquals(Frame expected, Frame actual) {
        assertNotNull(actual, "a frame, not the end of the stream");
        assertEquals(expected.requestId(), actual.requestId());
        assertMessageEquals(expected.message(), actual.message());
    }

    private static void assertReadsAll(List<Frame> expected, FrameChannel frames) throws Exception {
        for (Frame f : expected) {
            assertFrameEquals(f, frames.read());
        }
        assertNull(frames.read(), "clean end of stream");
    }

    /** An INVOKE whose TMEM_IN slot carries {@code size} bytes of a pattern. */
    private static Message.Invoke invokeWithBytes(int session, int command, int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + seed);
        }
        return new Message.Invoke(session, command,
                WireParams.of(new WireParam.TempMem(WireParam.TMEM_IN, false, size, data), null, null, null));
    }

    @Test
    void read_severalFramesArrivingInOneRead_returnsEachFrameInOrder() throws Exception {
        List<Frame> corpus = Corpus.frames();
        MemoryChannel ch = MemoryChannel.reading(stream(corpus));
        FrameChannel frames = new FrameChannel(ch);
        assertFrameEquals(corpus.get(0), frames.read());
        assertEquals(1, ch.readCalls(), "the whole stream fits the buffer: one read serves all frames");
        for (Frame f : corpus.subList(1, corpus.size())) {
            assertFrameEquals(f, frames.read());
        }
        assertEquals(1, ch.readCalls(), "no further read until the buffered frames are consumed");
        assertNull(frames.read());
    }

    @Test
    void read_frameSplitAcrossOneByteReads_isReassembled() throws Exception {
        List<Frame> corpus = Corpus.frames();
        byte[] bytes = stream(corpus);
        MemoryChannel ch = MemoryChannel.reading(bytes, () -> 1);
        assertReadsAll(corpus, new FrameChannel(ch));
        assertEquals(bytes.length, ch.bytesRead());
        assertTrue(ch.readCalls() > bytes.length, "one byte per read");
    }

    @Test
    void read_framesSplitAtRandomPoints_areReassembled() throws Exception {
        List<Frame> corpus = new ArrayList<>(Corpus.frames());
        corpus.add(new Frame(99, invokeWithBytes(1, 2, 200_000, 7)));
        corpus.addAll(Corpus.frames());
        Random random = new Random(42);
        assertReadsAll(corpus, new FrameChannel(MemoryChannel.reading(stream(corpus), () -> 1 + random.nextInt(300))));
    }

    @Test
    void read_frameLargerThanTheInternalBuffer_isReadWhole() throws Exception {
        Frame big = new Frame(7, invokeWithBytes(1, 2, 1 << 20, 3));
        List<Frame> frames = List.of(Corpus.frames().get(0), big, Corpus.frames().get(5), big);
        byte[] bytes = stream(frames);
        assertTrue(Frames.encode(7, big.message()).length > BUFFER_BYTES);
        assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(bytes)));
        assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(bytes, () -> 4093)));
    }

    /** Small frames, then frames of sizes around {@code bytes}, each followed by a small one. */
    private static List<Frame> framesAround(int bytes) {
        List<Frame> frames = new ArrayList<>(Corpus.frames().subList(0, 3));
        int overhead = Frames.encode(0, invokeWithBytes(1, 2, 0, 0)).length;
        for (int size = bytes - overhead - 2; size <= bytes - overhead + 2; size++) {
            frames.add(new Frame(size, invokeWithBytes(1, 2, size, size)));
            frames.add(new Frame(1, new Message.CloseSession(size)));
        }
        return frames;
    }

    @Test
    void read_framesAroundTheBufferSizes_areReadWhole() throws Exception {
        assertEquals(BUFFER_BYTES, FrameChannel.BUFFER_BYTES);
        for (int bytes : new int[] {FrameChannel.SMALL_BUFFER_BYTES, FrameChannel.BUFFER_BYTES}) {
            List<Frame> frames = framesAround(bytes);
            Random random = new Random(7);
            assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(stream(frames))));
            assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(stream(frames), () -> 1 + random.nextInt(70_000))));
            assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(stream(frames), () -> 1 + random.nextInt(9_000))));
        }
    }

    @Test
    void readBufferGrowth_keepsTheBytesOfLaterFramesAlreadyRead() throws Exception {
        // a read takes a small frame and the start of one the small buffer cannot hold: growing the
        // buffer must carry the bytes already read over
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(1, new Message.CloseSession(1)));
        frames.add(new Frame(2, invokeWithBytes(1, 2, FrameChannel.SMALL_BUFFER_BYTES + 100, 5)));
        frames.add(new Frame(3, new Message.CloseSession(3)));
        frames.add(new Frame(4, invokeWithBytes(1, 2, 3 * FrameChannel.SMALL_BUFFER_BYTES, 6)));
        frames.add(new Frame(5, new Message.CloseSession(5)));
        assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(stream(frames), () -> 64)));
        assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(stream(frames))));
    }

    @Test
    void write_framesAroundTheBufferSizes_roundTrip() throws Exception {
        for (int bytes : new int[] {FrameChannel.SMALL_BUFFER_BYTES, FrameChannel.BUFFER_BYTES}) {
            List<Frame> frames = framesAround(bytes);
            MemoryChannel out = MemoryChannel.writing(Integer.MAX_VALUE);
            FrameChannel writer = new FrameChannel(out);
            for (Frame f : frames) {
                writer.write(f.requestId(), f.message());
            }
            assertArrayEquals(stream(frames), out.written());
        }
    }

    @Test
    void read_emptyStream_returnsNull() throws Exception {
        FrameChannel frames = new FrameChannel(MemoryChannel.reading(new byte[0]));
        assertNull(frames.read());
        assertNull(frames.read(), "still the end of the stream");
    }

    @Test
    void read_cleanEndOfStreamBetweenFrames_returnsNull() throws Exception {
        List<Frame> corpus = Corpus.frames().subList(0, 3);
        FrameChannel frames = new FrameChannel(MemoryChannel.reading(stream(corpus), () -> 5));
        assertReadsAll(corpus, frames);
        assertNull(frames.read(), "still the end of the stream");
    }

    @Test
    void read_endOfStreamInsideAFrame_throwsProtocolException() throws Exception {
        Frame first = Corpus.frames().get(2);
        Frame second = Corpus.frames().get(10);
        byte[] one = Frames.encode(first.requestId(), first.message());
        byte[] two = Frames.concat(one, Frames.encode(second.requestId(), second.message()));
        for (int cut = one.length + 1; cut < two.length; cut++) {
            for (int chunk : new int[] {1, 3, Integer.MAX_VALUE}) {
                FrameChannel frames = new FrameChannel(MemoryChannel.reading(Arrays.copyOf(two, cut), () -> chunk));
                assertFrameEquals(first, frames.read());
                assertThrows(ProtocolException.class, frames::read, "stream cut at " + cut);
            }
        }
    }

    @Test
    void read_endOfStreamInsideAFrameLargerThanTheBuffer_throwsProtocolException() throws Exception {
        byte[] big = Frames.encode(1, invokeWithBytes(1, 2, 300_000, 1));
        for (int cut : new int[] {1, 3, 4, 16, BUFFER_BYTES - 1, BUFFER_BYTES, BUFFER_BYTES + 1, big.length - 1}) {
            FrameChannel frames = new FrameChannel(MemoryChannel.reading(Arrays.copyOf(big, cut), () -> 10_000));
            assertThrows(ProtocolException.class, frames::read, "stream cut at " + cut);
        }
    }

    @Test
    void read_loweredMaxFrameBytes_rejectsAnOversizedFrameBeforeReadingItsBody() throws Exception {
        byte[] frame = Frames.encode(1, invokeWithBytes(1, 2, 1000, 1));
        int length = frame.length - Wire.LENGTH_BYTES;
        FrameChannel frames = new FrameChannel(MemoryChannel.readingUpTo(frame, Wire.LENGTH_BYTES));
        frames.maxFrameBytes(length - 1);
        ProtocolException e = assertThrows(ProtocolException.class, frames::read);
        assertTrue(e.getMessage().contains("frame length " + length), e.getMessage());

        FrameChannel atTheBound = new FrameChannel(MemoryChannel.reading(frame));
        atTheBound.maxFrameBytes(length);
        assertNotNull(atTheBound.read());
    }

    @Test
    void read_lengthAboveSixteenMiB_isRejectedBeforeReadingTheBody() {
        byte[] header = Hex.bytes("01000001 01 03 0000 0100000000000000");   // length 16 MiB + 1
        FrameChannel frames = new FrameChannel(MemoryChannel.readingUpTo(header, Wire.LENGTH_BYTES));
        assertThrows(ProtocolException.class, frames::read);
    }

    @Test
    void read_lengthPrefixAlone_doesNotMakeTheReaderAllocateTheWholeFrame() {
        // a peer announces a 16 MiB frame and sends 1000 bytes of it, then stops
        byte[] start = Arrays.copyOf(Hex.bytes("00000001 01 03 0000 0100000000000000"), 1016);
        warmUp(start);
        Allocation allocation = Allocation.forCurrentThread();
        FrameChannel frames = new FrameChannel(MemoryChannel.reading(start));
        long before = allocation.bytes();
        assertThrows(ProtocolException.class, frames::read);
        long allocated = allocation.bytes() - before;
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for 1016 received");
    }

    /** Runs the code paths once, so that class loading does not count as the reader's allocation. */
    private static void warmUp(byte[] truncated) {
        try {
            new FrameChannel(MemoryChannel.reading(Frames.encode(1, invokeWithBytes(1, 2, 100_000, 0)))).read();
            new FrameChannel(MemoryChannel.reading(truncated)).read();
        } catch (IOException | ProtocolException expected) {
            // the truncated frame ends in a ProtocolException
        }
    }

    @Test
    void read_lengthBelowTwelve_isRejectedBeforeReadingFurther() {
        byte[] header = Hex.bytes("0b000000 01 03 0000 0100000000000000");
        FrameChannel frames = new FrameChannel(MemoryChannel.readingUpTo(header, Wire.LENGTH_BYTES));
        assertThrows(ProtocolException.class, frames::read);
    }

    @Test
    void maxFrameBytes_outsideTheProtocolRange_isRefused() {
        FrameChannel frames = new FrameChannel(MemoryChannel.reading(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> frames.maxFrameBytes(Wire.MIN_FRAME_LENGTH - 1));
        assertThrows(IllegalArgumentException.class, () -> frames.maxFrameBytes(Wire.MAX_FRAME_BYTES + 1));
        frames.maxFrameBytes(Wire.MIN_FRAME_LENGTH);
        frames.maxFrameBytes(Wire.MAX_FRAME_BYTES);
    }

    @Test
    void write_thenRead_roundTripsEveryMessageIncludingOneLargerThanTheBuffer() throws Exception {
        List<Frame> frames = new ArrayList<>(Corpus.frames());
        frames.add(new Frame(77, invokeWithBytes(3, 4, 1 << 20, 9)));
        MemoryChannel out = MemoryChannel.writing(Integer.MAX_VALUE);
        FrameChannel writer = new FrameChannel(out);
        for (Frame f : frames) {
            writer.write(f.requestId(), f.message());
        }
        assertArrayEquals(stream(frames), out.written());
        assertReadsAll(frames, new FrameChannel(MemoryChannel.reading(out.written())));
    }

    @Test
    void write_ofAMessageAboveTheFrameBound_failsAndWritesNothing() {
        MemoryChannel out = MemoryChannel.writing(Integer.MAX_VALUE);
        FrameChannel writer = new FrameChannel(out);
        Message tooBig = invokeWithBytes(1, 2, Wire.MAX_FRAME_BYTES, 0);
        assertThrows(IllegalArgumentException.class, () -> writer.write(1, tooBig));
        assertEquals(0, out.written().length);
    }

    @Test
    void write_fromEightThreadsAtOnce_neverInterleavesFrames() throws Exception {
        int threads = 8;
        int perThread = 200;
        MemoryChannel out = MemoryChannel.writing(7);   // short writes, with a yield after each
        FrameChannel writer = new FrameChannel(out);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < perThread; i++) {
                        int size = i % 100 == 0 ? BUFFER_BYTES + random.nextInt(1000) : random.nextInt(300);
                        writer.write(((long) thread << 32) | i, invokeWithBytes(thread, i, size, thread * 1000 + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        FrameChannel reader = new FrameChannel(MemoryChannel.reading(out.written()));
        Map<Integer, Integer> next = new HashMap<>();
        Frame f;
        int count = 0;
        while ((f = reader.read()) != null) {
            int thread = (int) (f.requestId() >>> 32);
            int i = (int) f.requestId();
            assertEquals(next.getOrDefault(thread, 0), i, "frames of one writer stay in order");
            next.put(thread, i + 1);
            Message.Invoke m = (Message.Invoke) f.message();
            WireParam.TempMem t = (WireParam.TempMem) m.params().get(0);
            assertMessageEquals(invokeWithBytes(thread, i, t.data().length, thread * 1000 + i), m);
            count++;
        }
        assertEquals(threads * perThread, count);
    }

    @Test
    void writeThenRead_overAPipe_deliversEveryFrameInOrder() throws Exception {
        Pipe pipe = Pipe.open();
        FrameChannel writer = new FrameChannel(new PipeChannel(pipe));
        FrameChannel reader = new FrameChannel(new PipeChannel(pipe));
        List<Frame> frames = new ArrayList<>(Corpus.frames());
        frames.add(new Frame(50, invokeWithBytes(5, 6, 500_000, 5)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (Frame f : frames) {
                    writer.write(f.requestId(), f.message());
                }
                pipe.sink().close();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        producer.start();
        try {
            assertReadsAll(frames, reader);
        } finally {
            pipe.source().close();
            producer.join();
        }
        assertNull(failure.get());
    }

    /** The two ends of a {@link Pipe} as one {@link ByteChannel}: reads from the source, writes to the sink. */
    private static final class PipeChannel implements ByteChannel {
        private final Pipe pipe;

        PipeChannel(Pipe pipe) {
            this.pipe = pipe;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return pipe.source().read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return pipe.sink().write(src);
        }

        @Override
        public boolean isOpen() {
            return pipe.source().isOpen() || pipe.sink().isOpen();
        }

        @Override
        public void close() throws IOException {
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
