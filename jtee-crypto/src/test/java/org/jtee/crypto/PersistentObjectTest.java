package org.jtee.crypto;

import static org.jtee.crypto.TransientObjectTest.assertPanics;
import static org.jtee.crypto.TransientObjectTest.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.spi.StorageChannel;
import org.jtee.crypto.spi.StorageChannels;
import org.jtee.protocol.StorageRpc;
import org.junit.jupiter.api.Test;

/**
 * The TA's side of persistent objects on its own: what it sends the core, how it splits large
 * data, how it filters the core's results into returns and panics as libutee does, and that a
 * stored key is a key the crypto API takes. The core here is a script of replies; the GP rules
 * themselves are the core's, tested with real stores in jtee-core ({@code TaStorageTest}).
 */
class PersistentObjectTest {
    private static final byte[] ID = {'k', 'e', 'y'};
    private static final int MIB = 1 << 20;

    /** Answers each request with the next scripted reply, and keeps the requests. */
    private static final class Script implements StorageChannel {
        final Deque<StorageRpc.Reply> replies = new ArrayDeque<>();
        final List<StorageRpc.Request> requests = new ArrayList<>();
        /** The data of each WRITE as it was sent (the sender wipes its copy afterwards). */
        final List<byte[]> written = new ArrayList<>();
        /** Handles closed by {@link #closeLater}, when it defers them as a TA host's channel does. */
        final List<Integer> closedLater = new ArrayList<>();
        boolean denyPrivate;
        /** What {@link #readAheadBytes} asks for; 0, the default, for none. */
        int readAhead;
        boolean deferCloses;

        Script then(StorageRpc.Reply r) {
            replies.add(r);
            return this;
        }

        @Override
        public StorageRpc.Reply call(StorageRpc.Request request) {
            requests.add(request);
            if (request instanceof StorageRpc.Write w) {
                written.add(w.data().clone());
            }
            StorageRpc.Reply r = replies.poll();
            return r != null ? r : new StorageRpc.Failed(TeeResult.GENERIC, false);
        }

        @Override
        public void checkPrivate(MemorySegment buffer) throws TeeException {
            if (denyPrivate) {
                throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, "a parameter's buffer");
            }
        }

        @Override
        public int readAheadBytes() {
            return readAhead;
        }

        @Override
        public void closeLater(int handle) {
            if (deferCloses) {
                closedLater.add(handle);
            } else {
                StorageChannel.super.closeLater(handle);
            }
        }

