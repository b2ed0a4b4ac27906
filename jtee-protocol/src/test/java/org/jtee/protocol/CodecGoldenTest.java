package org.jtee.protocol;

import static org.jtee.protocol.MessageAssert.assertMessageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: every frame below is written out by hand from the layout in
 * {@code docs/protocol.md}, field by field, and checked both ways: the encoder must produce exactly
 * these bytes, and the decoder must turn exactly these bytes into the message.
 *
 * <p>All integers are little-endian, UUIDs big-endian. Header: u32 length (12 + body), u8 version,
 * u8 type, u16 flags, u64 request id.
 */
class CodecGoldenTest {
    private static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
    private static final String TA_HEX = "8aaaf200 2450 11e4 abe2 0002a5d5c51b";
    private static final String ZERO_U64 = "0000000000000000";

    /** Encodes and compares with {@code hex}; decodes {@code hex} and compares with the message. */
    private static void assertGolden(long requestId, Message message, String hex) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.normalise(hex), Hex.of(Frames.encode(requestId, message)), "encoded bytes");
        assertEquals(expected.length, Codec.frameSize(message), "frame size");
        Frame decoded = Codec.decode(ByteBuffer.wrap(expected));
        assertEquals(requestId, decoded.requestId(), "request id");
        assertMessageEquals(message, decoded.message());
    }

    // ---- HELLO ----------------------------------------------------------------------------

    @Test
    void hello_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(0x0102030405060708L, new Message.Hello(1, 3, Wire.ROLE_SUPPLICANT), ""
                + "14000000"            // length 20 = 12 + 8
                + "01 01 0000"          // version 1, type HELLO, flags 0
                + "0807060504030201"    // request id 0x0102030405060708, little-endian
                + "0100"                // min version 1
                + "0300"                // max version 3
                + "02"                  // role: supplicant
                + "00 0000");           // reserved u8, reserved u16
    }

    @Test
    void helloFromClient_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(1, new Message.Hello(1, 1, Wire.ROLE_CLIENT), ""
                + "14000000 01 01 0000 0100000000000000"
                + "0100 0100 01 00 0000");
    }

    @Test
    void helloReply_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(0x0102030405060708L,
                new Message.HelloReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 1, Wire.MAX_FRAME_BYTES), ""
                + "1c000000"            // length 28 = 12 + 16
                + "01 81 0000"          // version 1, type HELLO | 0x80
                + "0807060504030201"    // the request id of the HELLO
                + "00000000"            // result TEE_SUCCESS
                + "03000000"            // origin TEE
                + "0100"                // version chosen: 1
                + "0000"                // reserved
                + "00000001");          // max frame bytes 0x01000000 = 16 MiB
    }

    @Test
    void helloReplyWithoutCommonVersion_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(1, new Message.HelloReply(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, 1, Wire.MAX_FRAME_BYTES), ""
                + "1c000000 01 81 0000 0100000000000000"
                + "0a00ffff"            // TEE_ERROR_NOT_SUPPORTED 0xFFFF000A
                + "03000000 0100 0000 00000001");
    }

    // ---- OPEN_SESSION ---------------------------------------------------------------------

    @Test
    void openSessionWithValueSlots_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.Value(WireParam.VALUE_IN, 0x11223344L, 0x55667788L, 0),
                new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0),
                new WireParam.Value(WireParam.VALUE_INOUT, -1L, 1, 0x0102030405060708L),
                null);
        assertGolden(2, new Message.OpenSession(TA, 2, 1000, params), ""
                + "70000000"            // length 112 = 12 + 100
                + "01 02 0000 0200000000000000"
                + TA_HEX                // TA UUID, big-endian octets
                + "02000000"            // login GROUP
                + "e8030000"            // connection data: gid 1000
                + "2103 0000"           // types 0x0321: VALUE_IN, VALUE_OUT, VALUE_INOUT, NONE; reserved
                + "4433221100000000 8877665500000000" + ZERO_U64             // [0] a, b, c
                + ZERO_U64 + ZERO_U64 + ZERO_U64                             // [1] a, b, c
                + "ffffffffffffffff 0100000000000000 0807060504030201");     // [2] a, b, c
    }

    @Test
    void openSessionWithTempMemorySlots_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.TempMem(WireParam.TMEM_IN, false, 3, "abc".getBytes(StandardCharsets.US_ASCII)),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, 16, new byte[0]),
                new WireParam.TempMem(WireParam.TMEM_INOUT, false, 2, new byte[] {(byte) 0xde, (byte) 0xad}),
                new WireParam.TempMem(WireParam.TMEM_INOUT, true, 0, new byte[0]));
        assertGolden(3, new Message.OpenSession(TA, 0, 0, params), ""
                + "51000000"            // length 81 = 12 + 69
                + "01 02 0000 0300000000000000"
                + TA_HEX
                + "00000000"            // login PUBLIC
                + "00000000"            // connection data
                + "a9bb 0000"           // types 0xbba9: TMEM_IN, TMEM_OUT, TMEM_INOUT, TMEM_INOUT
                + "0300000000000000 00 616263"   // [0] size 3, not NULL, "abc"
                + "1000000000000000 00"          // [1] size 16, not NULL, no bytes (output only)
                + "0200000000000000 00 dead"     // [2] size 2, not NULL, 0xde 0xad
                + "0000000000000000 01");        // [3] size 0, NULL
    }

    @Test
    void openSessionWithNullInputAndOutputBuffers_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.TempMem(WireParam.TMEM_IN, true, 0, new byte[0]),
                new WireParam.TempMem(WireParam.TMEM_OUT, true, 0, new byte[0]),
                null, null);
        assertGolden(3, new Message.OpenSession(TA, 0, 0, params), ""
                + "3a000000 01 02 0000 0300000000000000"   // length 58 = 12 + 46
                + TA_HEX + "00000000 00000000"
                + "a900 0000"                              // types 0x00a9
                + "0000000000000000 01"                    // [0] NULL input buffer
                + "0000000000000000 01");                  // [1] NULL output buffer
    }

    @Test
    void openSessionWithSharedMemorySlots_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.ShmRef(WireParam.RMEM_IN, 7, 0, 4096),
                new WireParam.ShmRef(WireParam.RMEM_OUT, 7, 4096, 0x1_0000_0000L),
                new WireParam.ShmRef(WireParam.RMEM_INOUT, 0x12345678, 1, 2),
                null);
        assertGolden(4, new Message.OpenSession(TA, 1, 0, params), ""
                + "64000000"            // length 100 = 12 + 88
                + "01 02 0000 0400000000000000"
                + TA_HEX
                + "01000000"            // login USER
                + "00000000"
                + "6507 0000"           // types 0x0765: RMEM_IN, RMEM_OUT, RMEM_INOUT, NONE
                + "07000000 0000000000000000 0010000000000000"   // [0] shm 7, offset 0, size 4096
                + "07000000 0010000000000000 0000000001000000"   // [1] shm 7, offset 4096, size 2^32
                + "78563412 0100000000000000 0200000000000000"); // [2] shm 0x12345678, offset 1, size 2
    }

    @Test
    void openSessionReply_carriesOnlyTheOutputSlots() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.Value(WireParam.VALUE_IN, 0, 0, 0),   // input only: type, no payload
                new WireParam.Value(WireParam.VALUE_OUT, 5, 6, 0),
                new WireParam.Value(WireParam.VALUE_INOUT, 7, 8, 0),
                null);
        assertGolden(2, new Message.OpenSessionReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, 0x2a, params), ""
                + "4c000000"            // length 76 = 12 + 64
                + "01 82 0000 0200000000000000"
                + "00000000"            // result TEE_SUCCESS
                + "04000000"            // origin TRUSTED_APP
                + "2a000000"            // session id 42
                + "2103 0000"           // types as in the request
                + "0500000000000000 0600000000000000" + ZERO_U64    // [1] a, b, c
                + "0700000000000000 0800000000000000" + ZERO_U64);  // [2] a, b, c
    }

    @Test
    void openSessionReplyOnFailure_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(3, new Message.OpenSessionReply(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, 0, WireParams.EMPTY), ""
                + "1c000000 01 82 0000 0300000000000000"
                + "0800ffff"            // TEE_ERROR_ITEM_NOT_FOUND
                + "03000000"            // origin TEE
                + "00000000"            // no session
                + "0000 0000");         // nothing written back
    }

    // ---- INVOKE ---------------------------------------------------------------------------

    @Test
    void invoke_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.Value(WireParam.VALUE_INOUT, 42, 0, 0),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, 8, new byte[0]),
                new WireParam.ShmRef(WireParam.RMEM_INOUT, 1, 0, 64),
                new WireParam.TempMem(WireParam.TMEM_IN, false, 4, new byte[] {1, 2, 3, 4}));
        assertGolden(5, new Message.Invoke(0x2a, 1, params), ""
                + "5a000000"            // length 90 = 12 + 78
                + "01 03 0000 0500000000000000"
                + "2a000000"            // session id 42
                + "01000000"            // command id 1
                + "a397 0000"           // types 0x97a3: VALUE_INOUT, TMEM_OUT, RMEM_INOUT, TMEM_IN
                + "2a00000000000000" + ZERO_U64 + ZERO_U64         // [0] a = 42, b, c
                + "0800000000000000 00"                            // [1] size 8, not NULL
                + "01000000" + ZERO_U64 + "4000000000000000"       // [2] shm 1, offset 0, size 64
                + "0400000000000000 00 01020304");                 // [3] size 4, bytes
    }

    @Test
    void invokeReply_writesBackValueTempMemoryAndSharedMemorySize() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.Value(WireParam.VALUE_INOUT, 43, 0, 0),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, 5, "hello".getBytes(StandardCharsets.US_ASCII)),
                new WireParam.ShmRef(WireParam.RMEM_INOUT, 0, 0, 32),
                new WireParam.TempMem(WireParam.TMEM_IN, false, 0, new byte[0]));  // input only
        assertGolden(5, new Message.InvokeReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, params), ""
                + "49000000"            // length 73 = 12 + 61
                + "01 83 0000 0500000000000000"
                + "00000000 04000000"   // TEE_SUCCESS from the TA
                + "a397 0000"           // types as in the request
                + "2b00000000000000" + ZERO_U64 + ZERO_U64         // [0] a = 43, b, c
                + "0500000000000000 05000000 68656c6c6f"           // [1] size 5, 5 bytes "hello"
                + "2000000000000000");                             // [2] size 32; [3] nothing
    }

    @Test
    void invokeReply_sendsNeitherShmIdNorOffsetOfSharedMemory() {
        WireParams sent = WireParams.of(null, null, new WireParam.ShmRef(WireParam.RMEM_OUT, 9, 100, 32), null);
        WireParams asDecoded = WireParams.of(null, null, new WireParam.ShmRef(WireParam.RMEM_OUT, 0, 0, 32), null);
        String expected = "20000000 01 83 0000 0100000000000000 00000000 04000000 0006 0000 2000000000000000";
        assertEquals(Hex.normalise(expected), Hex.of(Frames.encode(1,
                new Message.InvokeReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, sent))));
        assertEquals(Hex.normalise(expected), Hex.of(Frames.encode(1,
                new Message.InvokeReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, asDecoded))));
    }

    @Test
    void invokeReplyWithShortBuffer_carriesTheNeededSizeAndAtMostTheBufferBytes() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.TempMem(WireParam.TMEM_OUT, false, 100, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}),
                null, null, null);
        assertGolden(6, new Message.InvokeReply(TeeResult.SHORT_BUFFER, ReturnOrigin.TRUSTED_APP, params), ""
                + "2c000000 01 83 0000 0600000000000000"   // length 44 = 12 + 32
                + "1000ffff 04000000"                      // TEE_ERROR_SHORT_BUFFER from the TA
                + "0a00 0000"                              // types 0x000a: TMEM_OUT
                + "6400000000000000"                       // size the TA needs: 100
                + "08000000 0001020304050607");            // the 8 bytes the buffer holds
    }

    @Test
    void invokeReplyWithNothingWrittenBack_hasTypesZero() throws Exception {
        assertGolden(7, new Message.InvokeReply(TeeResult.TARGET_DEAD, ReturnOrigin.TEE, WireParams.EMPTY), ""
                + "18000000 01 83 0000 0700000000000000"   // length 24 = 12 + 12
                + "2430ffff"                               // TEE_ERROR_TARGET_DEAD
                + "03000000"                               // origin TEE
                + "0000 0000");                            // types 0: nothing written back
    }

    // ---- CLOSE_SESSION, CANCEL, shared memory, status replies ------------------------------

    @Test
    void closeSession_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(8, new Message.CloseSession(0x2a), "10000000 01 04 0000 0800000000000000 2a000000");
    }

    @Test
    void closeSessionReply_isAStatusReply() throws Exception {
        assertGolden(8, new Message.StatusReply(Wire.CLOSE_SESSION | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE),
                "14000000 01 84 0000 0800000000000000 00000000 03000000");
    }

    @Test
    void cancel_namesTheRequestIdOfTheOperation() throws Exception {
        assertGolden(9, new Message.Cancel(5), "14000000 01 05 0000 0900000000000000 0500000000000000");
    }

    @Test
    void cancelReply_isAStatusReply() throws Exception {
        assertGolden(9, new Message.StatusReply(Wire.CANCEL | Wire.REPLY, TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE),
                "14000000 01 85 0000 0900000000000000 0800ffff 03000000");
    }

    @Test
    void loadTa_carriesTheUuidStackAndJar() throws Exception {
        assertGolden(15, new Message.LoadTa(UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"), 0x40000,
                new byte[] {0x50, 0x4b}, "a=s:b"), ""
                + "33000000 01 30 0000 0f00000000000000"   // length 51 = 12 + 39
                + "8aaaf200245011e4abe20002a5d5c51b"       // TA UUID, big-endian
                + "00000400"                               // stack bytes 0x40000
                + "00000000"                               // flags
                + "02000000 504b"                          // jar length 2, jar
                + "05000000 613d733a62");                  // properties length 5, "a=s:b"
    }

    @Test
    void loadTa_prepareOnly_isFlagBit0() throws Exception {
        assertGolden(15, new Message.LoadTa(UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"), 0x40000,
                new byte[] {0x50, 0x4b}, "a=s:b", true), ""
                + "33000000 01 30 0000 0f00000000000000"
                + "8aaaf200245011e4abe20002a5d5c51b"
                + "00000400"
                + "01000000"                               // flags: prepare only
                + "02000000 504b"
                + "05000000 613d733a62");
    }

    // ---- version 2: details, the report flag, TA_PANIC ---------------------------------------

    @Test
    void openSessionReplyWithDetail_isAVersionTwoFrame() throws Exception {
        assertGolden(3, new Message.OpenSessionReply(Wire.OPEN_SESSION | Wire.REPLY, TeeResult.ITEM_NOT_FOUND,
                ReturnOrigin.TEE, 0, WireParams.EMPTY, "no TA"), ""
                + "25000000 02 82 0000 0300000000000000"   // length 37 = 12 + 25; version 2
                + "0800ffff 03000000 00000000 0000 0000"   // as in version 1
                + "0500 0000"                              // detail length 5, reserved
                + "6e6f205441");                           // "no TA"
    }

    @Test
    void invokeReplyWithDetail_isAVersionTwoFrame() throws Exception {
        assertGolden(5, new Message.InvokeReply(Wire.INVOKE | Wire.REPLY, TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP,
                WireParams.EMPTY, "\u00e9"), ""
                + "1e000000 02 83 0000 0500000000000000"   // length 30 = 12 + 18; version 2
                + "0600ffff 04000000 0000 0000"            // TEE_ERROR_BAD_PARAMETERS, TRUSTED_APP, no slots
                + "0200 0000 c3a9");                       // detail: 2 bytes of UTF-8, "é"
    }

    @Test
    void loadTa_report_isFlagBit1_inAVersionTwoFrame() throws Exception {
        assertGolden(15, new Message.LoadTa(UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"), 0x40000,
                new byte[] {0x50, 0x4b}, "a=s:b", false, true), ""
                + "33000000 02 30 0000 0f00000000000000"
                + "8aaaf200245011e4abe20002a5d5c51b"
                + "00000400"
                + "02000000"                               // flags: report
                + "02000000 504b"
                + "05000000 613d733a62");
    }

    @Test
    void taPanic_carriesTheReport() throws Exception {
        assertGolden(21, new Message.PanicReport("boom\n"), ""
                + "15000000 02 37 0000 1500000000000000"   // length 21 = 12 + 9; version 2
                + "05000000 626f6f6d0a");                  // report length 5, "boom\n"
    }

    @Test
    void taPanicReply_isAStatusReply() throws Exception {
        assertGolden(21, new Message.StatusReply(Wire.TA_PANIC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE),
                "14000000 01 b7 0000 1500000000000000 00000000 03000000");
    }

    @Test
    void hostOpen_carriesSessionLoginAndClientUuid() throws Exception {
        assertGolden(16, new Message.HostOpen(7, 0xF0000000, UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"),
                WireParams.EMPTY), ""
                + "28000000 01 31 0000 1000000000000000"   // length 40 = 12 + 28
                + "07000000 000000f0"                      // session 7, login TRUSTED_APP
                + "8aaaf200245011e4abe20002a5d5c51b"       // client UUID
                + "0000 0000");                            // no parameters
    }

    @Test
    void hostOpenReply_isAnOpenSessionReplyOfItsOwnType() throws Exception {
        assertGolden(16, new Message.OpenSessionReply(Wire.HOST_OPEN | Wire.REPLY, TeeResult.SUCCESS,
                ReturnOrigin.TRUSTED_APP, 7, WireParams.EMPTY),
                "1c000000 01 b1 0000 1000000000000000 00000000 04000000 07000000 0000 0000");
    }

    @Test
    void destroy_hasAnEmptyBody() throws Exception {
        assertGolden(17, new Message.Destroy(), "0c000000 01 32 0000 1100000000000000");
    }

    @Test
    void mapMemoryAndShareArea_encodeAndDecodeAsDocumented() throws Exception {
        assertGolden(0, new Message.MapMemory(2, 0x100000), ""
                + "1c000000 01 33 0000 0000000000000000" // length 28 = 12 + 16, MAP_MEMORY, request id 0
                + "02000000"                              // region 2
                + "00000000"                              // flags 0
                + "0000100000000000");                    // size 1 MiB
        assertGolden(9, new Message.ShareArea(4096), ""
                + "14000000 01 34 0000 0900000000000000"  // length 20 = 12 + 8, SHARE_AREA
                + "0010000000000000");                    // 4096 bytes
    }

    @Test
    void taOpenSessionAndTaInvoke_carryTheCancellationTimeoutFirst() throws Exception {
        assertGolden(19, new Message.TaOpenSession(1000, UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"),
                WireParams.EMPTY), ""
                + "24000000 01 35 0000 1300000000000000"  // length 36 = 12 + 24, TA_OPEN_SESSION
                + "e8030000"                              // cancellation timeout 1000 ms
                + "8aaaf200245011e4abe20002a5d5c51b"      // TA UUID
                + "0000 0000");                           // no parameters
        assertGolden(20, new Message.TaInvoke(Wire.TIMEOUT_INFINITE, 3, 9, WireParams.EMPTY), ""
                + "1c000000 01 36 0000 1400000000000000"  // length 28 = 12 + 16, TA_INVOKE
                + "ffffffff"                              // TEE_TIMEOUT_INFINITE
                + "03000000 09000000"                     // session 3, command 9
                + "0000 0000");
    }

    @Test
    void taOpenSessionAndTaInvokeReplies_areOpenSessionAndInvokeRepliesOfTheirOwnTypes() throws Exception {
        assertGolden(19, new Message.OpenSessionReply(Wire.TA_OPEN_SESSION | Wire.REPLY, TeeResult.SUCCESS,
                ReturnOrigin.TRUSTED_APP, 3, WireParams.EMPTY),
                "1c000000 01 b5 0000 1300000000000000 00000000 04000000 03000000 0000 0000");
        assertGolden(20, new Message.InvokeReply(Wire.TA_INVOKE | Wire.REPLY, TeeResult.CANCEL, ReturnOrigin.TRUSTED_APP,
                WireParams.EMPTY), "18000000 01 b6 0000 1400000000000000 0200ffff 04000000 0000 0000");
    }

    @Test
    void registerShm_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(10, new Message.RegisterShm(65536, Wire.SHM_INPUT | Wire.SHM_OUTPUT, "/dev/shm/jtee-x"), ""
                + "2b000000 01 06 0000 0a00000000000000"   // length 43 = 12 + 31
                + "0000010000000000"                       // segment size 65536
                + "03000000"                               // flags INPUT | OUTPUT
                + "0f00"                                   // path length 15
                + "0000"                                   // reserved
                + "2f6465762f73686d2f6a7465652d78");       // "/dev/shm/jtee-x"
    }

    @Test
    void registerShm_countsThePathInUtf8Bytes() throws Exception {
        assertGolden(11, new Message.RegisterShm(1, Wire.SHM_INPUT, "/tmp/\u00e9"), ""
                + "23000000 01 06 0000 0b00000000000000"   // length 35 = 12 + 23
                + "0100000000000000 01000000"
                + "0700 0000"                              // path length 7: "/tmp/" and two bytes for U+00E9
                + "2f746d702f c3a9");
    }

    @Test
    void registerShm_withAnEmptyPathNamesTheAttachedDescriptor() throws Exception {
        assertGolden(12, new Message.RegisterShm(4096, Wire.SHM_OUTPUT, ""), ""
                + "1c000000 01 06 0000 0c00000000000000"   // length 28 = 12 + 16
                + "0010000000000000 02000000"
                + "0000 0000");                            // path length 0: the descriptor sent with the frame
    }

    @Test
    void registerShmReply_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(10, new Message.RegisterShmReply(TeeResult.SUCCESS, ReturnOrigin.TEE, 3),
                "18000000 01 86 0000 0a00000000000000 00000000 03000000 03000000");
    }

    @Test
    void unregisterShm_encodesAndDecodesAsDocumented() throws Exception {
        assertGolden(12, new Message.UnregisterShm(3), "10000000 01 07 0000 0c00000000000000 03000000");
    }

    @Test
    void unregisterShmReply_isAStatusReply() throws Exception {
        assertGolden(12, new Message.StatusReply(Wire.UNREGISTER_SHM | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE),
                "14000000 01 87 0000 0c00000000000000 00000000 03000000");
    }

    // ---- RPC ------------------------------------------------------------------------------

    @Test
    void rpcGetTime_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(new WireParam.Value(WireParam.VALUE_OUT, 0, 0, 0), null, null, null);
        assertGolden(13, new Message.RpcRequest(Rpc.GET_TIME, params), ""
                + "2c000000 01 20 0000 0d00000000000000"   // length 44 = 12 + 32, type RPC 0x20
                + "03000000"                               // command GET_TIME
                + "0200 0000"                              // types: VALUE_OUT
                + ZERO_U64 + ZERO_U64 + ZERO_U64);
    }

    @Test
    void rpcWithInlineMemory_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.Value(WireParam.VALUE_IN, 1, 2, 3),
                new WireParam.TempMem(WireParam.TMEM_INOUT, false, 4,
                        new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe}),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, 32, new byte[0]),
                null);
        assertGolden(14, new Message.RpcRequest(Rpc.FS, params), ""
                + "42000000 01 20 0000 0e00000000000000"   // length 66 = 12 + 54
                + "02000000"                               // command FS
                + "b10a 0000"                              // types 0x0ab1: VALUE_IN, TMEM_INOUT, TMEM_OUT
                + "0100000000000000 0200000000000000 0300000000000000"
                + "0400000000000000 00 cafebabe"
                + "2000000000000000 00");
    }

    @Test
    void rpcReply_encodesAndDecodesAsDocumented() throws Exception {
        WireParams params = WireParams.of(
                new WireParam.Value(WireParam.VALUE_OUT, 1_700_000_000L, 123_456_789L, 0), null, null, null);
        assertGolden(13, new Message.InvokeReply(Wire.RPC | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE, params), ""
                + "30000000 01 a0 0000 0d00000000000000"   // length 48 = 12 + 36, type RPC | 0x80
                + "00000000 03000000"
                + "0200 0000"
                + "00f1536500000000"                       // a = 1700000000 s
                + "15cd5b0700000000"                       // b = 123456789 ns
                + ZERO_U64);
    }

    // ---- the encoder's buffer handling ----------------------------------------------------

    @Test
    void encode_writesLittleEndianAtThePositionAndRestoresTheBufferOrder() {
        ByteBuffer out = ByteBuffer.allocate(40).order(ByteOrder.BIG_ENDIAN);
        out.put((byte) 0x55);
        Codec.encode(8, new Message.CloseSession(0x2a), out);
        assertEquals(ByteOrder.BIG_ENDIAN, out.order());
        assertEquals(21, out.position());
        byte[] written = new byte[21];
        out.flip().get(written);
        assertEquals(Hex.normalise("55 10000000 01 04 0000 0800000000000000 2a000000"), Hex.of(written));
    }
}
