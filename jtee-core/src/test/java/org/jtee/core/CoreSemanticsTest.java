package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.os.Hardening;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, instances, panics, cancellation, identity and write-back, end to end through the socket. */
class CoreSemanticsTest {
    @TempDir
    Path home;
    CoreFixture tee;
    TeeContext ctx;

    @BeforeEach
    void start() throws Exception {
        tee = new CoreFixture(home);
        ctx = tee.context();
    }

    @AfterEach
    void stop() {
        ctx.close();
        tee.close();
    }

    private static int count(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(SharedTa.CMD_COUNT, Operation.of(v));
        return v.a();
    }

    /** Runs CMD_TA_TIME: sets {@code seconds.millis} unless {@code set} is false, waits, reads; returns {result, seconds, millis}. */
    static long[] taTime(TeeSession s, int cmd, boolean set, long seconds, int millis, int waitMillis) throws TeeException {
        ValueParameter time = ValueParameter.inout((int) seconds, millis);
        ValueParameter control = ValueParameter.inout(waitMillis, set ? 0 : 1);
        s.invokeCommand(cmd, Operation.of(time, control));
        return new long[] {control.b(), Integer.toUnsignedLong(time.a()), time.b()};
    }

    /** The times are kept in trusted storage, which needs the supplicant. */
    @Test
    void taPersistentTime_inTheCore_notSetUntilSet_thenRunsOn_andOverflowsWrapped() throws Exception {
        try (CoreFixture stored = new CoreFixture(home.resolve("with-supplicant")).withSupplicant();
                TeeContext c = stored.context();
                TeeSession a = c.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(TeeResult.TIME_NOT_SET, (int) taTime(a, ProbeTa.CMD_TA_TIME, false, 0, 0, 0)[0]);
            long[] t = taTime(a, ProbeTa.CMD_TA_TIME, true, 1000, 0, 1100);
            assertEquals(0, t[0]);
            assertTrue(t[1] == 1001 || t[1] == 1002, "1.1 s later: " + t[1] + "." + t[2]);
            long[] wrapped = taTime(a, ProbeTa.CMD_TA_TIME, true, 0xFFFF_FFFFL, 999, 5);
            assertEquals(TeeResult.OVERFLOW, (int) wrapped[0]);
            assertEquals(0, wrapped[1], "the seconds wrapped");
        }
    }

