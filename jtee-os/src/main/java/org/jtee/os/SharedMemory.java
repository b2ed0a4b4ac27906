package org.jtee.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Maps shared-memory files that a client created (typically under {@code /dev/shm}) without
 * trusting the client about what the file is.
 *
 * <p>The file is opened once, with {@code O_NOFOLLOW} (a symbolic link is refused, open(2) fails
 * with ELOOP), {@code O_NONBLOCK} (a FIFO put in its place cannot block the open) and
 * {@code O_CLOEXEC}. Every check is then made on that open descriptor — statx(2) with
 * {@code AT_EMPTY_PATH} and fstatfs(2) — and the very same descriptor is mapped with mmap(2), so
 * the client cannot swap the file between check and use. The checks: a regular file, owned by the
 * expected user, with at most one hard link (so it is no second name of some other file), at least
 * as large as the mapping, and on tmpfs ({@code TMPFS_MAGIC}) — a file on a disk, such as a key
 * store linked or bind-mounted in its place, is never mapped.
 *
 * <p>Why mmap through a downcall rather than {@code FileChannel.map}: a FileChannel can only be
 * opened by path, which would be a second, separate lookup of a name the client controls. The
 * descriptor stays open with the mapping ({@link Shared}), to be handed to a TA host.
 *
 * <p>The client may still truncate the file after it was mapped. Touching a page past the new end
 * of the file raises SIGBUS; HotSpot turns a SIGBUS in a memory-segment (Unsafe) access into
 * {@link InternalError} ("a fault occurred in an unsafe memory access operation"), for this
 * mapping exactly as for one made by {@code FileChannel.map}: the JVM does not crash, and the
 * caller should treat the error as the client misbehaving. (Checked on JDK 25 for single accesses,
 * bulk copies and fills, in the interpreter and in C1- and C2-compiled code; the module's tests
 * check the single accesses.)
 */
public final class SharedMemory {
    /** {@code PROT_READ}, {@code <asm-generic/mman-common.h>}. */
    static final int PROT_READ = 0x1;
    /** {@code PROT_WRITE}, {@code <asm-generic/mman-common.h>}. */
    static final int PROT_WRITE = 0x2;
    /** {@code MAP_SHARED}, {@code <linux/mman.h>}. */
    static final int MAP_SHARED = 0x01;

    /** {@code MFD_CLOEXEC}, {@code <linux/memfd.h>}. */
    private static final int MFD_CLOEXEC = 1;
    /** {@code MFD_ALLOW_SEALING}, {@code <linux/memfd.h>}. */
    private static final int MFD_ALLOW_SEALING = 2;
    /** {@code F_ADD_SEALS}, {@code <linux/fcntl.h>}. */
    private static final int F_ADD_SEALS = 1033;
    /** {@code F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW}: the size is fixed for good. */
    private static final int SEAL_SIZE = 0x1 | 0x2 | 0x4;
    /** {@code F_GET_SEALS}, {@code <linux/fcntl.h>}. */
    private static final int F_GET_SEALS = 1034;
    /** {@code F_SEAL_SHRINK}, {@code <linux/fcntl.h>}. */
    private static final int F_SEAL_SHRINK = 0x2;
    /** {@code SYS_fcntl}: 72 on x86_64, 25 on arm64. */
    private static final int FCNTL = Libc.isX86_64() ? 72 : 25;

