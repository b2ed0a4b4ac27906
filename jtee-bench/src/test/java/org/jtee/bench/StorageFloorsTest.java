package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage bench's floors on a real directory, and the gang that runs them; no figure is judged. */
class StorageFloorsTest {
    @TempDir
    Path dir;

    @Test
    void replace_writesEachThreadsFiles_readReadsThem_appendGrowsOneFilePerThread() throws Exception {
        Path floorDir = dir.resolve(".floor");
        try (StorageFloors floors = new StorageFloors(floorDir, 2, 4096)) {
            assertTrue(floors.replace(3) > 0);
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < 3; i++) {
                    byte[] content = Files.readAllBytes(floorDir.resolve("t" + t + "-" + i));
                    assertEquals(4096, content.length);
                    assertEquals((byte) (t * 131 + 7), content[1]);
                }
            }
            try (var files = Files.list(floorDir)) {
                assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "every temporary was renamed");
            }
            assertTrue(floors.read(3) > 0);
            assertTrue(floors.append(5) > 0);
            assertEquals(5 * 4096, Files.size(floorDir.resolve("append-0")));
            assertEquals(5 * 4096, Files.size(floorDir.resolve("append-1")));
        }
        assertFalse(Files.exists(floorDir), "close removes the floors' files and directory");
    }

    @Test
    void read_ofAFileNotWritten_fails() throws IOException {
        try (StorageFloors floors = new StorageFloors(dir.resolve("f"), 1, 4096)) {
            floors.replace(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> floors.read(2));
            assertTrue(e.getCause() instanceof IOException, e.toString());
        }
    }

    @Test
    void gang_runsEveryThreadAtOnce() {
        CyclicBarrier allThere = new CyclicBarrier(8);
        AtomicInteger ran = new AtomicInteger();
        double seconds = Gang.run(8, t -> {
            allThere.await(10, TimeUnit.SECONDS); // times out unless all 8 run at the same time
            ran.incrementAndGet();
        });
        assertEquals(8, ran.get());
        assertTrue(seconds > 0);
    }

    @Test
    void gang_reportsAFailure_afterEveryThreadEnded() {
        AtomicInteger ended = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gang.run(4, t -> {
            ended.incrementAndGet();
            if (t == 2) {
                throw new IOException("thread 2 failed");
            }
        }));
        assertEquals("thread 2 failed", e.getCause().getMessage());
        assertEquals(4, ended.get());
        assertThrows(IllegalStateException.class, () -> Gang.run(1, t -> {
            throw new IOException("alone");
        }));
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertEquals(3, StorageBenchmarks.median(new double[] {5, 1, 3}));
        assertEquals(2.5, StorageBenchmarks.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void objectIds_differByTagAndNumber_andFitGpsLimit() {
        assertArrayEquals("bench-7-12".getBytes(java.nio.charset.StandardCharsets.US_ASCII), StorageBenchTa.id(7, 12));
        assertFalse(java.util.Arrays.equals(StorageBenchTa.id(1, 23), StorageBenchTa.id(12, 3)));
        assertTrue(StorageBenchTa.id(Integer.MAX_VALUE, -1).length <= 64);
    }
}
