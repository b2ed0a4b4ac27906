package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Codec;
import org.jtee.protocol.Frame;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that do not read, flood or hoard: each meets its limit, and the core serves everyone else. */
class CoreClientLimitsTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path home;
    CoreFixture tee;

    @AfterEach
    void stop() {
        if (tee != null) {
            tee.close();
        }
    }

    private void start(ClientLimits limits) throws IOException {
        tee = new CoreFixture(CoreConfig.under(home).withHardening(false).withCallSlots(4)
                .withTaLoading(new TaLoading(List.of(), null, null, 0, 2_000, false)).withClientLimits(limits));
    }

    /** A well-behaved client gets 8 answers within 20 s (forever, if the core is stalled). */
    private void assertCoreServes() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (TeeContext ctx = tee.context(); TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
                for (int i = 0; i < 8; i++) {
                    ValueParameter v = ValueParameter.inout(40, 2);
                    s.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
                    assertEquals(42, v.a());
                }
            }
        });
    }

    /**
     * Each registration keeps a descriptor open in the core: one user's registrations, over all
     * its connections, stop at 2 048 with {@code TEE_ERROR_OUT_OF_MEMORY}; the user can register
     * again once it unregisters, and other clients are served throughout.
     */
    @Test
    void sharedMemoryRegistrationsOfOneUser_stopAtTheirCap_acrossConnections() throws Exception {
        start(ClientLimits.DEFAULTS);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(org.jtee.common.DefaultLocations.sharedMemoryDir(),
                "jtee-cap-test");
        try (RawConnection a = RawConnection.greeted(tee.config.clientSocket());
                RawConnection b = RawConnection.greeted(tee.config.clientSocket())) {
            int registered = 0;
            int lastId = 0;
            Message.RegisterShmReply refused = null;
            for (int i = 0; i < 2100 && refused == null; i++) {
                java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("s" + i), new byte[16]);
                RawConnection c = i % 2 == 0 ? a : b;
                var r = (Message.RegisterShmReply) c.call(new Message.RegisterShm(16, Wire.SHM_INPUT, f.toString()));
                java.nio.file.Files.delete(f);
                if (r.result() == TeeResult.SUCCESS) {
                    registered++;
                    lastId = c == a ? r.shmId() : lastId;
                } else {
                    refused = r;
                }
            }
            assertEquals(2048, registered, "one user's registrations over two connections");
            assertEquals(TeeResult.OUT_OF_MEMORY, refused.result());
            assertEquals(ReturnOrigin.TEE, refused.origin());
            assertCoreServes();
            var unregistered = (Message.StatusReply) a.call(new Message.UnregisterShm(lastId));
            assertEquals(TeeResult.SUCCESS, unregistered.result());
            java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("again"), new byte[16]);
            var again = (Message.RegisterShmReply) a.call(new Message.RegisterShm(16, Wire.SHM_INPUT, f.toString()));
            assertEquals(TeeResult.SUCCESS, again.result(), "a registration given back can be taken again");
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(dir);
        }
    }

    /** Opens a session and sends {@code calls} INVOKEs each asking for 1 MiB back, reading nothing. */
    private RawConnection nonReader(int calls) throws Exception {
        return nonReader(calls, 0, MIB);
    }

    /** As {@link #nonReader(int)}, each call taking {@code millis} before it writes {@code bytes} bytes. */
    private RawConnection nonReader(int calls, int millis, int bytes) throws Exception {
        RawConnection c = RawConnection.greeted(tee.config.clientSocket());
        var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
        assertEquals(TeeResult.SUCCESS, opened.result());
        sendWrites(c, opened.sessionId(), 100, calls, millis, bytes);
        return c;
    }

    /** Sends {@code calls} CMD_WRITEs of {@code bytes} bytes on {@code session}, request ids from {@code firstId}. */
    private static void sendWrites(RawConnection c, int session, long firstId, int calls, int millis, int bytes)
            throws IOException {
        WireParams params = WireParams.of(new WireParam.TempMem(WireParam.TMEM_OUT, false, bytes, new byte[0]),
                new WireParam.Value(WireParam.VALUE_IN, bytes, millis, 0), null, null);
        for (int i = 0; i < calls; i++) {
            c.send(firstId + i, new Message.Invoke(session, ProbeTa.CMD_WRITE, params));
        }
    }

    /** Reads what the core sent until it closes the connection; fails if it never does. */
    private static void assertDisconnected(RawConnection c) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            try {
                while (c.socket.read(b.clear()) >= 0) {
                    // drain the replies the socket holds; end of stream comes once the core closed it
                }
            } catch (IOException e) {
                // a reset is a disconnect too
            }
        });
    }

    @Test
    void clientThatNeverReads_holdsNoCallSlot_othersServed() throws Exception {
        start(ClientLimits.DEFAULTS.withReplyBufferBytes(64L * MIB).withWriteTimeoutMillis(60_000));
        try (RawConnection stuck = nonReader(12)) {
            Thread.sleep(200); // let the core run every call it can
            assertCoreServes();
        }
    }

    @Test
    void clientThatNeverReads_overTheReplyBuffer_disconnected() throws Exception {
        start(ClientLimits.DEFAULTS.withReplyBufferBytes(4L * MIB).withWriteTimeoutMillis(60_000));
        // slow calls: all twelve are read before the first reply backs the queue up; they end
        // one after the other, and the fifth unread MiB is over the limit
        try (RawConnection stuck = nonReader(12, 100, MIB)) {
            Thread.sleep(1_500); // reading now would let the replies through: first let them pile up
            assertDisconnected(stuck);
            assertCoreServes();
        }
    }

    @RepeatedTest(3) // under CPU load the race it guards showed in 6 of 8 runs
    void clientThatLeavesItsRepliesUnread_getsNoMoreCallsRun_untilItReads() throws Exception {
        start(ClientLimits.DEFAULTS.withReplyBufferBytes(64L * MIB).withWriteTimeoutMillis(60_000));
        // the counter is by size: these calls alone, whatever other tests' calls still run
        int first = MIB + 1;
        int later = MIB + 12_345;
        AtomicInteger firstRan = ProbeTa.WRITES.computeIfAbsent(first, k -> new AtomicInteger());
        AtomicInteger laterRan = ProbeTa.WRITES.computeIfAbsent(later, k -> new AtomicInteger());
        int firstBefore = firstRan.get();
        int laterBefore = laterRan.get();
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            sendWrites(c, opened.sessionId(), 100, 12, 0, first);
            awaitSteady(firstRan, firstBefore); // the calls read before the first reply backed up have run
            sendWrites(c, opened.sessionId(), 200, 12, 0, later);
            Thread.sleep(500);
            assertEquals(0, laterRan.get() - laterBefore, "calls run after the client left 1 MiB answers unread");
            assertCoreServes();
            for (int i = 0; i < 24; i++) {
                Frame f = c.frames.read();
                var reply = assertInstanceOf(Message.InvokeReply.class, f.message());
                assertEquals(TeeResult.SUCCESS, reply.result(), "reply to " + f.requestId());
            }
            assertEquals(12, laterRan.get() - laterBefore, "once it reads, every call runs");
        }
    }

    /** Waits until {@code count} is above {@code before} and has not changed for 300 ms. */
    private static void awaitSteady(AtomicInteger count, int before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            int now = count.get();
            if (now > before && now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(300);
        }
        throw new AssertionError("calls kept starting (or none did) for 20 s: " + count.get());
    }

    @Test
    void clientThatNeverReads_pastTheWriteTimeLimit_disconnected() throws Exception {
        start(ClientLimits.DEFAULTS.withReplyBufferBytes(64L * MIB).withWriteTimeoutMillis(300));
        try (RawConnection stuck = nonReader(2)) {
            Thread.sleep(1_500); // reading now would let the replies through: first let the time limit pass
            assertDisconnected(stuck);
            assertCoreServes();
        }
    }

    @Test
    void callsPerConnectionAtTheLimit_coreStopsReadingUntilOneEnds() throws Exception {
        start(ClientLimits.DEFAULTS.withCallsPerConnection(2));
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            // three sessions, three instances: the calls do not wait for each other in the TA
            int[] sessions = new int[3];
            for (int i = 0; i < 3; i++) {
                var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
                sessions[i] = opened.sessionId();
            }
            WireParams wait = WireParams.of(new WireParam.Value(WireParam.VALUE_IN, 300, 0, 0), null, null, null);
            c.send(10, new Message.Invoke(sessions[0], ProbeTa.CMD_WAIT, wait));
            c.send(11, new Message.Invoke(sessions[1], ProbeTa.CMD_WAIT, wait));
            WireParams add = WireParams.of(new WireParam.Value(WireParam.VALUE_INOUT, 40, 2, 0), null, null, null);
            c.send(12, new Message.Invoke(sessions[2], ProbeTa.CMD_ADD, add));
            // two of four slots stay free, yet the third call is read only after a wait ended
            Frame first = c.frames.read();
            assertTrue(first.requestId() == 10 || first.requestId() == 11, "first reply: " + first.requestId());
            List<Long> rest = List.of(c.frames.read().requestId(), c.frames.read().requestId());
            assertTrue(rest.contains(12L), rest.toString());
        }
        assertCoreServes();
    }

    @Test
    void connectionsOfOneUidOverTheLimit_closedAtOnce_othersServedAfterwards() throws Exception {
        start(ClientLimits.DEFAULTS.withConnectionsPerUid(4));
        assertRefusedWhileHolding(4, 8);
        // the closed connections are counted out once the core noticed
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (true) {
                try (TeeContext ignored = tee.context()) {
                    return;
                } catch (TeeException e) {
                    Thread.sleep(20);
                }
            }
        });
        assertCoreServes();
    }

    @Test
    void connectionsOfAllUsersOverTheLimit_closedAtOnce() throws Exception {
        start(ClientLimits.DEFAULTS.withConnections(3));
        assertRefusedWhileHolding(3, 1);
    }

    /** With {@code held} connections open, each of {@code attempts} more fails at InitializeContext. */
    private void assertRefusedWhileHolding(int held, int attempts) throws Exception {
        List<RawConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < held; i++) {
                open.add(RawConnection.greeted(tee.config.clientSocket()));
            }
            for (int i = 0; i < attempts; i++) {
                TeeException e = assertThrows(TeeException.class, () -> tee.context());
                assertEquals(TeeResult.COMMUNICATION, e.result());
                assertEquals(ReturnOrigin.COMMS, e.origin());
            }
        } finally {
            for (RawConnection c : open) {
                c.close();
            }
        }
    }

    @Test
    void almostCompleteLargeFrames_fromManyConnections_boundedByTheFrameBudget_noDescriptorLeft() throws Exception {
        start(ClientLimits.DEFAULTS.withFrameBudgetBytes(10L * MIB).withFrameBudgetWaitMillis(300));
        long descriptorsBefore = openDescriptors();
        byte[] frame = largeInvoke(4 * MIB);
        int senders = 8;
        AtomicInteger refused = new AtomicInteger();
        List<RawConnection> conns = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            RawConnection c = RawConnection.greeted(tee.config.clientSocket());
            conns.add(c);
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try {
                    c.sendBytes(java.util.Arrays.copyOf(frame, frame.length - 1));
                } catch (IOException e) {
                    refused.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join(20_000);
        }
        assertEquals(senders - 2, refused.get(), "only two 4 MiB frames fit a 10 MiB budget; the rest are dropped");
        assertCoreServes();
        for (RawConnection c : conns) {
            c.close();
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (openDescriptors() > descriptorsBefore) {
                Thread.sleep(20);
            }
        });
    }

    private static byte[] largeInvoke(int dataBytes) {
        WireParams params = WireParams.of(new WireParam.TempMem(WireParam.TMEM_IN, false, dataBytes, new byte[dataBytes]),
                null, null, null);
        ByteBuffer b = Codec.encode(7, new Message.Invoke(1, ProbeTa.CMD_SUM, params));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void idleCore_monitorSleepsUntilACallRunsInline() throws Exception {
        start(ClientLimits.DEFAULTS);
        Thread monitor = monitorThread();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (monitor.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
        }, "an idle monitor parks until woken, with no timed polling");
        try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
            var opened = (Message.OpenSessionReply) c.call(new Message.OpenSession(ProbeTa.UUID, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            WireParams wait = WireParams.of(new WireParam.Value(WireParam.VALUE_IN, 3_000, 0, 0), null, null, null);
            c.send(10, new Message.Invoke(opened.sessionId(), ProbeTa.CMD_WAIT, wait));
            c.send(11, new Message.Cancel(999));
            // the CANCEL is read only by a new reader, which only the monitor can start: it must
            // have been woken from its untimed sleep by the slow call
            assertEquals(11, c.frames.read().requestId(), "the next frame is answered while the slow call runs");
            assertEquals(10, c.frames.read().requestId());
        }
    }

    private static Thread monitorThread() {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (true) {
                List<Thread> monitors = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("jtee-monitor") && t.isAlive()).toList();
                if (monitors.size() == 1) {
                    return monitors.get(0);
                }
                Thread.sleep(10);
            }
        });
    }

    @Test
    void limits_refuseNonPositiveValues() {
        assertInstanceOf(IllegalArgumentException.class,
                assertThrows(RuntimeException.class, () -> ClientLimits.DEFAULTS.withCallsPerConnection(0)));
        assertThrows(IllegalArgumentException.class, () -> ClientLimits.DEFAULTS.withWriteTimeoutMillis(-1));
    }
}
