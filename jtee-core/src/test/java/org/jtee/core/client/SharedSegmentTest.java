package org.jtee.core.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jtee.common.DefaultLocations;
import org.jtee.os.Hardening;
import org.jtee.os.SharedMemory;
import org.junit.jupiter.api.Test;

/** A client's segment, shrunk under the core: the core asks, it never faults. */
class SharedSegmentTest {
    private static final int BYTES = 4 * 4096;

    @Test
    void shrunkSegment_isNotBacked_everyTime_andNoFaultEverReachesTheCaller() throws Exception {
        Path file = Files.createTempFile(DefaultLocations.sharedMemoryDir(), "jtee-segment-test", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Arena arena = Arena.ofShared()) {
            Files.write(file, new byte[BYTES]);
            SharedSegment segment = new SharedSegment(1, 0, arena, SharedMemory.map(file, BYTES, Hardening.uid(), arena), () -> { });
            assertTrue(segment.isBacked(0, BYTES));
            try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
                f.truncate(4096);
            }
            // often enough for the check to be compiled: a fault caught in interpreted code can
            // surface later, outside any handler, once the code is compiled
            long count = 0;
            for (int i = 0; i < 200_000; i++) {
                assertFalse(segment.isBacked(4096, 16));
                count += segment.isBacked(0, 4096) ? 1 : 0;
            }
            assertTrue(count == 200_000, "the page still backed stays usable");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void segmentSealedAtItsSize_isBackedWithin_andARangeOutsideIsACallerBug() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            SharedSegment segment = new SharedSegment(1, 0, arena, SharedMemory.create("jtee-segment-test", BYTES, arena), () -> { });
            assertTrue(segment.isBacked(0, BYTES));
            assertTrue(segment.isBacked(BYTES - 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> segment.isBacked(BYTES - 1, 2));
        }
    }
}
