package org.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record torn at the end of a segment, which mount drops, must not come back once the counter
 * has passed its sequence number: the next record, too big for what is left of the segment, goes
 * to the next one with the same number, and a later mount must follow that one. The device is in
 * memory, and a write can be cut short as a killed writer leaves it (its start on the device, its
 * end not); a "crash" is a new store over the same device and counter file.
 */
class TornTailTest {
    private static final UUID TA = UUID.fromString("3e0b7c52-19d4-4f6e-a0c8-6d2b95e1f47a");
    private static final ObjectStore.Header DATA = new ObjectStore.Header(0xA00000BF, 0, 0, 0xFFFFFFFF, new byte[0]);
    private static final int SEGMENT_BYTES = 64 << 10;

    @TempDir
    Path dir;
    private final byte[] ssk = bytes(32, 99);
    private final MemoryDevice device = new MemoryDevice();
    private LogStore store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    private LogStore open() {
        store = new LogStore(device, new StorageKeys(ssk, Stores.RPMB), dir.resolve("rpmb.counter"));
        return store;
    }

    /** A crash: the store is dropped without another write, and a new one mounts what is on the device. */
    private LogStore crashAndRestart() {
        store.close();
        return open();
    }

    @Test
    void aTornRecordAtASegmentsEndStaysDroppedWhenTheNextRecordStartsANewSegment() throws TeeException {
        open();
        Map<String, byte[]> acknowledged = new LinkedHashMap<>();
        // fill segment 1 until what is left holds a record of one block but not one of five
        for (int i = 0; device.end(1) < SEGMENT_BYTES - 10_000; i++) {
            byte[] data = bytes(4096, i);
            store.create(TA, id("fill" + i), DATA, data, false);
            acknowledged.put("fill" + i, data);
        }
        assertEquals(new TreeSet<>(List.of(1L)), device.segments());
        long before = store.commitSequence();

        // the writer dies inside the next record's write: its header and metadata reach the
        // device, the end of its data does not
        device.tearNextWrite = true;
        assertThrows(TeeException.class, () -> store.create(TA, id("torn"), DATA, bytes(4096, 1000), false));
        Write torn = device.writes.getLast();
        assertEquals(1, torn.segment());

        // the next mount drops it: it was never acknowledged, and its data is not whole
        crashAndRestart();
        assertEquals(before, store.commitSequence());
        assertNull(store.find(TA, id("torn")));

        // a record that does not fit where the torn one began starts segment 2 with the torn
        // record's sequence number, and is acknowledged: the counter passes that number
        byte[] big = bytes(17_920, 2000);
        store.create(TA, id("big"), DATA, big, false);
        acknowledged.put("big", big);
        Write second = device.writes.getLast();
        assertEquals(2, second.segment());
        assertEquals(0, second.offset());
        assertEquals(before + 1, store.commitSequence());

        // the next mount holds every acknowledged record, and the store goes on
        crashAndRestart();
        assertEquals(before + 1, store.commitSequence());
        assertHolds(acknowledged);
        byte[] after = bytes(100, 3000);
        store.create(TA, id("after"), DATA, after, false);
        acknowledged.put("after", after);
        crashAndRestart();
        assertHolds(acknowledged);
        assertNull(store.find(TA, id("torn")));
    }

    @Test
    void aRolledBackDeviceIsStillCaughtAfterATornTail() throws TeeException {
        open();
        for (int i = 0; device.end(1) < SEGMENT_BYTES - 10_000; i++) {
            store.create(TA, id("fill" + i), DATA, bytes(4096, i), false);
        }
        device.tearNextWrite = true;
        assertThrows(TeeException.class, () -> store.create(TA, id("torn"), DATA, bytes(4096, 1000), false));
        crashAndRestart();
        store.find(TA, id("fill0"));
        Map<Long, byte[]> image = device.copy();
        store.create(TA, id("big"), DATA, bytes(17_920, 2000), false);

        // the device as it was before the acknowledged record: its torn neighbour must not stand in for it
        store.close();
        device.restore(image);
        open();
        TeeException e = assertThrows(TeeException.class, () -> store.find(TA, id("big")));
        assertEquals(TeeResult.SECURITY, e.result());
        assertTrue(e.getMessage().contains("does not hold all of its data"), e.getMessage());
    }

