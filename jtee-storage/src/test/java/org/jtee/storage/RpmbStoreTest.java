package org.jtee.storage;

import static org.jtee.storage.LogStoreTest.DATA;
import static org.jtee.storage.LogStoreTest.OTHER;
import static org.jtee.storage.LogStoreTest.TA;
import static org.jtee.storage.LogStoreTest.bytes;
import static org.jtee.storage.LogStoreTest.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on the emulated RPMB device: round trips, restarts, the ring, and a replayed device image. */
class RpmbStoreTest {
    @TempDir
    Path dir;
    LocalSupplicant supplicant;
    final byte[] ssk = bytes(32, 21);
    final byte[] rpmbKey = bytes(32, 22);
    RpmbClient client;

    @BeforeEach
    void setUp() {
        // a 256 KiB device (four 64 KiB slots) that takes 32 blocks per reliable write: small and quick
        supplicant = LocalSupplicant.open(dir.resolve("supplicant"), 2, 16);
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        supplicant.close();
    }

    LogStore open(long minimumCounter) {
        if (client != null) {
            client.close();
        }
        supplicant.restart();
        client = supplicant.rpmbBlocks(rpmbKey, minimumCounter);
        return Stores.rpmb(client, ssk, dir.resolve("state"));
    }

    static byte[] read(ObjectStore s, ObjectStore.Entry e) throws TeeException {
        byte[] b = new byte[(int) e.dataSize()];
        s.read(e.number(), 0, b, 0, b.length);
        return b;
    }

    @Test
    void objectsSurviveRestartsAndTheRingWrapsWithCompaction() throws TeeException {
        try (LogStore s = open(0)) {
            s.create(TA, id("key"), DATA, bytes(3000, 1), false);
            s.create(OTHER, id("key"), DATA, bytes(100, 2), false);
            ObjectStore.Entry e = s.find(TA, id("key"));
            // far more than the 256 KiB device: the ring must wrap, compaction must keep up
            for (int i = 0; i < 40; i++) {
                byte[] b = bytes(20_000, 100 + i);
                s.write(e.number(), 0, b, 0, b.length);
            }
        }
        try (LogStore s = open(1)) {
            assertArrayEquals(bytes(20_000, 139), read(s, s.find(TA, id("key"))));
            assertArrayEquals(bytes(100, 2), read(s, s.find(OTHER, id("key"))));
        }
    }

    @Test
    void aReplayedDeviceImageIsCaught() throws Exception {
        try (LogStore s = open(0)) {
            s.create(TA, id("a"), DATA, bytes(500, 1), false);
        }
        Path image = supplicant.rpmbImage();
        Path old = dir.resolve("old.img");
        Files.copy(image, old);
        try (LogStore s = open(1)) {
            ObjectStore.Entry e = s.find(TA, id("a"));
            s.write(e.number(), 0, bytes(500, 2), 0, 500);
        }
        Files.copy(old, image, StandardCopyOption.REPLACE_EXISTING);
        try (LogStore s = open(1)) {
            TeeException e = assertThrows(TeeException.class, () -> s.find(TA, id("a")));
            assertEquals(TeeResult.SECURITY, e.result(), e.getMessage());
        }
    }