        /** The requests' kinds, in order. */
        List<String> sent() {
            return requests.stream().map(r -> r.getClass().getSimpleName()).toList();
        }
    }

    /** A script that reads ahead 16 KiB and defers closes, as a TA host's channel. */
    private static Script host() {
        Script s = new Script();
        s.readAhead = 16 << 10;
        s.deferCloses = true;
        return s;
    }

    private interface Body<T> {
        T run() throws TeeException;
    }

    private static <T> T with(Script s, Body<T> body) throws TeeException {
        return StorageChannels.callWith(s, body::run);
    }

    private static StorageRpc.Opened opened(int handle, long dataSize) {
        return new StorageRpc.Opened(handle, new StorageRpc.ObjectHeader(TeeType.DATA, 0, 0, -1, new byte[0]), dataSize);
    }

    private static StorageRpc.Opened openedAhead(int handle, long dataSize, byte[] ahead) {
        return new StorageRpc.Opened(handle, new StorageRpc.ObjectHeader(TeeType.DATA, 0, 0, -1, new byte[0]), dataSize, ahead);
    }

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] read(Script s, PersistentObject o, int n) throws TeeException {
        byte[] b = new byte[n];
        int got = with(s, () -> o.read(b, 0, n));
        return java.util.Arrays.copyOf(b, got);
    }

    @Test
    void withoutAChannel_everyCallIsStorageNotAvailable() {
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> PersistentObject.open(TeeStorage.PRIVATE, ID, 0));
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> PersistentObject.create(TeeStorage.PRIVATE, ID, 0, null));
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, ObjectEnumerator::allocate);
    }

    @Test
    void open_sendsStorageFlagsAndId_andStartsAtPosition0() throws TeeException {
        Script s = new Script().then(opened(5, 42));
        PersistentObject o = with(s, () -> PersistentObject.open(TeeStorage.PRIVATE_REE, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
        StorageRpc.Open sent = (StorageRpc.Open) s.requests.getFirst();
        assertEquals(TeeStorage.PRIVATE_REE, sent.storageId());
        assertEquals(TeeStorage.DATA_FLAG_ACCESS_READ, sent.flags());
        assertArrayEquals(ID, sent.id());
        ObjectInfo info = o.info();
        assertEquals(TeeType.DATA, info.objectType());
        assertEquals(42, info.dataSize());
        assertEquals(0, info.dataPosition());
        assertEquals(TeeStorage.HANDLE_FLAG_PERSISTENT | TeeCrypto.HANDLE_FLAG_INITIALIZED | TeeStorage.DATA_FLAG_ACCESS_READ,
                info.handleFlags());
    }

    @Test
    void nullId_isTheEmptyId() throws TeeException {
        Script s = new Script().then(opened(1, 0));
        with(s, () -> PersistentObject.open(TeeStorage.PRIVATE, (byte[]) null, 0));
        assertEquals(0, ((StorageRpc.Open) s.requests.getFirst()).id().length);
    }

    @Test
    void resultsGpAllows_areReturned_othersPanic() {
        Script s = new Script().then(new StorageRpc.Failed(TeeResult.ITEM_NOT_FOUND, false))
                .then(new StorageRpc.Failed(TeeResult.BAD_PARAMETERS, false));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> with(s, () -> PersistentObject.open(1, ID, 0)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> with(s, () -> PersistentObject.open(1, ID, 0x8000)));
    }

    @Test
    void anIdOver64Bytes_panicsBeforeAnythingIsSent() {
        Script s = new Script();
        assertPanics(TeeResult.BAD_PARAMETERS, () -> with(s, () -> PersistentObject.open(1, new byte[65], 0)));
        assertTrue(s.requests.isEmpty());
    }

    @Test
    void anIdInMemoryNotTheTas_panicsWithAccessDenied() {
        Script s = new Script();
        s.denyPrivate = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(4);
            assertPanics(TeeResult.ACCESS_DENIED, () -> with(s, () -> PersistentObject.open(1, id, 0)));
            assertPanics(TeeResult.ACCESS_DENIED, () -> with(s, () -> PersistentObject.create(1, id, 0, null, null)));
        }
        assertTrue(s.requests.isEmpty());
    }

    @Test
    void readWithoutAccess_panicsAsLibuteeDoes() throws TeeException {
        Script s = new Script().then(opened(1, 10)).then(new StorageRpc.Failed(TeeResult.ACCESS_CONFLICT, false));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, 0));
        assertPanics(TeeResult.ACCESS_CONFLICT, () -> with(s, () -> o.read(new byte[4], 0, 4)));
    }

    @Test
    void aWriteOf2AndAHalfMib_goesInThreeParts() throws TeeException {
        Script s = new Script().then(opened(1, 0)).then(new StorageRpc.Position(MIB, MIB))
                .then(new StorageRpc.Position(2L * MIB, 2L * MIB)).then(new StorageRpc.Position(5L * MIB / 2, 5L * MIB / 2));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_WRITE));
        byte[] data = new byte[5 * MIB / 2];
        data[MIB] = 7;
        with(s, () -> {
            o.write(data, 0, data.length);
            return null;
        });
        assertEquals(List.of(MIB, MIB, MIB / 2), s.written.stream().map(d -> d.length).toList());
        assertEquals(0, s.written.get(0)[0]);
        assertEquals(7, s.written.get(1)[0]);
        assertTrue(s.requests.subList(1, 4).stream().allMatch(r -> isZero(((StorageRpc.Write) r).data())),
                "each part is wiped once sent");
        assertEquals(5L * MIB / 2, o.info().dataPosition());
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aWritePastTheLargestPosition_isOverflowWithNothingSent() throws TeeException {
        Script s = new Script().then(opened(1, 0)).then(new StorageRpc.Position(TeeStorage.DATA_MAX_POSITION - 1, 0));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_WRITE));
        with(s, () -> {
            o.seek(TeeStorage.DATA_MAX_POSITION - 1, TeeStorage.SEEK_SET);
            return null;
        });
        int sent = s.requests.size();
        assertResult(TeeResult.OVERFLOW, () -> with(s, () -> {
            o.write(new byte[2], 0, 2);
            return null;
        }));
        assertEquals(sent, s.requests.size());
    }

    @Test
    void aReadStopsAtTheFirstShortPart() throws TeeException {
        Script s = new Script().then(opened(1, 0)).then(new StorageRpc.Data(MIB, MIB + 3, new byte[MIB]))
                .then(new StorageRpc.Data(MIB + 3, MIB + 3, new byte[] {1, 2, 3}));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
        byte[] buffer = new byte[3 * MIB];
        assertEquals(MIB + 3, with(s, () -> o.read(buffer, 0, buffer.length)));
        assertEquals(3, s.requests.size());
        assertEquals(3, buffer[MIB + 2]);
        assertEquals(MIB + 3, o.info().dataPosition());
    }

    @Test
    void createWithMoreThanAMib_sendsTheFirstMibThenAppends() throws TeeException {
        Script s = new Script().then(opened(4, MIB)).then(new StorageRpc.Position(0, 2L * MIB))
                .then(new StorageRpc.Position(0, 2L * MIB + 1));
        PersistentObject o = with(s, () -> PersistentObject.create(1, ID, 0, new byte[2 * MIB + 1]));
        StorageRpc.Create c = (StorageRpc.Create) s.requests.get(0);
        assertEquals(MIB, c.data().length);
        assertEquals(2L * MIB + 1, c.totalDataBytes());
        assertEquals(List.of(MIB, 1), s.requests.subList(1, 3).stream().map(r -> ((StorageRpc.Append) r).data().length).toList());
        assertEquals(0, o.info().dataPosition());
        assertEquals(2L * MIB + 1, o.info().dataSize());
    }

    @Test
    void aHandleTheCoreClosed_isClosedHere() throws TeeException {
        Script s = new Script().then(opened(1, 10)).then(new StorageRpc.Failed(TeeResult.CORRUPT_OBJECT, true));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
        assertResult(TeeResult.CORRUPT_OBJECT, () -> with(s, () -> o.read(new byte[1], 0, 1)));
        assertPanics(TeeResult.BAD_STATE, o::info);
        o.close();
        assertEquals(2, s.requests.size(), "no CLOSE for a handle the core closed");
    }

    @Test
    void closeAndDeleteWithoutWriteMeta_panics() throws TeeException {
        Script s = new Script().then(opened(1, 0)).then(new StorageRpc.Failed(TeeResult.ACCESS_CONFLICT, false));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, 0));
        assertPanics(TeeResult.ACCESS_CONFLICT, () -> with(s, () -> {
            o.closeAndDelete();
            return null;
        }));
    }

    @Test
    void aStoredKey_isAKeyTheCryptoApiTakes() throws TeeException {
        byte[] key = Fixtures.bytes(32, 3);
        try (TransientObject transientKey = Fixtures.key(TeeType.AES, key)) {
            byte[] stored = StoredAttributes.encode(transientKey.attributeList());
            Script s = new Script().then(new StorageRpc.Opened(2, new StorageRpc.ObjectHeader(TeeType.AES, 256, 256,
                    TeeCrypto.USAGE_ALL, stored), 0));
            PersistentObject persistent = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
            byte[] iv = new byte[16];
            byte[] plain = Fixtures.bytes(32, 9);
            byte[] expected = Fixtures.cipher(Fixtures.op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256, transientKey), iv, plain);
            Operation op = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256);
            op.setKey(persistent);
            assertArrayEquals(expected, Fixtures.cipher(op, iv, plain));
            try (TransientObject copy = TransientObject.allocate(TeeType.AES, 256)) {
                copy.copyAttributesFrom(persistent);
                assertArrayEquals(key, copy.bufferAttribute(TeeAttr.SECRET_VALUE));
            }
        }
    }

    @Test
    void aDataObjectAsKey_panics() throws TeeException {
        Script s = new Script().then(opened(1, 0));
        PersistentObject data = with(s, () -> PersistentObject.open(1, ID, 0));
        Operation op = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256);
        assertPanics(TeeResult.BAD_PARAMETERS, () -> op.setKey(data));
        assertResult(TeeResult.ITEM_NOT_FOUND, () -> data.bufferAttribute(TeeAttr.SECRET_VALUE));
    }

    @Test
    void storedAttributesThatDoNotParse_areCorrupt_andTheHandleIsClosedAgain() {
        Script s = new Script().then(new StorageRpc.Opened(6, new StorageRpc.ObjectHeader(TeeType.AES, 128, 128, -1,
                new byte[] {9}), 0)).then(new StorageRpc.Done());
        assertResult(TeeResult.CORRUPT_OBJECT, () -> with(s, () -> PersistentObject.open(1, ID, 0)));
        assertEquals(6, assertInstanceOf(StorageRpc.Close.class, s.requests.get(1)).handle());
    }

    // --- read-ahead and closes a host defers ---

    @Test
    void openReadAndClose_ofASmallObject_sendOneOpenReadAndNoRead() throws TeeException {
        byte[] data = counting(4096);
        byte[] given = data.clone();
        Script s = host().then(openedAhead(5, 4096, given));
        PersistentObject o = with(s, () -> PersistentObject.open(TeeStorage.PRIVATE_REE, ID,
                TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_SHARE_READ));
        assertArrayEquals(data, read(s, o, 4096));
        assertEquals(0, read(s, o, 10).length, "at the end, as the core would answer");
        assertEquals(4096, o.info().dataPosition());
        with(s, () -> {
            o.close();
            return null;
        });
        assertEquals(List.of("OpenRead"), s.sent());
        StorageRpc.OpenRead sent = (StorageRpc.OpenRead) s.requests.getFirst();
        assertEquals(16 << 10, sent.readAheadBytes());
        assertEquals(TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_SHARE_READ, sent.flags());
        assertEquals(List.of(5), s.closedLater);
        assertTrue(isZero(given), "the bytes ahead are wiped at close");
    }

    @Test
    void aReadPastTheBytesAhead_setsTheCoresPositionFirst_thenReads() throws TeeException {
        byte[] ahead = counting(16 << 10);
        byte[] given = ahead.clone();
        Script s = host().then(openedAhead(5, 20000, given)).then(new StorageRpc.Position(100, 20000))
                .then(new StorageRpc.Data(20000, 20000, new byte[19900]));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
        assertArrayEquals(java.util.Arrays.copyOf(ahead, 100), read(s, o, 100));
        assertEquals(List.of("OpenRead"), s.sent());
        assertEquals(19900, read(s, o, 30000).length);
        assertEquals(List.of("OpenRead", "Seek", "Read"), s.sent());
        StorageRpc.Seek seek = (StorageRpc.Seek) s.requests.get(1);
        assertEquals(100, seek.offset());
        assertEquals(TeeStorage.SEEK_SET, seek.whence());
        assertEquals(30000, ((StorageRpc.Read) s.requests.get(2)).length());
        assertEquals(20000, o.info().dataPosition());
        assertTrue(isZero(given), "the bytes ahead are wiped once dropped");
    }

    @Test
    void aWriteAfterReadsAhead_seeksTheCoreToThePositionFirst() throws TeeException {
        Script s = host().then(openedAhead(5, 10, counting(10))).then(new StorageRpc.Position(4, 10))
                .then(new StorageRpc.Position(6, 10));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID,
                TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_ACCESS_WRITE));
        read(s, o, 4);
        with(s, () -> {
            o.write(new byte[] {9, 9}, 0, 2);
            return null;
        });
        assertEquals(List.of("OpenRead", "Seek", "Write"), s.sent());
        assertEquals(4, ((StorageRpc.Seek) s.requests.get(1)).offset());
        assertEquals(6, o.info().dataPosition());
    }

    @Test
    void aRequestWithoutReadsAhead_sendsNoSeek() throws TeeException {
        Script s = host().then(openedAhead(5, 10, counting(10))).then(new StorageRpc.Position(3, 10));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
        with(s, () -> {
            o.seek(3, TeeStorage.SEEK_SET);
            return null;
        });
        assertEquals(List.of("OpenRead", "Seek"), s.sent());
        assertEquals(3, o.info().dataPosition());
    }

    @Test
    void withShareWriteOrWithoutAccessRead_theCoreSendsNothingAhead_andReadsGoToTheCore() throws TeeException {
        for (int flags : new int[] {TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_SHARE_WRITE,
            TeeStorage.DATA_FLAG_ACCESS_WRITE}) {
            Script s = host().then(opened(5, 10)).then(new StorageRpc.Data(4, 10, new byte[4]));
            PersistentObject o = with(s, () -> PersistentObject.open(1, ID, flags));
            assertEquals(4, read(s, o, 4).length);
            assertEquals(List.of("OpenRead", "Read"), s.sent());
        }
    }

    @Test
    void bytesAheadTheHandleMayNotHave_panic() {
        Script s = host().then(openedAhead(5, 10, counting(10)));
        assertPanics(TeeResult.COMMUNICATION, () -> with(s, () -> PersistentObject.open(1, ID,
                TeeStorage.DATA_FLAG_ACCESS_READ | TeeStorage.DATA_FLAG_SHARE_WRITE)));
        Script fewer = host().then(openedAhead(5, 20000, counting(100)));
        assertPanics(TeeResult.COMMUNICATION, () -> with(fewer, () -> PersistentObject.open(1, ID,
                TeeStorage.DATA_FLAG_ACCESS_READ)));
    }

    @Test
    void aLocalRead_intoAReadOnlyBuffer_stillPanics() throws TeeException {
        Script s = host().then(openedAhead(5, 10, counting(10)));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, TeeStorage.DATA_FLAG_ACCESS_READ));
        MemorySegment readOnly = MemorySegment.ofArray(new byte[4]).asReadOnly();
        assertPanics(TeeResult.ACCESS_DENIED, () -> with(s, () -> o.read(readOnly)));
    }

    @Test
    void closeWithoutDeferral_sendsCloseAtOnce_andARefusalPanics() throws TeeException {
        Script s = new Script().then(opened(5, 0)).then(new StorageRpc.Failed(TeeResult.BAD_PARAMETERS, false));
        PersistentObject o = with(s, () -> PersistentObject.open(1, ID, 0));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> with(s, () -> {
            o.close();
            return null;
        }));
        assertEquals(5, assertInstanceOf(StorageRpc.Close.class, s.requests.get(1)).handle());
    }

    @Test
    void createFromAnUninitializedObject_panics() throws TeeException {
        try (TransientObject empty = TransientObject.allocate(TeeType.AES, 128)) {
            Script s = new Script();
            assertPanics(TeeResult.BAD_PARAMETERS, () -> with(s, () -> PersistentObject.create(1, ID, 0, empty, null)));
            assertTrue(s.requests.isEmpty());
        }
    }
}