    @Test
    void aTornFirstRecordOfANewSegmentStaysDroppedWhenReleasingKeepsItsBytes() throws TeeException {
        // an RPMB ring: a released slot keeps its bytes until a later lap writes over them
        device.releaseKeepsBytes = true;
        open();
        Map<String, byte[]> acknowledged = new LinkedHashMap<>();
        for (int i = 0; device.end(1) < SEGMENT_BYTES - 10_000; i++) {
            byte[] data = bytes(4096, i);
            store.create(TA, id("fill" + i), DATA, data, false);
            acknowledged.put("fill" + i, data);
        }
        long before = store.commitSequence();

        // the writer dies inside a record too big for what is left of segment 1: it is torn at the
        // start of segment 2
        device.tearNextWrite = true;
        assertThrows(TeeException.class, () -> store.create(TA, id("torn"), DATA, bytes(17_920, 1000), false));
        Write torn = device.writes.getLast();
        assertEquals(2, torn.segment());
        assertEquals(0, torn.offset());

        // mount drops it and releases segment 2; the next record fits in segment 1, takes the torn
        // record's number, and is acknowledged
        crashAndRestart();
        assertEquals(before, store.commitSequence());
        byte[] small = bytes(4096, 2000);
        store.create(TA, id("small"), DATA, small, false);
        acknowledged.put("small", small);
        assertEquals(1, device.writes.getLast().segment());
        assertEquals(before + 1, store.commitSequence());

        // the next mount must not take the torn record for the log's continuation
        crashAndRestart();
        assertEquals(before + 1, store.commitSequence());
        assertHolds(acknowledged);
        assertNull(store.find(TA, id("torn")));
        byte[] big = bytes(17_920, 3000);
        store.create(TA, id("big"), DATA, big, false);
        acknowledged.put("big", big);
        crashAndRestart();
        assertHolds(acknowledged);
    }

    @Test
    void aRolledBackDeviceIsStillCaughtAfterATornFirstRecordOfANewSegment() throws TeeException {
        device.releaseKeepsBytes = true;
        open();
        for (int i = 0; device.end(1) < SEGMENT_BYTES - 10_000; i++) {
            store.create(TA, id("fill" + i), DATA, bytes(4096, i), false);
        }
        device.tearNextWrite = true;
        assertThrows(TeeException.class, () -> store.create(TA, id("torn"), DATA, bytes(17_920, 1000), false));
        Map<Long, byte[]> image = device.copy();
        crashAndRestart();
        store.create(TA, id("small"), DATA, bytes(4096, 2000), false);

        // the device as it was before the acknowledged record, torn record and all
        store.close();
        device.restore(image);
        open();
        TeeException e = assertThrows(TeeException.class, () -> store.find(TA, id("small")));
        assertEquals(TeeResult.SECURITY, e.result());
    }

    private void assertHolds(Map<String, byte[]> acknowledged) throws TeeException {
        for (Map.Entry<String, byte[]> a : acknowledged.entrySet()) {
            ObjectStore.Entry e = store.find(TA, id(a.getKey()));
            assertNotNull(e, a.getKey());
            byte[] got = new byte[(int) e.dataSize()];
            assertEquals(got.length, store.read(e.number(), 0, got, 0, got.length));
            assertArrayEquals(a.getValue(), got, a.getKey());
        }
        assertEquals(acknowledged.size(), store.list(TA).size());
    }

    private static byte[] id(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private record Write(long segment, int offset, int length) {}

    /** Segments in memory, whole slots of zeros once made, aligned to RPMB blocks: an RPMB partition's ring, or preallocated files. */
    private static final class MemoryDevice implements SegmentDevice {
        private final TreeMap<Long, byte[]> segments = new TreeMap<>();
        /** Where each segment's writes so far end. */
        private final Map<Long, Integer> ends = new TreeMap<>();
        final List<Write> writes = new ArrayList<>();
        /** The next write reaches the device up to its last 1024 bytes, then fails. */
        volatile boolean tearNextWrite;
        /** Whether release leaves a segment's bytes where they are (an RPMB slot) rather than removing it. */
        volatile boolean releaseKeepsBytes;

        synchronized int end(long segment) {
            return ends.getOrDefault(segment, 0);
        }

        synchronized Map<Long, byte[]> copy() {
            Map<Long, byte[]> out = new TreeMap<>();
            segments.forEach((k, v) -> out.put(k, v.clone()));
            return out;
        }

        synchronized void restore(Map<Long, byte[]> image) {
            segments.clear();
            image.forEach((k, v) -> segments.put(k, v.clone()));
        }

        @Override
        public int segmentBytes() {
            return SEGMENT_BYTES;
        }

        @Override
        public int alignment() {
            return RpmbBlocks.BLOCK_BYTES;
        }

        @Override
        public int capacity() {
            return Integer.MAX_VALUE;
        }

        @Override
        public synchronized SortedSet<Long> segments() {
            return new TreeSet<>(segments.keySet());
        }

        @Override
        public synchronized byte[] read(long segment, int offset, int length) {
            byte[] s = segments.getOrDefault(segment, new byte[0]);
            int end = Math.min(s.length, offset + length);
            return offset >= end ? new byte[0] : Arrays.copyOfRange(s, offset, end);
        }

        @Override
        public synchronized void write(long segment, int offset, byte[] data) throws TeeException {
            int length = data.length;
            boolean tear = tearNextWrite;
            if (tear) {
                tearNextWrite = false;
                length = data.length - 1024;
            }
            byte[] s = segments.computeIfAbsent(segment, k -> new byte[SEGMENT_BYTES]);
            System.arraycopy(data, 0, s, offset, length);
            ends.merge(segment, offset + data.length, Math::max);
            writes.add(new Write(segment, offset, data.length));
            if (tear) {
                throw new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, "the writer died inside this write");
            }
        }

        @Override
        public synchronized void release(long segment) {
            if (releaseKeepsBytes) {
                return;
            }
            segments.remove(segment);
            ends.remove(segment);
        }

        @Override
        public String name() {
            return "memory";
        }
    }
}
