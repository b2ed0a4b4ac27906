package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.DuplexChannel;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.supplicant.Supplicant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The core's end of the supplicant link, against supplicants scripted frame by frame in memory. */
class SupplicantLinkTest {
    private static final long SHORT_RPC_TIMEOUT_MILLIS = 300;
    private static final long FAKE_SECONDS = 1_234_567;

    @Test
    void lateReply_isDropped_andTheLinkStays() throws Exception {
        try (SupplicantLink link = SupplicantLink.detached(SHORT_RPC_TIMEOUT_MILLIS, 5_000)) {
            FakeSupplicant fake = FakeSupplicant.attachedTo(link);
            CompletableFuture<Instant> first = CompletableFuture.supplyAsync(() -> now(link));
            Frame request = fake.next();
            assertCommunication(first);
            Frame probe = fake.next();
            assertEquals(Rpc.GET_TIME, ((Message.RpcRequest) probe.message()).command(), "the link probes a silent supplicant");
            fake.answer(request.requestId());
            fake.answer(probe.requestId());
            fake.answerAll();
            assertEquals(FAKE_SECONDS, awaitTime(link).getEpochSecond(), "the same supplicant still serves");
            assertTrue(fake.isOpen(), "the link was not dropped");
        }
    }

    @Test
    void replyToARequestNeverSent_dropsTheLink() throws Exception {
        try (SupplicantLink link = SupplicantLink.detached(5_000, 5_000)) {
            FakeSupplicant fake = FakeSupplicant.attachedTo(link);
            fake.answer(99);
            assertEquals(-1, fake.readByte(), "the core closed the link");
            TeeException e = assertThrows(TeeException.class, link::now);
            assertEquals(TeeResult.COMMUNICATION, e.result());
        }
    }

    @RepeatedTest(10) // the race it once lost showed in 5 of 40 runs
    void supplicantThatStopsReading_failsRpcsAtOnce_isKilled_andAFreshOneTakesOver() throws Exception {
        try (SupplicantLink link = SupplicantLink.detached(SHORT_RPC_TIMEOUT_MILLIS, 5_000)) {
            FakeSupplicant stopped = FakeSupplicant.attachedTo(link);
            TeeException timeout = assertThrows(TeeException.class, link::now);
            assertEquals(TeeResult.COMMUNICATION, timeout.result());
            TeeException fast = assertThrows(TeeException.class, () -> link.loadTa(java.util.UUID.randomUUID()));
            assertEquals(TeeResult.COMMUNICATION, fast.result());
            assertTrue(fast.getMessage().contains("not responding"), fast.getMessage());
            assertEquals(Rpc.GET_TIME, ((Message.RpcRequest) stopped.next().message()).command(), "the call that timed out");
            assertEquals(Rpc.GET_TIME, ((Message.RpcRequest) stopped.next().message()).command(), "the probe; the LOAD_TA was never sent");
            assertNull(stopped.nextOrEnd(), "the core ended the link after the probe went unanswered");
            FakeSupplicant fresh = FakeSupplicant.attachedTo(link);
            fresh.answerAll();
            assertEquals(FAKE_SECONDS, awaitTime(link).getEpochSecond());
        }
    }

