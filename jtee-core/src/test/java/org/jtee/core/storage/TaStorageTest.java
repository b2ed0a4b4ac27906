package org.jtee.core.storage;

import static org.jtee.core.storage.StorageFixture.as;
import static org.jtee.core.storage.StorageFixture.run;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_READ;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_WRITE;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_OVERWRITE;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_READ;
import static org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_WRITE;
import static org.jtee.crypto.TeeStorage.PRIVATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.ObjectInfo;
import org.jtee.crypto.Operation;
import org.jtee.crypto.PersistentObject;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeStorage;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.protocol.StorageRpc;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GP persistent-object rules of one TA instance's handles, through the TA's API with a built-in
 * TA's channel, on a real store: data positions, create and overwrite, rename and delete, usage,
 * keys kept in storage, large data in parts, and what the core refuses on the raw protocol.
 */
class TaStorageTest {
    static final UUID TA = UUID.fromString("9d2f6c1e-6c0e-4a8a-8c55-2f4f5d5a0001");
    static final int RW = DATA_FLAG_ACCESS_READ | DATA_FLAG_ACCESS_WRITE;
    static final int ALL = RW | DATA_FLAG_ACCESS_WRITE_META | DATA_FLAG_SHARE_READ | DATA_FLAG_SHARE_WRITE;

    @TempDir
    Path dir;
    StorageFixture tee;
    TaStorage ta;

    @BeforeEach
    void setUp() {
        tee = new StorageFixture(dir);
        ta = tee.instance(TA);
    }

    @AfterEach
    void tearDown() {
        ta.close();
        tee.close();
    }

    static byte[] id(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void assertResult(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.name(result), TeeResult.name(e.result()), e.getMessage());
    }

    static void assertPanics(int code, Executable call) {
        TaPanic p = assertThrows(TaPanic.class, call);
        assertEquals(TeeResult.name(code), TeeResult.name(p.code()), p.getMessage());
    }

    private PersistentObject create(String name, int flags, byte[] data) throws TeeException {
        return as(ta, () -> PersistentObject.create(PRIVATE, id(name), flags, data));
    }

    private PersistentObject open(String name, int flags) throws TeeException {
        return as(ta, () -> PersistentObject.open(PRIVATE, id(name), flags));
    }

    private byte[] read(PersistentObject o, int n) throws TeeException {
        byte[] b = new byte[n];
        int got = as(ta, () -> o.read(b, 0, n));
        return Arrays.copyOf(b, got);
    }

    private void write(PersistentObject o, byte[] data) throws TeeException {
        run(ta, () -> o.write(data, 0, data.length));
    }

    private void seek(PersistentObject o, long offset, int whence) throws TeeException {
        run(ta, () -> o.seek(offset, whence));
    }

    // --- data ---

    @Test
    void createdData_isReadBackAfterReopen_withItsSize() throws TeeException {
        run(ta, () -> create("a", RW, bytes(100, 1)).close());
        PersistentObject o = open("a", DATA_FLAG_ACCESS_READ);
        assertEquals(100, o.info().dataSize());
        assertArrayEquals(bytes(100, 1), read(o, 1000));
        assertEquals(100, o.info().dataPosition());
    }

    @Test
    void aReadAtOrPastTheEnd_readsNothing() throws TeeException {
        PersistentObject o = create("a", RW, bytes(10, 1));
        seek(o, 50, TeeStorage.SEEK_SET);
        assertEquals(0, read(o, 10).length);
        assertEquals(50, o.info().dataPosition(), "a read of nothing leaves the position");
    }

    @Test
    void aWritePastTheEnd_fillsTheGapWithZeros() throws TeeException {
        PersistentObject o = create("a", RW, bytes(4, 1));
        seek(o, 10, TeeStorage.SEEK_SET);
        write(o, new byte[] {9, 9});
        assertEquals(12, o.info().dataSize());
        seek(o, 0, TeeStorage.SEEK_SET);
        byte[] expected = new byte[12];
        System.arraycopy(bytes(4, 1), 0, expected, 0, 4);
        expected[10] = 9;
        expected[11] = 9;
        assertArrayEquals(expected, read(o, 100));
    }