    @Test
    void taPersistentTime_withoutTheSupplicant_isStorageNotAvailable() throws Exception {
        try (TeeSession a = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, (int) taTime(a, ProbeTa.CMD_TA_TIME, false, 0, 0, 0)[0]);
        }
    }

    /** Runs a TA-to-TA call to {@code cmd} that sleeps {@code sleepMillis} with a cancellation timeout; returns {result, origin, caller cancelled}. */
    static int[] callWithTimeout(TeeSession s, int cmd, int timeoutMillis, int sleepMillis) throws TeeException {
        ValueParameter call = ValueParameter.inout(timeoutMillis, sleepMillis);
        ValueParameter caller = ValueParameter.inout(0, 0);
        s.invokeCommand(cmd, Operation.of(call, caller));
        return new int[] {call.a(), call.b(), caller.a()};
    }

    @Test
    void taToTaTimeout_inTheCore_cancelsTheCalleesWait_notTheCaller() throws Exception {
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            long start = System.nanoTime();
            int[] r = callWithTimeout(s, ProbeTa.CMD_WAIT_WITH_TIMEOUT, 200, 10_000);
            assertEquals(TeeResult.CANCEL, r[0], "the callee's TEE_Wait was cancelled");
            assertEquals(ReturnOrigin.TRUSTED_APP, r[1]);
            assertEquals(0, r[2], "the caller's own call is not cancelled");
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
            assertEquals(TeeResult.SUCCESS, callWithTimeout(s, ProbeTa.CMD_WAIT_WITH_TIMEOUT, 2_000, 20)[0],
                    "a callee that returns in time is not cancelled");
        }
    }

    @Test
    void singleInstance_sharesStateAcrossSessions() throws Exception {
        try (TeeSession a = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null);
                TeeSession b = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null)) {
            int first = count(a);
            assertEquals(first + 1, count(b));
        }
    }

    @Test
    void panic_killsEverySessionOfTheInstance_nextOpenGetsFreshInstance() throws Exception {
        TeeSession a = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null);
        TeeSession b = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null);
        count(a);
        count(a);
        int created = SharedTa.CREATED.get();
        TeeException e = assertThrows(TeeException.class, () -> a.invokeCommand(SharedTa.CMD_PANIC, null));
        assertEquals(TeeResult.TARGET_DEAD, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        TeeException eb = assertThrows(TeeException.class, () -> count(b));
        assertEquals(TeeResult.TARGET_DEAD, eb.result());
        assertEquals(ReturnOrigin.TEE, eb.origin());
        a.close();
        b.close();
        try (TeeSession c = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(1, count(c), "a fresh instance starts counting again");
            assertEquals(created + 1, SharedTa.CREATED.get());
        }
    }

    @Test
    void uncaughtException_isPanic_otherInstancesUnaffected() throws Exception {
        try (TeeSession bad = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null);
                TeeSession good = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            TeeException e = assertThrows(TeeException.class, () -> bad.invokeCommand(ProbeTa.CMD_THROW, null));
            assertEquals(TeeResult.TARGET_DEAD, e.result());
            ValueParameter v = ValueParameter.inout(2, 3);
            good.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
            assertEquals(5, v.a());
        }
    }

    @Test
    void singleSessionTa_secondOpen_busy() throws Exception {
        TeeSession first = ctx.openSession(LonelyTa.UUID, LoginMethod.PUBLIC, null);
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(LonelyTa.UUID, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.BUSY, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        first.close();
        ctx.openSession(LonelyTa.UUID, LoginMethod.PUBLIC, null).close();
    }

    @Test
    void cancellation_endsTeeWaitWithCancel() throws Exception {
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            Operation op = Operation.of(ValueParameter.input(60_000, 0));
            CompletableFuture<TeeException> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    s.invokeCommand(ProbeTa.CMD_WAIT, op);
                    return null;
                } catch (TeeException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            op.requestCancellation();
            TeeException e = waiting.get(10, TimeUnit.SECONDS);
            assertEquals(TeeResult.CANCEL, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
        }
    }

    @Test
    void slowCall_doesNotHoldUpOtherSessionsOfTheSameConnection() throws Exception {
        try (TeeSession slow = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null);
                TeeSession fast = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            Operation wait = Operation.of(ValueParameter.input(60_000, 0));
            CompletableFuture<TeeException> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    slow.invokeCommand(ProbeTa.CMD_WAIT, wait);
                    return null;
                } catch (TeeException e) {
                    return e;
                }
            });
            Thread.sleep(100);
            ValueParameter v = ValueParameter.inout(1, 2);
            fast.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
            assertEquals(3, v.a());
            assertTrue(!waiting.isDone(), "the slow call is still running while the fast one completed");
            wait.requestCancellation();
            assertEquals(TeeResult.CANCEL, waiting.get(10, TimeUnit.SECONDS).result());
        }
    }

    @Test
    void oneContext_manyThreads_eachGetsItsOwnReply() throws Exception {
        int threads = 8;
        int calls = 500;
        try (TeeSession s = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int t = 0; t < threads; t++) {
                    int base = t * 1_000_000;
                    results.add(pool.submit(() -> {
                        try (TeeSession own = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
                            for (int i = 0; i < calls; i++) {
                                ValueParameter v = ValueParameter.inout(base, i);
                                own.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
                                assertEquals(base + i, v.a());
                                count(s);
                            }
                        }
                        return calls;
                    }));
                }
                for (var r : results) {
                    assertEquals(calls, r.get(60, TimeUnit.SECONDS));
                }
                assertEquals(threads * calls + 1, count(s), "every call reached the single instance exactly once");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shortBuffer_writesBackTheSizeNeeded() throws Exception {
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            TempMemory out = TempMemory.output(10);
            TeeException e = assertThrows(TeeException.class,
                    () -> s.invokeCommand(ProbeTa.CMD_WRITE, Operation.of(out, ValueParameter.input(100, 0))));
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
            assertEquals(100, out.size());
        }
    }

    @Test
    void sharedMemory_partialReference_readByTa() throws Exception {
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null);
                SharedMemory shm = ctx.allocateSharedMemory(4096, SharedMemory.INPUT)) {
            for (int i = 0; i < 4096; i++) {
                shm.buffer().put(i, (byte) 1);
            }
            ValueParameter sum = ValueParameter.output();
            s.invokeCommand(ProbeTa.CMD_SUM, Operation.of(SharedMemoryReference.partialInput(shm, 1000, 24), sum));
            assertEquals(24, sum.a());
        }
    }

    @Test
    void userLogin_clientUuidIsUuidV5OfUid() throws Exception {
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.USER, null)) {
            TempMemory out = TempMemory.output(128);
            s.invokeCommand(ProbeTa.CMD_IDENTITY, Operation.of(out));
            String id = new String(out.data(), StandardCharsets.UTF_8);
            assertEquals("USER/" + Uuids.clientUuid(LoginMethod.USER, Hardening.uid(), Hardening.gid()), id);
        }
    }

    @Test
    void groupLogin_ownGroup_accepted_foreignGroup_denied() throws Exception {
        int gid = (int) Hardening.gid();
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.GROUP, gid, null)) {
            TempMemory out = TempMemory.output(128);
            s.invokeCommand(ProbeTa.CMD_IDENTITY, Operation.of(out));
            assertEquals("GROUP/" + Uuids.clientUuid(LoginMethod.GROUP, 0, gid), new String(out.data(), StandardCharsets.UTF_8));
        }
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(ProbeTa.UUID, LoginMethod.GROUP, 54321, null));
        assertEquals(TeeResult.ACCESS_DENIED, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
    }

    @Test
    void taThatCannotBeBuilt_targetDeadFromTee_coreServesOn() throws Exception {
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(FailingTa.UUID, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.TARGET_DEAD, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        try (TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(1, 1);
            s.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
            assertEquals(2, v.a());
        }
    }

    @Test
    void applicationLogin_notSupported() {
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(ProbeTa.UUID, LoginMethod.APPLICATION, null));
        assertEquals(TeeResult.NOT_SUPPORTED, e.result());
    }

    @Test
    void systemPta_pingsAndReportsReeTimeThroughSupplicant() throws Exception {
        try (TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.output();
            s.invokeCommand(SystemPtaContract.CMD_PING, Operation.of(v));
            assertEquals(1, v.a());
            TeeException none = assertThrows(TeeException.class,
                    () -> s.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(ValueParameter.output())));
            assertEquals(TeeResult.COMMUNICATION, none.result());
            tee.withSupplicant();
            long deadline = System.nanoTime() + 5_000_000_000L;
            ValueParameter t = ValueParameter.output();
            while (true) {
                try {
                    s.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(t));
                    break;
                } catch (TeeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(10);
                }
            }
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs(Integer.toUnsignedLong(t.a()) - now) < 60, "REE time is the supplicant's clock");
        }
    }
}