    @Test
    void writeThatCannotComplete_endsTheSupplicant_andFailsTheCall() throws Exception {
        try (SupplicantLink link = SupplicantLink.detached(60_000, 200)) {
            Pipe toCore = Pipe.open();
            Pipe toSupplicant = Pipe.open();
            StuckAfterHello coreEnd = new StuckAfterHello(new DuplexChannel(toCore.source(), toSupplicant.sink()));
            link.attach(coreEnd);
            FakeSupplicant fake = new FakeSupplicant(new DuplexChannel(toSupplicant.source(), toCore.sink()));
            fake.hello();
            assertTrue(link.awaitConnected(10_000));
            TeeException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(TeeException.class, link::now));
            assertEquals(TeeResult.COMMUNICATION, e.result());
            assertTrue(!coreEnd.isOpen(), "the link to the supplicant that did not drain was closed");
        }
    }

    @Test
    void launchedSupplicantThatDies_isRestarted() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        CompletableFuture<SupplicantLink.Peer> firstPeer = new CompletableFuture<>();
        SupplicantLink.Launcher launcher = () -> {
            Pipe toCore = Pipe.open();
            Pipe toSupplicant = Pipe.open();
            ByteChannel supplicantEnd = new DuplexChannel(toSupplicant.source(), toCore.sink());
            Thread.ofPlatform().daemon().start(() -> {
                try (Supplicant s = Supplicant.open(supplicantEnd, Supplicant.defaultServices())) {
                    s.serve();
                } catch (IOException e) {
                    // ended by the core
                }
            });
            SupplicantLink.Peer p = new SupplicantLink.Peer(new FrameChannel(new DuplexChannel(toCore.source(), toSupplicant.sink())), null);
            starts.incrementAndGet();
            firstPeer.complete(p);
            return p;
        };
        try (SupplicantLink link = SupplicantLink.launch(launcher, 5_000, 5_000)) {
            assertTrue(link.awaitConnected(10_000));
            link.now();
            firstPeer.get().kill();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (starts.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, starts.get(), "a second supplicant was started");
            assertTrue(link.awaitConnected(10_000));
            awaitRealTime(link);
        }
    }

    private static void awaitRealTime(SupplicantLink link) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                link.now();
                return;
            } catch (TeeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static Instant awaitTime(SupplicantLink link) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return link.now();
            } catch (TeeException e) {
                assertEquals(TeeResult.COMMUNICATION, e.result());
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static Instant now(SupplicantLink link) {
        try {
            return link.now();
        } catch (TeeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertCommunication(CompletableFuture<Instant> call) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
        TeeException cause = assertInstanceOf(TeeException.class, e.getCause().getCause());
        assertEquals(TeeResult.COMMUNICATION, cause.result());
    }

    /** A supplicant driven frame by frame by the test. */
    private static final class FakeSupplicant {
        private final ByteChannel channel;
        private final FrameChannel frames;

        FakeSupplicant(ByteChannel channel) {
            this.channel = channel;
            this.frames = new FrameChannel(channel);
        }

        static FakeSupplicant attachedTo(SupplicantLink link) throws Exception {
            Pipe toCore = Pipe.open();
            Pipe toSupplicant = Pipe.open();
            link.attach(new DuplexChannel(toCore.source(), toSupplicant.sink()));
            FakeSupplicant fake = new FakeSupplicant(new DuplexChannel(toSupplicant.source(), toCore.sink()));
            fake.hello();
            assertTrue(link.awaitConnected(10_000));
            return fake;
        }

        void hello() throws IOException, ProtocolException {
            frames.write(1, new Message.Hello(Wire.VERSION, Wire.VERSION, Wire.ROLE_SUPPLICANT));
            Message.HelloReply r = (Message.HelloReply) frames.read().message();
            assertEquals(TeeResult.SUCCESS, r.result());
        }

        Frame next() throws IOException, ProtocolException {
            Frame f = frames.read();
            assertInstanceOf(Message.RpcRequest.class, f.message());
            return f;
        }

        Frame nextOrEnd() throws IOException, ProtocolException {
            try {
                return frames.read();
            } catch (AsynchronousCloseException e) {
                return null;
            }
        }

        int readByte() throws IOException {
            return channel.read(ByteBuffer.allocate(1));
        }

        void answer(long requestId) throws IOException {
            frames.write(requestId, new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE,
                    WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, FAKE_SECONDS, 0, 0), null, null, null)));
        }

        /** From now on answers every request on a thread of its own. */
        void answerAll() {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    Frame f;
                    while ((f = frames.read()) != null) {
                        answer(f.requestId());
                    }
                } catch (IOException | ProtocolException e) {
                    // the link is gone
                }
            });
        }

        boolean isOpen() {
            return channel.isOpen();
        }
    }

    /** The core's end of a link whose writes, after the HELLO reply, never complete until it is closed. */
    private static final class StuckAfterHello implements ByteChannel {
        private final ByteChannel inner;
        private final CountDownLatch closed = new CountDownLatch(1);
        private final List<Integer> writes = new java.util.concurrent.CopyOnWriteArrayList<>();

        StuckAfterHello(ByteChannel inner) {
            this.inner = inner;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return inner.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (writes.isEmpty()) {
                writes.add(src.remaining());
                return inner.write(src);
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AsynchronousCloseException();
        }

        @Override
        public boolean isOpen() {
            return closed.getCount() > 0;
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            inner.close();
        }
    }
}
