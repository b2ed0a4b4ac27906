package org.jtee.supplicant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.RpmbFrames;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpmbServiceTest {
    private static final RpmbImage.Geometry GEOMETRY = new RpmbImage.Geometry(RpmbService.DEFAULT_SIZE_MULT,
            RpmbService.DEFAULT_REL_WR_SEC_C);
    private static final int BLOCKS = GEOMETRY.blocks();

    @TempDir
    Path dir;

    private final byte[] key = new byte[32];
    private Mac mac;
    private RpmbService rpmb;

    @BeforeEach
    void open() throws Exception {
        Arrays.fill(key, (byte) 0x5A);
        key[0] = 1;
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        rpmb = new RpmbService(dir, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
    }

    @AfterEach
    void close() {
        rpmb.close();
    }

    @Test
    void servesRpmb() {
        assertEquals(Rpc.RPMB, rpmb.command());
    }

    @Test
    void deviceInfo_cidSizeAndReliableWriteCount_theCidKeptAcrossRestarts() throws Exception {
        byte[] info = deviceInfo();
        assertEquals(RpmbFrames.DEV_INFO_BYTES, info.length);
        assertEquals(RpmbService.DEFAULT_SIZE_MULT, info[16]);
        assertEquals(RpmbService.DEFAULT_REL_WR_SEC_C, info[17]);
        assertEquals(RpmbFrames.DEV_INFO_OK, info[18]);
        restart();
        assertArrayEquals(info, deviceInfo());
    }

    @Test
    void image_isOwnerOnly_andHasTheWholeSize() throws Exception {
        deviceInfo();
        Path image = dir.resolve(RpmbImage.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));
        assertEquals(RpmbImage.dataOffset(GEOMETRY) + (long) BLOCKS * RpmbFrames.BLOCK_BYTES, Files.size(image));
    }

    @Test
    void beforeTheKey_everythingButKeyProgramming_keyNotProgrammed() throws Exception {
        ByteBuffer c = frame(counterRead(nonce(1)), 0);
        assertEquals(RpmbFrames.RESULT_KEY_NOT_PROGRAMMED, RpmbFrames.result(c));
        assertArrayEquals(new byte[32], RpmbFrames.bytes(c, RpmbFrames.MAC_OFFSET, 32), "no MAC without a key");
        assertEquals(RpmbFrames.RESULT_KEY_NOT_PROGRAMMED, RpmbFrames.result(frame(write(0, 0, blocks(1, 7), true), 0)));
        assertEquals(RpmbFrames.RESULT_KEY_NOT_PROGRAMMED, RpmbFrames.result(frame(read(0, 1, nonce(2)), 0)));
    }

    @Test
    void keyProgram_once_aSecondIsAGeneralFailure_andTheFirstKeyStays() throws Exception {
        ByteBuffer r = frame(programKey(key), 0);
        assertEquals(RpmbFrames.responseType(RpmbFrames.REQ_KEY_PROGRAM), RpmbFrames.type(r));
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(r));
        byte[] other = key.clone();
        other[5] ^= 1;
        assertEquals(RpmbFrames.RESULT_GENERAL_FAILURE, RpmbFrames.result(frame(programKey(other), 0)));
        byte[] counter = counterRead(nonce(3));
        assertTrue(RpmbFrames.verify(mac, counter, 1), "still MACed with the first key");
    }

    @Test
    void counterRead_echoesTheNonce_withAMac() throws Exception {
        programKey(key);
        byte[] r = counterRead(nonce(9));
        ByteBuffer f = frame(r, 0);
        assertEquals(RpmbFrames.responseType(RpmbFrames.REQ_COUNTER_READ), RpmbFrames.type(f));
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(f));
        assertEquals(0, RpmbFrames.writeCounter(f));
        assertArrayEquals(nonce(9), RpmbFrames.bytes(f, RpmbFrames.NONCE_OFFSET, 16));
        assertTrue(RpmbFrames.verify(mac, r, 1));
    }

    @Test
    void write_thenRead_roundTrip_withMacs_andTheCounterUpByOnePerWrite() throws Exception {
        programKey(key);
        byte[] data = blocks(2, 0x33);
        byte[] w = write(10, 0, data, true);
        ByteBuffer wf = frame(w, 0);
        assertEquals(RpmbFrames.responseType(RpmbFrames.REQ_WRITE), RpmbFrames.type(wf));
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(wf));
        assertEquals(1, RpmbFrames.writeCounter(wf));
        assertEquals(10, RpmbFrames.address(wf));
        assertTrue(RpmbFrames.verify(mac, w, 1));

        byte[] r = read(9, 4, nonce(4));
        assertTrue(RpmbFrames.verify(mac, r, 4));
        for (int i = 0; i < 4; i++) {
            ByteBuffer f = frame(r, i);
            assertEquals(RpmbFrames.responseType(RpmbFrames.REQ_READ), RpmbFrames.type(f));
            assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(f));
            assertEquals(9, RpmbFrames.address(f));
            assertEquals(4, RpmbFrames.blockCount(f));
            assertArrayEquals(nonce(4), RpmbFrames.bytes(f, RpmbFrames.NONCE_OFFSET, 16));
        }
        assertArrayEquals(concat(new byte[256], data, new byte[256]), dataOf(r, 4));
        assertEquals(2, RpmbFrames.writeCounter(frame(write(0, 1, blocks(1, 1), true), 0)));
    }

    @Test
    void write_withABadMac_authFailure_andNothingChanges() throws Exception {
        programKey(key);
        write(0, 0, blocks(1, 0x11), true);
        ByteBuffer r = frame(write(0, 1, blocks(1, 0x22), false), 0);
        assertEquals(RpmbFrames.RESULT_AUTH_FAILURE, RpmbFrames.result(r));
        assertEquals(1, RpmbFrames.writeCounter(r));
        assertArrayEquals(blocks(1, 0x11), dataOf(read(0, 1, nonce(1)), 1));
        assertEquals(1, RpmbFrames.writeCounter(frame(counterRead(nonce(2)), 0)));
    }

    @Test
    void write_withAStaleCounter_counterFailure_andNothingChanges() throws Exception {
        programKey(key);
        write(0, 0, blocks(1, 0x11), true);
        ByteBuffer r = frame(write(0, 0, blocks(1, 0x22), true), 0);
        assertEquals(RpmbFrames.RESULT_COUNTER_FAILURE, RpmbFrames.result(r));
        assertArrayEquals(blocks(1, 0x11), dataOf(read(0, 1, nonce(1)), 1));
    }

    @Test
    void addressesOutOfRange_addressFailure() throws Exception {
        programKey(key);
        assertEquals(RpmbFrames.RESULT_ADDRESS_FAILURE, RpmbFrames.result(frame(write(BLOCKS - 1, 0, blocks(2, 1), true), 0)));
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(frame(write(BLOCKS - 2, 0, blocks(2, 1), true), 0)));
        assertEquals(RpmbFrames.RESULT_ADDRESS_FAILURE, RpmbFrames.result(frame(read(BLOCKS - 1, 2, nonce(1)), 1)));
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(frame(read(BLOCKS - 1, 1, nonce(1)), 0)));
    }

    @Test
    void writeOfMoreBlocksThanAReliableWrite_generalFailure() throws Exception {
        programKey(key);
        ByteBuffer r = frame(write(0, 0, blocks(GEOMETRY.blocksPerWrite() + 1, 1), true), 0);
        assertEquals(RpmbFrames.RESULT_GENERAL_FAILURE, RpmbFrames.result(r));
        assertEquals(0, RpmbFrames.writeCounter(r));
    }

    @Test
    void resultRead_repeatsTheLastWritesResult_withAFreshMac() throws Exception {
        programKey(key);
        write(5, 0, blocks(1, 1), true);
        byte[] request = RpmbFrames.frames(1);
        RpmbFrames.put(frame(request, 0), RpmbFrames.REQ_RESULT_READ, 0, 0, 0, 0);
        byte[] r = data(request, 1);
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(frame(r, 0)));
        assertEquals(5, RpmbFrames.address(frame(r, 0)));
        assertEquals(1, RpmbFrames.writeCounter(frame(r, 0)));
        assertTrue(RpmbFrames.verify(mac, r, 1));
    }

    @Test
    void theDevice_survivesARestart_keyCounterAndData() throws Exception {
        programKey(key);
        write(100, 0, blocks(2, 0x44), true);
        write(101, 1, blocks(1, 0x55), true);
        restart();
        assertEquals(2, RpmbFrames.writeCounter(frame(counterRead(nonce(1)), 0)));
        assertTrue(RpmbFrames.verify(mac, counterRead(nonce(2)), 1));
        assertArrayEquals(concat(blocks(1, 0x44), blocks(1, 0x55)), dataOf(read(100, 2, nonce(3)), 2));
        assertEquals(RpmbFrames.RESULT_GENERAL_FAILURE, RpmbFrames.result(frame(programKey(key), 0)));
    }

    @Test
    void crashAfterTheRecord_beforeTheBlocksWereInPlace_theWriteIsThere() throws Exception {
        Crash c = crashDuringSecondWrite();
        c.put(c.record, c.record.length);
        assertAfterRestart(2, blocks(1, 0x22));
    }

    @Test
    void crashWithHalfTheRecordWritten_theWriteIsNotThere() throws Exception {
        Crash c = crashDuringSecondWrite();
        c.put(c.record, Crash.RECORD_BYTES / 2);
        assertAfterRestart(1, blocks(1, 0x11));
    }

    @Test
    void crashWithOneTornSectorInTheRecord_theWriteIsNotThere() throws Exception {
        Crash c = crashDuringSecondWrite();
        byte[] torn = c.record.clone();
        Arrays.fill(torn, 100, 150, (byte) 0);
        c.put(torn, torn.length);
        assertAfterRestart(1, blocks(1, 0x11));
    }

    @Test
    void corruptSuperblock_generic_andTheImageIsLeftAsItIs() throws Exception {
        programKey(key);
        rpmb.close();
        Path image = dir.resolve(RpmbImage.FILE_NAME);
        byte[] bytes = Files.readAllBytes(image);
        bytes[12] ^= 1;
        Files.write(image, bytes);
        rpmb = new RpmbService(dir, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
        assertEquals(TeeResult.GENERIC, assertThrows(TeeException.class, this::deviceInfo).result());
        assertArrayEquals(bytes, Files.readAllBytes(image));
    }

    @Test
    void anExistingImage_keepsItsGeometry_aNewOneHasTheConfiguredOne() throws Exception {
        deviceInfo();
        rpmb.close();
        rpmb = new RpmbService(dir, 1, 4);
        assertEquals(RpmbService.DEFAULT_SIZE_MULT, deviceInfo()[16]);
        rpmb.close();
        rpmb = new RpmbService(dir.resolve("other"), 1, 4);
        byte[] info = deviceInfo();
        assertEquals(1, info[16]);
        assertEquals(4, info[17]);
    }

    @Test
    void malformedRequests_badParameters_otherDevices_itemNotFound() {
        byte[] one = RpmbFrames.frames(1);
        RpmbFrames.put(frame(one, 0), RpmbFrames.REQ_COUNTER_READ, 0, 0, 0, 0);
        assertEquals(TeeResult.BAD_PARAMETERS, failure(new byte[3], 512));
        assertEquals(TeeResult.ITEM_NOT_FOUND, failure(concat(RpmbFrames.header(0, 1, 0), one), 512));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(concat(RpmbFrames.header(2, 0, 0), one), 512));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(concat(RpmbFrames.header(0, 0, 0), Arrays.copyOf(one, 511)), 512));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(concat(RpmbFrames.header(0, 0, 0), one), 511));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(concat(RpmbFrames.header(0, 0, 0), one), 1024));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(RpmbFrames.header(1, 0, 0), 20));
        byte[] mixed = concat(one, one);
        RpmbFrames.put(frame(mixed, 1), RpmbFrames.REQ_WRITE, 0, 0, 0, 0);
        assertEquals(TeeResult.BAD_PARAMETERS, failure(concat(RpmbFrames.header(0, 0, 0), mixed), 512));
        byte[] response = RpmbFrames.frames(1);
        RpmbFrames.put(frame(response, 0), RpmbFrames.responseType(RpmbFrames.REQ_READ), 0, 0, 0, 0);
        assertEquals(TeeResult.BAD_PARAMETERS, failure(concat(RpmbFrames.header(0, 0, 0), response), 512));
        byte[] read = RpmbFrames.frames(1);
        RpmbFrames.put(frame(read, 0), RpmbFrames.REQ_READ, 0, 0, 0, 0);
        assertEquals(TeeResult.BAD_PARAMETERS,
                failure(concat(RpmbFrames.header(0, 0, 0), read), (RpmbFrames.MAX_RESPONSE_FRAMES + 1L) * 512));
    }

    // ---- crash simulation

    /** The image after the key and a first write (block 0 = 0x11), and the record a second write (0x22) would add. */
    private record Crash(Path image, byte[] record, long recordOffset) {
        /** The bytes of a one-block write's record: header, block, hash. */
        static final int RECORD_BYTES = RpmbImage.RECORD_HEADER_BYTES + 256 + 32;

        void put(byte[] bytes, int length) throws Exception {
            try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes, 0, length), recordOffset);
            }
        }
    }

    private Crash crashDuringSecondWrite() throws Exception {
        programKey(key);
        write(0, 0, blocks(1, 0x11), true);
        rpmb.close();
        Path image = dir.resolve(RpmbImage.FILE_NAME);
        byte[] before = Files.readAllBytes(image);
        rpmb = new RpmbService(dir, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
        write(0, 1, blocks(1, 0x22), true);
        rpmb.close();
        byte[] after = Files.readAllBytes(image);
        long offset = RpmbImage.SUPERBLOCK_BYTES + (3 % 2) * (long) GEOMETRY.slotBytes(); // records: key 1, write 2, write 3
        byte[] record = Arrays.copyOfRange(after, (int) offset, (int) offset + GEOMETRY.slotBytes());
        assertFalse(Arrays.equals(record, Arrays.copyOfRange(before, (int) offset, (int) offset + GEOMETRY.slotBytes())));
        Files.write(image, before);
        return new Crash(image, record, offset);
    }

    private void assertAfterRestart(long counter, byte[] block0) throws Exception {
        rpmb = new RpmbService(dir, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
        assertEquals(counter, RpmbFrames.writeCounter(frame(counterRead(nonce(1)), 0)));
        assertArrayEquals(block0, dataOf(read(0, 1, nonce(2)), 1));
        rpmb.close();
        rpmb = new RpmbService(dir, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
        assertArrayEquals(block0, dataOf(read(0, 1, nonce(3)), 1), "the recovered state is durable too");
        assertEquals(RpmbFrames.RESULT_OK, RpmbFrames.result(frame(write(1, counter, blocks(1, 9), true), 0)));
    }

    // ---- the core's side of the frames, written plainly

    private void restart() {
        rpmb.close();
        rpmb = new RpmbService(dir, RpmbService.DEFAULT_SIZE_MULT, RpmbService.DEFAULT_REL_WR_SEC_C);
    }

    private byte[] deviceInfo() throws TeeException {
        return call(RpmbFrames.header(RpmbFrames.CMD_GET_DEV_INFO, 0, 0), RpmbFrames.DEV_INFO_BYTES);
    }

    private byte[] programKey(byte[] k) throws TeeException {
        byte[] f = RpmbFrames.frames(1);
        RpmbFrames.put(frame(f, 0), RpmbFrames.REQ_KEY_PROGRAM, 0, 0, 0, 0);
        System.arraycopy(k, 0, f, RpmbFrames.MAC_OFFSET, 32);
        return data(f, 1);
    }

    private byte[] counterRead(byte[] nonce) throws TeeException {
        byte[] f = RpmbFrames.frames(1);
        RpmbFrames.put(frame(f, 0), RpmbFrames.REQ_COUNTER_READ, 0, 0, 0, 0);
        System.arraycopy(nonce, 0, f, RpmbFrames.NONCE_OFFSET, 16);
        return data(f, 1);
    }

    private byte[] write(int address, long counter, byte[] data, boolean goodMac) throws TeeException {
        int n = data.length / 256;
        byte[] f = RpmbFrames.frames(n);
        for (int i = 0; i < n; i++) {
            RpmbFrames.put(frame(f, i), RpmbFrames.REQ_WRITE, 0, address, n, counter);
            System.arraycopy(data, i * 256, f, i * 512 + RpmbFrames.DATA_OFFSET, 256);
        }
        RpmbFrames.sign(mac, f, n);
        if (!goodMac) {
            f[(n - 1) * 512 + RpmbFrames.MAC_OFFSET] ^= 1;
        }
        return data(f, 1);
    }

    private byte[] read(int address, int count, byte[] nonce) throws TeeException {
        byte[] f = RpmbFrames.frames(1);
        RpmbFrames.put(frame(f, 0), RpmbFrames.REQ_READ, 0, address, 0, 0);
        System.arraycopy(nonce, 0, f, RpmbFrames.NONCE_OFFSET, 16);
        return data(f, count);
    }

    private byte[] data(byte[] frames, int responseFrames) throws TeeException {
        return call(concat(RpmbFrames.header(RpmbFrames.CMD_DATA_REQUEST, 0, responseFrames), frames), responseFrames * 512L);
    }

    private byte[] call(byte[] request, long outBytes) throws TeeException {
        WireParams out = rpmb.serve(WireParams.of(new WireParam.TempMem(WireParam.TMEM_IN, false, request.length, request),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, outBytes, new byte[0]), null, null));
        WireParam.TempMem t = (WireParam.TempMem) out.get(1);
        assertEquals(outBytes, t.data().length);
        return t.data();
    }

    private int failure(byte[] request, long outBytes) {
        return assertThrows(TeeException.class, () -> call(request, outBytes)).result();
    }

    private static ByteBuffer frame(byte[] frames, int i) {
        return RpmbFrames.frame(frames, i);
    }

    private static byte[] dataOf(byte[] frames, int count) {
        byte[] d = new byte[count * 256];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frames, i * 512 + RpmbFrames.DATA_OFFSET, d, i * 256, 256);
        }
        return d;
    }

    private static byte[] blocks(int count, int fill) {
        byte[] b = new byte[count * 256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (fill + i / 256);
        }
        return b;
    }

    private static byte[] nonce(int seed) {
        byte[] n = new byte[16];
        Arrays.fill(n, (byte) seed);
        n[15] = (byte) 0xEE;
        return n;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
