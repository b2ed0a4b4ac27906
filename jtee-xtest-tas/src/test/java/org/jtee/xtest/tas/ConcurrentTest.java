package org.jtee.xtest.tas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jtee.xtest.ta.common.XtestTaUuids.CONCURRENT;
import static org.jtee.xtest.ta.common.XtestTaUuids.CONCURRENT_LARGE;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.xtest.ta.common.ConcurrentContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** concurrent and concurrent_large as xtest 1005 and 1013 use them: a count in shared memory, busy loops, SHA-256. */
class ConcurrentTest {
    private static final int THREADS = 3;
    /** Spin units of a busy loop the client can watch: 50 000 000 rounds, tens to hundreds of milliseconds. */
    private static final int BUSY_UNITS = 50_000;
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    static XtestTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.shared();
    }

    private static SharedMemory countMemory() throws TeeException {
        return tee.context().allocateSharedMemory(ConcurrentContract.SHM_BYTES, SharedMemory.INPUT | SharedMemory.OUTPUT);
    }

    private static int count(SharedMemory shm) {
        return shm.buffer().order(ByteOrder.nativeOrder()).getInt(0);
    }

    /** As xtest's thread: [0] the whole shared count as PARTIAL_INOUT, [1] rounds in a, concurrency out in b. */
    private static int busyLoop(TeeSession s, SharedMemory shm, int rounds) throws TeeException {
        ValueParameter v = ValueParameter.inout(rounds, 0);
        s.invokeCommand(ConcurrentContract.CMD_BUSY_LOOP,
                Operation.of(SharedMemoryReference.partialInout(shm, 0, shm.size()), v));
        return v.b();
    }

    /** Both TAs, one session each (an instance, so a TA host, per session): the count, then SHA-256 as 1013 asks it. */
    @ParameterizedTest
    @ValueSource(strings = {CONCURRENT, CONCURRENT_LARGE})
    void busyLoopAndSha256_countInTheClientsSharedMemory_andTakeTheirOneAwayAgain(String ta) throws Exception {
        try (SharedMemory shm = countMemory(); TeeSession s = tee.open(ta)) {
            shm.buffer().order(ByteOrder.nativeOrder()).putInt(0, 5);
            assertEquals(6, busyLoop(s, shm, 10), "the TA adds one to what the client's memory holds");
            assertEquals(5, count(shm), "and takes it away before it returns");

            ValueParameter v = ValueParameter.inout(100, 0);
            TempMemory digest = TempMemory.output(40);
            s.invokeCommand(ConcurrentContract.CMD_SHA256, Operation.of(
                    SharedMemoryReference.partialInout(shm, 0, shm.size()), v, TempMemory.input(ABC), digest));
            assertEquals(32, digest.size());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ABC), digest.data());
            assertEquals(6, v.b());
            assertEquals(5, count(shm));
        }
    }

    /**
     * xtest 1013's busy-loop subcase, once: three sessions, three threads, one shared count. The
     * client watches the count while the calls run: the TAs change the client's memory in place.
     */
    @Test
    void busyLoop_threeSessionsInParallel_shareOneCount_inTheClientsMemoryItself() throws Exception {
        try (SharedMemory shm = countMemory()) {
            List<TeeSession> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < THREADS; i++) {
                    sessions.add(tee.open(CONCURRENT)); // xtest 1005: three sessions at once
                }
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<CompletableFuture<Integer>> seen = new ArrayList<>();
                for (TeeSession s : sessions) {
                    seen.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                            return busyLoop(s, shm, BUSY_UNITS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, runnable -> Thread.ofPlatform().start(runnable)));
                }
                int watched = 0;
                while (!CompletableFuture.allOf(seen.toArray(CompletableFuture[]::new)).isDone()) {
                    watched = Math.max(watched, count(shm));
                    Thread.sleep(1);
                }
                int max = 0;
                for (CompletableFuture<Integer> f : seen) {
                    max = Math.max(max, f.get(60, TimeUnit.SECONDS));
                }
                assertTrue(max >= 1 && max <= THREADS, "concurrency " + max + " is in 1.." + THREADS);
                assertTrue(watched >= 1 && watched <= THREADS, "the client saw the count at " + watched + " during the calls");
                assertEquals(0, count(shm), "every call took its one away");
            } finally {
                sessions.forEach(TeeSession::close);
            }
        }
    }

    @Test
    void badParameters_wrongTypesShortCountShortDigestOrUnknownCommand() throws Exception {
        try (SharedMemory shm = countMemory(); TeeSession s = tee.open(CONCURRENT)) {
            SharedMemoryReference whole = SharedMemoryReference.partialInout(shm, 0, shm.size());
            assertBadParameters(() -> s.invokeCommand(ConcurrentContract.CMD_BUSY_LOOP,
                    Operation.of(whole, ValueParameter.input(1, 0))));
            assertBadParameters(() -> s.invokeCommand(ConcurrentContract.CMD_BUSY_LOOP,
                    Operation.of(SharedMemoryReference.partialInout(shm, 0, 3), ValueParameter.inout(1, 0))));
            assertBadParameters(() -> s.invokeCommand(ConcurrentContract.CMD_SHA256, Operation.of(
                    whole, ValueParameter.inout(1, 0), TempMemory.input(ABC), TempMemory.output(31))));
            assertBadParameters(() -> s.invokeCommand(2, Operation.of(whole, ValueParameter.inout(1, 0))));
            assertEquals(0, count(shm), "no call that failed its checks counted itself");
        }
    }

    private static void assertBadParameters(org.junit.jupiter.api.function.Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.BAD_PARAMETERS, e.result(), e.getMessage());
        assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
    }
}
