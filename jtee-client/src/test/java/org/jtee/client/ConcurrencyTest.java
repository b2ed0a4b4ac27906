package org.jtee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends CoreTestBase {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Runs {@code call} on another thread, expecting a TeeException. */
    private Future<TeeException> failing(Callable<?> call) {
        return threads.submit(() -> {
            try {
                call.call();
            } catch (TeeException e) {
                return e;
            }
            throw new AssertionError("no TeeException");
        });
    }

    @Test
    void manyThreadsShareOneContextAndEachGetsItsOwnReply() throws Exception {
        int nThreads = 8;
        int calls = 500;
        try (TeeContext ctx = TeeContext.open(core.socket)) {
            TeeSession shared = ctx.openSession(TA, LoginMethod.PUBLIC, null);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < nThreads; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    TeeSession s = thread % 2 == 0 ? shared : ctx.openSession(TA, LoginMethod.PUBLIC, null);
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        int a = thread * 1_000_000 + i;
                        ValueParameter v = ValueParameter.inout(a, 0);
                        s.invokeCommand(TestCore.CMD_ECHO, Operation.of(v));
                        assertEquals(a, v.a());
                        assertEquals(a ^ 0x5a5a, v.b(), "thread " + thread + " call " + i);
                    }
                    return calls;
                }));
            }
            start.countDown();
            int done = 0;
            for (Future<Integer> f : results) {
                done += f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(nThreads * calls, done);
            assertEquals(nThreads * calls, core.echoReplies.size());
            assertNotEquals(core.echoArrivals, core.echoReplies, "the core answered out of order");
            assertTrue(ctx.isOpen());
        }
    }

    @Test
    void cancellationSendsCancelForTheRequestInFlightAndWaitsForItsAnswer() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            Operation op = Operation.of(ValueParameter.input(0, 0));
            Future<TeeException> call = failing(() -> {
                s.invokeCommand(TestCore.CMD_WAIT_CANCEL, op);
                return null;
            });
            assertTrue(core.parked.tryAcquire(10, TimeUnit.SECONDS));
            long target = lastInvokeId();
            op.requestCancellation();
            assertEquals(List.of(target), core.cancelTargets, "CANCEL named the call and its answer came first");
            TeeException e = call.get(10, TimeUnit.SECONDS);
            assertEquals(TeeResult.CANCEL, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());

            // finished: cancelling has no effect, and the operation can be used again
            op.requestCancellation();
            s.invokeCommand(TestCore.CMD_INC, op);
            assertEquals(1, count(Wire.CANCEL));
        }
    }

    @Test
    void cancellationBeforeTheStartFailsTheCallWithoutSendingIt() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(1, 1);
            Operation op = Operation.of(v);
            op.requestCancellation();
            int invokes = count(Wire.INVOKE);
            TeeException e = assertTee(TeeResult.CANCEL, ReturnOrigin.API, () -> s.invokeCommand(TestCore.CMD_INC, op));
            assertTrue(e.getMessage().contains("cancelled before it started"), e.getMessage());
            assertEquals(invokes, count(Wire.INVOKE));
            assertEquals(0, count(Wire.CANCEL));
            s.invokeCommand(TestCore.CMD_INC, op);
            assertEquals(2, v.a());

            // and for OpenSession
            Operation open = Operation.of();
            open.requestCancellation();
            assertTee(TeeResult.CANCEL, ReturnOrigin.API, () -> ctx.openSession(TA, LoginMethod.PUBLIC, open));
        }
    }

    @Test
    void anOperationServesOneCallAtATime() throws Exception {
        TeeContext ctx = TeeContext.open(core.socket);
        TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
        Operation op = Operation.of(ValueParameter.input(0, 0));
        Future<TeeException> hung = failing(() -> {
            s.invokeCommand(TestCore.CMD_HANG, op);
            return null;
        });
        assertTrue(core.parked.tryAcquire(10, TimeUnit.SECONDS));
        assertTee(TeeResult.BAD_STATE, ReturnOrigin.API, () -> s.invokeCommand(TestCore.CMD_INC, op));
        ctx.close();
        TeeException e = hung.get(10, TimeUnit.SECONDS);
        assertEquals(TeeResult.COMMUNICATION, e.result());
        assertTrue(e.getMessage().contains("the context is closed"), e.getMessage());
    }

    private void protocolErrorReleasesEveryWaiter(int command) throws Exception {
        TeeContext ctx = TeeContext.open(core.socket);
        TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
        List<Future<TeeException>> hung = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hung.add(failing(() -> {
                s.invokeCommand(TestCore.CMD_HANG, null);
                return null;
            }));
        }
        assertTrue(core.parked.tryAcquire(3, 10, TimeUnit.SECONDS));
        TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> s.invokeCommand(command, null));
        assertTrue(e.getMessage().contains("protocol error from core"), e.getMessage());
        for (Future<TeeException> f : hung) {
            TeeException w = f.get(10, TimeUnit.SECONDS);
            assertEquals(TeeResult.COMMUNICATION, w.result());
            assertEquals(ReturnOrigin.COMMS, w.origin());
            assertTrue(w.getMessage().contains("protocol error from core"), w.getMessage());
        }
        assertFalse(ctx.isOpen());
        assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS, () -> s.invokeCommand(TestCore.CMD_INC, null));
        s.close();
        ctx.close();
    }

    @Test
    void garbageFromTheCoreFailsEveryWaiter() throws Exception {
        protocolErrorReleasesEveryWaiter(TestCore.CMD_GARBAGE);
    }

    @Test
    void aReplyToNoRequestFailsEveryWaiter() throws Exception {
        protocolErrorReleasesEveryWaiter(TestCore.CMD_WRONG_ID);
    }

    @Test
    void aReplyOfTheWrongTypeFailsEveryWaiter() throws Exception {
        protocolErrorReleasesEveryWaiter(TestCore.CMD_WRONG_TYPE);
    }

    @Test
    void aTypeTheClientLinkDoesNotCarryFailsEveryWaiter() throws Exception {
        protocolErrorReleasesEveryWaiter(TestCore.CMD_FOREIGN_TYPE);
    }

    @Test
    void aTypeTheClientLinkDoesNotCarryIsNamedInTheError() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS,
                    () -> s.invokeCommand(TestCore.CMD_FOREIGN_TYPE, null));
            assertTrue(e.getMessage().contains("the core may not send DESTROY to a client"), e.getMessage());
        }
    }

    @Test
    void replyParametersOfAnotherTypeAreAProtocolError() throws Exception {
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            TempMemory t = TempMemory.output(8);
            TeeException e = assertTee(TeeResult.COMMUNICATION, ReturnOrigin.COMMS,
                    () -> s.invokeCommand(TestCore.CMD_BAD_SLOT, Operation.of(t)));
            assertTrue(e.getMessage().contains("protocol error from core"), e.getMessage());
            assertEquals(8, t.size(), "nothing written back");
            assertFalse(ctx.isOpen());
        }
    }

    @Test
    void aCoreThatGoesAwayFailsTheWaiters() throws Exception {
        TeeContext ctx = TeeContext.open(core.socket);
        TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null);
        Future<TeeException> hung = failing(() -> {
            s.invokeCommand(TestCore.CMD_HANG, null);
            return null;
        });
        assertTrue(core.parked.tryAcquire(10, TimeUnit.SECONDS));
        core.close();
        TeeException e = hung.get(10, TimeUnit.SECONDS);
        assertEquals(TeeResult.COMMUNICATION, e.result());
        assertEquals(ReturnOrigin.COMMS, e.origin());
        assertTrue(e.getMessage().contains(core.socket.toString()), e.getMessage());
        ctx.close();
    }

    @Test
    void roundTripLatencyMatchesABareFrameExchange() throws Exception {
        long[] bare = new long[20_000];
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(core.socket));
            FrameChannel frames = new FrameChannel(ch);
            frames.write(1, new Message.Hello(1, 1, Wire.ROLE_CLIENT));
            frames.read();
            for (int i = -20_000; i < bare.length; i++) {
                long t0 = System.nanoTime();
                frames.write(i + 100_000, new Message.Invoke(1, TestCore.CMD_INC, WireParams.of(
                        new WireParam.Value(WireParam.VALUE_INOUT, i, 0, 0), null, null, null)));
                frames.read();
                if (i >= 0) {
                    bare[i] = System.nanoTime() - t0;
                }
            }
        }
        long[] api = new long[20_000];
        try (TeeContext ctx = TeeContext.open(core.socket); TeeSession s = ctx.openSession(TA, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.inout(0, 0);
            Operation op = Operation.of(v);
            for (int i = -20_000; i < api.length; i++) {
                long t0 = System.nanoTime();
                s.invokeCommand(TestCore.CMD_INC, op);
                if (i >= 0) {
                    api[i] = System.nanoTime() - t0;
                }
            }
            assertEquals(40_000, v.a());
        }
        Arrays.sort(bare);
        Arrays.sort(api);
        System.out.printf("round trip against the test core, p50/p90/p99 in us: bare frames %.1f/%.1f/%.1f,"
                + " client API %.1f/%.1f/%.1f%n", bare[10_000] / 1e3, bare[18_000] / 1e3, bare[19_800] / 1e3,
                api[10_000] / 1e3, api[18_000] / 1e3, api[19_800] / 1e3);
        assertTrue(api[10_000] < 5_000_000, "p50 below 5 ms even on a loaded machine");
    }
}
