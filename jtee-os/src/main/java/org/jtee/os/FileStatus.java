package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * What statx(2) says about a file, and what fstatfs(2) says about its file system.
 *
 * <p>statx is used rather than fstat because {@code struct statx} ({@code <linux/stat.h>}) has one
 * layout on every architecture, while {@code struct stat} differs between x86_64 and arm64.
 *
 * @param mode {@code stx_mode}: file type and permission bits
 * @param uid {@code stx_uid}, the owner
 * @param nlink {@code stx_nlink}, the number of hard links
 * @param size {@code stx_size}, in bytes
 * @param inode {@code stx_ino}
 * @param device {@code stx_dev_major} in the high and {@code stx_dev_minor} in the low 32 bits
 */
record FileStatus(int mode, long uid, long nlink, long size, long inode, long device) {
    /** {@code S_IFMT}, {@code <linux/stat.h>}: the file-type bits of a mode. */
    static final int S_IFMT = 0_170000;
    /** {@code S_IFREG}, {@code <linux/stat.h>}: regular file. */
    static final int S_IFREG = 0_100000;
    /** {@code S_IFSOCK}, {@code <linux/stat.h>}: socket. */
    static final int S_IFSOCK = 0_140000;
    /** {@code TMPFS_MAGIC}, {@code <linux/magic.h>}: the {@code f_type} of tmpfs (and /dev/shm). */
    static final long TMPFS_MAGIC = 0x01021994L;

    /** {@code AT_FDCWD}, {@code <linux/fcntl.h>}: resolve relative paths against the working directory. */
    private static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}, {@code <linux/fcntl.h>}. */
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code AT_EMPTY_PATH}, {@code <linux/fcntl.h>}: an empty path means the descriptor itself. */
    private static final int AT_EMPTY_PATH = 0x1000;
    /** {@code STATX_BASIC_STATS}, {@code <linux/stat.h>}: everything fstat(2) would report. */
    private static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code sizeof(struct statx)}, {@code <linux/stat.h>}. */
    private static final int STATX_SIZE = 256;
    /** Offsets in {@code struct statx}, {@code <linux/stat.h>}. */
    private static final int STX_NLINK = 16, STX_UID = 20, STX_MODE = 28, STX_INO = 32, STX_SIZE = 40,
            STX_DEV_MAJOR = 136, STX_DEV_MINOR = 140;
    /** Room for {@code struct statfs} ({@code <bits/statfs.h>}, 120 bytes on x86_64 and arm64). */
    private static final int STATFS_SIZE = 256;

    private static final MethodHandle STATX = Libc.errnoCall("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle FSTATFS = Libc.errnoCall("fstatfs",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    boolean isSocket() {
        return (mode & S_IFMT) == S_IFSOCK;
    }

    /** statx of the open file {@code fd}: {@code statx(fd, "", AT_EMPTY_PATH, ...)}. */
    static FileStatus of(int fd, String what) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            return statx(arena, fd, arena.allocateFrom(""), AT_EMPTY_PATH, what);
        }
    }

    /** statx of {@code path} itself, not of what it links to. */
    static FileStatus ofLink(Path path, String what) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            return statx(arena, AT_FDCWD, Libc.cPath(arena, path), AT_SYMLINK_NOFOLLOW, what);
        }
    }

    private static FileStatus statx(Arena arena, int dirfd, MemorySegment path, int flags, String what)
            throws ErrnoException {
        MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
        MemorySegment cs = Libc.capture();
        int r;
        try {
            r = (int) STATX.invokeExact(cs, dirfd, path, flags, STATX_BASIC_STATS, buffer);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException(what, Libc.errno(cs));
        }
        return new FileStatus(
                Short.toUnsignedInt(buffer.get(JAVA_SHORT, STX_MODE)),
                Integer.toUnsignedLong(buffer.get(JAVA_INT, STX_UID)),
                Integer.toUnsignedLong(buffer.get(JAVA_INT, STX_NLINK)),
                buffer.get(JAVA_LONG, STX_SIZE),
                buffer.get(JAVA_LONG, STX_INO),
                (Integer.toUnsignedLong(buffer.get(JAVA_INT, STX_DEV_MAJOR)) << 32)
                        | Integer.toUnsignedLong(buffer.get(JAVA_INT, STX_DEV_MINOR)));
    }

    /** {@code f_type} from fstatfs(2): the magic number of the file system holding {@code fd}. */
    static long fileSystemType(int fd, String what) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(STATFS_SIZE, 8);
            MemorySegment cs = Libc.capture();
            int r;
            try {
                r = (int) FSTATFS.invokeExact(cs, fd, buffer);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r < 0) {
                throw new ErrnoException(what, Libc.errno(cs));
            }
            return buffer.get(JAVA_LONG, 0); // __fsword_t f_type: a long on both architectures
        }
    }
}
