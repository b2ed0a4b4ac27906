package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jtee.os.Hardening;
import org.jtee.os.SharedMemory;
import org.jtee.os.UnixConnection;
import org.jtee.os.UnixServerSocket;
import org.jtee.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's side of clients' shared memory: what it maps, and whose fault a fault on it is. */
class HostRegionsTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    /**
     * A client may shrink its file after the core checked it and before the host maps it. That is
     * the client's doing, as a shrink a moment later would be: the region is mapped, and a TA that
     * touches what is gone faults as the client's fault — not a protocol error that ends the host,
     * and with it every session of an instance other clients share.
     */
    @Test
    void aClientRegionShrunkBeforeTheHostMapsIt_isMapped_andTouchingItIsTheClientsFault() throws Exception {
        Path file = Files.createTempFile(Path.of("/dev/shm"), "jtee-regions-", ".shm");
        try (UnixServerSocket server = UnixServerSocket.bind(dir.resolve("s"), 1);
                UnixConnection core = UnixConnection.connect(dir.resolve("s"));
                UnixConnection host = server.accept();
                Arena arena = Arena.ofConfined()) {
            Files.write(file, new byte[2 * PAGE]);
            SharedMemory.Shared client = SharedMemory.map(file, 2 * PAGE, Hardening.uid(), arena);
            core.attachDescriptor(client.descriptor());
            core.write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, host.read(ByteBuffer.allocate(1)));
            try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
                f.truncate(PAGE);
            }

            HostRegions regions = new HostRegions(host);
            regions.map(new Message.MapMemory(HostRegions.FIRST_CLIENT, 2 * PAGE));
            regions.beginCall();
            try {
                MemorySegment view = regions.view(0, HostRegions.FIRST_CLIENT, 0, 2 * PAGE);
                assertEquals(0, view.get(ValueLayout.JAVA_BYTE, 0), "what is still there reads");
                String shrunk = regions.shrunk();
                assertNotNull(shrunk, "the second page is gone");
                assertTrue(shrunk.contains("parameter 0: the client's shared memory shrank"), shrunk);
                assertThrows(InternalError.class, () -> view.get(ValueLayout.JAVA_BYTE, PAGE), "past the end: SIGBUS");
            } finally {
                regions.endCall();
                regions.map(new Message.MapMemory(HostRegions.FIRST_CLIENT, 0)); // unmaps
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
