package org.jtee.xtest.tas;

import static org.jtee.xtest.tas.XtestTee.assertTaResult;
import static org.jtee.xtest.tas.XtestTee.assertTargetDead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeStorage;
import org.jtee.crypto.TeeType;
import org.jtee.xtest.ta.common.StorageContract;
import org.jtee.xtest.ta.common.XtestTaUuids;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * storage and storage2 in a real core, driven as xtest's 6000 series drives them (same commands,
 * parameter types, ids and data as {@code regression_6000.c}), on the core's REE FS storage.
 * Every storage session is a TA instance of its own, so a TA host: the tests keep them few.
 */
class StorageTasTest {
    private static final int REE = TeeStorage.PRIVATE_REE;
    private static final int RW_META = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE
            | TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
    private static final int ALL_SHARED = RW_META | TeeStorage.DATA_FLAG_SHARE_READ | TeeStorage.DATA_FLAG_SHARE_WRITE
            | TeeStorage.DATA_FLAG_OVERWRITE;

    private static final byte[] FILE_00 = {0x00, 0x6E, 0x04, 0x57, 0x08, (byte) 0xFB, 0x71, (byte) 0x96,
        (byte) 0xF0, 0x2E, 0x55, 0x3D, 0x02, (byte) 0xC3, (byte) 0xA6, (byte) 0x92,
        (byte) 0xE9, (byte) 0xC3, (byte) 0xEF, (byte) 0x8A, (byte) 0xB2, 0x34, 0x53, (byte) 0xE6,
        (byte) 0xF0, 0x74, (byte) 0x9C, (byte) 0xD6, 0x36, (byte) 0xE7, (byte) 0xA8, (byte) 0x8E};
    private static final byte[] FILE_01 = {0x01, 0x00};
    private static final byte[] FILE_02 = {0x02, 0x11, 0x02};
    private static final byte[] FILE_03 = {0x03, 0x13, 0x03};
    private static final byte[] DATA_00 = {0x00, 0x6E, 0x04, 0x57, 0x08, (byte) 0xFB, 0x71, (byte) 0x96,
        0x00, 0x2E, 0x55, 0x3D, 0x02, (byte) 0xC3, (byte) 0xA6, (byte) 0x92,
        0x00, (byte) 0xC3, (byte) 0xEF, (byte) 0x8A, (byte) 0xB2, 0x34, 0x53, (byte) 0xE6,
        0x00, 0x74, (byte) 0x9C, (byte) 0xD6, 0x36, (byte) 0xE7, (byte) 0xA8, 0x00};
    private static final byte[] DATA_01 = {0x01, 0x6E, 0x04, 0x57, 0x08, (byte) 0xFB, 0x71, (byte) 0x96,
        0x01, 0x2E, 0x55, 0x3D, 0x02, (byte) 0xC3, (byte) 0xA6, (byte) 0x92,
        0x01, (byte) 0xC3, (byte) 0xEF, (byte) 0x8A, (byte) 0xB2, 0x34, 0x53, (byte) 0xE6,
        0x01, 0x74, (byte) 0x9C, (byte) 0xD6, 0x36, (byte) 0xE7, (byte) 0xA8, 0x01};