    /**
     * The floor a restarted core gives its RPMB client: a mount of a new device programs the key
     * and makes the store's counter at 0 but writes nothing, so the device's counter stays 0 and
     * the next start must take 0 (a floor of 1 there was a rollback that never happened); after a
     * commit it is 1, and a device put back to keyed-but-never-written, or to unkeyed, is caught.
     */
    @Test
    void theFloorIsZeroUntilACommit_thenARolledBackDeviceIsCaught() throws Exception {
        Path state = dir.resolve("state");
        assertEquals(0, Stores.rpmbMinimumCounter(ssk, state), "no counter yet");
        try (LogStore s = open(0)) {
            assertEquals(0, s.usage().size());
        }
        assertTrue(Files.exists(state.resolve("rpmb.counter")), "the mount made the counter");
        assertEquals(0, Stores.rpmbMinimumCounter(ssk, state), "nothing committed: the device may still be at 0");
        Path keyedNeverWritten = dir.resolve("keyed.img");
        Files.copy(supplicant.rpmbImage(), keyedNeverWritten);
        try (LogStore s = open(Stores.rpmbMinimumCounter(ssk, state))) {
            assertEquals(0, s.usage().size(), "a store mounted and never written to mounts again");
            s.create(TA, id("a"), DATA, bytes(500, 1), false);
        }
        assertEquals(1, Stores.rpmbMinimumCounter(ssk, state), "a commit was acknowledged");
        assertEquals(1, Stores.rpmbMinimumCounter(bytes(32, 99), state), "a counter that fails its MAC: the key is not sent");

        Files.copy(keyedNeverWritten, supplicant.rpmbImage(), StandardCopyOption.REPLACE_EXISTING);
        try (LogStore s = open(Stores.rpmbMinimumCounter(ssk, state))) {
            TeeException e = assertThrows(TeeException.class, s::usage);
            assertEquals(TeeResult.SECURITY, e.result(), e.getMessage());
        }
        Files.delete(supplicant.rpmbImage());
        try (LogStore s = open(Stores.rpmbMinimumCounter(ssk, state))) {
            TeeException e = assertThrows(TeeException.class, s::usage);
            assertEquals(TeeResult.SECURITY, e.result(), e.getMessage());
            assertTrue(e.getMessage().contains("the key is not sent"), e.getMessage());
        }
    }

    /**
     * A large object written in pieces on the default 2 MiB device, read back after each piece
     * while compaction moves the log's tail: every piece lands and reads back, or is refused as
     * NO_SPACE — never a corrupt read (a compaction once wrote its record over the slot it was
     * moving out of while a reader still read there).
     */
    @Test
    void piecesOfALargeObjectReadBackOrAreRefusedNeverCorrupt() throws TeeException {
        try (LocalSupplicant big = LocalSupplicant.open(dir.resolve("big"));
                RpmbClient c = big.rpmbBlocks(rpmbKey, 0);
                LogStore s = Stores.rpmb(c, ssk, dir.resolve("big-state"))) {
            byte[] large = bytes(1 << 20, 5);
            long n = s.create(TA, id("large"), DATA, new byte[0], true).number();
            int landed = 0;
            for (int p = 0; p < 32; p++) {
                try {
                    s.write(n, p * 32768L, large, p * 32768, 32768);
                } catch (TeeException e) {
                    assertEquals(TeeResult.STORAGE_NO_SPACE, e.result(), e.getMessage());
                    break;
                }
                landed = p + 1;
                byte[] back = new byte[landed * 32768];
                s.read(n, 0, back, 0, back.length);
                assertArrayEquals(java.util.Arrays.copyOf(large, back.length), back, "after piece " + p);
            }
            assertTrue(landed >= 24, "only " + landed + " pieces of 32 KiB fit in 2 MiB");
        }
    }

    @Test
    void aFullDeviceSaysNoSpaceAndKeepsWhatItHolds() throws TeeException {
        try (LogStore s = open(0)) {
            TeeException full = null;
            int made = 0;
            for (int i = 0; i < 200 && full == null; i++) {
                try {
                    s.create(TA, id("o" + i), DATA, bytes(30_000, i), false);
                    made++;
                } catch (TeeException x) {
                    full = x;
                }
            }
            assertTrue(full != null, "a 256 KiB device took 6 MB");
            assertEquals(TeeResult.STORAGE_NO_SPACE, full.result(), full.getMessage());
            assertArrayEquals(bytes(30_000, 0), read(s, s.find(TA, id("o0"))));
            assertArrayEquals(bytes(30_000, made - 1), read(s, s.find(TA, id("o" + (made - 1)))));
        }
    }
}
