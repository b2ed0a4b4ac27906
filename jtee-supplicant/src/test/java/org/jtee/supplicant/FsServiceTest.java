package org.jtee.supplicant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.FsRpc;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FsServiceTest {
    @TempDir
    Path tmp;

    private Path root;
    private FsService fs;

    private FsService fs() {
        if (fs == null) {
            root = tmp.resolve("storage");
            fs = new FsService(root);
        }
        return fs;
    }

    @AfterEach
    void close() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void servesFs() {
        assertEquals(Rpc.FS, fs().command());
    }

    @Test
    void write_thenRead_returnsTheBytes_andTheFileHoldsThem() throws Exception {
        write("ree.0001.seg", 0, bytes("hello world"), false);
        write("ree.0001.seg", 6, bytes("WORLD"), true);
        assertEquals("hello WORLD", string(read("ree.0001.seg", 0, 100)));
        assertEquals("WORLD", string(read("ree.0001.seg", 6, 5)));
        assertEquals("hello WORLD", Files.readString(root.resolve("ree.0001.seg")));
    }

    @Test
    void read_atAndPastTheEnd_returnsFewerOrNoBytes() throws Exception {
        write("f", 0, bytes("abc"), false);
        assertEquals("bc", string(read("f", 1, 10)));
        assertEquals(0, read("f", 3, 10).length);
        assertEquals(0, read("f", 1000, 10).length);
    }

    @Test
    void write_pastTheEnd_leavesZerosBetween() throws Exception {
        write("f", 4, bytes("x"), true);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 'x'}, read("f", 0, 10));
    }

    @Test
    void read_ofAMissingFile_itemNotFound() {
        assertEquals(TeeResult.ITEM_NOT_FOUND, failure(() -> read("missing", 0, 1)));
    }

    @Test
    void createdDirectory_isOwnerOnly_andFilesToo() throws Exception {
        write("f", 0, bytes("x"), true);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("f"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../escape", "a/b", "/etc/passwd", ".hidden", "UPPER", "under_score", "sp ace",
        "nul\u0000", "caf\u00e9", "12345678901234567890123456789012345678901234567890123456789012345"})
    void badNames_badParameters_andNothingIsCreated(String name) throws Exception {
        fs();
        WireParams p = request(FsRpc.WRITE, 0, 0, name.getBytes(StandardCharsets.UTF_8),
                new WireParam.TempMem(WireParam.TMEM_IN, false, 1, new byte[] {1}));
        TeeException e = assertThrows(TeeException.class, () -> fs().serve(p));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        assertFalse(Files.exists(tmp.resolve("escape")));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(f -> !f.equals(root)).toList());
        }
    }

    @Test
    void longestName_andAllTheCharacters_areFine() throws Exception {
        String name = "abcdefghijklmnopqrstuvwxyz-0123456789.abcdefghijklmnopqrstuvwxyz";
        assertEquals(FsRpc.MAX_NAME_LENGTH, name.length());
        write(name, 0, bytes("x"), true);
        assertEquals("x", string(read(name, 0, 1)));
    }

    @Test
    void write_throughASymbolicLink_fails_andTheTargetIsUnchanged() throws Exception {
        write("real", 0, bytes("x"), true);
        Path outside = Files.writeString(tmp.resolve("outside"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertEquals(TeeResult.GENERIC, failure(() -> write("link", 0, bytes("overwritten"), true)));
        assertEquals("secret", Files.readString(outside));
        assertEquals(Map.of("real", 1L), list(""));
    }

    @Test
    void write_unknownFlags_badParameters() {
        WireParams p = request(FsRpc.WRITE, 0, 2, bytes("f"), new WireParam.TempMem(WireParam.TMEM_IN, false, 1, new byte[1]));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> fs().serve(p)));
    }

    @Test
    void write_withSync_isReadByAnotherReader() throws Exception {
        write("f", 0, bytes("durable"), true);
        assertEquals("durable", Files.readString(root.resolve("f")));
    }

    @Test
    void transfersAboveTheLimit_badParameters() {
        byte[] big = new byte[FsRpc.MAX_TRANSFER_BYTES + 1];
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> write("f", 0, big, false)));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> read("f", 0, FsRpc.MAX_TRANSFER_BYTES + 1)));
    }

    @Test
    void read_longerThanItsBuffer_badParameters() {
        WireParams p = request(FsRpc.READ, 0, 100, bytes("f"), new WireParam.TempMem(WireParam.TMEM_OUT, false, 99, new byte[0]));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> fs().serve(p)));
    }

    @Test
    void negativeOffset_badParameters() {
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> read("f", -1, 1)));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> write("f", Long.MAX_VALUE, bytes("x"), false)));
    }

    @Test
    void unknownSubCommand_notSupported_andMissingValue_badParameters() {
        assertEquals(TeeResult.NOT_SUPPORTED, failure(() -> fs().serve(request(99, 0, 0, bytes("f"), null))));
        assertEquals(TeeResult.NOT_SUPPORTED, failure(() -> fs().serve(request(0, 0, 0, bytes("f"), null))));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> fs().serve(WireParams.EMPTY)));
    }

    @Test
    void preallocate_extendsWithRealZeros_andKeepsTheData() throws Exception {
        write("f", 0, bytes("abc"), false);
        simple(FsRpc.PREALLOCATE, "f", 1 << 20);
        Path f = root.resolve("f");
        assertEquals(1 << 20, Files.size(f));
        byte[] all = Files.readAllBytes(f);
        assertEquals("abc", new String(all, 0, 3, StandardCharsets.US_ASCII));
        assertTrue(Arrays.mismatch(all, 3, all.length, new byte[all.length - 3], 0, all.length - 3) < 0);
        assertTrue(allocatedBytes(f) >= 1 << 20, "preallocated blocks are allocated, not a hole: " + allocatedBytes(f));
    }

    @Test
    void preallocate_shorterThanTheFile_changesNothing_andCreatesAMissingFile() throws Exception {
        write("f", 0, bytes("abcdef"), false);
        simple(FsRpc.PREALLOCATE, "f", 2);
        assertEquals("abcdef", string(read("f", 0, 10)));
        simple(FsRpc.PREALLOCATE, "new", 10);
        assertEquals(10, Files.size(root.resolve("new")));
    }

    @Test
    void truncate_cutsAndExtendsWithZeros() throws Exception {
        write("f", 0, bytes("abcdef"), false);
        simple(FsRpc.TRUNCATE, "f", 2);
        assertEquals("ab", string(read("f", 0, 10)));
        simple(FsRpc.TRUNCATE, "f", 4);
        assertArrayEquals(new byte[] {'a', 'b', 0, 0}, read("f", 0, 10));
        assertEquals(TeeResult.ITEM_NOT_FOUND, failure(() -> simple(FsRpc.TRUNCATE, "missing", 1)));
    }

    @Test
    void remove_deletesTheFile_andAMissingOneIsFine() throws Exception {
        write("f", 0, bytes("abc"), true);
        simple(FsRpc.REMOVE, "f", 0);
        assertFalse(Files.exists(root.resolve("f")));
        assertEquals(TeeResult.ITEM_NOT_FOUND, failure(() -> read("f", 0, 1)));
        simple(FsRpc.REMOVE, "f", 0);
    }

    @Test
    void write_afterRemove_createsAFreshFile() throws Exception {
        write("f", 0, bytes("old data"), true);
        simple(FsRpc.REMOVE, "f", 0);
        write("f", 0, bytes("new"), true);
        assertEquals("new", Files.readString(root.resolve("f")));
    }

    @Test
    void list_namesAndSizes_skippingWhatIsNotAStorageFile() throws Exception {
        write("ree.1", 0, new byte[10], false);
        write("ree.2", 0, new byte[0], false);
        write("other", 0, new byte[3], false);
        Files.writeString(root.resolve("rpmb_device.img"), "x");
        Files.writeString(root.resolve("Upper"), "x");
        Files.createDirectory(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("ree.link"), root.resolve("ree.1"));
        assertEquals(Map.of("ree.1", 10L, "ree.2", 0L, "other", 3L), list(""));
        assertEquals(Map.of("ree.1", 10L, "ree.2", 0L), list("ree."));
        assertEquals(Map.of(), list("none"));
    }

    @Test
    void list_ofANewDirectory_isEmpty_andABadPrefix_badParameters() throws Exception {
        assertEquals(Map.of(), list(""));
        assertEquals(TeeResult.BAD_PARAMETERS, failure(() -> list("../")));
    }

    @Test
    void list_largerThanItsBuffer_shortBuffer() throws Exception {
        write("a", 0, new byte[1], false);
        WireParams p = request(FsRpc.LIST, 0, 0, new byte[0], new WireParam.TempMem(WireParam.TMEM_OUT, false, 10, new byte[0]));
        assertEquals(TeeResult.SHORT_BUFFER, failure(() -> fs().serve(p)));
    }

    @Test
    void moreFilesThanStayOpen_allReadBack() throws Exception {
        int n = FsService.OPEN_FILES * 2 + 3;
        for (int i = 0; i < n; i++) {
            write("f" + i, 0, bytes("v" + i), false);
        }
        for (int i = n - 1; i >= 0; i--) {
            assertEquals("v" + i, string(read("f" + i, 0, 10)));
        }
        assertEquals(n, list("").size());
    }

    @Test
    void concurrentWritersAndReaders_seeTheirOwnData() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String name = "t" + (id + i) % (FsService.OPEN_FILES + 8);
                        byte[] mine = bytes(id + ":" + i);
                        write(name, 64L * id, mine, i % 10 == 0);
                        assertArrayEquals(mine, read(name, 64L * id, mine.length));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @Test
    void closedService_reopensFilesWhenUsedAgain() throws Exception {
        write("f", 0, bytes("abc"), false);
        fs().close();
        assertEquals("abc", string(read("f", 0, 3)));
    }

    @Test
    void noSpace_isRecognisedByItsReason() {
        assertTrue(FsService.isNoSpace(new FileSystemException("/x", null, "No space left on device")));
        assertTrue(FsService.isNoSpace(new IOException("write failed", new IOException("Disk quota exceeded"))));
        assertFalse(FsService.isNoSpace(new IOException("Input/output error")));
    }

    // ---- helpers

    interface Call {
        void run() throws Exception;
    }

    private static int failure(Call call) {
        return assertThrows(TeeException.class, call::run).result();
    }

    private void write(String name, long offset, byte[] data, boolean sync) throws TeeException {
        fs().serve(request(FsRpc.WRITE, offset, sync ? FsRpc.FLAG_SYNC : 0, bytes(name),
                new WireParam.TempMem(WireParam.TMEM_IN, false, data.length, data)));
    }

    private byte[] read(String name, long offset, int length) throws TeeException {
        WireParams out = fs().serve(request(FsRpc.READ, offset, length, bytes(name),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, Math.max(length, 0), new byte[0])));
        WireParam.TempMem t = (WireParam.TempMem) out.get(2);
        assertEquals(t.size(), t.data().length);
        return t.data();
    }

    private Map<String, Long> list(String prefix) throws TeeException {
        WireParams out = fs().serve(request(FsRpc.LIST, 0, 0, bytes(prefix),
                new WireParam.TempMem(WireParam.TMEM_OUT, false, FsRpc.MAX_TRANSFER_BYTES, new byte[0])));
        return FsRpc.decodeListing(((WireParam.TempMem) out.get(2)).data());
    }

    private void simple(int sub, String name, long b) throws TeeException {
        fs().serve(request(sub, b, 0, bytes(name), null));
    }

    private static WireParams request(int sub, long b, long c, byte[] name, WireParam data) {
        return WireParams.of(new WireParam.Value(WireParam.VALUE_IN, sub, b, c),
                new WireParam.TempMem(WireParam.TMEM_IN, false, name.length, name), data, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Blocks the file system has allocated to {@code f}, in bytes, from {@code stat}. */
    private static long allocatedBytes(Path f) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("stat", "-c", "%b %B", f.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no stat command: " + e.getMessage());
            return 0;
        }
        String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        Assumptions.assumeTrue(p.waitFor() == 0 && out.length == 2, "stat -c failed");
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
