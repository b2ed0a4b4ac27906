package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.FsRpc;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.storage.ObjectStore;
import org.jtee.storage.RpcReeFiles;
import org.jtee.storage.Stores;
import org.jtee.storage.SupplicantCalls;
import org.jtee.supplicant.FsService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash points that {@link CrashRoundsTest} reaches only by chance, made exactly: the supplicant's
 * file service runs in this JVM over a real directory, a call to it "dies" where a {@code kill -9}
 * of the core or the supplicant would stop it, and a new store over the same files and counter is
 * what the restarted core mounts. Nothing that a crash cuts short was acknowledged, so the new
 * store must hold what was acknowledged before, or the cut-short commit whole.
 */
class StoreCrashPointsTest {
    private static final UUID TA = UUID.fromString("5b1f0c2e-8a47-4d3e-b6a9-0c7e2f91d4a8");
    private static final ObjectStore.Header DATA = new ObjectStore.Header(0xA00000BF, 0, 0, 0xFFFFFFFF, new byte[0]);
    private static final byte[] ID = {'o', '0'};
    private static final int SMALL_SEGMENT_BYTES = 256 << 10;

    /** How an FS WRITE is cut short. */
    private enum Cut {
        /** Nothing of it reaches the file. */
        BEFORE,
        /**
         * Its first page reaches the file: what a supplicant killed inside its {@code pwrite}
         * leaves, as the kernel stops a write at a page boundary once a fatal signal is pending.
         */
        FIRST_PAGE,
        /** All of it reaches the file, synced, but the reply never comes. */
        AFTER_REPLY_LOST
    }

