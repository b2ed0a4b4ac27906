package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The storage messages: every request and reply survives encode and decode field for field, the
 * bytes are the documented layout, and each rule of the strict decoder fires on its own.
 */
class StorageRpcTest {
    private static final byte[] ID = "object-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final StorageRpc.ObjectHeader HEADER = new StorageRpc.ObjectHeader(0xA0000010, 256, 256, 0xFFFFFFFE,
            new byte[] {1, 2, 3});

    static Stream<StorageRpc.Request> requests() {
        return Stream.of(
                new StorageRpc.Open(0x80000000, 0x37, ID),
                new StorageRpc.Open(1, 0, new byte[0]),
                new StorageRpc.Create(0x80000100, 0x437, ID, HEADER, 5, new byte[] {9, 8, 7}),
                new StorageRpc.Create(1, 0, new byte[64], null, 0, new byte[0]),
                new StorageRpc.Append(7, new byte[] {1}),
                new StorageRpc.Close(7),
                new StorageRpc.Read(7, StorageRpc.MAX_DATA_BYTES),
                new StorageRpc.Write(7, new byte[] {4, 5}),
                new StorageRpc.Truncate(7, 0xFFFFFFFFL),
                new StorageRpc.Seek(7, -12, 2),
                new StorageRpc.Rename(7, ID),
                new StorageRpc.CloseAndDelete(7),
                new StorageRpc.RestrictUsage(7, 0x11),
                new StorageRpc.EnumAllocate(),
                new StorageRpc.EnumFree(3),
                new StorageRpc.EnumReset(3),
                new StorageRpc.EnumStart(3, 0x80000000),
                new StorageRpc.EnumNext(3),
                new StorageRpc.OpenRead(0x80000000, 0x11, ID, StorageRpc.MAX_READ_AHEAD_BYTES, new int[0]),
                new StorageRpc.OpenRead(1, 0, new byte[0], 0, new int[] {4, 0x80000001}),
                new StorageRpc.CloseMany(new int[] {7}),
                new StorageRpc.CloseMany(new int[StorageRpc.MAX_CLOSES]));
    }

    static Stream<StorageRpc.Reply> replies() {
        return Stream.of(
                new StorageRpc.Failed(0xF0100001, true),
                new StorageRpc.Failed(0xFFFF0008, false),
                new StorageRpc.Done(),
                new StorageRpc.Opened(9, HEADER, 1L << 32),
                new StorageRpc.Opened(9, HEADER, 5, new byte[] {1, 2, 3}),
                new StorageRpc.Opened(9, HEADER, 0, new byte[0]),
                new StorageRpc.Position(100, 50),
                new StorageRpc.Data(3, 10, new byte[] {1, 2, 3}),
                new StorageRpc.Usage(0x20),
                new StorageRpc.Allocated(2),
                new StorageRpc.Next(new StorageRpc.ObjectHeader(0xA00000BF, 0, 0, -1, new byte[0]), 77, ID));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void request_encodedAndDecoded_isTheSame(StorageRpc.Request request) throws ProtocolException {
        StorageRpc.Request back = StorageRpc.decodeRequest(StorageRpc.encode(request));
        assertEquals(describe((Record) request), describe((Record) back));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void reply_encodedAndDecoded_isTheSame(StorageRpc.Reply reply) throws ProtocolException {
        StorageRpc.Reply back = StorageRpc.decodeReply(StorageRpc.encode(reply));
        assertEquals(describe((Record) reply), describe((Record) back));
    }

    @Test
    void open_isOpStorageFlagsAndLengthPrefixedId_littleEndian() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.Open(0x80000000, 0x11, new byte[] {(byte) 0xAB, (byte) 0xCD}));
        assertEquals("01000000" + "00000080" + "11000000" + "02" + "abcd", Hex.of(bytes));
    }

    @Test
    void openRead_isOpenThenReadAheadThenHandlesToCloseFirst() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.OpenRead(0x80000000, 0x11, new byte[] {(byte) 0xAB}, 0x4000,
                new int[] {5, 6}));
        assertEquals("11000000" + "00000080" + "11000000" + "01" + "ab" + "00400000" + "02000000" + "05000000" + "06000000",
                Hex.of(bytes));
    }

    @Test
    void closeMany_isCountThenHandles() {
        assertEquals("12000000" + "02000000" + "07000000" + "09000000",
                Hex.of(StorageRpc.encode(new StorageRpc.CloseMany(new int[] {7, 9}))));
    }

    @Test
    void openedAhead_isKind8_openedsFieldsThenTheBytes() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.Opened(3, new StorageRpc.ObjectHeader(0xA00000BF, 0, 0, -1,
                new byte[0]), 2, new byte[] {(byte) 0xCC, (byte) 0xDD}));
        assertEquals("00000000" + "08000000" + "03000000" + "bf0000a0" + "00000000" + "00000000" + "ffffffff" + "00000000"
                + "0200000000000000" + "02000000" + "ccdd", Hex.of(bytes));
    }

    @Test
    void failedReply_isResultKindAndClosedFlag() {
        assertEquals("010010f0" + "00000000" + "01000000", Hex.of(StorageRpc.encode(new StorageRpc.Failed(0xF0100001, true))));
    }

    @Test
    void createWithoutHeader_decodesToNullHeader() throws ProtocolException {
        StorageRpc.Create c = (StorageRpc.Create) StorageRpc.decodeRequest(
                StorageRpc.encode(new StorageRpc.Create(1, 0, ID, null, 0, new byte[0])));
        assertNull(c.header());
    }

    @Test
    void unknownOp_isRejected() {
        assertRejected(() -> StorageRpc.decodeRequest(le(99)), "unknown storage op 99");
    }

    @Test
    void idLongerThan64_isRejected() {
        byte[] bytes = ByteBuffer.allocate(13 + 65).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(1).putInt(0)
                .put((byte) 65).array();
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "object id length 65 exceeds 64");
    }

    @Test
    void dataPastTheBound_isRejected() {
        byte[] bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(6).putInt(1)
                .putInt(StorageRpc.MAX_DATA_BYTES + 1).array();
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "exceeds " + StorageRpc.MAX_DATA_BYTES);
    }

    @Test
    void readLengthPastTheBound_isRejected() {
        byte[] bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(1).putInt(-1).array();
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "read length");
    }

    @Test
    void dataLongerThanTheBytesLeft_isRejected() {
        byte[] bytes = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putInt(6).putInt(1).putInt(3).array();
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "truncated body");
    }

    @Test
    void bytesAfterTheMessage_areRejected() {
        byte[] bytes = Arrays.copyOf(StorageRpc.encode(new StorageRpc.Close(1)), 9);
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "1 unexpected bytes");
    }

    @Test
    void headerFlagOtherThan0Or1_isRejected() {
        byte[] good = StorageRpc.encode(new StorageRpc.Create(1, 0, new byte[0], null, 0, new byte[0]));
        good[13] = 2; // after op, storage id, flags, id length 0: the has-header byte
        assertRejected(() -> StorageRpc.decodeRequest(good), "has header must be 0 or 1");
    }

    @Test
    void totalBelowTheDataSent_isRejected() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.Create(1, 0, new byte[0], null, 3, new byte[] {1, 2, 3}));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(14, 2);
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "total data bytes 2 below the 3 sent");
    }

    @Test
    void readAheadPastItsBound_isRejected() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.OpenRead(1, 1, new byte[0], 0, new int[0]));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(13, StorageRpc.MAX_READ_AHEAD_BYTES + 1);
        assertRejected(() -> StorageRpc.decodeRequest(bytes), "read-ahead length 65537 exceeds 65536");
    }

    @Test
    void moreHandlesToCloseThanAnInstanceHolds_areRejected() {
        byte[] openRead = StorageRpc.encode(new StorageRpc.OpenRead(1, 1, new byte[0], 0, new int[0]));
        ByteBuffer.wrap(openRead).order(ByteOrder.LITTLE_ENDIAN).putInt(17, StorageRpc.MAX_CLOSES + 1);
        assertRejected(() -> StorageRpc.decodeRequest(openRead), "handle count 1025 exceeds 1024");
        assertRejected(() -> StorageRpc.decodeRequest(le(18, StorageRpc.MAX_CLOSES + 1)), "handle count 1025 exceeds 1024");
    }

    @Test
    void aCloseManyOfNoHandle_isRejected() {
        assertRejected(() -> StorageRpc.decodeRequest(le(18, 0)), "a CLOSE_MANY closes no handle");
    }

    @Test
    void handlesLongerThanTheBytesLeft_areRejected() {
        assertRejected(() -> StorageRpc.decodeRequest(le(18, 2, 7)), "truncated body");
    }

    @Test
    void moreBytesAheadThanTheDataSize_areRejected() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.Opened(3, HEADER, 2, new byte[] {1, 2}));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(12 + HEADER.size(), 1);
        assertRejected(() -> StorageRpc.decodeReply(bytes), "2 bytes ahead of a data size of 1");
    }

    @Test
    void bytesAheadPastTheBound_areRejected() {
        byte[] bytes = StorageRpc.encode(new StorageRpc.Opened(3, HEADER, 1L << 20, new byte[0]));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(20 + HEADER.size(), StorageRpc.MAX_READ_AHEAD_BYTES + 1);
        assertRejected(() -> StorageRpc.decodeReply(bytes), "data ahead length 65537 exceeds 65536");
    }

    @Test
    void successWithFailedKind_andFailureWithOtherKind_areRejected() {
        assertRejected(() -> StorageRpc.decodeReply(le(0, 0, 0)), "reply kind 0 with result 0x0");
        assertRejected(() -> StorageRpc.decodeReply(le(0xFFFF0008, 1)), "reply kind 1 with result 0xffff0008");
    }

    @Test
    void unknownReplyKind_isRejected() {
        assertRejected(() -> StorageRpc.decodeReply(le(0, 42)), "unknown storage reply kind 42");
    }

    @Test
    void enumerationReplyWithAttributes_isRejected() {
        ByteBuffer b = ByteBuffer.allocate(8 + 20 + 1 + 8 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(7).putInt(0).putInt(0).putInt(0).putInt(0).putInt(1).put((byte) 5).putLong(0).put((byte) 0);
        assertRejected(() -> StorageRpc.decodeReply(b.array()), "an enumeration reply carries 1 attribute bytes");
    }

    @Test
    void closedFlagOtherThan0Or1_isRejected() {
        assertRejected(() -> StorageRpc.decodeReply(le(0xFFFF0008, 0, 2)), "handle closed must be 0 or 1");
    }

    @Test
    void negativeDataSize_isRejected() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(3).putLong(0).putLong(-1);
        assertRejected(() -> StorageRpc.decodeReply(b.array()), "data size");
    }

    @Test
    void recordsRefuseWhatTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.Open(1, 0, new byte[65]));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.Write(1, new byte[StorageRpc.MAX_DATA_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.Read(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.Failed(0, false));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.Create(1, 0, ID, null, 1, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.OpenRead(1, 0, ID, -1, new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new StorageRpc.OpenRead(1, 0, ID, StorageRpc.MAX_READ_AHEAD_BYTES + 1, new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new StorageRpc.OpenRead(1, 0, ID, 0, new int[StorageRpc.MAX_CLOSES + 1]));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.CloseMany(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.CloseMany(null));
        assertThrows(IllegalArgumentException.class, () -> new StorageRpc.Opened(1, HEADER, 1, new byte[2]));
        assertThrows(IllegalArgumentException.class,
                () -> new StorageRpc.Opened(1, HEADER, 1L << 20, new byte[StorageRpc.MAX_READ_AHEAD_BYTES + 1]));
    }

    @Test
    void headerToString_namesNoAttributeBytes() {
        String s = HEADER.toString();
        assertTrue(s.contains("3 attribute bytes"));
        assertFalse(s.contains("[1, 2, 3]"));
    }

    @Test
    void theLargestMessages_fitTheirBound() {
        StorageRpc.Request create = new StorageRpc.Create(1, 0, new byte[64],
                new StorageRpc.ObjectHeader(0, 0, 0, 0, new byte[StorageRpc.MAX_ATTRIBUTE_BYTES]), Long.MAX_VALUE,
                new byte[StorageRpc.MAX_DATA_BYTES]);
        assertTrue(StorageRpc.encode(create).length <= StorageRpc.MAX_MESSAGE_BYTES);
        StorageRpc.Reply opened = new StorageRpc.Opened(1, new StorageRpc.ObjectHeader(0, 0, 0, 0,
                new byte[StorageRpc.MAX_ATTRIBUTE_BYTES]), 0);
        StorageRpc.Reply data = new StorageRpc.Data(0, 0, new byte[StorageRpc.MAX_DATA_BYTES]);
        for (StorageRpc.Reply r : List.of(opened, data)) {
            assertTrue(StorageRpc.encode(r).length <= StorageRpc.MAX_MESSAGE_BYTES);
        }
        assertInstanceOf(StorageRpc.Data.class, assertDecodes(StorageRpc.encode(data)));
    }

    private static StorageRpc.Reply assertDecodes(byte[] bytes) {
        try {
            return StorageRpc.decodeReply(bytes);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private interface Decode {
        Object run() throws ProtocolException;
    }

    private static void assertRejected(Decode decode, String reason) {
        ProtocolException e = assertThrows(ProtocolException.class, decode::run);
        assertTrue(e.getMessage().contains(reason), () -> "expected \"" + reason + "\" in: " + e.getMessage());
    }

    private static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /** A record's fields with arrays shown by content, which records' own toString and equals do not do. */
    private static String describe(Record r) {
        StringBuilder s = new StringBuilder(r.getClass().getSimpleName()).append('[');
        for (var c : r.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(r);
                s.append(c.getName()).append('=').append(v instanceof byte[] b ? Arrays.toString(b)
                        : v instanceof int[] i ? Arrays.toString(i)
                        : v instanceof Record inner ? describe(inner) : String.valueOf(v)).append(';');
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return s.append(']').toString();
    }

    @Test
    void describe_seesArrayContent() {
        assertArrayEquals(new byte[] {1}, new StorageRpc.Append(1, new byte[] {1}).data());
        assertFalse(describe(new StorageRpc.Append(1, new byte[] {1})).equals(describe(new StorageRpc.Append(1, new byte[] {2}))));
    }

    @Test
    void wipe_zeroesDataAndAttributes_notIds() {
        byte[] id = {1, 2};
        byte[] attrs = {3, 4};
        byte[] data = {5, 6};
        StorageRpc.wipe(new StorageRpc.Create(1, 0, id, new StorageRpc.ObjectHeader(0, 0, 0, 0, attrs), 2, data));
        assertArrayEquals(new byte[] {1, 2}, id);
        assertArrayEquals(new byte[2], attrs);
        assertArrayEquals(new byte[2], data);
        byte[] written = {7};
        StorageRpc.wipe(new StorageRpc.Write(1, written));
        assertArrayEquals(new byte[1], written);
    }
}
