package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixServerSocketTest {
    @TempDir
    Path dir;

    @Test
    void accept_afterClose_throwsClosedChannel() throws IOException {
        UnixServerSocket server = UnixServerSocket.bind(dir.resolve("s"), 1);
        server.close();
        server.close(); // idempotent
        assertFalse(server.isOpen());
        assertThrows(ClosedChannelException.class, server::accept);
    }

    @Test
    void close_fromAnotherThread_wakesBlockedAccept() throws Exception {
        UnixServerSocket server = UnixServerSocket.bind(dir.resolve("s"), 1);
        CompletableFuture<UnixConnection> acceptor = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200); // let it block in accept4(2); closing earlier is fine too
        server.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> acceptor.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ClosedChannelException.class, e.getCause().getCause());
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void anAcceptedConnectionHoldsAtMostOneDescriptorFromItsClient() throws Exception {
        try (UnixServerSocket server = UnixServerSocket.bind(dir.resolve("s"), 1);
                UnixConnection client = UnixConnection.connect(dir.resolve("s"));
                UnixConnection accepted = server.accept();
                java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            SharedMemory.Shared first = SharedMemory.create("first", 4096, arena);
            SharedMemory.Shared second = SharedMemory.create("second", 4096, arena);
            first.memory().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
            long before = openDescriptors();
            for (int i = 0; i < 5; i++) { // a client that floods descriptors
                client.attachDescriptor(i == 0 ? first.descriptor() : second.descriptor());
                client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            ByteBuffer in = ByteBuffer.allocate(5);
            while (in.hasRemaining()) {
                accepted.read(in);
            }
            int fd = accepted.takeDescriptor();
            assertTrue(fd >= 0, "the first descriptor is kept");
            assertEquals(-1, accepted.takeDescriptor(), "the others were dropped");
            assertEquals(before + 1, openDescriptors(), "only the one kept is open");
            java.lang.foreign.MemorySegment mapped = SharedMemory.mapDescriptor(fd, 4096, arena).memory();
            assertEquals(1, mapped.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void close_removesTheSocketFile() throws IOException {
        Path path = dir.resolve("s");
        UnixServerSocket server = UnixServerSocket.bind(path, 1);
        assertTrue(Files.exists(path));
        server.close();
        assertFalse(Files.exists(path));
    }

    @Test
    void close_leavesAFileThatReplacedTheSocketAlone() throws IOException {
        Path path = dir.resolve("s");
        UnixServerSocket server = UnixServerSocket.bind(path, 1);
        Files.delete(path);
        Files.writeString(path, "someone else's");
        server.close();
        assertEquals("someone else's", Files.readString(path));
    }

    @Test
    void bind_whereLiveServerListens_failsClearly() throws IOException {
        Path path = dir.resolve("s");
        try (UnixServerSocket first = UnixServerSocket.bind(path, 1)) {
            IOException e = assertThrows(IOException.class, () -> UnixServerSocket.bind(path, 1));
            assertEquals("another process serves " + path, e.getMessage());

            // the live server saw the probe as a connection closed without data, and still serves
            try (UnixConnection probe = first.accept()) {
                assertEquals(-1, probe.read(ByteBuffer.allocate(1)));
            }
            try (UnixConnection c = UnixConnection.connect(path); UnixConnection a = first.accept()) {
                c.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, a.read(one));
                assertEquals(42, one.get(0));
            }
        }
    }

    @Test
    void bind_whereJdkServerListens_failsClearly() throws IOException {
        Path path = dir.resolve("s");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));
            IOException e = assertThrows(IOException.class, () -> UnixServerSocket.bind(path, 1));
            assertEquals("another process serves " + path, e.getMessage());
        }
    }

    @Test
    void bind_overStaleSocketFile_replacesIt() throws IOException {
        Path path = dir.resolve("s");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path)); // closing it leaves the file behind
        }
        assertTrue(Files.exists(path));

        try (UnixServerSocket server = UnixServerSocket.bind(path, 1);
                UnixConnection c = UnixConnection.connect(path);
                UnixConnection a = server.accept()) {
            assertTrue(a.isOpen() && c.isOpen());
        }
    }

    @Test
    void bind_overRegularFile_refusesToReplaceIt() throws IOException {
        Path path = dir.resolve("s");
        Files.writeString(path, "precious");
        IOException e = assertThrows(IOException.class, () -> UnixServerSocket.bind(path, 1));
        assertEquals(path + ": exists and is not a socket; refusing to replace it", e.getMessage());
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void bind_pathTooLong_failsNamingTheLimit() {
        Path path = dir.resolve("x".repeat(120));
        IOException e = assertThrows(IOException.class, () -> UnixServerSocket.bind(path, 1));
        assertTrue(e.getMessage().contains("at most 107"), e.getMessage());
        assertTrue(e.getMessage().startsWith(path.toString()), e.getMessage());
    }

    @Test
    void bind_pathOfExactly107Bytes_works() throws IOException {
        String prefix = dir + "/";
        Path path = Path.of(prefix + "y".repeat(107 - prefix.length()));
        assertEquals(107, path.toString().length());
        try (UnixServerSocket server = UnixServerSocket.bind(path, 1);
                UnixConnection c = UnixConnection.connect(path);
                UnixConnection a = server.accept()) {
            assertEquals(ProcessHandle.current().pid(), a.peer().pid());
            assertEquals(ProcessHandle.current().pid(), c.peer().pid());
        }
    }

    @Test
    void accept_manyConnections_eachGetsItsOwnPeer() throws IOException {
        try (UnixServerSocket server = UnixServerSocket.bind(dir.resolve("s"), 8)) {
            for (int i = 0; i < 20; i++) {
                try (UnixConnection c = UnixConnection.connect(server.path());
                        UnixConnection a = server.accept()) {
                    c.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                    ByteBuffer b = ByteBuffer.allocateDirect(1);
                    assertEquals(1, a.read(b));
                    assertEquals((byte) i, b.get(0));
                }
            }
        }
    }
}