    @TempDir
    Path dir;
    /** The directory of the store under test: its files in {@code ree}, its counter in {@code state}. */
    private Path root;
    private FsService fs;
    private final byte[] ssk = new byte[32];
    /** The FS WRITEs to let through before the one that is cut; negative: none is cut. */
    private final AtomicInteger writesBeforeCut = new AtomicInteger(-1);
    private volatile Cut cut;
    /** While set, the next FS REMOVE fails as if the supplicant died before it: the file stays. */
    private final AtomicBoolean failNextRemove = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        new Random(11).nextBytes(ssk);
        serveFrom(dir);
    }

    /** Makes the store's files and counter those under {@code directory}, served by a new FS service. */
    private void serveFrom(Path directory) {
        if (fs != null) {
            fs.close();
        }
        root = directory;
        fs = new FsService(directory.resolve("ree"));
    }

    @AfterEach
    void tearDown() {
        fs.close();
    }

    /** Cuts the FS WRITE after the next {@code passing} ones short, as {@code how}; then the link is gone. */
    private void cutWrite(int passing, Cut how) {
        cut = how;
        writesBeforeCut.set(passing);
    }

    /** The supplicant's FS service, with the cut the test arms. */
    private WireParams call(int command, WireParams params) throws TeeException {
        if (command != Rpc.FS) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "only FS here");
        }
        long sub = params.get(0) instanceof WireParam.Value v ? v.a() : -1;
        if (sub == FsRpc.REMOVE && failNextRemove.getAndSet(false)) {
            throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the supplicant went away");
        }
        if (sub != FsRpc.WRITE || writesBeforeCut.getAndDecrement() != 0) {
            return fs.serve(params);
        }
        switch (cut) {
            case BEFORE -> { }
            case FIRST_PAGE -> fs.serve(firstPage(params));
            case AFTER_REPLY_LOST -> fs.serve(params);
        }
        throw new TeeException(TeeResult.COMMUNICATION, ReturnOrigin.TEE, "the supplicant went away");
    }

    /** The WRITE with only the first page of its data, and no sync. */
    private static WireParams firstPage(WireParams params) {
        WireParam.TempMem data = (WireParam.TempMem) params.get(2);
        byte[] page = Arrays.copyOf(data.data(), Math.min(4096, data.data().length));
        WireParam.Value v = (WireParam.Value) params.get(0);
        return WireParams.of(new WireParam.Value(WireParam.VALUE_IN, v.a(), v.b(), 0), params.get(1),
                new WireParam.TempMem(WireParam.TMEM_IN, false, page.length, page), null);
    }

    private ObjectStore store(int segmentBytes) {
        SupplicantCalls calls = this::call;
        Path counters = root.resolve("state");
        return segmentBytes == 0 ? Stores.reeFs(new RpcReeFiles(calls), ssk, counters)
                : Stores.reeFs(new RpcReeFiles(calls), ssk, counters, segmentBytes);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] content(ObjectStore store) throws TeeException {
        ObjectStore.Entry e = store.find(TA, ID);
        byte[] data = new byte[Math.toIntExact(e.dataSize())];
        assertEquals(data.length, store.read(e.number(), 0, data, 0, data.length));
        return data;
    }

    /**
     * The very first commit of a new store: its segment file is preallocated (zeros, synced), then
     * the core dies before the record is written. Mount finds one segment with no record and the
     * counter at 0: nothing was acknowledged, so the store is empty, and usable.
     */
    @Test
    void firstCommitKilledAfterItsSegmentWasPreallocated_storeMountsEmpty() throws TeeException {
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            cutWrite(0, Cut.BEFORE);
            failsNotAvailable(() -> store.create(TA, ID, DATA, bytes(100, 1), false));
        }
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            assertEquals(List.of(), store.list(TA));
            store.create(TA, ID, DATA, bytes(100, 2), false);
            assertArrayEquals(bytes(100, 2), content(store));
        }
    }

    /**
     * A record larger than one FS WRITE ({@link FsRpc#MAX_TRANSFER_BYTES}) goes in two calls, and
     * the core dies between them: the record's header and metadata are whole, its data area is not.
     */
    @Test
    void coreKilledBetweenTheWriteCallsOfOneRecord_objectKeepsItsAcknowledgedContent() throws TeeException {
        byte[] acknowledged = bytes(64 << 10, 3);
        try (ObjectStore store = store(0)) {
            store.create(TA, ID, DATA, acknowledged, false);
            long number = store.find(TA, ID).number();
            byte[] big = bytes(5 << 20, 4);
            cutWrite(1, Cut.BEFORE);
            failsNotAvailable(() -> store.write(number, 0, big, 0, big.length));
        }
        try (ObjectStore store = store(0)) {
            assertArrayEquals(acknowledged, content(store));
        }
    }

    /**
     * The supplicant is killed inside the {@code pwrite} of a 20 KiB record, which leaves the
     * record's first page; the core dies before it writes the record again.
     */
    @Test
    void supplicantKilledInsideTheWriteOfARecord_objectKeepsItsAcknowledgedContent() throws TeeException {
        byte[] acknowledged = bytes(20 << 10, 5);
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            store.create(TA, ID, DATA, acknowledged, false);
            long number = store.find(TA, ID).number();
            byte[] next = bytes(20 << 10, 6);
            cutWrite(0, Cut.FIRST_PAGE);
            failsNotAvailable(() -> store.write(number, 0, next, 0, next.length));
        }
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            assertArrayEquals(acknowledged, content(store));
        }
    }

    /** A record written whole whose reply is lost counts: the restarted core finds the commit, whole. */
    @Test
    void coreKilledAfterARecordWasWrittenBeforeItsReply_commitIsThereWhole() throws TeeException {
        byte[] next = bytes(20 << 10, 8);
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            store.create(TA, ID, DATA, bytes(20 << 10, 7), false);
            long number = store.find(TA, ID).number();
            cutWrite(0, Cut.AFTER_REPLY_LOST);
            failsNotAvailable(() -> store.write(number, 0, next, 0, next.length));
        }
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            assertArrayEquals(next, content(store));
        }
    }

    /**
     * The same record, whole but unanswered, and the core lives on: its next commit goes where the
     * record is, and after a restart the store holds that commit and not the unanswered one.
     */
    @Test
    void writeWholeButUnansweredThenRetried_restartFindsTheRetriedCommit() throws TeeException {
        byte[] unanswered = bytes(20 << 10, 10);
        byte[] retried = bytes(300, 11);
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            store.create(TA, ID, DATA, bytes(20 << 10, 9), false);
            long number = store.find(TA, ID).number();
            cutWrite(0, Cut.AFTER_REPLY_LOST);
            failsNotAvailable(() -> store.write(number, 0, unanswered, 0, unanswered.length));
            store.truncate(number, 0);
            store.write(number, 0, retried, 0, retried.length);
        }
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            assertArrayEquals(retried, content(store));
        }
    }

    /**
     * The supplicant writes a record whole and dies before its reply, at the end of a segment; the
     * core lives on, and its next commit, larger than the room left, starts the next segment. The
     * unanswered record stays at the end of the old segment, where no later record overwrites it.
     */
    @Test
    void unansweredRecordAtASegmentsEndThenANewSegment_storeMountsWithWhatWasAcknowledged() throws TeeException {
        serveFrom(dir.resolve("probe"));
        int fit = writesThatFitTheFirstSegment();
        assertTrue(fit > 1, "segment 1 holds a create and at least two writes");
        serveFrom(dir.resolve("store"));
        byte[] acknowledged = bytes(20 << 10, 12);
        byte[] large = bytes(60 << 10, 14);
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            store.create(TA, ID, DATA, bytes(20 << 10, 13), false);
            long number = store.find(TA, ID).number();
            for (int k = 0; k < fit - 1; k++) {
                store.write(number, 0, acknowledged, 0, acknowledged.length);
            }
            byte[] unanswered = bytes(20 << 10, 15);
            cutWrite(0, Cut.AFTER_REPLY_LOST);
            failsNotAvailable(() -> store.write(number, 0, unanswered, 0, unanswered.length));
            store.create(TA, new byte[] {'o', '1'}, DATA, large, false);
            assertTrue(Files.exists(root.resolve("ree").resolve("ree-0000000000000002")), "the large record starts segment 2");
        }
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            assertArrayEquals(acknowledged, content(store));
            ObjectStore.Entry o1 = store.find(TA, new byte[] {'o', '1'});
            byte[] read = new byte[large.length];
            store.read(o1.number(), 0, read, 0, read.length);
            assertArrayEquals(large, read);
        }
    }

    /**
     * Compaction writes the tail segment's live state again at the head, then removes the tail
     * segment; the supplicant dies before that removal, so the file stays. The core lives on, and
     * the next compaction removes the segment after it.
     */
    @Test
    void compactedSegmentLeftBehindThenTheNextOneRemoved_storeMountsWithWhatWasAcknowledged() throws TeeException {
        byte[] last = bytes(20 << 10, 16);
        Path files = root.resolve("ree");
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            store.create(TA, ID, DATA, bytes(20 << 10, 17), false);
            long number = store.find(TA, ID).number();
            failNextRemove.set(true);
            while (failNextRemove.get() || Files.exists(files.resolve("ree-0000000000000002"))) {
                store.write(number, 0, last, 0, last.length);
            }
            assertTrue(Files.exists(files.resolve("ree-0000000000000001")), "segment 1 was left behind");
        }
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            assertArrayEquals(last, content(store));
        }
    }

    /** How many 20 KiB writes after a 20 KiB create still go into segment 1 (counted in a store of their own). */
    private int writesThatFitTheFirstSegment() throws TeeException {
        try (ObjectStore store = store(SMALL_SEGMENT_BYTES)) {
            store.create(TA, ID, DATA, bytes(20 << 10, 13), false);
            long number = store.find(TA, ID).number();
            byte[] data = bytes(20 << 10, 12);
            for (int k = 0; ; k++) {
                store.write(number, 0, data, 0, data.length);
                if (Files.exists(root.resolve("ree").resolve("ree-0000000000000002"))) {
                    return k;
                }
            }
        }
    }

    private interface StoreCall {
        void run() throws TeeException;
    }

    private static void failsNotAvailable(StoreCall call) {
        TeeException e = assertThrows(TeeException.class, call::run);
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, e.result(), e.getMessage());
    }
}