    private static final class Lazy {
        static final java.lang.invoke.MethodHandle MEMFD_CREATE = Libc.errnoCall("memfd_create",
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_INT));
        static final java.lang.invoke.MethodHandle FTRUNCATE = Libc.errnoCall("ftruncate",
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_LONG));
    }

    /**
     * A mapping together with the open descriptor of its file, to hand to another process
     * ({@link UnixConnection#attachDescriptor}). Both end when the arena is closed.
     *
     * @param memory the mapping
     * @param descriptor the file's descriptor, close-on-exec; -1 for an empty mapping
     */
    public record Shared(MemorySegment memory, int descriptor) {}

    private SharedMemory() {}

    /**
     * Maps the first {@code size} bytes of the file at {@code path}, readable and writable and
     * shared with the other processes that map it, and keeps the file's descriptor open, so that
     * the same file can be mapped by another process (a TA host): the client may unlink the file
     * at any time, and the descriptor keeps it, and the checks made on it, valid. Both end when
     * {@code arena} is closed.
     *
     * @param path the file, created by the client; it must be on tmpfs
     * @param size the number of bytes to map; 0 maps nothing (and keeps no descriptor) but the
     *     checks are still made
     * @param expectedOwnerUid the uid that must own the file, usually the peer's
     *     ({@link PeerCredentials#uid()})
     * @param arena the lifetime of the mapping and the descriptor
     * @return the mapping, a native segment of {@code size} bytes in {@code arena}'s scope, and
     *     the descriptor (-1 for size 0)
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws IOException naming the path and the check that failed, or the call that did
     */
    public static Shared map(Path path, long size, long expectedOwnerUid, Arena arena) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(arena, "arena");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        int fd = Libc.open(path, Libc.O_RDWR | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NONBLOCK, path + ": open");
        try {
            check(path, fd, size, expectedOwnerUid);
            if (size == 0) {
                Libc.closeQuietly(fd);
                return new Shared(emptyIn(arena), -1);
            }
            MemorySegment memory = mapChecked(fd, size, arena, path, fd);
            return new Shared(memory, fd);
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * {@link #map} for a file a client handed over as a descriptor (SCM_RIGHTS) instead of a path:
     * the same checks (a regular file on tmpfs, owned by {@code expectedOwnerUid}, at most one
     * link, at least {@code size} bytes) on the open descriptor, then the same mapping. Takes
     * ownership of {@code fd}: it is closed on failure, and with the mapping otherwise.
     */
    public static Shared mapReceived(int fd, long size, long expectedOwnerUid, Arena arena) throws IOException {
        Objects.requireNonNull(arena, "arena");
        Path name = Path.of("descriptor " + fd);
        try {
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
            check(name, fd, size, expectedOwnerUid);
            if (size == 0) {
                Libc.closeQuietly(fd);
                return new Shared(emptyIn(arena), -1);
            }
            return new Shared(mapChecked(fd, size, arena, name, fd), fd);
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Creates {@code size} bytes of anonymous shared memory (memfd_create(2), close-on-exec),
     * sealed at that size so that no process it is handed to can shrink it under another's
     * mapping, and maps it; the descriptor and the mapping end when {@code arena} is closed.
     */
    public static Shared create(String name, long size, Arena arena) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size);
        }
        MemorySegment cs = Libc.capture();
        int fd;
        try (Arena names = Arena.ofConfined()) {
            fd = (int) Lazy.MEMFD_CREATE.invokeExact(cs, names.allocateFrom(name), MFD_CLOEXEC | MFD_ALLOW_SEALING);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (fd < 0) {
            throw new ErrnoException("memfd_create", Libc.errno(cs));
        }
        try {
            int r;
            try {
                r = (int) Lazy.FTRUNCATE.invokeExact(cs, fd, size);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r < 0) {
                throw new ErrnoException("ftruncate", Libc.errno(cs));
            }
            Libc.syscall(FCNTL, fd, F_ADD_SEALS, SEAL_SIZE, "fcntl(F_ADD_SEALS)");
            return new Shared(mapChecked(fd, size, arena, Path.of("memfd:" + name), fd), fd);
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Maps {@code size} bytes of the shared-memory file {@code fd} that another process handed
     * over, taking ownership of {@code fd}: it stays open, for {@link #fileSize}, until
     * {@code arena} is closed, which also unmaps. The file may be shrunk by its owner later: see
     * the class comment on faults.
     *
     * @throws IOException if the file is smaller than {@code size} already, or mmap(2) fails
     *     ({@code fd} is closed then)
     */
    public static Shared mapDescriptor(int fd, long size, Arena arena) throws IOException {
        return mapDescriptor(fd, size, arena, false);
    }

    /**
     * As {@link #mapDescriptor(int, long, Arena)}, but a file already smaller than {@code size}
     * is mapped too if {@code evenIfShrunk}: for memory its owner may have shrunk since it was
     * handed over, whose bytes past the file's end then fault when touched, as they would have
     * had the owner shrunk the file a moment later.
     */
    public static Shared mapDescriptor(int fd, long size, Arena arena, boolean evenIfShrunk) throws IOException {
        try {
            if (size == 0) {
                Libc.closeQuietly(fd);
                return new Shared(emptyIn(arena), -1);
            }
            long actual = fileSize(fd);
            if (actual < size && !evenIfShrunk) {
                throw new IOException("shared memory of " + actual + " bytes cannot back " + size);
            }
            return new Shared(mapChecked(fd, size, arena, Path.of("fd:" + fd), fd), fd);
        } catch (IOException | RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * The size of the file {@code fd} now (fstat): where a process that cannot ask the kernel
     * about its own memory ({@link #isBacked} needs process_vm_readv) learns whether a mapping of
     * the file is still backed.
     */
    public static long fileSize(int fd) throws IOException {
        return FileStatus.of(fd, "fd " + fd + ": statx").size();
    }

    /**
     * True if the file {@code fd} backs the first {@code size} bytes of its mappings for good: it
     * is sealed against shrinking (fcntl(2) {@code F_GET_SEALS} has {@code F_SEAL_SHRINK}, as a
     * memfd its creator sealed; a seal is never removed) and, asked after the seals, has at least
     * {@code size} bytes. {@link #isBacked} is then true for every range of such a mapping and
     * need not be asked again. False for any other file, and whenever the kernel does not say.
     */
    public static boolean backedForGood(int fd, long size) {
        try {
            long seals = Libc.syscall(FCNTL, fd, F_GET_SEALS, 0, "fcntl(F_GET_SEALS)");
            return (seals & F_SEAL_SHRINK) != 0 && fileSize(fd) >= size;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A view of {@code [offset, offset + size)} of {@code mapping} that is valid only while
     * {@code lifetime} is open (and only where {@code lifetime} allows access: a confined arena's
     * thread): for handing a slice of long-lived memory to code that must not keep it, such as a
     * TA given a memory reference for one call. Closing {@code lifetime} invalidates the view,
     * never the mapping.
     */
    @SuppressWarnings("restricted") // the view is a sub-range of a mapping the caller holds
    public static MemorySegment view(MemorySegment mapping, long offset, long size, Arena lifetime) {
        Objects.checkFromIndexSize(offset, size, mapping.byteSize());
        return MemorySegment.ofAddress(mapping.address() + offset).reinterpret(size, lifetime, null);
    }

    @SuppressWarnings("restricted") // gives the empty segment the arena's lifetime
    private static MemorySegment emptyIn(Arena arena) {
        return MemorySegment.NULL.reinterpret(0, arena, null);
    }

    private static void check(Path path, int fd, long size, long expectedOwnerUid) throws IOException {
        FileStatus status = FileStatus.of(fd, path + ": statx");
        if (!status.isRegularFile()) {
            throw new IOException(path + ": not a regular file (mode 0" + Integer.toOctalString(status.mode()) + ")");
        }
        if (status.uid() != expectedOwnerUid) {
            throw new IOException(path + ": owned by uid " + status.uid() + ", expected " + expectedOwnerUid);
        }
        if (status.nlink() > 1) {
            throw new IOException(path + ": has " + status.nlink() + " hard links, expected at most 1");
        }
        if (status.size() < size) {
            throw new IOException(path + ": file size " + status.size() + " is smaller than the "
                    + size + " bytes to map");
        }
        long type = FileStatus.fileSystemType(fd, path + ": fstatfs");
        if (type != FileStatus.TMPFS_MAGIC) {
            throw new IOException(path + ": not on tmpfs (file system type " + Libc.hex(type) + ")");
        }
    }

    @SuppressWarnings("restricted") // sizes the mmap result and ties munmap to the arena
    private static MemorySegment mapChecked(int fd, long size, Arena arena, Path path, int closeWithMapping)
            throws IOException {
        MemorySegment address;
        try {
            address = Libc.mmap(size, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
        } catch (ErrnoException e) {
            throw new ErrnoException(path + ": mmap", e.errno());
        }
        try {
            return address.reinterpret(size, arena, unmapped -> {
                Libc.munmapQuietly(unmapped, size);
                if (closeWithMapping >= 0) {
                    Libc.closeQuietly(closeWithMapping);
                }
            });
        } catch (RuntimeException | Error e) { // e.g. the arena is already closed
            Libc.munmapQuietly(address, size);
            throw e;
        }
    }

    /**
     * True if every byte of {@code [offset, offset + size)} of {@code mapping} (a mapping from
     * {@link #map}) is still backed by its file. A file only shrinks from its end, so the range is
     * backed exactly when its last byte is; the kernel is asked whether that byte can be read
     * ({@code process_vm_readv} of this process), so a shrunk file costs no {@code SIGBUS} — which
     * HotSpot raises as an {@link InternalError} in the thread, and not always where it can be
     * caught.
     */
    public static boolean isBacked(MemorySegment mapping, long offset, long size) {
        Objects.checkFromIndexSize(offset, size, mapping.byteSize());
        return size == 0 || Libc.canRead(mapping.address() + offset + size - 1);
    }
}
