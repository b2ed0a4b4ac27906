package org.jtee.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jtee.core.client.Operation;
import org.jtee.protocol.DuplexChannel;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Message;
import org.jtee.protocol.WireParams;
import org.jtee.tahost.TaHostMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's end of a host link, against real processes: cancellation and the write time limit. */
class TaHostTest {
    @TempDir
    Path dir;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private FakeHosts hosts;

    @BeforeEach
    void start() throws Exception {
        hosts = new FakeHosts(dir, timers, 60_000);
    }

    @AfterEach
    void stop() {
        hosts.close();
        timers.shutdownNow();
    }

    @Test
    void repeatedCancel_sendsOneCancelFrame_andArmsOneTimer() throws Exception {
        Path sent = dir.resolve("sent");
        TaHost host = hosts.recording(sent);
        Operation op = new Operation(null, 1, null);
        CompletableFuture<RuntimeException> call = callAsync(host, new Message.Invoke(1, 0, WireParams.EMPTY), op);
        awaitFrames(sent, 1);
        for (int i = 0; i < 5; i++) {
            op.cancel();
        }
        awaitFrames(sent, 2);
        Thread.sleep(200); // room for any further frame to arrive
        assertEquals(1, timers.getQueue().size(), "one hard-limit timer");
        List<Message> frames = frames(sent);
        assertEquals(2, frames.size(), "the request and one CANCEL: " + frames);
        assertInstanceOf(Message.Cancel.class, frames.get(1));
        host.kill("the test is over");
        assertInstanceOf(TaHost.HostGone.class, call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void hostThatDoesNotRead_isKilledAfterTheWriteLimit_theCallFails() throws Exception {
        try (FakeHosts quick = new FakeHosts(dir, timers, 300)) {
            TaHost host = quick.deaf();
            timers.scheduleWithFixedDelay(() -> host.enforceWriteLimit(System.nanoTime()), 50, 50, TimeUnit.MILLISECONDS);
            Message big = new Message.LoadTa(UUID.randomUUID(), 1 << 18, new byte[1 << 20], "");
            CompletableFuture<RuntimeException> call = callAsync(host, big, Operation.internal());
            assertInstanceOf(TaHost.HostGone.class, call.get(30, TimeUnit.SECONDS));
            assertFalse(host.isAlive());
        }
    }

    @Test
    void debuggableHost_armsNoHardLimit_onACallThatCannotBeCancelled() throws Exception {
        Path sent = dir.resolve("sent");
        TaHost host = hosts.recordingDebuggable(sent);
        CompletableFuture<RuntimeException> call = callAsync(host, new Message.CloseSession(1), Operation.internal());
        awaitFrames(sent, 1);
        Thread.sleep(200); // room for a timer to be armed after the write

        assertEquals(0, timers.getQueue().size(), "no hard-limit timer for a host whose TA may stand at a breakpoint");
        host.kill("the test is over");
        assertInstanceOf(TaHost.HostGone.class, call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void debuggableHostThatDoesNotRead_isNotKilledByTheWriteLimit() throws Exception {
        try (FakeHosts quick = new FakeHosts(dir, timers, 300)) {
            TaHost host = quick.deafDebuggable();
            Message big = new Message.LoadTa(UUID.randomUUID(), 1 << 18, new byte[1 << 20], "");
            CompletableFuture<RuntimeException> call = callAsync(host, big, Operation.internal());
            for (int i = 0; i < 1000 && !host.writing(); i++) {
                Thread.sleep(10);
            }
            assertTrue(host.writing(), "the write to a host that does not read is under way");

            host.enforceWriteLimit(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
            assertFalse(host.process().waitFor(500), "a write blocked an hour is forgiven: the host is being debugged");
            assertFalse(call.isDone());
            host.kill("the test is over");
            assertInstanceOf(TaHost.HostGone.class, call.get(10, TimeUnit.SECONDS));
        }
    }

    private static CompletableFuture<RuntimeException> callAsync(TaHost host, Message request, Operation op) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                host.call(request, op, m -> null);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
    }

    private static void awaitFrames(Path file, int n) throws Exception {
        for (int i = 0; i < 500 && frames(file).size() < n; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void refusalStatus_hasItsOwnDescription() {
        String why = TaHost.describeStatus(TaHostMain.EXIT_NOT_ISOLATED);

        assertTrue(why.contains("cannot be isolated") && why.contains("--allow-weak-isolation"), why);
    }

    private static List<Message> frames(Path file) throws Exception {
        List<Message> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        FrameChannel frames = new FrameChannel(new DuplexChannel(Channels.newChannel(new ByteArrayInputStream(Files.readAllBytes(file))),
                Channels.newChannel(OutputStream.nullOutputStream())));
        try {
            for (Frame f; (f = frames.read()) != null;) {
                out.add(f.message());
            }
        } catch (java.io.IOException | org.jtee.protocol.ProtocolException e) {
            // a frame still being written
        }
        return out;
    }
}
