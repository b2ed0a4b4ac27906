package org.jtee.storage;

import static org.jtee.storage.LogStoreTest.DATA;
import static org.jtee.storage.LogStoreTest.TA;
import static org.jtee.storage.LogStoreTest.bytes;
import static org.jtee.storage.LogStoreTest.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the supplicant's directory is a 1 MiB tmpfs, mounted for the test (it
 * needs root, as CI has; elsewhere the test is skipped and says why), which another program fills.
 * A commit that does not fit fails with {@code TEE_ERROR_STORAGE_NO_SPACE}, nothing of it is
 * kept, every acknowledged object reads back, and the store serves on once the space is freed.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    Path mount;
    boolean mounted;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = dir.resolve("small");
        Files.createDirectories(mount);
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(10, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(done && p.exitValue() == 0, "cannot mount a tmpfs here: " + out);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskRefusesTheCommitAndKeepsEverythingElse() throws TeeException, IOException {
        byte[] kept = bytes(100_000, 1);
        Path outsider = mount.resolve("someone-elses-file");
        try (LocalSupplicant supplicant = LocalSupplicant.open(mount.resolve("store"));
                LogStore store = Stores.reeFs(supplicant.reeFiles(), bytes(32, 3), dir.resolve("state"), 256 << 10)) {
            long n = store.create(TA, id("kept"), DATA, kept, false).number();
            // another program fills the disk
            try (var out = Files.newOutputStream(outsider)) {
                byte[] chunk = new byte[16 << 10];
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException full) {
                // the disk is full now
            }
            TeeException e = null;
            int made = 0;
            for (int i = 0; i < 40 && e == null; i++) {
                try {
                    store.create(TA, id("filler" + i), DATA, bytes(90_000, 100 + i), false);
                    made++;
                } catch (TeeException x) {
                    e = x;
                }
            }
            assertTrue(e != null, "the full disk took 40 objects of 90 KB");
            assertEquals(TeeResult.STORAGE_NO_SPACE, e.result(), e.getMessage());
            assertNull(store.find(TA, id("filler" + made)), "the refused object does not exist");
            byte[] back = new byte[kept.length];
            store.read(n, 0, back, 0, back.length);
            assertArrayEquals(kept, back);
            TeeException again = assertThrows(TeeException.class, () -> store.write(n, 0, bytes(300_000, 5), 0, 300_000));
            assertEquals(TeeResult.STORAGE_NO_SPACE, again.result());
            store.read(n, 0, back, 0, back.length);
            assertArrayEquals(kept, back, "a refused write changes nothing");
            // the other program frees its space: storage serves again
            Files.delete(outsider);
            store.write(n, 0, bytes(10, 9), 0, 10);
            store.create(TA, id("after"), DATA, bytes(90_000, 7), false);
        }
        try (LocalSupplicant supplicant = LocalSupplicant.open(mount.resolve("store"));
                LogStore store = Stores.reeFs(supplicant.reeFiles(), bytes(32, 3), dir.resolve("state"), 256 << 10)) {
            ObjectStore.Entry e = store.find(TA, id("kept"));
            byte[] back = new byte[(int) e.dataSize()];
            store.read(e.number(), 0, back, 0, back.length);
            byte[] expect = kept.clone();
            System.arraycopy(bytes(10, 9), 0, expect, 0, 10);
            assertArrayEquals(expect, back, "after a restart the object holds every acknowledged write");
            assertTrue(store.find(TA, id("after")) != null);
        }
    }

    /**
     * The first mount makes the store's monotonic counter; on a full disk that fails
     * ({@code TEE_ERROR_GENERIC}), and once there is space the store mounts. The counter was made
     * in place: the file was created, its slots did not fit, and the empty file was refused as a
     * damaged counter ({@code TEE_ERROR_SECURITY}) ever after.
     */
    @Test
    void aCounterThatDoesNotFit_isNotLeftHalfMade() throws TeeException, IOException {
        Path state = Files.createDirectories(mount.resolve("state"));
        Path outsider = mount.resolve("someone-elses-file");
        try (var out = Files.newOutputStream(outsider)) {
            byte[] chunk = new byte[4 << 10];
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // the disk is full now
        }
        try (LocalSupplicant supplicant = LocalSupplicant.open(dir.resolve("store"));
                LogStore store = Stores.reeFs(supplicant.reeFiles(), bytes(32, 3), state, 256 << 10)) {
            TeeException e = assertThrows(TeeException.class, store::usage);
            assertEquals(TeeResult.GENERIC, e.result(), e.getMessage());
            Files.delete(outsider);
            assertEquals(0, store.usage().size(), "with space again, the store mounts");
            store.create(TA, id("a"), DATA, bytes(100, 1), false);
        }
        try (LocalSupplicant supplicant = LocalSupplicant.open(dir.resolve("store"));
                LogStore store = Stores.reeFs(supplicant.reeFiles(), bytes(32, 3), state, 256 << 10)) {
            assertTrue(store.find(TA, id("a")) != null, "and after a restart");
        }
    }
}