    @Test
    void seek_fromEachOrigin_clampedAt0() throws TeeException {
        PersistentObject o = create("a", RW, bytes(20, 1));
        seek(o, 5, TeeStorage.SEEK_SET);
        seek(o, 3, TeeStorage.SEEK_CUR);
        assertEquals(8, o.info().dataPosition());
        seek(o, -4, TeeStorage.SEEK_END);
        assertEquals(16, o.info().dataPosition());
        seek(o, -100, TeeStorage.SEEK_CUR);
        assertEquals(0, o.info().dataPosition());
    }

    @Test
    void seekPastTheLargestPosition_isOverflow_andTheHandleDoesNotMove() throws TeeException {
        PersistentObject o = create("a", RW, bytes(20, 1));
        seek(o, 7, TeeStorage.SEEK_SET);
        assertResult(TeeResult.OVERFLOW, () -> seek(o, TeeStorage.DATA_MAX_POSITION + 1, TeeStorage.SEEK_SET));
        assertResult(TeeResult.OVERFLOW, () -> seek(o, TeeStorage.DATA_MAX_POSITION, TeeStorage.SEEK_END));
        assertResult(TeeResult.OVERFLOW, () -> seek(o, Long.MAX_VALUE, TeeStorage.SEEK_CUR));
        assertEquals(7, o.info().dataPosition());
        seek(o, TeeStorage.DATA_MAX_POSITION, TeeStorage.SEEK_SET);
        assertEquals(TeeStorage.DATA_MAX_POSITION, o.info().dataPosition(), "the largest position itself is allowed");
    }

    @Test
    void truncate_cutsOrExtendsWithZeros_andLeavesThePosition() throws TeeException {
        PersistentObject o = create("a", RW, bytes(10, 1));
        seek(o, 8, TeeStorage.SEEK_SET);
        run(ta, () -> o.truncate(4));
        assertEquals(4, o.info().dataSize());
        assertEquals(8, o.info().dataPosition());
        run(ta, () -> o.truncate(6));
        seek(o, 0, TeeStorage.SEEK_SET);
        byte[] d = bytes(10, 1);
        assertArrayEquals(new byte[] {d[0], d[1], d[2], d[3], 0, 0}, read(o, 10));
    }

    @Test
    void readWithoutAccessRead_andWriteOrTruncateWithoutAccessWrite_panic() throws TeeException {
        PersistentObject w = create("w", DATA_FLAG_ACCESS_WRITE, new byte[4]);
        assertPanics(TeeResult.ACCESS_CONFLICT, () -> read(w, 1));
        PersistentObject r = create("r", DATA_FLAG_ACCESS_READ, new byte[4]);
        assertPanics(TeeResult.ACCESS_CONFLICT, () -> write(r, new byte[1]));
        assertPanics(TeeResult.ACCESS_CONFLICT, () -> run(ta, () -> r.truncate(0)));
    }

    @Test
    void largeData_goesAndComesBackInParts() throws TeeException {
        byte[] initial = bytes(3 * StorageRpc.MAX_DATA_BYTES / 2, 3);
        run(ta, () -> create("big", RW, initial).close());
        PersistentObject o = open("big", RW);
        assertEquals(initial.length, o.info().dataSize());
        assertEquals(0, o.info().dataPosition());
        assertArrayEquals(initial, read(o, initial.length + 10));
        byte[] more = bytes(5 * StorageRpc.MAX_DATA_BYTES / 2, 4);
        write(o, more);
        seek(o, initial.length, TeeStorage.SEEK_SET);
        assertArrayEquals(more, read(o, more.length));
    }

    // --- create, overwrite, rename, delete ---

    @Test
    void createOfAnExistingId_withoutOverwrite_isAccessConflict_andLeavesTheObject() throws TeeException {
        run(ta, () -> create("a", RW, bytes(8, 1)).close());
        assertResult(TeeResult.ACCESS_CONFLICT, () -> create("a", RW, bytes(3, 2)));
        assertArrayEquals(bytes(8, 1), read(open("a", DATA_FLAG_ACCESS_READ), 100));
    }

