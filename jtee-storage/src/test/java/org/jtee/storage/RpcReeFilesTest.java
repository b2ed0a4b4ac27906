package org.jtee.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.FsRpc;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpcReeFilesTest {
    @TempDir
    Path tmp;

    private LocalSupplicant supplicant;
    private ReeFiles files;

    @BeforeEach
    void open() {
        supplicant = LocalSupplicant.open(tmp.resolve("ree"));
        files = new RpcReeFiles(supplicant);
    }

    @AfterEach
    void close() {
        supplicant.close();
    }

    @Test
    void write_read_list_roundTrip() throws Exception {
        files.write("ree.0000001.seg", 0, bytes("segment one"), true);
        files.write("ree.head", 0, bytes("h"), false);
        assertEquals("segment one", string(files.read("ree.0000001.seg", 0, 100)));
        assertEquals("one", string(files.read("ree.0000001.seg", 8, 3)));
        assertEquals(Map.of("ree.0000001.seg", 11L, "ree.head", 1L), files.list());
    }

    @Test
    void read_pastTheEnd_returnsNothing_andAMissingFile_itemNotFound() throws Exception {
        files.write("f", 0, bytes("abc"), true);
        assertEquals(0, files.read("f", 10, 5).length);
        assertEquals(0, files.read("f", 0, 0).length);
        assertEquals(TeeResult.ITEM_NOT_FOUND, assertThrows(TeeException.class, () -> files.read("g", 0, 1)).result());
    }

    @Test
    void largeWriteAndRead_areSplitIntoCallsOfTheLimit() throws Exception {
        byte[] big = new byte[2 * FsRpc.MAX_TRANSFER_BYTES + 12345];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 13));
        }
        int before = supplicant.calls(Rpc.FS);
        files.write("big", 7, big, true);
        assertEquals(3, supplicant.calls(Rpc.FS) - before);
        assertArrayEquals(big, files.read("big", 7, big.length));
        assertEquals(big.length + 7L, Files.size(supplicant.root().resolve("big")));
        assertEquals(6, supplicant.calls(Rpc.FS) - before, "three writes, three reads and no more");
    }

    @Test
    void largeRead_stopsAtTheEndOfTheFile() throws Exception {
        files.write("f", 0, new byte[FsRpc.MAX_TRANSFER_BYTES + 10], false);
        assertEquals(FsRpc.MAX_TRANSFER_BYTES + 10, files.read("f", 0, 3 * FsRpc.MAX_TRANSFER_BYTES).length);
        assertEquals(10, files.read("f", FsRpc.MAX_TRANSFER_BYTES, 3 * FsRpc.MAX_TRANSFER_BYTES).length);
    }

    @Test
    void splitWrite_syncsOnlyWithItsLastCall() throws Exception {
        List<Long> flags = new ArrayList<>();
        ReeFiles recorded = new RpcReeFiles((command, params) -> {
            flags.add(((WireParam.Value) params.get(0)).c());
            return supplicant.call(command, params);
        });
        recorded.write("f", 0, new byte[FsRpc.MAX_TRANSFER_BYTES * 2 + 1], true);
        assertEquals(List.of(0L, 0L, FsRpc.FLAG_SYNC), flags);
        flags.clear();
        recorded.write("f", 0, new byte[1], false);
        assertEquals(List.of(0L), flags);
    }

    @Test
    void emptyWrite_createsTheFile() throws Exception {
        files.write("empty", 0, new byte[0], true);
        assertEquals(Map.of("empty", 0L), files.list());
    }

    @Test
    void preallocate_truncate_remove() throws Exception {
        files.write("f", 0, bytes("abc"), false);
        files.preallocate("f", 4096);
        assertEquals(4096L, files.list().get("f"));
        assertEquals("abc", string(files.read("f", 0, 3)));
        files.truncate("f", 2);
        assertEquals("ab", string(files.read("f", 0, 4096)));
        files.remove("f");
        files.remove("f");
        assertEquals(Map.of(), files.list());
        assertEquals(TeeResult.ITEM_NOT_FOUND, assertThrows(TeeException.class, () -> files.truncate("f", 1)).result());
    }

    @Test
    void listPrefix_limitsTheListing() throws Exception {
        files.write("ree.1", 0, new byte[1], false);
        files.write("other.1", 0, new byte[2], false);
        assertEquals(Map.of("ree.1", 1L), new RpcReeFiles(supplicant, "ree.").list());
        assertThrows(IllegalArgumentException.class, () -> new RpcReeFiles(supplicant, "../"));
    }

    @Test
    void filesSurviveASupplicantRestart() throws Exception {
        files.write("f", 0, bytes("kept"), true);
        supplicant.restart();
        assertEquals("kept", string(files.read("f", 0, 4)));
    }

    @Test
    void badNamesAndRanges_badParameters_withoutACall() {
        int before = supplicant.calls(Rpc.FS);
        for (String name : new String[] {"", "../x", "a/b", ".x", "X", "a".repeat(65)}) {
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> files.read(name, 0, 1)).result(), name);
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> files.remove(name)).result(), name);
        }
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> files.read("f", -1, 1)).result());
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> files.read("f", 0, -1)).result());
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> files.truncate("f", -1)).result());
        assertEquals(TeeResult.BAD_PARAMETERS,
                assertThrows(TeeException.class, () -> files.write("f", FsRpc.MAX_FILE_BYTES, new byte[1], false)).result());
        assertEquals(before, supplicant.calls(Rpc.FS));
    }

    @Test
    void noSupplicant_storageNotAvailable() {
        supplicant.setAvailable(false);
        TeeException e = assertThrows(TeeException.class, () -> files.write("f", 0, new byte[1], true));
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, e.result());
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, assertThrows(TeeException.class, files::list).result());
    }

    @Test
    void supplicantWithoutStorage_storageNotAvailable() {
        ReeFiles none = new RpcReeFiles((command, params) -> {
            throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "no service for FS");
        });
        assertEquals(TeeResult.STORAGE_NOT_AVAILABLE, assertThrows(TeeException.class, () -> none.remove("f")).result());
    }

    @Test
    void unexpectedErrors_areGeneric() {
        ReeFiles odd = failingWith(TeeResult.SECURITY);
        assertEquals(TeeResult.GENERIC, assertThrows(TeeException.class, () -> odd.read("f", 0, 1)).result());
        ReeFiles notFoundOnWrite = failingWith(TeeResult.ITEM_NOT_FOUND);
        assertEquals(TeeResult.GENERIC, assertThrows(TeeException.class, () -> notFoundOnWrite.write("f", 0, new byte[1], false)).result());
        ReeFiles full = failingWith(TeeResult.STORAGE_NO_SPACE);
        assertEquals(TeeResult.STORAGE_NO_SPACE, assertThrows(TeeException.class, () -> full.preallocate("f", 10)).result());
    }

    @Test
    void readReply_withMoreBytesThanAskedFor_badFormat() throws Exception {
        files.write("f", 0, bytes("abcdef"), true);
        ReeFiles tampered = tampering(out -> withData(out, bytes("abcdefgh")));
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> tampered.read("f", 0, 4)).result());
    }

    @Test
    void readReply_withoutItsBuffer_orOfAnotherType_badFormat() throws Exception {
        files.write("f", 0, bytes("abc"), true);
        ReeFiles noBuffer = tampering(out -> WireParams.of(out.get(0), out.get(1), null, null));
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> noBuffer.read("f", 0, 3)).result());
        ReeFiles value = tampering(out -> WireParams.of(out.get(0), out.get(1),
                new WireParam.Value(WireParam.VALUE_OUT, 1, 2, 3), null));
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> value.read("f", 0, 3)).result());
    }

    @Test
    void listReply_thatDoesNotParse_badFormat() throws Exception {
        files.write("ree.1", 0, new byte[1], false);
        byte[] good = FsRpc.encodeListing(Map.of("ree.1", 1L));
        for (byte[] bad : new byte[][] {
            Arrays.copyOf(good, good.length - 1),
            Arrays.copyOf(good, good.length + 1),
            {5, 0, 0, 0},
            FsRpc.encodeListing(Map.of("other", 1L)),
            withSize(good, -1),
            withNameByte(good, (byte) '/'),
        }) {
            ReeFiles tampered = new RpcReeFiles(tamperedCalls(out -> withData(out, bad)), "ree.");
            TeeException e = assertThrows(TeeException.class, tampered::list);
            assertEquals(TeeResult.BAD_FORMAT, e.result(), e.getMessage());
        }
    }

    // ---- helpers

    private ReeFiles failingWith(int result) {
        return new RpcReeFiles((command, params) -> {
            throw new TeeException(result, ReturnOrigin.TEE, "refused");
        });
    }

    private ReeFiles tampering(UnaryOperator<WireParams> change) {
        return new RpcReeFiles(tamperedCalls(change));
    }

    private SupplicantCalls tamperedCalls(UnaryOperator<WireParams> change) {
        return (command, params) -> change.apply(supplicant.call(command, params));
    }

    private static WireParams withData(WireParams out, byte[] data) {
        return WireParams.of(out.get(0), out.get(1), new WireParam.TempMem(WireParam.TMEM_OUT, false, data.length, data), out.get(3));
    }

    /** The first entry's size set to {@code size}. */
    private static byte[] withSize(byte[] listing, long size) {
        byte[] b = listing.clone();
        int at = 4 + 1 + b[4];
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (size >>> (8 * i));
        }
        return b;
    }

    /** The first entry's first name character set to {@code c}. */
    private static byte[] withNameByte(byte[] listing, byte c) {
        byte[] b = listing.clone();
        b[5] = c;
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
