package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedMemoryTest {
    private static final Path SHM = Path.of("/dev/shm");
    private static final int SIZE = 2 * 4096;

    private final List<Path> created = new ArrayList<>();
    private Path file;

    @BeforeEach
    void createShmFile() throws IOException {
        assumeTrue(Files.isDirectory(SHM), "needs /dev/shm");
        file = track(Files.createTempFile(SHM, "jtee-os-test-", ".shm"));
        Files.write(file, new byte[SIZE]);
    }

    @AfterEach
    void deleteFiles() throws IOException {
        for (Path p : created.reversed()) {
            Files.deleteIfExists(p);
        }
    }

    private Path track(Path p) {
        created.add(p);
        return p;
    }

    @Test
    void map_shmFile_sharesWritesWithFileChannelMapping() throws IOException {
        try (Arena arena = Arena.ofConfined();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment ours = SharedMemory.map(file, SIZE, Hardening.uid(), arena).memory();
            MemorySegment theirs = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
            assertEquals(SIZE, ours.byteSize());

            ours.set(JAVA_LONG, 4096, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, theirs.get(JAVA_LONG, 4096));
            theirs.set(JAVA_INT, SIZE - 4, 0xCAFE);
            assertEquals(0xCAFE, ours.get(JAVA_INT, SIZE - 4));
        }
    }

    @Test
    void map_closingTheArena_unmaps() throws IOException {
        MemorySegment segment;
        try (Arena arena = Arena.ofConfined()) {
            segment = SharedMemory.map(file, SIZE, Hardening.uid(), arena).memory();
            segment.set(JAVA_INT, 0, 7);
        }
        assertThrows(IllegalStateException.class, () -> segment.get(JAVA_INT, 0));
        assertEquals(7, ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder()).getInt(0));
    }

    @Test
    void map_sizeZero_checksButMapsNothing() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, SharedMemory.map(file, 0, Hardening.uid(), arena).memory().byteSize());
            assertThrows(IOException.class, () -> SharedMemory.map(file, 0, Hardening.uid() + 1, arena));
        }
    }

    @Test
    void map_negativeSize_isIllegal() {
        assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.map(file, -1, Hardening.uid(), Arena.global()));
    }

    @Test
    void map_fileOnDisk_isRefused() throws IOException {
        Path disk = track(Files.createTempFile(diskDirectory(), "jtee-os-test-", ".bin"));
        Files.write(disk, new byte[SIZE]);
        assertRefused(disk, SIZE, Hardening.uid(), disk + ": not on tmpfs");
    }

    @Test
    void map_symlink_isRefused() throws IOException {
        Path link = track(SHM.resolve(file.getFileName() + ".link"));
        Files.createSymbolicLink(link, file);
        IOException e = assertRefused(link, SIZE, Hardening.uid(), link + ": open: ");
        assertEquals(40, ((ErrnoException) e).errno()); // ELOOP, from O_NOFOLLOW
    }

    @Test
    void map_wrongOwner_isRefused() {
        long uid = Hardening.uid();
        assertRefused(file, SIZE, uid + 1, file + ": owned by uid " + uid + ", expected " + (uid + 1));
    }

    @Test
    void map_largerThanTheFile_isRefused() {
        assertRefused(file, SIZE + 1, Hardening.uid(), file + ": file size " + SIZE + " is smaller than");
    }

    @Test
    void map_directory_isRefused() throws IOException {
        Path directory = track(Files.createTempDirectory(SHM, "jtee-os-test-"));
        IOException e = assertRefused(directory, 0, Hardening.uid(), directory + ": open: ");
        assertEquals(21, ((ErrnoException) e).errno()); // EISDIR
    }

    @Test
    void map_fileWithSecondHardLink_isRefused() throws IOException {
        Path link = track(SHM.resolve(file.getFileName() + ".hardlink"));
        Files.createLink(link, file);
        assertRefused(file, SIZE, Hardening.uid(), file + ": has 2 hard links, expected at most 1");
    }

    @Test
    void map_fifo_isRefusedWithoutBlocking() throws Exception {
        Path fifo = track(SHM.resolve(file.getFileName() + ".fifo"));
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "needs mkfifo");
        assertRefused(fifo, 0, Hardening.uid(), fifo + ": not a regular file");
    }

    @Test
    void map_fileTruncatedAfterMapping_givesInternalErrorNotACrash() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = SharedMemory.map(file, SIZE, Hardening.uid(), arena).memory();
            segment.set(JAVA_INT, 4096, 1);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            assertThrows(InternalError.class, () -> segment.get(JAVA_INT, 4096));
            assertThrows(InternalError.class, () -> segment.set(JAVA_INT, 0, 2));
        }
    }

    @Test
    void backedForGood_memorySealedAtItsSize_coversItsSizeAndNoMore() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SharedMemory.Shared sealed = SharedMemory.create("jtee-os-test", SIZE, arena);
            assertTrue(SharedMemory.backedForGood(sealed.descriptor(), SIZE));
            assertFalse(SharedMemory.backedForGood(sealed.descriptor(), SIZE + 1));
        }
    }

    @Test
    void backedForGood_fileThatCanStillShrink_isFalse() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SharedMemory.Shared shared = SharedMemory.map(file, SIZE, Hardening.uid(), arena);
            assertFalse(SharedMemory.backedForGood(shared.descriptor(), SIZE));
        }
    }

    @Test
    void backedForGood_memfdShrunkBeforeItWasSealed_onlyCoversWhatIsLeft() throws Throwable {
        int fd = memfdShrunkThenSealed(SIZE, 4096);
        try {
            assertFalse(SharedMemory.backedForGood(fd, SIZE), "a mapping of the old size would fault past 4096");
            assertTrue(SharedMemory.backedForGood(fd, 4096));
        } finally {
            Libc.closeQuietly(fd);
        }
    }

    /** A memfd of {@code size} bytes, then cut to {@code shrunk}, then sealed against shrinking. */
    private static int memfdShrunkThenSealed(long size, long shrunk) throws Throwable {
        var memfdCreate = Libc.errnoCall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        var ftruncate = Libc.errnoCall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        MemorySegment cs = Libc.capture();
        int fd;
        try (Arena names = Arena.ofConfined()) {
            fd = (int) memfdCreate.invokeExact(cs, names.allocateFrom("jtee-os-test"), 1 | 2); // CLOEXEC | ALLOW_SEALING
        }
        assertTrue(fd >= 0, "memfd_create");
        assertEquals(0, (int) ftruncate.invokeExact(cs, fd, size));
        assertEquals(0, (int) ftruncate.invokeExact(cs, fd, shrunk));
        Libc.syscall(Libc.isX86_64() ? 72 : 25, fd, 1033, 0x2, "fcntl(F_ADD_SEALS, F_SEAL_SHRINK)");
        return fd;
    }

    private static IOException assertRefused(Path path, long size, long uid, String messageStart) {
        IOException e = assertThrows(IOException.class, () -> {
            try (Arena arena = Arena.ofConfined()) {
                SharedMemory.map(path, size, uid, arena);
            }
        });
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
        return e;
    }

    /** A writable directory that is not on tmpfs: /tmp, /var/tmp or the module's target directory. */
    private static Path diskDirectory() throws IOException {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        for (Path candidate : Stream.of("/tmp", "/var/tmp").map(Path::of).toList()) {
            if (Files.isWritable(candidate) && !Files.getFileStore(candidate).type().equals("tmpfs")) {
                return candidate;
            }
        }
        Files.createDirectories(target);
        assumeTrue(!Files.getFileStore(target).type().equals("tmpfs"), "needs a directory not on tmpfs");
        return target;
    }
}
