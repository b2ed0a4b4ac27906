package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixConnectionTest {
    @TempDir
    Path dir;

    private UnixServerSocket server;
    private UnixConnection client;
    private UnixConnection accepted;

    @BeforeEach
    void connect() throws Exception {
        server = UnixServerSocket.bind(dir.resolve("s"), 4);
        CompletableFuture<UnixConnection> pending = CompletableFuture.supplyAsync(this::acceptOne);
        client = UnixConnection.connect(server.path());
        accepted = pending.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }

    private UnixConnection acceptOne() {
        try {
            return server.accept();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void roundTrip_heapBuffers_bothWays() throws IOException {
        byte[] hello = "hello, TEE".getBytes(StandardCharsets.UTF_8);
        writeFully(client, ByteBuffer.wrap(hello));
        assertArrayEquals(hello, readExactly(accepted, ByteBuffer.allocate(hello.length)));

        byte[] reply = "hello, client".getBytes(StandardCharsets.UTF_8);
        writeFully(accepted, ByteBuffer.wrap(reply).asReadOnlyBuffer());
        assertArrayEquals(reply, readExactly(client, ByteBuffer.allocate(reply.length)));
    }

    @Test
    void spinUntilReadable_seesInput_endOfStream_andGivesUpWithoutIt() throws IOException {
        assertFalse(accepted.spinUntilReadable(TimeUnit.MICROSECONDS.toNanos(200)), "nothing was sent");
        writeFully(client, ByteBuffer.wrap(new byte[] {7}));
        assertTrue(accepted.spinUntilReadable(TimeUnit.SECONDS.toNanos(10)));
        assertTrue(accepted.spinUntilReadable(0), "input already there is seen without spinning");
        assertArrayEquals(new byte[] {7}, readExactly(accepted, ByteBuffer.allocate(1)));
        client.close();
        assertTrue(accepted.spinUntilReadable(TimeUnit.SECONDS.toNanos(10)), "end of stream is readable");
        assertEquals(-1, accepted.read(ByteBuffer.allocate(1)));
        accepted.close();
        assertThrows(ClosedChannelException.class, () -> accepted.spinUntilReadable(1000));
    }

    @Test
    void roundTrip_directBuffers_bothWays() throws IOException {
        byte[] payload = pattern(1000);
        writeFully(client, ByteBuffer.allocateDirect(payload.length).put(payload).flip());
        assertArrayEquals(payload, readExactly(accepted, ByteBuffer.allocateDirect(payload.length)));

        writeFully(accepted, ByteBuffer.allocateDirect(payload.length).put(payload).flip());
        assertArrayEquals(payload, readExactly(client, ByteBuffer.allocateDirect(payload.length)));
    }

    @Test
    void roundTrip_heapBufferWithOffset_largerThanScratch() throws Exception {
        byte[] payload = pattern(3 * UnixConnection.SCRATCH_BYTES + 17);
        ByteBuffer source = ByteBuffer.wrap(new byte[payload.length + 10], 5, payload.length).slice().put(payload).flip();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                writeFully(client, source);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] received = readExactly(accepted, ByteBuffer.wrap(new byte[payload.length + 3], 3, payload.length).slice());
        writer.get(10, TimeUnit.SECONDS);
        assertArrayEquals(payload, received);
    }

    @Test
    void read_atEndOfStream_returnsMinusOne() throws IOException {
        client.close();
        assertEquals(-1, accepted.read(ByteBuffer.allocate(8)));
        assertEquals(-1, accepted.read(ByteBuffer.allocateDirect(8)));
    }

    @Test
    void read_emptyBuffer_returnsZeroWithoutBlocking() throws IOException {
        assertEquals(0, accepted.read(ByteBuffer.allocate(0)));
    }

    @Test
    void write_afterPeerClosed_failsWithEpipeInsteadOfSignal() throws IOException {
        accepted.close();
        ByteBuffer data = ByteBuffer.wrap(pattern(1024));
        ErrnoException e = assertThrows(ErrnoException.class, () -> {
            while (true) {
                client.write(data.rewind());
            }
        });
        assertTrue(e.errno() == 32 || e.errno() == 104, e.getMessage()); // EPIPE or ECONNRESET
    }

    @Test
    void peer_equalsTestProcessCredentials() {
        for (UnixConnection end : new UnixConnection[] {client, accepted}) {
            PeerCredentials peer = end.peer();
            assertEquals(ProcessHandle.current().pid(), peer.pid());
            assertEquals(Hardening.uid(), peer.uid());
            assertEquals(Hardening.gid(), peer.gid());
            assertTrue(peer.inGroup(Hardening.gid()));
        }
    }

    @Test
    void close_fromAnotherThread_wakesBlockedRead() throws Exception {
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return accepted.read(ByteBuffer.allocateDirect(16));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200); // let the reader block in recv(2); closing earlier is fine too
        accepted.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ClosedChannelException.class, e.getCause().getCause());
        assertFalse(accepted.isOpen());
    }

    @Test
    void readAndWrite_afterClose_throwClosedChannel() {
        accepted.close();
        accepted.close(); // idempotent
        assertThrows(ClosedChannelException.class, () -> accepted.read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> accepted.write(ByteBuffer.allocate(1)));
    }

    @Test
    void read_intoReadOnlyBuffer_isRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> accepted.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    @Test
    void connect_toMissingPath_namesThePath() {
        Path missing = dir.resolve("nobody-here");
        ErrnoException e = assertThrows(ErrnoException.class, () -> UnixConnection.connect(missing));
        assertTrue(e.getMessage().startsWith(missing + ": connect: "), e.getMessage());
        assertEquals(2, e.errno()); // ENOENT
    }

    static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static void writeFully(UnixConnection c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    static byte[] readExactly(UnixConnection c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("unexpected end of stream");
            }
        }
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void writeNow_fullSocket_returnsZeroAndAwaitWritableTimesOut_untilThePeerReads() throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
        long written = 0;
        int n;
        while ((n = client.writeNow(chunk.clear())) > 0) {
            written += n;
        }
        assertEquals(0, n, "a full socket takes nothing, and the call does not block");
        assertFalse(client.awaitWritable(50), "no room within the time limit");
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        long read = 0;
        while (read < written) {
            read += accepted.read(sink.clear());
        }
        assertTrue(client.awaitWritable(1_000), "room again once the peer has read");
        assertTrue(client.writeNow(ByteBuffer.wrap(pattern(100))) > 0, "a heap buffer goes through the scratch segment");
    }
}