    @Test
    void createWithOverwrite_replacesAClosedObject_butNotAnOpenOne() throws TeeException {
        PersistentObject first = create("a", ALL, bytes(8, 1));
        assertResult(TeeResult.ACCESS_CONFLICT, () -> create("a", ALL | DATA_FLAG_OVERWRITE, bytes(3, 2)));
        run(ta, first::close);
        PersistentObject second = create("a", RW | DATA_FLAG_OVERWRITE, bytes(3, 2));
        assertArrayEquals(bytes(3, 2), read(second, 100));
        assertEquals(TeeStorage.HANDLE_FLAG_PERSISTENT | TeeCrypto.HANDLE_FLAG_INITIALIZED | RW | DATA_FLAG_OVERWRITE,
                second.info().handleFlags());
    }

    @Test
    void aFreshDataObject_hasTypeDataAndEveryUsage() throws TeeException {
        ObjectInfo info = create("a", 0, null).info();
        assertEquals(TeeType.DATA, info.objectType());
        assertEquals(0xFFFFFFFF, info.objectUsage());
        assertEquals(0, info.dataSize());
    }

    @Test
    void rename_movesTheObject_andAnExistingIdIsAccessConflict() throws TeeException {
        run(ta, () -> create("taken", 0, new byte[1]).close());
        PersistentObject o = create("old", DATA_FLAG_ACCESS_WRITE_META | DATA_FLAG_ACCESS_READ, bytes(5, 1));
        assertResult(TeeResult.ACCESS_CONFLICT, () -> run(ta, () -> o.rename(id("taken"))));
        run(ta, () -> o.rename(id("new")));
        assertArrayEquals(bytes(5, 1), read(o, 10), "the handle follows the object");
        run(ta, o::close);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> open("old", 0));
        assertArrayEquals(bytes(5, 1), read(open("new", DATA_FLAG_ACCESS_READ), 10));
    }

    @Test
    void renameOrDeleteWithoutWriteMeta_panic() throws TeeException {
        PersistentObject o = create("a", RW, new byte[1]);
        assertPanics(TeeResult.BAD_STATE, () -> run(ta, () -> o.rename(id("b"))));
        assertPanics(TeeResult.ACCESS_CONFLICT, () -> run(ta, o::closeAndDelete));
    }

    @Test
    void closeAndDelete_removesTheObject_andClosesTheHandle() throws TeeException {
        PersistentObject o = create("a", DATA_FLAG_ACCESS_WRITE_META, new byte[1]);
        run(ta, o::closeAndDelete);
        assertPanics(TeeResult.BAD_STATE, o::info);
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> open("a", 0));
        assertEquals(0, ta.handleCount());
    }

    @Test
    void anIdOf64Bytes_andTheEmptyId_areObjects() throws TeeException {
        byte[] longest = bytes(64, 5);
        run(ta, () -> PersistentObject.create(PRIVATE, longest, 0, new byte[] {1}).close());
        run(ta, () -> PersistentObject.create(PRIVATE, new byte[0], 0, new byte[] {2}).close());
        assertArrayEquals(new byte[] {1}, read(as(ta, () -> PersistentObject.open(PRIVATE, longest, DATA_FLAG_ACCESS_READ)), 5));
        assertArrayEquals(new byte[] {2}, read(as(ta, () -> PersistentObject.open(PRIVATE, (byte[]) null, DATA_FLAG_ACCESS_READ)), 5));
    }

    // --- keys and usage ---

    @Test
    void aKeyKeptInStorage_encryptsAsTheTransientKeyItCameFrom() throws TeeException {
        byte[] iv = new byte[16];
        byte[] plain = bytes(32, 6);
        byte[] expected;
        try (TransientObject key = TransientObject.allocate(TeeType.AES, 256)) {
            key.generateKey(256);
            expected = encrypt(key, iv, plain);
            int flags = RW | DATA_FLAG_ACCESS_WRITE_META | DATA_FLAG_SHARE_READ | DATA_FLAG_SHARE_WRITE;
            run(ta, () -> PersistentObject.create(PRIVATE, id("key"), flags, key, null).close());
        }
        PersistentObject stored = open("key", DATA_FLAG_ACCESS_READ);
        ObjectInfo info = stored.info();
        assertEquals(TeeType.AES, info.objectType());
        assertEquals(256, info.objectSize());
        assertEquals(256, info.maxObjectSize());
        assertArrayEquals(expected, encrypt(stored, iv, plain));
    }

    private static byte[] encrypt(org.jtee.crypto.ObjectHandle key, byte[] iv, byte[] plain) throws TeeException {
        Operation op = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256);
        op.setKey(key);
        op.cipherInit(iv);
        ByteBuffer out = ByteBuffer.allocate(plain.length);
        op.cipherDoFinal(ByteBuffer.wrap(plain), out);
        return out.array();
    }

    @Test
    void attributesOfAnObjectThatIsNotExtractable_cannotBeRead() throws TeeException {
        try (TransientObject key = TransientObject.allocate(TeeType.AES, 128)) {
            key.populate(Attribute.ref(TeeAttr.SECRET_VALUE, bytes(16, 7)));
            key.restrictUsage(~TeeCrypto.USAGE_EXTRACTABLE);
            run(ta, () -> PersistentObject.create(PRIVATE, id("k"), 0, key, null).close());
        }
        PersistentObject stored = open("k", 0);
        assertPanics(TeeResult.BAD_PARAMETERS, () -> stored.bufferAttribute(TeeAttr.SECRET_VALUE));
    }

    @Test
    void restrictedUsage_persistsAcrossReopen_andReachesEveryHandle() throws TeeException {
        run(ta, () -> create("a", 0, null).close());
        PersistentObject one = open("a", DATA_FLAG_SHARE_READ);
        PersistentObject two = open("a", DATA_FLAG_SHARE_READ);
        run(ta, () -> one.restrictUsage(TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_DECRYPT));
        run(ta, () -> two.restrictUsage(TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_MAC));
        assertEquals(TeeCrypto.USAGE_ENCRYPT, two.info().objectUsage(), "the second restriction ANDs the first's");
        run(ta, one::close);
        run(ta, two::close);
        assertEquals(TeeCrypto.USAGE_ENCRYPT, open("a", 0).info().objectUsage());
    }

    // --- the raw protocol ---

    @Test
    void aHandleTheInstanceDoesNotHold_isBadParameters() {
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.Read(12345, 1))));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.EnumNext(12345))));
    }

    @Test
    void flagsGpDoesNotDefine_areBadParameters() {
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.Open(PRIVATE, 0x1000, id("a")))));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.Open(PRIVATE, DATA_FLAG_OVERWRITE, id("a")))),
                "OVERWRITE is for create only");
    }

    @Test
    void appendAfterTheInitialData_isBadState_andTheHandleTakesNothingElseWhileFilling() {
        StorageRpc.Opened o = assertInstanceOf(StorageRpc.Opened.class,
                ta.serve(new StorageRpc.Create(PRIVATE, RW, id("f"), null, 3, new byte[] {1})));
        assertEquals(TeeResult.BAD_STATE, failure(ta.serve(new StorageRpc.Read(o.handle(), 1))));
        assertInstanceOf(StorageRpc.Position.class, ta.serve(new StorageRpc.Append(o.handle(), new byte[] {2, 3})));
        assertEquals(TeeResult.BAD_STATE, failure(ta.serve(new StorageRpc.Append(o.handle(), new byte[] {4}))));
        StorageRpc.Data d = assertInstanceOf(StorageRpc.Data.class, ta.serve(new StorageRpc.Read(o.handle(), 10)));
        assertArrayEquals(new byte[] {1, 2, 3}, d.bytes());
    }

    @Test
    void aBadWhence_isBadParameters() {
        StorageRpc.Opened o = assertInstanceOf(StorageRpc.Opened.class,
                ta.serve(new StorageRpc.Create(PRIVATE, 0, id("w"), null, 0, new byte[0])));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.Seek(o.handle(), 0, 3))));
    }

    // --- read-ahead, and closes the TA sends later ---

    private StorageRpc.Opened openRead(String name, int flags, int readAhead, int... closeFirst) {
        return assertInstanceOf(StorageRpc.Opened.class,
                ta.serve(new StorageRpc.OpenRead(PRIVATE, flags, id(name), readAhead, closeFirst)));
    }

    @Test
    void openRead_sendsTheDataAhead_onlyToAHandleWithAccessReadAndWithoutShareWrite() throws TeeException {
        run(ta, () -> create("a", RW, bytes(100, 1)).close());
        int[] ahead = {DATA_FLAG_ACCESS_READ, DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, RW,
            DATA_FLAG_ACCESS_READ | DATA_FLAG_ACCESS_WRITE_META};
        int[] none = {0, DATA_FLAG_ACCESS_WRITE, DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_WRITE,
            DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ | DATA_FLAG_SHARE_WRITE, RW | DATA_FLAG_SHARE_READ | DATA_FLAG_SHARE_WRITE};
        for (int flags : ahead) {
            StorageRpc.Opened o = openRead("a", flags, 16 << 10);
            assertArrayEquals(bytes(100, 1), o.ahead(), "flags 0x" + Integer.toHexString(flags));
            ta.serve(new StorageRpc.Close(o.handle()));
        }
        for (int flags : none) {
            StorageRpc.Opened o = openRead("a", flags, 16 << 10);
            assertEquals(null, o.ahead(), "flags 0x" + Integer.toHexString(flags));
            ta.serve(new StorageRpc.Close(o.handle()));
        }
    }

    @Test
    void openRead_sendsAtMostWhatItAsks_andLeavesThePositionAt0() throws TeeException {
        run(ta, () -> create("a", RW, bytes(100, 2)).close());
        StorageRpc.Opened o = openRead("a", DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, 10);
        assertArrayEquals(Arrays.copyOf(bytes(100, 2), 10), o.ahead());
        StorageRpc.Data d = assertInstanceOf(StorageRpc.Data.class, ta.serve(new StorageRpc.Read(o.handle(), 100)));
        assertArrayEquals(bytes(100, 2), d.bytes(), "the core's position is still 0");
        assertEquals(null, openRead("a", DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, 0).ahead(), "none asked");
    }

    @Test
    void openRead_ofAnEmptyObject_sendsNoBytes_butSaysTheyAreAll() throws TeeException {
        run(ta, () -> create("e", RW, null).close());
        assertEquals(0, openRead("e", DATA_FLAG_ACCESS_READ, 16 << 10).ahead().length);
    }

    @Test
    void closeMany_closesEveryHandle_andFreesTheirSlots() throws TeeException {
        run(ta, () -> create("a", RW | DATA_FLAG_SHARE_READ, null).close());
        int[] held = new int[TaStorage.MAX_OBJECT_HANDLES];
        for (int i = 0; i < held.length; i++) {
            held[i] = openRead("a", DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, 0).handle();
        }
        assertEquals(TeeResult.OUT_OF_MEMORY, failure(ta.serve(new StorageRpc.Open(PRIVATE, DATA_FLAG_SHARE_READ, id("a")))));
        StorageRpc.Opened again = openRead("a", DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, 16, held[0]);
        assertEquals(TaStorage.MAX_OBJECT_HANDLES, ta.handleCount(), "OPEN_READ closed one handle before it opened");
        held[0] = again.handle();
        assertInstanceOf(StorageRpc.Done.class, ta.serve(new StorageRpc.CloseMany(held)));
        assertEquals(0, ta.handleCount());
        assertEquals(0, tee.service.openObjects(), "the object has no handle left");
        assertInstanceOf(StorageRpc.Opened.class, ta.serve(new StorageRpc.Open(PRIVATE, 0, id("a"))));
    }

    @Test
    void closeMany_ofAHandleNotHeldOrNamedTwice_closesNone() throws TeeException {
        run(ta, () -> create("a", RW | DATA_FLAG_SHARE_READ, null).close());
        int one = openRead("a", DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, 0).handle();
        int two = openRead("a", DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, 0).handle();
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.CloseMany(new int[] {one, 12345}))));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.CloseMany(new int[] {one, one}))));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(ta.serve(new StorageRpc.OpenRead(PRIVATE,
                DATA_FLAG_ACCESS_READ | DATA_FLAG_SHARE_READ, id("a"), 0, new int[] {two, 12345}))));
        assertEquals(2, ta.handleCount(), "nothing closed, nothing opened");
        assertInstanceOf(StorageRpc.Done.class, ta.serve(new StorageRpc.CloseMany(new int[] {one, two})));
        assertEquals(0, ta.handleCount());
    }

    /** The in-core channel as a TA host's: 16 KiB read ahead, closes sent with the next open. */
    private static final class HostLikeChannel implements org.jtee.crypto.spi.StorageChannel {
        private final TaStorage storage;
        private final java.util.List<Integer> closes = new java.util.ArrayList<>();
        final java.util.List<String> sent = new java.util.ArrayList<>();

        HostLikeChannel(TaStorage storage) {
            this.storage = storage;
        }

        @Override
        public StorageRpc.Reply call(StorageRpc.Request request) {
            if (request instanceof StorageRpc.OpenRead o && !closes.isEmpty()) {
                request = o.closingFirst(closes.stream().mapToInt(Integer::intValue).toArray());
                closes.clear();
            }
            sent.add(request.getClass().getSimpleName());
            return storage.serve(request);
        }

        @Override
        public void closeLater(int handle) {
            closes.add(handle);
        }

        @Override
        public int readAheadBytes() {
            return 16 << 10;
        }

        @Override
        public void checkPrivate(java.lang.foreign.MemorySegment buffer) {}
    }

    @Test
    void readsServedFromTheBytesAhead_andFromTheCore_giveTheSameDataAndPositions() throws TeeException {
        byte[] data = bytes(40000, 3);
        run(ta, () -> create("a", RW, data).close());
        HostLikeChannel channel = new HostLikeChannel(ta);
        PersistentObject o = org.jtee.crypto.spi.StorageChannels.callWith(channel,
                () -> PersistentObject.open(PRIVATE, id("a"), RW));
        byte[] got = new byte[50000];
        org.jtee.crypto.spi.StorageChannels.callWith(channel, () -> {
            assertEquals(1000, o.read(got, 0, 1000));
            assertEquals(15384, o.read(got, 1000, 15384));
            assertEquals(16384, o.info().dataPosition());
            assertEquals(23616, o.read(got, 16384, 30000), "past the bytes ahead: from the core, after a seek");
            o.seek(10, TeeStorage.SEEK_SET);
            o.write(new byte[] {1, 2, 3}, 0, 3);
            o.close();
            return null;
        });
        assertArrayEquals(data, Arrays.copyOf(got, data.length));
        assertEquals(java.util.List.of("OpenRead", "Seek", "Read", "Seek", "Write"), channel.sent);
        assertEquals(1, ta.handleCount(), "the close waits for the next open");
        PersistentObject again = org.jtee.crypto.spi.StorageChannels.callWith(channel,
                () -> PersistentObject.open(PRIVATE, id("a"), DATA_FLAG_ACCESS_READ));
        assertEquals(1, ta.handleCount(), "the open closed the first handle");
        byte[] head = new byte[16];
        org.jtee.crypto.spi.StorageChannels.callWith(channel, () -> again.read(head, 0, 16));
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(head, 10, 13), "the bytes ahead hold the write");
        assertEquals(java.util.List.of("OpenRead", "Seek", "Read", "Seek", "Write", "OpenRead"), channel.sent);
    }

    static int failure(StorageRpc.Reply r) {
        return assertInstanceOf(StorageRpc.Failed.class, r).result();
    }

    @Test
    void afterTheInstanceEnds_itsCallsFind_noStorage() {
        ta.close();
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, failure(ta.serve(new StorageRpc.EnumAllocate())));
    }
}
