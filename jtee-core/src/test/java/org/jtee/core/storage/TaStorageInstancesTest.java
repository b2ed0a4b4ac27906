package org.jtee.core.storage;

import static org.jtee.core.storage.StorageFixture.as;
import static org.jtee.core.storage.StorageFixture.run;
import static org.jtee.core.storage.TaStorageTest.assertResult;
import static org.jtee.core.storage.TaStorageTest.bytes;
import static org.jtee.core.storage.TaStorageTest.id;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_READ;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_READ;
import static org.jtee.crypto.TeeStorage.PRIVATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectEnumerator;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What separates instances and TAs: each instance's bounds, which cost only that instance; its
 * handles released when it ends; enumerators that see the TA's own objects only; and another
 * TA's objects out of sight, whatever id it names.
 */
class TaStorageInstancesTest {
    static final UUID A = UUID.fromString("11111111-2222-4333-8444-555555555555");
    static final UUID B = UUID.fromString("66666666-7777-4888-8999-aaaaaaaaaaaa");

    @TempDir
    Path dir;
    StorageFixture tee;

    @BeforeEach
    void setUp() {
        tee = new StorageFixture(dir);
    }

    @AfterEach
    void tearDown() {
        tee.close();
    }

    private static void create(TaStorage ta, String name, byte[] data) throws TeeException {
        run(ta, () -> PersistentObject.create(PRIVATE, id(name), 0, data).close());
    }

