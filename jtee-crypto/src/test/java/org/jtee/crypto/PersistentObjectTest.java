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
        boolean denyPrivate;

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

    @Test
    void createFromAnUninitializedObject_panics() throws TeeException {
        try (TransientObject empty = TransientObject.allocate(TeeType.AES, 128)) {
            Script s = new Script();
            assertPanics(TeeResult.BAD_PARAMETERS, () -> with(s, () -> PersistentObject.create(1, ID, 0, empty, null)));
            assertTrue(s.requests.isEmpty());
        }
    }
}
