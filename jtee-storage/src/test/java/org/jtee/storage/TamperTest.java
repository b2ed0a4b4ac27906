package org.jtee.storage;

import static org.jtee.storage.LogStoreTest.DATA;
import static org.jtee.storage.LogStoreTest.OTHER;
import static org.jtee.storage.LogStoreTest.TA;
import static org.jtee.storage.LogStoreTest.bytes;
import static org.jtee.storage.LogStoreTest.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever is done to the supplicant's files — a flipped byte anywhere, a cut, a deleted file,
 * two files or two objects' chunks swapped, an older copy put back — the store answers with
 * {@code TEE_ERROR_CORRUPT_OBJECT} or {@code TEE_ERROR_SECURITY}, and never with wrong data.
 */
class TamperTest {
    @TempDir
    Path dir;
    LocalSupplicant supplicant;
    final byte[] ssk = bytes(32, 11);
    /** Object name → content, as last written. */
    final Map<String, byte[]> expected = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        supplicant = LocalSupplicant.open(dir.resolve("supplicant"));
    }

    @AfterEach
    void tearDown() {
        supplicant.close();
    }

    /** A store as after a restart of the TEE: the supplicant's open files are reopened, so replaced files are seen. */
    LogStore open() {
        supplicant.restart();
        return Stores.reeFs(supplicant.reeFiles(), ssk, dir.resolve("state"), 16 << 10);
    }

    /** A store with objects of two TAs over several segments. */
    void populate(int objects) throws TeeException {
        try (LogStore s = open()) {
            for (int i = 0; i < objects; i++) {
                byte[] data = bytes(1500 + 37 * i, i);
                s.create(i % 2 == 0 ? TA : OTHER, id("obj" + i), DATA, data, false);
                expected.put("obj" + i, data);
            }
        }
    }

    /** What a fresh mount reads: every object right, or an integrity error; returns whether any error was seen. */
    boolean checkNeverWrong() {
        boolean error = false;
        try (LogStore s = open()) {
            int i = 0;
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                try {
                    ObjectStore.Entry entry = s.find(i % 2 == 0 ? TA : OTHER, id(e.getKey()));
                    if (entry == null) {
                        fail(e.getKey() + " vanished without an error");
                    }
                    byte[] b = new byte[(int) entry.dataSize()];
                    s.read(entry.number(), 0, b, 0, b.length);
                    assertArrayEquals(e.getValue(), b, e.getKey() + " read back wrong data");
                } catch (TeeException x) {
                    assertTrue(x.result() == TeeResult.CORRUPT_OBJECT || x.result() == TeeResult.SECURITY,
                            "unexpected " + TeeResult.name(x.result()) + ": " + x.getMessage());
                    error = true;
                }
                i++;
            }
        }
        return error;
    }

    List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(supplicant.root())) {
            return s.filter(p -> p.getFileName().toString().startsWith("ree-")).sorted().toList();
        }
    }

    /** The bytes of {@code f} up to its last non-zero byte: the log, without the preallocated zeros. */
    static int usedLength(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n;
    }

    static void flip(Path f, long offset) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(offset);
            int b = r.read();
            r.seek(offset);
            r.write(b ^ 0x01);
        }
    }

    @Test
    void aFlippedByteAnywhereInTheLogIsDetectedAndNeverReadAsData() throws Exception {
        populate(4);
        for (Path f : segmentFiles()) {
            int used = usedLength(f);
            for (int off = 0; off < used; off++) {
                flip(f, off);
                boolean error = checkNeverWrong();
                flip(f, off);
                assertTrue(error, "a flip at " + off + " of " + f.getFileName() + " went unnoticed");
            }
        }
        assertTrue(!checkNeverWrong(), "the store is whole again once every flip is undone");
    }

    @Test
    void cutDeletedOrSwappedSegmentsFailTheStoreClosed() throws Exception {
        populate(30);
        List<Path> files = segmentFiles();
        assertTrue(files.size() >= 3, "the test needs several segments, has " + files.size());
        byte[] middle = Files.readAllBytes(files.get(1));
        byte[] last = Files.readAllBytes(files.getLast());

        Files.write(files.getLast(), java.util.Arrays.copyOf(last, usedLength(files.getLast()) - 100));
        assertSecurity("the head segment cut short");
        Files.write(files.getLast(), last);

        Files.delete(files.get(1));
        assertSecurity("a middle segment deleted");
        Files.write(files.get(1), middle);

        Files.delete(files.getLast());
        assertSecurity("the head segment deleted");
        Files.write(files.getLast(), last);

        Path tmp = dir.resolve("swap");
        Files.move(files.get(0), tmp);
        Files.move(files.get(1), files.get(0));
        Files.move(tmp, files.get(1));
        assertSecurity("two segments swapped");
        Files.move(files.get(1), tmp);
        Files.move(files.get(0), files.get(1));
        Files.move(tmp, files.get(0));

        for (Path f : files) {
            Files.delete(f);
        }
        assertSecurity("every file deleted");
    }

    @Test
    void anOlderCopyOfAnyFileIsDetected() throws Exception {
        populate(6);
        Path old = dir.resolve("old");
        copyDirectory(supplicant.root(), old);
        try (LogStore s = open()) {
            for (int i = 0; i < 6; i++) {
                byte[] data = bytes(700, 100 + i);
                ObjectStore.Entry e = s.find(i % 2 == 0 ? TA : OTHER, id("obj" + i));
                s.write(e.number(), 0, data, 0, data.length);
                byte[] now = expected.get("obj" + i).clone();
                System.arraycopy(data, 0, now, 0, data.length);
                expected.put("obj" + i, now);
            }
        }
        for (Path f : segmentFiles()) {
            Path older = old.resolve(f.getFileName());
            byte[] current = Files.readAllBytes(f);
            if (Files.exists(older) && !java.util.Arrays.equals(current, Files.readAllBytes(older))) {
                Files.copy(older, f, StandardCopyOption.REPLACE_EXISTING);
                assertSecurity("an older copy of " + f.getFileName());
                Files.write(f, current);
            }
        }
        copyDirectory(old, supplicant.root());
        assertSecurity("an older copy of the whole directory");
    }

    @Test
    void chunksSwappedBetweenObjectsOrTasAreCorruptObjects() throws Exception {
        byte[] a = bytes(4096, 1);
        byte[] b = bytes(4096, 2);
        long na;
        long nb;
        long nc;
        Chunk ca;
        Chunk cb;
        Chunk cc;
        try (LogStore s = open()) {
            na = s.create(TA, id("a"), DATA, a, false).number();
            nb = s.create(TA, id("b"), DATA, b, false).number();
            nc = s.create(OTHER, id("a"), DATA, b, false).number();
            // one more record, so no swapped block is in the log's last record: mount checks that
            // one's data whole, and a change there fails the whole store closed instead
            s.create(OTHER, id("last"), DATA, new byte[0], false);
            ca = s.chunkOf(na, 0);
            cb = s.chunkOf(nb, 0);
            cc = s.chunkOf(nc, 0);
        }
        expected.put("a", a);
        swapChunks(ca, cb);
        try (LogStore s = open()) {
            for (long n : new long[] {na, nb}) {
                TeeException e = org.junit.jupiter.api.Assertions.assertThrows(TeeException.class,
                        () -> s.read(n, 0, new byte[4096], 0, 4096));
                assertEquals(TeeResult.CORRUPT_OBJECT, e.result());
            }
            byte[] other = new byte[4096];
            s.read(nc, 0, other, 0, 4096);
            assertArrayEquals(b, other, "an untouched object of another TA reads right");
        }
        swapChunks(ca, cb);
        swapChunks(ca, cc);
        try (LogStore s = open()) {
            assertEquals(TeeResult.CORRUPT_OBJECT, org.junit.jupiter.api.Assertions.assertThrows(TeeException.class,
                    () -> s.read(nc, 0, new byte[4096], 0, 4096)).result());
            byte[] mine = new byte[4096];
            s.read(nb, 0, mine, 0, 4096);
            assertArrayEquals(b, mine);
        }
    }

    @Test
    void aMissingCounterFileFailsTheStoreClosed() throws Exception {
        populate(2);
        Files.delete(dir.resolve("state").resolve("ree.counter"));
        assertSecurity("the monotonic counter deleted");
    }

    void swapChunks(Chunk x, Chunk y) throws IOException {
        assertEquals(x.length, y.length);
        Path fx = supplicant.root().resolve(String.format("ree-%016x", x.segment));
        Path fy = supplicant.root().resolve(String.format("ree-%016x", y.segment));
        byte[] bx = read(fx, x.position, x.length);
        byte[] by = read(fy, y.position, y.length);
        write(fx, x.position, by);
        write(fy, y.position, bx);
    }

    static byte[] read(Path f, long at, int n) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            byte[] b = new byte[n];
            r.seek(at);
            r.readFully(b);
            return b;
        }
    }

    static void write(Path f, long at, byte[] b) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(at);
            r.write(b);
        }
    }

    void assertSecurity(String what) {
        try (LogStore s = open()) {
            TeeException e = org.junit.jupiter.api.Assertions.assertThrows(TeeException.class, () -> s.find(TA, id("obj0")), what);
            assertEquals(TeeResult.SECURITY, e.result(), what + ": " + e.getMessage());
        }
    }

    static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(to)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

}