    /**
     * Instances of one TA creating different objects at once commit together: the GP layer locks
     * names, not the TA's whole namespace, across a create's commit (it once held one lock per TA,
     * and eight sessions of one TA created no faster than one).
     */
    @Test
    void createsOfDifferentNamesByInstancesOfOneTa_shareCommits() throws Exception {
        int instances = 8;
        int each = 20;
        long before = ((org.jtee.storage.LogStore) tee.store).commitSequence();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(instances);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < instances; t++) {
                int tt = t;
                done.add(pool.submit(() -> {
                    TaStorage ta = tee.instance(A);
                    for (int i = 0; i < each; i++) {
                        create(ta, tt + "-" + i, new byte[4096]);
                    }
                    ta.close();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long commits = ((org.jtee.storage.LogStore) tee.store).commitSequence() - before;
        assertTrue(commits < instances * each * 3 / 4, commits + " commits for " + instances * each + " creates: none shared");
    }

    // --- bounds and release ---

    @Test
    void objectHandles_stopAt1024_forThatInstanceOnly() throws TeeException {
        TaStorage full = tee.instance(A);
        create(full, "x", new byte[1]);
        List<PersistentObject> held = new ArrayList<>();
        for (int i = 0; i < TaStorage.MAX_OBJECT_HANDLES; i++) {
            held.add(as(full, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_SHARE_READ)));
        }
        assertResult(TeeResult.OUT_OF_MEMORY, () -> as(full, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_SHARE_READ)));
        assertResult(TeeResult.OUT_OF_MEMORY, () -> as(full, () -> PersistentObject.create(PRIVATE, id("y"), 0, null)));
        TaStorage other = tee.instance(A);
        as(other, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_SHARE_READ));
        run(full, held.getFirst()::close);
        as(full, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_SHARE_READ));
        full.close();
        other.close();
    }

    @Test
    void enumerators_stopAt64() throws TeeException {
        TaStorage ta = tee.instance(A);
        for (int i = 0; i < TaStorage.MAX_ENUMERATORS; i++) {
            as(ta, ObjectEnumerator::allocate);
        }
        assertResult(TeeResult.OUT_OF_MEMORY, () -> as(ta, ObjectEnumerator::allocate));
        as(tee.instance(A), ObjectEnumerator::allocate);
    }

    @Test
    void anInstanceThatEnds_releasesItsHandles() throws TeeException {
        TaStorage first = tee.instance(A);
        create(first, "x", new byte[1]);
        as(first, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_ACCESS_READ)); // shares nothing, never closed
        TaStorage second = tee.instance(A);
        assertResult(TeeResult.ACCESS_CONFLICT, () -> as(second, () -> PersistentObject.open(PRIVATE, id("x"), 0)));
        first.close();
        as(second, () -> PersistentObject.open(PRIVATE, id("x"), DATA_FLAG_ACCESS_READ));
        second.close();
        assertEquals(0, tee.service.openObjects());
    }

    // --- enumeration ---

    @Test
    void anEnumerator_listsExactlyTheTasObjects_thenItemNotFound() throws TeeException {
        TaStorage a = tee.instance(A);
        TaStorage b = tee.instance(B);
        for (String name : List.of("one", "two", "three")) {
            create(a, name, bytes(name.length(), 1));
        }
        create(b, "theirs", new byte[1]);
        ObjectEnumerator e = as(a, ObjectEnumerator::allocate);
        run(a, () -> e.start(PRIVATE));
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            ObjectEnumerator.Entry entry = as(a, e::next);
            String name = new String(entry.objectId(), java.nio.charset.StandardCharsets.US_ASCII);
            seen.add(name);
            assertEquals(name.length(), entry.info().dataSize());
            assertEquals(org.jtee.crypto.TeeType.DATA, entry.info().objectType());
            assertEquals(0, entry.info().dataPosition());
        }
        assertEquals(new TreeSet<>(List.of("one", "two", "three")), seen);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(a, e::next));
        run(a, e::reset);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(a, e::next));
        run(a, () -> e.start(TeeStorage.PRIVATE_REE));
        as(a, e::next);
    }

    @Test
    void anEnumerator_skipsObjectsDeletedSinceItStarted() throws TeeException {
        TaStorage a = tee.instance(A);
        create(a, "gone", new byte[1]);
        create(a, "kept", new byte[1]);
        ObjectEnumerator e = as(a, ObjectEnumerator::allocate);
        run(a, () -> e.start(PRIVATE));
        run(a, () -> as(a, () -> PersistentObject.open(PRIVATE, id("gone"), TeeStorage.DATA_FLAG_ACCESS_WRITE_META))
                .closeAndDelete());
        assertArrayEquals(id("kept"), as(a, e::next).objectId());
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(a, e::next));
    }

    @Test
    void aTaWithNoObjects_hasNothingToEnumerate() throws TeeException {
        TaStorage a = tee.instance(A);
        ObjectEnumerator e = as(a, ObjectEnumerator::allocate);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> run(a, () -> e.start(PRIVATE)));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(a, e::next));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> run(a, () -> e.start(TeeStorage.PRIVATE_RPMB)));
    }

    // --- isolation ---

    @Test
    void anotherTa_cannotOpenEnumerateOrLearnOfTheObjects() throws TeeException {
        TaStorage a = tee.instance(A);
        TaStorage b = tee.instance(B);
        create(a, "secret", bytes(16, 9));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> as(b, () -> PersistentObject.open(PRIVATE, id("secret"), 0)));
        ObjectEnumerator e = as(b, ObjectEnumerator::allocate);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> run(b, () -> e.start(PRIVATE)));
        create(b, "secret", bytes(4, 2)); // no ACCESS_CONFLICT: B's namespace has no such object
        PersistentObject mine = as(a, () -> PersistentObject.open(PRIVATE, id("secret"), DATA_FLAG_ACCESS_READ));
        byte[] data = new byte[32];
        assertEquals(16, as(a, () -> mine.read(data, 0, 32)));
        assertArrayEquals(bytes(16, 9), java.util.Arrays.copyOf(data, 16));
    }

    @Test
    void objectsOfOneTa_inOneInstance_areNotLockedByAnotherTasHandles() throws TeeException {
        TaStorage a = tee.instance(A);
        TaStorage b = tee.instance(B);
        create(a, "same", new byte[1]);
        create(b, "same", new byte[1]);
        as(a, () -> PersistentObject.open(PRIVATE, id("same"), DATA_FLAG_ACCESS_READ));
        as(b, () -> PersistentObject.open(PRIVATE, id("same"), DATA_FLAG_ACCESS_READ));
    }

    @Test
    void threeInstances_createWriteReadAndDelete_atOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int n = t;
                results.add(pool.submit(() -> roundTrip(tee.instance(A), "file_" + n, bytes(40_000, n))));
            }
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(bytes(40_000, t), results.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] roundTrip(TaStorage ta, String name, byte[] data) throws TeeException {
        int flags = DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
        return as(ta, () -> {
            byte[] back = new byte[data.length];
            for (int round = 0; round < 5; round++) {
                PersistentObject o = PersistentObject.create(PRIVATE, id(name), flags, null);
                o.write(data, 0, data.length);
                o.seek(0, TeeStorage.SEEK_SET);
                o.read(back, 0, back.length);
                o.closeAndDelete();
            }
            return back;
        });
    }
}