    static XtestTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.shared();
    }

    private static StorageClient storage() throws TeeException {
        return new StorageClient(tee.open(XtestTaUuids.STORAGE));
    }

    private static StorageClient storage2() throws TeeException {
        return new StorageClient(tee.open(XtestTaUuids.STORAGE2));
    }

    /** xtest's availability probe: create and delete "xtest_storage_test" (with its NUL). */
    @ParameterizedTest
    @ValueSource(ints = {TeeStorage.PRIVATE, TeeStorage.PRIVATE_REE})
    void probe_ofStorageXtestRunsOn_succeeds(int storageId) throws Exception {
        try (StorageClient s = storage()) {
            byte[] name = "xtest_storage_test\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int h = s.create(name, RW_META, 0, null, storageId);
            assertNotEquals(0, h);
            s.unlink(h);
        }
    }

    /** xtest 6001–6007: create with every kind of id, write, seek, read, truncate, extend, holes, delete. */
    @Test
    void dataStream_behavesAsXtest6001To6007Expect() throws Exception {
        try (StorageClient s = storage()) {
            for (byte[] id : new byte[][] {FILE_00, new byte[0], null}) {
                s.unlink(s.create(id, TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, 0,
                        DATA_00, REE));
            }
            int h = s.create(FILE_01, RW_META, 0, DATA_00, REE);
            s.truncate(h, 10);
            assertEquals(5, s.seek(h, 5, TeeStorage.SEEK_SET));
            assertArrayEquals(Arrays.copyOfRange(DATA_00, 5, 10), s.read(h, 10));
            s.close(h);
            h = s.open(FILE_01, RW_META, REE);
            s.truncate(h, 40);
            s.seek(h, 30, TeeStorage.SEEK_SET);
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, s.read(h, 10));
            s.seek(h, 80, TeeStorage.SEEK_SET);
            s.write(h, DATA_00);
            s.seek(h, 74, TeeStorage.SEEK_SET);
            byte[] hole = new byte[10];
            System.arraycopy(DATA_00, 0, hole, 6, 4);
            assertArrayEquals(hole, s.read(h, 10));
            assertEquals(112, s.info(h).dataSize());
            s.unlink(h);
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.open(FILE_01, TeeStorage.DATA_FLAG_ACCESS_READ, REE));
        }
    }

    /** xtest 6010 SeekWriteRead: seeks from the end, past it, and back by a negative offset. */
    @Test
    void seek_fromTheEndAndPastIt_asXtest6010() throws Exception {
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (StorageClient s = storage()) {
            int h = s.create(FILE_00, ALL_SHARED, 0, data, REE);
            assertEquals(2, s.seek(h, 2, TeeStorage.SEEK_SET));
            assertEquals(1024, s.seek(h, 0, TeeStorage.SEEK_END));
            s.write(h, data);
            s.seek(h, 1024, TeeStorage.SEEK_SET);
            assertArrayEquals(data, s.read(h, 1024));
            assertEquals(2058, s.seek(h, 10, TeeStorage.SEEK_END));
            assertEquals(0, s.read(h, 1024).length);
            assertEquals(1536, s.seek(h, -512, TeeStorage.SEEK_END));
            assertArrayEquals(Arrays.copyOfRange(data, 512, 1024), s.read(h, 512));
            s.unlink(h);
        }
    }

    /** xtest 6008 and 6010: renames to ids of every kind, and onto an existing id (open or closed). */
    @Test
    void rename_toEveryKindOfId_andOntoAnExistingOne_asXtest6008And6010() throws Exception {
        try (StorageClient s = storage()) {
            int h = s.create(FILE_02, TeeStorage.DATA_FLAG_ACCESS_WRITE, 0, DATA_01, REE);
            s.close(h);
            int readMeta = TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
            h = s.open(FILE_02, TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, REE);
            s.write(h, DATA_00);
            s.rename(h, FILE_03);
            s.close(h);
            h = s.open(FILE_03, readMeta, REE);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), s.read(h, 10));
            s.rename(h, new byte[0]);
            s.close(h);
            h = s.open(new byte[0], readMeta, REE);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), s.read(h, 10));
            s.rename(h, FILE_03);
            s.rename(h, null);
            s.close(h);
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.open(FILE_03, readMeta, REE));
            h = s.open(null, readMeta, REE);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), s.read(h, 10));
            s.unlink(h);

            int o1 = s.create(FILE_00, ALL_SHARED, 0, DATA_00, REE);
            int o2 = s.create(FILE_01, ALL_SHARED, 0, DATA_01, REE);
            assertTaResult(TeeResult.ACCESS_CONFLICT, () -> s.rename(o2, FILE_00));
            s.close(o1);
            assertTaResult(TeeResult.ACCESS_CONFLICT, () -> s.rename(o2, FILE_00));
            s.unlink(s.create(FILE_00, ALL_SHARED, 0, DATA_00, REE));
            s.rename(o2, FILE_00);
            s.unlink(o2);
        }
    }

    /** xtest 6009 and 6010: the enumeration gives the TA's three objects, then ITEM_NOT_FOUND. */
    @Test
    void enumeration_givesTheTasObjectsOnce_asXtest6009And6010() throws Exception {
        try (StorageClient s = storage()) {
            s.command(StorageContract.CMD_CLEAR_STORAGE, 0);
            int e = s.allocateEnumerator();
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.next(e, null));
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.startEnumerator(e, REE));
            for (byte[] id : new byte[][] {FILE_00, FILE_01, FILE_02}) {
                s.close(s.create(id, TeeStorage.DATA_FLAG_ACCESS_WRITE, 0, DATA_01, REE));
            }
            s.startEnumerator(e, REE);
            Set<String> seen = new HashSet<>();
            TempMemory info = TempMemory.output(200);
            seen.add(Arrays.toString(s.next(e, info)));
            assertEquals(StorageContract.NATIVE_OBJECT_INFO_BYTES, info.size());
            ByteBuffer b = ByteBuffer.wrap(info.buffer()).order(ByteOrder.nativeOrder());
            assertEquals(TeeType.DATA, b.getInt(0));
            assertEquals(DATA_01.length, b.getLong(16));
            seen.add(Arrays.toString(s.next(e, null)));
            seen.add(Arrays.toString(s.next(e, TempMemory.output(200))));
            assertEquals(Set.of(Arrays.toString(FILE_00), Arrays.toString(FILE_01), Arrays.toString(FILE_02)), seen);
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.next(e, null));
            s.resetEnumerator(e);
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.next(e, null));
            s.freeEnumerator(e);
            s.command(StorageContract.CMD_CLEAR_STORAGE, 0);
            int again = s.allocateEnumerator();
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.startEnumerator(again, REE));
        }
    }

    /** xtest 6012 and 6010: create over an existing object fails without OVERWRITE, or while open unshared. */
    @Test
    void create_ofExistingObject_isAccessConflictUnlessOverwritten_asXtest6012() throws Exception {
        byte[] file04 = {0x00, 0x01, 0x02};
        try (StorageClient s = storage()) {
            s.createOverwrite(file04, REE);
            s.createOverwrite(file04, REE);
            s.close(s.create(file04, TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META
                    | TeeStorage.DATA_FLAG_OVERWRITE, 0, null, REE));
            assertTaResult(TeeResult.ACCESS_CONFLICT, () -> s.create(file04,
                    TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, 0, null, REE));
            s.unlink(s.open(file04, TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, REE));

            int shared = s.create(FILE_00, ALL_SHARED, 0, DATA_00, REE);
            assertTaResult(TeeResult.ACCESS_CONFLICT, () -> s.create(FILE_00,
                    TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE, 0, DATA_00, REE));
            s.unlink(shared);
        }
    }

    /** xtest 6013 and 6014: the TA's own sequences succeed. */
    @Test
    void keyInPersistentAndLoop_succeed_asXtest6013And6014() throws Exception {
        try (StorageClient s = storage()) {
            s.command(StorageContract.CMD_CLEAR_STORAGE, 0);
            s.command(StorageContract.CMD_KEY_IN_PERSISTENT, REE);
            s.command(StorageContract.CMD_LOOP, REE);
            int e = s.allocateEnumerator();
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.startEnumerator(e, REE));
        }
    }

    /** xtest 6015 and 6019: storage2 sees none of storage's objects, and holds its own under the same id. */
    @Test
    void objects_areTheirTasOwn_asXtest6015And6019() throws Exception {
        try (StorageClient s = storage(); StorageClient s2 = storage2()) {
            int h = s.create(FILE_01, TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META
                    | TeeStorage.DATA_FLAG_OVERWRITE, 0, DATA_00, REE);
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s2.open(FILE_01, TeeStorage.DATA_FLAG_ACCESS_READ, REE));
            s.close(h);
            s2.close(s2.create(FILE_01, TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META
                    | TeeStorage.DATA_FLAG_OVERWRITE, 0, DATA_01, REE));
            int mine = s.open(FILE_01, TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, REE);
            int theirs = s2.open(FILE_01, TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, REE);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), s.read(mine, 10));
            assertArrayEquals(Arrays.copyOf(DATA_01, 10), s2.read(theirs, 10));
            s2.unlink(theirs);
            s.unlink(mine);
        }
    }

    /** storage2 is single instance and not multi session: a second session at once is refused. */
    @Test
    void storage2_refusesASecondSessionWhileOneIsOpen() throws Exception {
        try (StorageClient s2 = storage2()) {
            TeeException e = assertThrows(TeeException.class, () -> tee.open(XtestTaUuids.STORAGE2));
            assertEquals(TeeResult.BUSY, e.result(), e.getMessage());
            s2.command(StorageContract.CMD_CLOSE, 0);
        }
    }

    /** xtest 6017, 6018 and 6021: data size and a restricted usage are what a reopen sees; 20 × 32 KiB round trips. */
    @Test
    void infoAndUsageAndLargeData_persistAcrossReopen_asXtest6017To6021() throws Exception {
        try (StorageClient s = storage()) {
            int h = s.create(FILE_01, RW_META | TeeStorage.DATA_FLAG_OVERWRITE, 0, null, REE);
            assertEquals(0xFFFFFFFF, s.info(h).objectUsage());
            int usage = ~TeeCrypto.USAGE_EXTRACTABLE;
            s.restrictUsage(h, usage);
            assertEquals(usage, s.info(h).objectUsage());
            byte[] block = new byte[32 * 1024];
            for (int n = 0; n < 20; n++) {
                Arrays.fill(block, (byte) n);
                s.write(h, block);
            }
            StorageClient.ObjInfo written = s.info(h);
            assertEquals(20 * block.length, written.dataSize());
            s.close(h);
            h = s.open(FILE_01, RW_META, REE);
            StorageClient.ObjInfo reopened = s.info(h);
            assertEquals(usage, reopened.objectUsage());
            assertEquals(written.dataSize(), reopened.dataSize());
            assertEquals(TeeCrypto.HANDLE_FLAG_PERSISTENT | TeeCrypto.HANDLE_FLAG_INITIALIZED | RW_META,
                    reopened.handleFlags());
            for (int n = 0; n < 20; n++) {
                Arrays.fill(block, (byte) n);
                assertArrayEquals(block, s.read(h, block.length), "block " + n);
            }
            s.unlink(h);
        }
    }

    /** xtest 6016: three sessions, so three instances, work on objects of their own at once. */
    @Test
    void threeSessions_atOnce_asXtest6016() throws Exception {
        List<StorageClient> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                sessions.add(storage());
            }
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                StorageClient s = sessions.get(i);
                byte[] id = Arrays.copyOf(("file_" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8);
                runs.add(CompletableFuture.runAsync(() -> createWriteReadDelete(s, id)));
            }
            for (CompletableFuture<Void> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            sessions.forEach(StorageClient::close);
        }
    }

    private static void createWriteReadDelete(StorageClient s, byte[] id) {
        try {
            s.close(s.create(id, TeeStorage.DATA_FLAG_ACCESS_WRITE, 0, DATA_01, REE));
            int h = s.open(id, TeeStorage.DATA_FLAG_ACCESS_WRITE, REE);
            s.write(h, DATA_00);
            s.close(h);
            h = s.open(id, TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, REE);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), s.read(h, 10));
            s.unlink(h);
        } catch (TeeException e) {
            throw new AssertionError(e);
        }
    }

    /** xtest 6010: a handle that names nothing, or a transient object where a persistent one belongs, kills the TA. */
    @Test
    void badHandles_killTheTa_andNullHandlesDoNothing_asXtest6010() throws Exception {
        try (StorageClient s = storage()) {
            assertTargetDead(() -> s.restrictUsage(0xFFFFBAD0, 0xFFFFFFFF));
        }
        try (StorageClient s = storage()) {
            assertTargetDead(() -> s.seek(0xFFFFBAD0, 5, TeeStorage.SEEK_SET));
        }
        try (StorageClient s = storage()) {
            s.command(StorageContract.CMD_CLOSE, 0);
            s.command(StorageContract.CMD_FREE_OBJ, 0);
            s.command(StorageContract.CMD_RESET_OBJ, 0);
            int transientObject = s.allocateObject(TeeType.AES, 256);
            assertTargetDead(() -> s.seek(transientObject, 5, TeeStorage.SEEK_SET));
        }
    }

    /**
     * xtest 6020: an object id in the client's memory kills the TA, for open, create-overwrite,
     * rename and create; the object a dead instance held open is free for the next.
     */
    @Test
    void idsInClientMemory_killTheTa_asXtest6020() throws Exception {
        int flags = TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
        try (StorageClient s = storage()) {
            s.close(s.create(FILE_01, flags | TeeStorage.DATA_FLAG_OVERWRITE, 0, DATA_00, REE));
            assertTargetDead(() -> s.invoke(StorageContract.CMD_OPEN_ID_IN_SHM, TempMemory.input(FILE_01),
                    ValueParameter.inout(flags, 0), ValueParameter.input(REE, 0)));
        }
        try (StorageClient s = storage()) {
            assertTargetDead(() -> s.invoke(StorageContract.CMD_CREATEOVER_ID_IN_SHM, TempMemory.input(FILE_01),
                    ValueParameter.input(REE, 0)));
        }
        try (StorageClient s = storage()) {
            int h = s.open(FILE_01, flags, REE);
            assertTargetDead(() -> s.invoke(StorageContract.CMD_RENAME_ID_IN_SHM, ValueParameter.input(h, 0),
                    TempMemory.input(new byte[] {FILE_01[0]})));
        }
        try (StorageClient s = storage()) {
            s.unlink(s.open(FILE_01, flags, REE));
            assertTargetDead(() -> s.invoke(StorageContract.CMD_CREATE_ID_IN_SHM, TempMemory.input(FILE_01),
                    ValueParameter.inout(flags | TeeStorage.DATA_FLAG_OVERWRITE, 0), ValueParameter.input(0, REE),
                    TempMemory.input(DATA_00)));
        }
        try (StorageClient s = storage()) {
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.open(FILE_01, flags, REE));
        }
    }

    /** {@code xtest --clear-storage}: every object of the TA goes, and only its own. */
    @Test
    void clearStorage_deletesEveryObjectOfTheTaAndNoOther() throws Exception {
        try (StorageClient s = storage()) {
            s.close(s.create(FILE_02, TeeStorage.DATA_FLAG_ACCESS_WRITE, 0, DATA_01, REE));
            s.close(s.create(FILE_03, TeeStorage.DATA_FLAG_ACCESS_WRITE, 0, DATA_01, TeeStorage.PRIVATE));
            try (StorageClient s2 = storage2()) {
                s2.close(s2.create(FILE_02, TeeStorage.DATA_FLAG_ACCESS_WRITE | TeeStorage.DATA_FLAG_OVERWRITE, 0,
                        DATA_00, REE));
                s.session().invokeCommand(StorageContract.CMD_CLEAR_STORAGE, Operation.of());
                assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.open(FILE_02, TeeStorage.DATA_FLAG_ACCESS_READ, REE));
                assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.open(FILE_03, TeeStorage.DATA_FLAG_ACCESS_READ, REE));
                int theirs = s2.open(FILE_02, TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE_META, REE);
                assertArrayEquals(Arrays.copyOf(DATA_00, 10), s2.read(theirs, 10));
                s2.unlink(theirs);
            }
        }
    }
}
