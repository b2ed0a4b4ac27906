package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChildProcess}, and descriptors passed over {@link UnixConnection#pair()}. */
class ChildProcessTest {
    @TempDir
    Path dir;

    private static ChildProcess sh(String script, UnixConnection link) throws IOException {
        return ChildProcess.spawn(List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), link);
    }

    private static String readAll(UnixConnection c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (c.read(b) > 0) {
            // until the child closes its end
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Test
    void exitCodeIsReported() throws Exception {
        UnixConnection[] pair = UnixConnection.pair();
        ChildProcess p = sh("exit 3", pair[1]);
        pair[1].handedOver();
        assertEquals(3, p.reap());
        assertFalse(p.isAlive());
        assertEquals(3, p.exitValue());
        pair[0].close();
    }

    @Test
    void theLinkIsDescriptor3_andNothingElseOfOursIsInherited() throws Exception {
        Path secret = Files.writeString(dir.resolve("not-for-children"), "x");
        try (FileInputStream open = new FileInputStream(secret.toFile())) {
            UnixConnection[] pair = UnixConnection.pair();
            ChildProcess p = sh("read line <&3; echo \"got $line\" >&3; ls -l /proc/self/fd/ >&3", pair[1]);
            pair[1].handedOver();
            pair[0].write(ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.UTF_8)));
            String out = readAll(pair[0]);
            assertTrue(out.startsWith("got hi\n"), out);
            assertFalse(out.contains("not-for-children"), out);
            assertEquals(0, p.reap());
            pair[0].close();
        }
    }

    @Test
    void killEndsTheChild_andAfterReapingKillIsHarmless() throws Exception {
        UnixConnection[] pair = UnixConnection.pair();
        ChildProcess p = sh("exec sleep 60", pair[1]);
        pair[1].handedOver();
        assertTrue(p.isAlive());
        p.kill();
        assertEquals(128 + 9, p.reap());
        p.kill();
        assertTrue(p.waitFor(0));
        pair[0].close();
    }

    @Test
    void aRelativeProgramIsRefused() throws Exception {
        UnixConnection[] pair = UnixConnection.pair();
        assertThrows(IllegalArgumentException.class, () -> ChildProcess.spawn(List.of("sh"), Map.of(), pair[1]));
        assertThrows(ErrnoException.class, () -> ChildProcess.spawn(List.of(dir.resolve("missing").toString()), Map.of(), pair[1]));
        pair[0].close();
        pair[1].handedOver();
    }

    @Test
    void aDescriptorTravelsWithTheBytes_andMapsTheSameMemory() throws Exception {
        UnixConnection[] pair = UnixConnection.pair();
        try (Arena arena = Arena.ofShared()) {
            SharedMemory.Shared shm = SharedMemory.create("test", 4096, arena);
            shm.memory().set(ValueLayout.JAVA_BYTE, 100, (byte) 42);
            pair[0].attachDescriptor(shm.descriptor());
            pair[0].write(ByteBuffer.wrap(new byte[] {1, 2}));
            ByteBuffer in = ByteBuffer.allocate(2);
            assertEquals(2, pair[1].read(in));
            int fd = pair[1].takeDescriptor();
            assertTrue(fd >= 0);
            assertEquals(-1, pair[1].takeDescriptor());
            MemorySegment other = SharedMemory.mapDescriptor(fd, 4096, arena).memory();
            assertEquals(42, other.get(ValueLayout.JAVA_BYTE, 100));
            other.set(ValueLayout.JAVA_BYTE, 7, (byte) 9);
            assertEquals(9, shm.memory().get(ValueLayout.JAVA_BYTE, 7));
            assertArrayEquals(new byte[] {1, 2}, in.array());
        }
        pair[0].close();
        pair[1].close();
    }

    @Test
    void theParentsEndTakesNoDescriptors() throws Exception {
        UnixConnection[] pair = UnixConnection.pair();
        try (Arena arena = Arena.ofConfined()) {
            SharedMemory.Shared shm = SharedMemory.create("test", 4096, arena);
            pair[1].attachDescriptor(shm.descriptor());
            pair[1].write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, pair[0].read(ByteBuffer.allocate(1)));
            assertEquals(-1, pair[0].takeDescriptor());
        }
        pair[0].close();
        pair[1].close();
    }

    @Test
    void createdMemoryCannotBeShrunkByWhoeverItIsHandedTo() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            SharedMemory.Shared shm = SharedMemory.create("test", 8192, arena);
            try (FileChannel c = FileChannel.open(Path.of("/proc/self/fd/" + shm.descriptor()), StandardOpenOption.WRITE)) {
                assertThrows(IOException.class, () -> c.truncate(0));
            }
            assertEquals(8192, shm.memory().byteSize());
        }
    }
}
