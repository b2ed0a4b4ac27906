package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dynamic TAs in TA hosts: isolation, copies, instance semantics, TA-to-TA calls, cancellation. */
class DynamicTaTest {
    @TempDir
    static Path home;
    static DynamicTas tas;
    static TeeContext ctx;

    @BeforeAll
    static void start() throws Exception {
        tas = new DynamicTas(home, 1, 1_000).withFaultAndKeeper();
        ctx = tas.context();
    }

    @AfterAll
    static void stop() {
        ctx.close();
        tas.close();
    }

    private static TeeSession fault() throws TeeException {
        return ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null);
    }

    private static int pidOf(TeeSession s, int cmd) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(cmd, Operation.of(v));
        return v.a();
    }

    @Test
    void dynamicTa_runsInAProcessOfItsOwn_perInstance() throws Exception {
        try (TeeSession a = fault(); TeeSession b = fault()) {
            int pa = pidOf(a, FaultTa.CMD_PID);
            int pb = pidOf(b, FaultTa.CMD_PID);
            assertNotEquals(ProcessHandle.current().pid(), pa);
            assertNotEquals(pa, pb, "a multi-instance TA gets one host per session");
        }
    }

    /**
     * After a TA's first open the pool's next host is prepared with that TA's classes (defined
     * and linked ahead of need); none of the TA's code runs then, not even its static
     * initialiser: it runs when a client opens the session.
     */
    @Test
    void aHostPreparedForATa_runsNoneOfItsCodeUntilTheOpen() throws Exception {
        try (TeeSession first = fault()) {
            pidOf(first, FaultTa.CMD_PID);
        }
        try (TeeSession system = ctx.openSession(org.jtee.core.pta.SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            ValueParameter pool = ValueParameter.output();
            do {
                Thread.sleep(20);
                system.invokeCommand(org.jtee.core.pta.SystemPtaContract.CMD_HOST_POOL, Operation.of(pool));
            } while (pool.a() < 1 && System.nanoTime() < deadline);
            assertEquals(1, pool.a(), "a pooled host, prepared for FaultTa, is ready");
        }
        Thread.sleep(1_500);
        try (TeeSession again = fault()) {
            ValueParameter ago = ValueParameter.inout(0, 0);
            again.invokeCommand(FaultTa.CMD_INITIALISED_AGO, Operation.of(ago));
            assertTrue(ago.a() < 1_000, "the class was initialised at the open, " + ago.a() + " ms ago, not when prepared");
        }
    }

    @Test
    void memoryReferences_areCopiedInAndOut() throws Exception {
        try (TeeSession s = fault()) {
            TempMemory t = TempMemory.inout("abcdef".getBytes(StandardCharsets.US_ASCII));
            s.invokeCommand(FaultTa.CMD_REVERSE, Operation.of(t));
            assertEquals("fedcba", new String(t.buffer(), StandardCharsets.US_ASCII));
            try (SharedMemory shm = ctx.allocateSharedMemory(8, SharedMemory.INPUT | SharedMemory.OUTPUT)) {
                shm.buffer().put(0, "01234567".getBytes(StandardCharsets.US_ASCII));
                s.invokeCommand(FaultTa.CMD_REVERSE, Operation.of(SharedMemoryReference.whole(shm)));
                byte[] back = new byte[8];
                shm.buffer().get(0, back);
                assertEquals("76543210", new String(back, StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void shortBuffer_comesBackWithTheSizeNeeded() throws Exception {
        try (TeeSession s = fault()) {
            TempMemory out = TempMemory.output(16);
            TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(FaultTa.CMD_SHORT, Operation.of(out)));
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
            assertEquals(64, out.size());
        }
    }

    @Test
    void singleInstanceKeepAlive_sharesOneHostAndOutlivesItsSessions() throws Exception {
        int pid;
        try (TeeSession a = ctx.openSession(KeeperTa.UUID, LoginMethod.PUBLIC, null);
                TeeSession b = ctx.openSession(KeeperTa.UUID, LoginMethod.PUBLIC, null)) {
            pid = pidOf(a, KeeperTa.CMD_PID);
            assertEquals(pid, pidOf(b, KeeperTa.CMD_PID));
        }
        try (TeeSession c = ctx.openSession(KeeperTa.UUID, LoginMethod.PUBLIC, null)) {
            assertEquals(pid, pidOf(c, KeeperTa.CMD_PID), "keep alive: the same instance serves the next session");
        }
    }

    @Test
    void taToTa_calleeSeesTrustedAppLoginAndTheCallersUuid_memoryIsCopied() throws Exception {
        try (TeeSession s = fault()) {
            ValueParameter who = ValueParameter.output();
            ValueParameter count = ValueParameter.inout(5, 0);
            TempMemory text = TempMemory.inout("hello".getBytes(StandardCharsets.US_ASCII));
            s.invokeCommand(FaultTa.CMD_CALL_KEEPER, Operation.of(who, count, text));
            assertEquals(LoginMethod.TRUSTED_APP, who.a());
            assertEquals((int) (FaultTa.UUID.getMostSignificantBits() >>> 32), who.b());
            assertArrayEquals("HELLO".getBytes(StandardCharsets.US_ASCII), text.data());
        }
    }

    @Test
    void taToTa_intoAnInstanceAlreadyInTheChain_isBusy() throws Exception {
        try (TeeSession s = ctx.openSession(KeeperTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter r = ValueParameter.output();
            s.invokeCommand(KeeperTa.CMD_CALL_SELF, Operation.of(r));
            assertEquals(TeeResult.BUSY, r.a());
            assertEquals(ReturnOrigin.TEE, r.b());
        }
    }

    @Test
    void taToTa_nestsAtMostFourDeep() throws Exception {
        try (TeeSession s = fault()) {
            ValueParameter ok = ValueParameter.inout(3, 0);
            s.invokeCommand(FaultTa.CMD_RECURSE, Operation.of(ok));
            assertEquals(3, ok.b());
            ValueParameter tooDeep = ValueParameter.inout(5, 0);
            TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(FaultTa.CMD_RECURSE, Operation.of(tooDeep)));
            assertEquals(TeeResult.OUT_OF_MEMORY, e.result());
        }
    }

    @Test
    void cancellation_endsTeeWaitInTheHost() throws Exception {
        try (TeeSession s = fault()) {
            assertEquals(TeeResult.CANCEL, cancelAfter(s, FaultTa.CMD_WAIT, 300).result());
            ValueParameter v = ValueParameter.inout(1, 0);
            s.invokeCommand(FaultTa.CMD_INC, Operation.of(v));
            assertEquals(2, v.a(), "the instance serves on after a cancellation");
        }
    }

    @Test
    void teeWait_withATimeout_returnsAfterIt() throws Exception {
        try (TeeSession s = fault()) {
            long t0 = System.nanoTime();
            s.invokeCommand(FaultTa.CMD_SLEEP, Operation.of(ValueParameter.input(200, 0)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200), "TEE_Wait(200) waits 200 ms");
        }
    }

    @Test
    void cancellation_isSeenByATaThatPollsForIt() throws Exception {
        try (TeeSession s = fault()) {
            assertEquals(TeeResult.CANCEL, cancelAfter(s, FaultTa.CMD_POLL_CANCEL, 300).result());
        }
    }

    @Test
    void cancellation_reachesANestedCall() throws Exception {
        try (TeeSession s = fault()) {
            // long enough for the nested instance to boot a host and reach TEE_Wait
            assertEquals(TeeResult.CANCEL, cancelAfter(s, FaultTa.CMD_NESTED_WAIT, 2_500).result());
        }
    }

    @Test
    void cancellation_ignored_hardLimitEndsTheHost() throws Exception {
        try (TeeSession s = fault(); TeeSession other = fault()) {
            TeeException e = cancelAfter(s, FaultTa.CMD_SPIN, 300);
            assertEquals(TeeResult.TARGET_DEAD, e.result());
            assertEquals(ReturnOrigin.TEE, e.origin());
            ValueParameter v = ValueParameter.inout(1, 0);
            other.invokeCommand(FaultTa.CMD_INC, Operation.of(v));
            assertEquals(2, v.a());
        }
    }

    @Test
    void host_cannotReadTheCoresPrivateState_butCanReadTheJdk() throws Exception {
        Path huk = tas.tee.config.stateDirectory().resolve("huk");
        try (var files = Files.list(tas.tee.config.stateDirectory())) {
            assertEquals(true, files.findAny().isPresent());
        }
        try (TeeSession s = fault()) {
            assertEquals(0, canRead(s, huk.toString()), "Landlock keeps the HUK out of the host's reach");
            assertEquals(0, canRead(s, home.resolve("trust.pem").toString()));
            assertEquals(1, canRead(s, Path.of(System.getProperty("java.home"), "release").toString()));
        }
    }

    @Test
    void taCode_cannotCallNativeCode_onlyTheHostsOsModuleCan() throws Exception {
        try (TeeSession s = fault()) {
            ValueParameter r = ValueParameter.output();
            s.invokeCommand(FaultTa.CMD_NATIVE, Operation.of(r));
            assertEquals(0, r.a(), "a TA's downcall must be refused");
        }
    }

    @Test
    void host_refusesToBeAttachedTo() throws Exception {
        try (TeeSession s = fault()) {
            long pid = pidOf(s, FaultTa.CMD_PID);
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    "-J-Dsun.tools.attach.attachTimeout=2000", Long.toString(pid), "VM.version").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, jcmd.exitValue(), "jcmd must not get in: " + out);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {WireParam.RMEM_IN, WireParam.RMEM_OUT, WireParam.RMEM_INOUT})
    void truncatedSharedMemory_asAMemref_isTheClientsBadParameters_theInstanceServesOn(int type) throws Exception {
        // shared memory must be on tmpfs, as a client's is
        Path file = Files.createTempFile(org.jtee.common.DefaultLocations.sharedMemoryDir(), "jtee-test-", null);
        Files.write(file, new byte[8192]);
        try (RawConnection c = RawConnection.greeted(tas.tee.config.clientSocket())) {
            Message.RegisterShmReply shm = (Message.RegisterShmReply) c.call(
                    new Message.RegisterShm(8192, Wire.SHM_INPUT | Wire.SHM_OUTPUT, file.toString()));
            assertEquals(TeeResult.SUCCESS, shm.result());
            Message.OpenSessionReply open = (Message.OpenSessionReply) c.call(
                    new Message.OpenSession(FaultTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            assertEquals(TeeResult.SUCCESS, open.result());
            int pid = rawPid(c, open.sessionId());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            Message.Reply r = (Message.Reply) c.call(new Message.Invoke(open.sessionId(), FaultTa.CMD_REVERSE,
                    WireParams.of(new WireParam.ShmRef(type, shm.shmId(), 0, 8192), null, null, null)));
            assertEquals(TeeResult.BAD_PARAMETERS, r.result());
            assertEquals(ReturnOrigin.TEE, r.origin());
            assertEquals(pid, rawPid(c, open.sessionId()), "the same instance serves on");
            Message.Reply unregistered = (Message.Reply) c.call(new Message.UnregisterShm(shm.shmId()));
            assertEquals(TeeResult.SUCCESS, unregistered.result());
            Message.Reply closed = (Message.Reply) c.call(new Message.CloseSession(open.sessionId()));
            assertEquals(TeeResult.SUCCESS, closed.result());
        } finally {
            Files.delete(file);
        }
    }

    private static int rawPid(RawConnection c, int session) throws Exception {
        Message.InvokeReply r = (Message.InvokeReply) c.call(new Message.Invoke(session, FaultTa.CMD_PID,
                WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null, null)));
        assertEquals(TeeResult.SUCCESS, r.result());
        return (int) ((WireParam.Value) r.params().get(0)).a();
    }

    private static int canRead(TeeSession s, String path) throws TeeException {
        ValueParameter r = ValueParameter.output();
        s.invokeCommand(FaultTa.CMD_READ_FILE, Operation.of(TempMemory.input(path.getBytes(StandardCharsets.UTF_8)), r));
        return r.a();
    }

    /** TA_INVOKE's cancellation timeout: the core cancels the callee's command in its host, and only that. */
    @Test
    void taToTaTimeout_fromAHost_cancelsTheCalleesWaitInItsHost_notTheCaller() throws Exception {
        try (TeeSession s = fault()) {
            int[] r = CoreSemanticsTest.callWithTimeout(s, FaultTa.CMD_SLEEP_WITH_TIMEOUT, 300, 20_000);
            assertEquals(TeeResult.CANCEL, r[0], "the callee's TEE_Wait was cancelled");
            assertEquals(ReturnOrigin.TRUSTED_APP, r[1]);
            assertEquals(0, r[2], "the caller's own call is not cancelled");
            ValueParameter v = ValueParameter.inout(1, 0);
            s.invokeCommand(FaultTa.CMD_INC, Operation.of(v));
            assertEquals(2, v.a(), "the caller's instance serves on");
        }
    }

    /** GET_TA_TIME and SET_TA_TIME over the host's link: the core keeps the time, per TA, across instances. */
    @Test
    void taPersistentTime_inAHost_isKeptByTheCore_acrossInstances() throws Exception {
        try (TeeSession a = fault()) {
            assertEquals(TeeResult.TIME_NOT_SET, (int) CoreSemanticsTest.taTime(a, FaultTa.CMD_TA_TIME, false, 0, 0, 0)[0]);
            long[] t = CoreSemanticsTest.taTime(a, FaultTa.CMD_TA_TIME, true, 5000, 250, 0);
            assertEquals(0, t[0]);
            assertEquals(5000, t[1]);
        }
        try (TeeSession b = fault()) {
            long[] t = CoreSemanticsTest.taTime(b, FaultTa.CMD_TA_TIME, false, 0, 0, 0);
            assertEquals(0, t[0], "another instance, in another host, reads the same TA's time");
            assertTrue(t[1] >= 5000 && t[1] < 5060, t[1] + "." + t[2]);
            long[] wrapped = CoreSemanticsTest.taTime(b, FaultTa.CMD_TA_TIME, true, 0xFFFF_FFFFL, 999, 5);
            assertEquals(TeeResult.OVERFLOW, (int) wrapped[0]);
            assertEquals(0, wrapped[1], "the seconds wrapped, and the time is still filled in");
        }
    }

    /** Runs {@code cmd}, cancels it after {@code millis}, returns what the call threw. */
    static TeeException cancelAfter(TeeSession s, int cmd, long millis) throws Exception {
        Operation op = Operation.of(ValueParameter.inout(0, 0));
        CompletableFuture<TeeException> call = CompletableFuture.supplyAsync(() -> {
            try {
                s.invokeCommand(cmd, op);
                return null;
            } catch (TeeException e) {
                return e;
            }
        });
        Thread.sleep(millis);
        op.requestCancellation();
        TeeException e = call.get(20, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("the call returned normally");
        }
        return e;
    }
}
