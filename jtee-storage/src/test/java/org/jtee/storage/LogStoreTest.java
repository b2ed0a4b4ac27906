package org.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    static final UUID TA = UUID.fromString("b689f2a7-8adf-477a-9f99-32e90c0ad0a2");
    static final UUID OTHER = UUID.fromString("731e279e-aafb-4575-a771-38caa6f0cca6");
    static final ObjectStore.Header DATA = new ObjectStore.Header(0xA00000BF, 0, 0, 0xFFFFFFFF, new byte[0]);

    @TempDir
    Path dir;
    LocalSupplicant supplicant;
    LogStore store;
    final byte[] ssk = new byte[32];

    @BeforeEach
    void setUp() {
        new Random(7).nextBytes(ssk);
        supplicant = LocalSupplicant.open(dir.resolve("supplicant"));
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
        supplicant.close();
    }

    LogStore open() {
        return Stores.reeFs(supplicant.reeFiles(), ssk, dir.resolve("state"), 64 << 10);
    }

    LogStore reopen() {
        store.close();
        store = open();
        return store;
    }

    static byte[] id(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    byte[] readAll(long number) throws TeeException {
        ObjectStore.Entry e = store.entry(number);
        byte[] b = new byte[(int) e.dataSize()];
        assertEquals(b.length, store.read(number, 0, b, 0, b.length));
        return b;
    }

    @Test
    void createdObjectsReadBackAfterARestart() throws TeeException {
        byte[] data = bytes(10_000, 1);
        byte[] attrs = bytes(40, 2);
        ObjectStore.Entry e = store.create(TA, id("key"), new ObjectStore.Header(0xA0000010, 256, 256, 7, attrs), data, false);
        reopen();
        ObjectStore.Entry found = store.find(TA, id("key"));
        assertEquals(e.number(), found.number());
        assertEquals(10_000, found.dataSize());
        assertEquals(256, found.header().objectSize());
        assertEquals(7, found.header().usage());
        assertArrayEquals(attrs, found.header().attributes());
        assertArrayEquals(data, readAll(found.number()));
    }

    @Test
    void writesPastTheEndFillWithZerosAndPartialBlocksKeepTheirNeighbours() throws TeeException {
        long n = store.create(TA, id("o"), DATA, bytes(5000, 3), false).number();
        byte[] expect = Arrays.copyOf(bytes(5000, 3), 20_000);
        byte[] patch = bytes(100, 4);
        store.write(n, 4050, patch, 0, patch.length);
        System.arraycopy(patch, 0, expect, 4050, 100);
        byte[] tail = bytes(10, 5);
        store.write(n, 19_990, tail, 0, 10);
        System.arraycopy(tail, 0, expect, 19_990, 10);
        assertArrayEquals(expect, readAll(n));
        reopen();
        assertArrayEquals(expect, readAll(n));
    }

    @Test
    void truncateThenExtendReadsZerosNotOldBytes() throws TeeException {
        long n = store.create(TA, id("t"), DATA, bytes(9000, 6), false).number();
        store.truncate(n, 4100);
        store.truncate(n, 9000);
        byte[] expect = Arrays.copyOf(Arrays.copyOf(bytes(9000, 6), 4100), 9000);
        assertArrayEquals(expect, readAll(n));
        reopen();
        assertArrayEquals(expect, readAll(n));
    }

    @Test
    void renameDeleteOverwriteAndConflicts() throws TeeException {
        long a = store.create(TA, id("a"), DATA, id("A"), false).number();
        store.create(TA, id("b"), DATA, id("B"), false);
        TeeException e = assertThrows(TeeException.class, () -> store.create(TA, id("a"), DATA, new byte[0], false));
        assertEquals(TeeResult.ACCESS_CONFLICT, e.result());
        e = assertThrows(TeeException.class, () -> store.rename(a, id("b")));
        assertEquals(TeeResult.ACCESS_CONFLICT, e.result());
        store.rename(a, id("c"));
        assertNull(store.find(TA, id("a")));
        long b2 = store.create(TA, id("b"), DATA, id("B2"), true).number();
        store.delete(a);
        reopen();
        assertNull(store.find(TA, id("c")));
        assertArrayEquals(id("B2"), readAll(store.find(TA, id("b")).number()));
        assertEquals(b2, store.find(TA, id("b")).number());
        assertEquals(1, store.list(TA).size());
        assertEquals(TeeResult.ITEM_NOT_FOUND, assertThrows(TeeException.class, () -> store.entry(a)).result());
    }

    @Test
    void taOwnersAreSeparate() throws TeeException {
        store.create(TA, id("same"), DATA, id("mine"), false);
        store.create(OTHER, id("same"), DATA, id("theirs"), false);
        assertArrayEquals(id("mine"), readAll(store.find(TA, id("same")).number()));
        assertArrayEquals(id("theirs"), readAll(store.find(OTHER, id("same")).number()));
        assertEquals(1, store.list(OTHER).size());
        assertEquals(2, store.usage().size());
        assertEquals(new ObjectStore.Usage(1, 4), store.usage().get(TA));
    }

    @Test
    void idsLongerThan64BytesAndPositionsPastTheMaximumAreRefused() throws TeeException {
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> store.create(TA, new byte[65], DATA, new byte[0], false)).result());
        long n = store.create(TA, new byte[64], DATA, new byte[0], false).number();
        assertEquals(TeeResult.OVERFLOW, assertThrows(TeeException.class,
                () -> store.write(n, ObjectStore.MAX_DATA_POSITION - 1, new byte[2], 0, 2)).result());
        assertNotNull(store.find(TA, new byte[64]));
        assertNotNull(store.create(TA, new byte[0], DATA, new byte[0], false));
    }

    @Test
    void compactionKeepsEveryLiveObjectAndDropsOldSegments() throws TeeException {
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            numbers.add(store.create(TA, id("o" + i), DATA, bytes(3000, i), false).number());
        }
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 20; i += 2) {
                byte[] b = bytes(3000, 1000 * round + i);
                store.write(numbers.get(i), 0, b, 0, b.length);
            }
        }
        long files = supplicant.root().toFile().list((d, name) -> name.startsWith("ree-")).length;
        assertTrue(files <= 6, files + " segment files after compaction");
        reopen();
        for (int i = 0; i < 20; i++) {
            byte[] expect = i % 2 == 0 ? bytes(3000, 1000 * 29 + i) : bytes(3000, i);
            assertArrayEquals(expect, readAll(store.find(TA, id("o" + i)).number()), "object " + i);
        }
    }

    @Test
    void concurrentCommitsShareSyncs() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.create(TA, id(tt + "-" + i), DATA, bytes(4096, tt * 1000 + i), false);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(threads * each, store.list(TA).size());
        long commits = store.commitSequence();
        assertTrue(commits < threads * each * 3 / 4, commits + " commits for " + threads * each + " creates: none shared a sync");
        reopen();
        assertArrayEquals(bytes(4096, 3 * 1000 + 7), readAll(store.find(TA, id("3-7")).number()));
    }

    @Test
    void aSupplicantThatGoesAwayMakesStorageNotAvailableUntilItReturns() throws TeeException {
        long n = store.create(TA, id("x"), DATA, id("before"), false).number();
        supplicant.setAvailable(false);
        TeeException e = assertThrows(TeeException.class, () -> store.write(n, 0, id("during"), 0, 6));
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, e.result());
        supplicant.setAvailable(true);
        supplicant.restart();
        store.write(n, 0, id("after!"), 0, 6);
        reopen();
        assertArrayEquals(id("after!"), readAll(n));
    }

    @Test
    void aStoreMountsOnlyWhenTheSupplicantIsThere() throws TeeException {
        store.create(TA, id("x"), DATA, id("kept"), false);
        store.close();
        supplicant.setAvailable(false);
        store = open();
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, assertThrows(TeeException.class, () -> store.find(TA, id("x"))).result());
        supplicant.setAvailable(true);
        assertArrayEquals(id("kept"), readAll(store.find(TA, id("x")).number()));
        assertTrue(supplicant.calls(Rpc.FS) > 0);
    }

    @Test
    void segmentFileNamesNeverCarryIdsAndFilesHoldNoPlaintext() throws Exception {
        store.create(TA, id("a-secret-object-name"), DATA, id("a secret content string"), false);
        for (Path f : Files.list(supplicant.root()).toList()) {
            assertTrue(f.getFileName().toString().matches("ree-[0-9a-f]{16}"), f.getFileName().toString());
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertTrue(!text.contains("secret"), "plaintext in " + f.getFileName());
        }
    }
}
