package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule the decoder enforces, each broken on its own in an otherwise valid frame. Each test
 * also checks the exception's message, so that it is the intended rule that fires and not, say,
 * a truncation caused by a badly built test frame.
 */
class CodecRejectsTest {
    private static final String TA = "8aaaf200245011e4abe20002a5d5c51b";
    private static final String HELLO_BODY = "0100 0100 01 00 0000";
    private static final String U64_ZERO = "0000000000000000";
    private static final String U64_NEGATIVE = "0000000000000080";   // top bit set: 2^63 as unsigned
    private static final String SIXTEEN_MIB = "0000000100000000";
    private static final String SIXTEEN_MIB_PLUS_ONE = "0100000100000000";

    private static void assertRejected(byte[] frame, String reason) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Frames.decode(frame));
        assertTrue(e.getMessage().contains(reason), () -> "expected \"" + reason + "\" in: " + e.getMessage());
    }

    private static void assertRejected(String frameHex, String reason) {
        assertRejected(Hex.bytes(frameHex), reason);
    }

    private static Message decodes(byte[] frame) throws ProtocolException {
        return Frames.decode(frame).message();
    }

    /** An INVOKE (session 42, command 1) with the given parameter bytes. */
    private static byte[] invoke(String params) {
        return Frames.frame(Wire.INVOKE, "2a000000 01000000" + params);
    }

    /** An INVOKE reply (TEE_SUCCESS from the TA) with the given parameter bytes. */
    private static byte[] invokeReply(String params) {
        return Frames.frame(Wire.INVOKE | Wire.REPLY, "00000000 04000000" + params);
    }

    private static byte[] registerShm(String size, String flags, String pathLength, String reserved, String path) {
        return Frames.frame(Wire.REGISTER_SHM, size + flags + pathLength + reserved + path);
    }

    private static String u16(int v) {
        return Hex.of(ByteBuffer.allocate(2).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
    }

    private static String u32(int v) {
        return Hex.of(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    // ---- the header ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 11})
    void decode_lengthBelowTwelve_throwsProtocolException(int length) {
        assertRejected(u32(length) + "01 01 0000 0100000000000000" + HELLO_BODY, "outside 12..");
    }

    @ParameterizedTest
    @ValueSource(ints = {Wire.MAX_FRAME_BYTES + 1, 0x7fffffff, 0x80000000, 0xffffffff})
    void decode_lengthAboveTheBound_throwsProtocolException(int length) {
        assertRejected(u32(length) + "01 01 0000 0100000000000000" + HELLO_BODY, "outside 12..");
    }

    @Test
    void decode_lengthAtTheBound_isCheckedAgainstTheBytesGiven() {
        assertRejected(u32(Wire.MAX_FRAME_BYTES) + "01 01 0000 0100000000000000" + HELLO_BODY, "says");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 100})
    void decode_lengthDisagreeingWithTheBytesGiven_throwsProtocolException(int delta) {
        assertRejected(u32(20 + delta) + "01 01 0000 0100000000000000" + HELLO_BODY, "says");
    }

    @Test
    void decode_bytesAfterTheFrame_throwsProtocolException() {
        assertRejected("14000000 01 01 0000 0100000000000000" + HELLO_BODY + "00", "says");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 15})
    void decode_fewerBytesThanAHeader_throwsProtocolException(int size) {
        byte[] frame = Arrays.copyOf(Hex.bytes("0c000000 01 01 0000 0100000000000000"), size);
        assertRejected(frame, "shorter than the header");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0x7f, 0xff})
    void decode_wrongVersion_throwsProtocolException(int version) {
        assertRejected("14000000" + String.format("%02x", version) + "01 0000 0100000000000000" + HELLO_BODY,
                "protocol version");
    }

    @Test
    void decode_versionTwoHeaderOnAVersionOneLayout_throwsProtocolException() {
        assertRejected("14000000 02 01 0000 0100000000000000" + HELLO_BODY, "HELLO laid out as in version 1 has version 2");
    }

    @Test
    void decode_detailOfLengthZero_throwsProtocolException() {
        assertRejected("1c000000 02 83 0000 0500000000000000 0600ffff 04000000 0000 0000 0000 0000", "detail length 0");
    }

    @Test
    void decode_detailLongerThan4096Bytes_throwsProtocolException() {
        assertRejected("1c000000 02 83 0000 0500000000000000 0600ffff 04000000 0000 0000 0110 0000", "detail length 4097");
    }

    @Test
    void decode_detailWithNonzeroReserved_throwsProtocolException() {
        assertRejected("1d000000 02 83 0000 0500000000000000 0600ffff 04000000 0000 0000 0100 0100 41", "reserved");
    }

    @Test
    void decode_detailNotUtf8_throwsProtocolException() {
        assertRejected("1d000000 02 83 0000 0500000000000000 0600ffff 04000000 0000 0000 0100 0000 c3", "detail is not well-formed UTF-8");
    }

    @Test
    void decode_reportFlagInAVersionOneLoadTa_throwsProtocolException() {
        assertRejected("33000000 01 30 0000 0f00000000000000 8aaaf200245011e4abe20002a5d5c51b 00000400 02000000"
                + "02000000 504b 05000000 613d733a62", "unknown bit");
    }

    @Test
    void decode_taPanicOfLengthZero_throwsProtocolException() {
        assertRejected("10000000 02 37 0000 1500000000000000 00000000", "panic report length 0");
    }

    @Test
    void decode_taPanicInAVersionOneHeader_throwsProtocolException() {
        assertRejected("15000000 01 37 0000 1500000000000000 05000000 626f6f6d0a", "has version 1 in its header");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 0x80, 0x8000, 0xffff})
    void decode_nonzeroHeaderFlags_throwsProtocolException(int flags) {
        assertRejected("14000000 01 01" + u16(flags) + "0100000000000000" + HELLO_BODY, "flags");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x08, 0x1f, 0x21, 0x7f, 0x80, 0x88, 0xa1, 0xff})
    void decode_unknownType_throwsProtocolException(int type) {
        assertRejected(Frames.frame(type, U64_ZERO), "unknown message type");
    }

    @Test
    void frameSize_lengthAboveALoweredBound_throwsProtocolException() throws ProtocolException {
        ByteBuffer header = ByteBuffer.wrap(Hex.bytes("65000000 01 01 0000 0100000000000000"));
        assertEquals(105, Codec.frameSize(header, 101));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Codec.frameSize(header, 100));
        assertTrue(e.getMessage().contains("outside 12..100"), e.getMessage());
    }

    // ---- truncation and excess --------------------------------------------------------------

    static Stream<Arguments> corpus() {
        List<Frame> frames = Corpus.frames();
        return frames.stream().map(f -> Arguments.of(Wire.typeName(f.message().type()), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void decode_truncatedAtEveryPrefix_throwsProtocolException(String name, Frame frame) throws ProtocolException {
        byte[] whole = Frames.encode(frame.requestId(), frame.message());
        MessageAssert.assertMessageEquals(frame.message(), decodes(whole));
        for (int n = 0; n < whole.length; n++) {
            assertRejected(Arrays.copyOf(whole, n), n < Wire.HEADER_BYTES ? "shorter than the header" : "says");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void decode_truncatedBodyWithAMatchingLength_throwsProtocolException(String name, Frame frame) {
        byte[] whole = Frames.encode(frame.requestId(), frame.message());
        for (int n = Wire.HEADER_BYTES; n < whole.length; n++) {
            assertRejected(Frames.fixLength(Arrays.copyOf(whole, n)), "truncated body");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void decode_trailingBytesInTheBody_throwsProtocolException(String name, Frame frame) {
        byte[] whole = Frames.encode(frame.requestId(), frame.message());
        for (int extra = 1; extra <= 8; extra++) {
            assertRejected(Frames.fixLength(Arrays.copyOf(whole, whole.length + extra)), "unexpected bytes");
        }
    }

    // ---- parameter slots --------------------------------------------------------------------

    static Stream<Arguments> unknownSlotTypes() {
        return Stream.of(4, 8, 12, 13, 14, 15).flatMap(t -> Stream.of(0, 1, 2, 3).map(i -> Arguments.of(t, i)));
    }

    @ParameterizedTest(name = "type {0} in slot {1}")
    @MethodSource("unknownSlotTypes")
    void decode_unknownParamTypeInARequest_throwsProtocolException(int type, int slot) {
        assertRejected(invoke(u16(type << (4 * slot)) + "0000"), "unknown type " + type);
    }

    @ParameterizedTest(name = "type {0} in slot {1}")
    @MethodSource("unknownSlotTypes")
    void decode_unknownParamTypeInAReply_throwsProtocolException(int type, int slot) {
        assertRejected(invokeReply(u16(type << (4 * slot)) + "0000"), "unknown type " + type);
    }

    @ParameterizedTest(name = "type {0} in slot {1}")
    @MethodSource("unknownSlotTypes")
    void decode_unknownParamTypeInAnRpc_throwsProtocolException(int type, int slot) {
        assertRejected(Frames.frame(Wire.RPC, "03000000" + u16(type << (4 * slot)) + "0000"), "unknown type " + type);
    }

    @Test
    void decode_nonzeroParamReservedInARequest_throwsProtocolException() {
        assertRejected(invoke("0000 0100"), "parameter reserved must be zero");
    }

    @Test
    void decode_nonzeroParamReservedInAReply_throwsProtocolException() {
        assertRejected(invokeReply("0000 0080"), "parameter reserved must be zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0900", "0a00", "0b00"})
    void decode_nullTempMemoryWithNonzeroSize_throwsProtocolException(String types) {
        assertRejected(invoke(types + "0000 0500000000000000 01 0102030405"), "NULL buffer must have size 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"02", "03", "80", "ff"})
    void decode_tempMemoryNullFlagOtherThanZeroOrOne_throwsProtocolException(String flag) {
        assertRejected(invoke("0a00 0000" + U64_ZERO + flag), "NULL buffer must have size 0");
    }

    @Test
    void decode_tempMemoryInputLargerThanTheRemainingBytes_throwsProtocolException() {
        assertRejected(invoke("0900 0000 6400000000000000 00 010203"), "truncated body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0900", "0a00", "0b00"})
    void decode_tempMemorySizeAboveSixteenMiB_throwsProtocolException(String types) {
        assertRejected(invoke(types + "0000" + SIXTEEN_MIB_PLUS_ONE + "00"), "exceeds 16777216");
    }

    @Test
    void decode_tempMemorySizeWithTheTopBitSet_throwsProtocolException() {
        assertRejected(invoke("0a00 0000" + U64_NEGATIVE + "00"), "exceeds 16777216");
    }

    @Test
    void decode_outputTempMemoryOfExactlySixteenMiB_isAccepted() throws ProtocolException {
        Message m = decodes(invoke("0a00 0000" + SIXTEEN_MIB + "00"));
        WireParam.TempMem t = assertInstanceOf(WireParam.TempMem.class, ((Message.Invoke) m).params().get(0));
        assertEquals(Wire.MAX_FRAME_BYTES, t.size());
        assertEquals(0, t.data().length);
    }

    @Test
    void decode_outputTempMemoryTotallingMoreThanSixteenMiB_throwsProtocolException() {
        // two TMEM_OUT: 8 MiB and 8 MiB + 1
        assertRejected(invoke("aa00 0000 0000800000000000 00 0100800000000000 00"), "output buffers total 16777217");
        // TMEM_OUT of 16 MiB, then a TMEM_INOUT of 1 byte
        assertRejected(invoke("ba00 0000" + SIXTEEN_MIB + "00 0100000000000000 00 ff"), "output buffers total");
        // four TMEM_OUT of 4 MiB + 1 each: the sum crosses the bound only at the last slot
        String quarter = "0100400000000000 00";
        assertRejected(invoke("aaaa 0000" + quarter + quarter + quarter + quarter), "output buffers total");
    }

    @Test
    void decode_outputTempMemoryTotallingExactlySixteenMiB_isAccepted() throws ProtocolException {
        Message m = decodes(invoke("aa00 0000 0000800000000000 00 0000800000000000 00"));
        assertEquals(0xaa, ((Message.Invoke) m).params().types());
    }

    @Test
    void decode_inputTempMemoryDoesNotCountAsOutput() throws ProtocolException {
        Message m = decodes(invoke("9a00 0000" + SIXTEEN_MIB + "00 0100000000000000 00 ff"));
        assertEquals(0x9a, ((Message.Invoke) m).params().types());
    }

    @Test
    void decode_sharedMemoryWithNegativeOffset_throwsProtocolException() {
        assertRejected(invoke("0500 0000 01000000" + U64_NEGATIVE + U64_ZERO), "offset");
        assertRejected(invoke("0700 0000 01000000 ffffffffffffffff" + U64_ZERO), "offset");
    }

    @Test
    void decode_sharedMemoryWithNegativeSize_throwsProtocolException() {
        assertRejected(invoke("0600 0000 01000000" + U64_ZERO + U64_NEGATIVE), "size");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void decode_rpcWithASharedMemorySlot_throwsProtocolException(int slot) {
        String slotBytes = "01000000" + U64_ZERO + "1000000000000000";
        assertRejected(Frames.frame(Wire.RPC, "03000000" + u16(WireParam.RMEM_INOUT << (4 * slot)) + "0000" + slotBytes),
                "names shared memory");
    }

    @Test
    void decode_replyDataLongerThanTheWrittenBackSize_throwsProtocolException() {
        assertRejected(invokeReply("0a00 0000 0400000000000000 05000000 0102030405"), "data bytes for a written-back size");
    }

    @Test
    void decode_replyDataLengthWithTheTopBitSet_throwsProtocolException() {
        assertRejected(invokeReply("0b00 0000 ffffffffffffff7f 00000080"), "data bytes for a written-back size");
    }

    @Test
    void decode_replyDataLongerThanTheRemainingBytes_throwsProtocolException() {
        assertRejected(invokeReply("0a00 0000 6400000000000000 64000000 0102"), "truncated body");
    }

    @Test
    void decode_replySizeWithTheTopBitSet_throwsProtocolException() {
        assertRejected(invokeReply("0a00 0000" + U64_NEGATIVE + "00000000"), "size");
        assertRejected(invokeReply("0600 0000" + U64_NEGATIVE), "size");
    }

    // ---- REGISTER_SHM -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 7, 8, 0x80000000, 0xffffffff})
    void decode_registerShmWithInvalidFlags_throwsProtocolException(int flags) {
        assertRejected(registerShm("0010000000000000", u32(flags), "0100", "0000", "2f"), "shared memory flags");
    }

    @Test
    void decode_registerShmWithPathLongerThan4096Bytes_throwsProtocolException() {
        assertRejected(registerShm("0010000000000000", "01000000", u16(4097), "0000", "61".repeat(4097)),
                "path length 4097");
        assertRejected(registerShm("0010000000000000", "01000000", "ffff", "0000", "61".repeat(0xffff)),
                "path length 65535");
    }

    @Test
    void decode_registerShmWithPathOf4096Bytes_isAccepted() throws ProtocolException {
        Message m = decodes(registerShm("0010000000000000", "02000000", u16(4096), "0000", "61".repeat(4096)));
        assertEquals("a".repeat(4096), ((Message.RegisterShm) m).path());
    }

    @Test
    void decode_registerShmWithNulInThePath_throwsProtocolException() {
        assertRejected(registerShm("0010000000000000", "03000000", "0500", "0000", "2f 61 00 62 63"), "NUL");
        assertRejected(registerShm("0010000000000000", "03000000", "0100", "0000", "00"), "NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2f ff", "2f c3", "2f 80 61", "2f eda080", "2f c0af"})
    void decode_registerShmWithMalformedUtf8Path_throwsProtocolException(String path) {
        int length = Hex.bytes(path).length;
        assertRejected(registerShm("0010000000000000", "03000000", u16(length), "0000", path), "UTF-8");
    }

    @Test
    void decode_registerShmWithNegativeSize_throwsProtocolException() {
        assertRejected(registerShm(U64_NEGATIVE, "03000000", "0100", "0000", "2f"), "segment size");
    }

    // ---- HELLO ----------------------------------------------------------------------------------

    @Test
    void decode_helloWithMinAboveMax_throwsProtocolException() {
        assertRejected(Frames.frame(Wire.HELLO, "0200 0100 01 00 0000"), "version range 2..1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "04", "ff"})
    void decode_helloWithUnknownRole_throwsProtocolException(String role) {
        assertRejected(Frames.frame(Wire.HELLO, "0100 0100" + role + "00 0000"), "unknown role");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, Wire.MIN_FRAME_LENGTH - 1, Wire.MAX_FRAME_BYTES + 1, 0xffffffff})
    void decode_helloReplyWithMaxFrameBytesOutOfRange_throwsProtocolException(int max) {
        assertRejected(Frames.frame(Wire.HELLO | Wire.REPLY, "00000000 03000000 0100 0000" + u32(max)), "max frame bytes");
    }

    // ---- reserved fields ------------------------------------------------------------------------

    static Stream<Arguments> reservedFieldsSet() {
        return Stream.of(
                Arguments.of("HELLO reserved u8", Frames.frame(Wire.HELLO, "0100 0100 01 01 0000")),
                Arguments.of("HELLO reserved u16", Frames.frame(Wire.HELLO, "0100 0100 01 00 0100")),
                Arguments.of("HELLO reserved u16, high byte", Frames.frame(Wire.HELLO, "0100 0100 01 00 0080")),
                Arguments.of("HELLO reply reserved", Frames.frame(Wire.HELLO | Wire.REPLY,
                        "00000000 03000000 0100 0100 00000001")),
                Arguments.of("OPEN_SESSION params reserved", Frames.frame(Wire.OPEN_SESSION,
                        TA + "00000000 00000000 0000 0100")),
                Arguments.of("OPEN_SESSION reply params reserved", Frames.frame(Wire.OPEN_SESSION | Wire.REPLY,
                        "00000000 04000000 01000000 0000 0001")),
                Arguments.of("INVOKE params reserved", invoke("0000 ffff")),
                Arguments.of("INVOKE reply params reserved", invokeReply("0000 0100")),
                Arguments.of("RPC params reserved", Frames.frame(Wire.RPC, "03000000 0200 0100" + U64_ZERO.repeat(3))),
                Arguments.of("RPC reply params reserved", Frames.frame(Wire.RPC | Wire.REPLY,
                        "00000000 03000000 0000 0100")),
                Arguments.of("REGISTER_SHM reserved", registerShm("0010000000000000", "01000000", "0100", "0100", "2f")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservedFieldsSet")
    void decode_reservedFieldNonzero_throwsProtocolException(String field, byte[] frame) {
        assertRejected(frame, "must be zero");
    }
}
