package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Downcalls into glibc that are not about sockets: file descriptors, {@code statx}, {@code fstatfs},
 * {@code mmap}, {@code prctl} and the credential getters; plus the plumbing every downcall shares
 * (the linker, the thread-local {@code errno} capture segment, C strings).
 *
 * <p>Calls that may fail are linked with {@link Linker.Option#captureCallState(String...)
 * captureCallState("errno")}: the generated handle takes a capture segment as its first argument,
 * and glibc's {@code errno} is copied into it right after the call, before the JVM can clobber it.
 * Each thread owns one such segment (allocated once, freed by the GC with the thread), so a call
 * allocates nothing.
 */
final class Libc {
    /** {@code EINTR}, {@code <asm-generic/errno-base.h>}: the call was interrupted by a signal. */
    static final int EINTR = 4;
    /** {@code EAGAIN}, {@code <asm-generic/errno-base.h>}: the call would block. */
    static final int EAGAIN = 11;
    static final int EFAULT = 14;

    /** {@code O_RDWR}, {@code <asm-generic/fcntl.h>}. */
    static final int O_RDWR = 2;
    /** {@code O_NONBLOCK}, {@code <asm-generic/fcntl.h>}: also keeps open(2) of a FIFO from blocking. */
    static final int O_NONBLOCK = 0_4000;
    /** {@code O_CLOEXEC}, {@code <asm-generic/fcntl.h>} (same value on x86_64 and arm64). */
    static final int O_CLOEXEC = 0_2000000;
    /**
     * {@code O_NOFOLLOW}: architecture-specific, {@code <asm/fcntl.h>} — {@code 0400000} on x86_64
     * (asm-generic), {@code 0100000} on arm64 (arch/arm64/include/uapi/asm/fcntl.h).
     */
    static final int O_NOFOLLOW;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    /** The charset in which the JDK encodes file names for the kernel. */
    static final Charset PATH_CHARSET = pathCharset();

    static {
        O_NOFOLLOW = switch (supportedArch()) {
            case "aarch64" -> 0_100000;
            default -> 0_400000;
        };
    }

    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** {@code int open(const char *path, int flags, ...)}: variadic, so the mode is passed as such. */
    @SuppressWarnings("restricted") // native access is this class's purpose
    private static final MethodHandle OPEN = LINKER.downcallHandle(find("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    /** {@code int prctl(int option, ...)}: the four optional arguments are unsigned longs. */
    @SuppressWarnings("restricted") // native access is this class's purpose
    private static final MethodHandle PRCTL = LINKER.downcallHandle(find("prctl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    /**
     * Handles only some processes use, linked on first use: each shape of downcall costs the JVM
     * generated classes, and a TA host, which needs none of these, should not carry them.
     */
    private static final class Lazy {
        static final MethodHandle MMAP = errnoCall("mmap", FunctionDescriptor.of(
                ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle GETEUID = plainCall("geteuid", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETEGID = plainCall("getegid", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETPPID = plainCall("getppid", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETPID = plainCall("getpid", FunctionDescriptor.of(JAVA_INT));
        /** {@code ssize_t process_vm_readv(pid_t, const struct iovec *, unsigned long, const struct iovec *, unsigned long, unsigned long)}. */
        static final MethodHandle PROCESS_VM_READV = errnoCall("process_vm_readv", FunctionDescriptor.of(
                JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG));
        /** {@code long syscall(long nr, ...)} with three arguments, for calls glibc has no wrapper of. */
        @SuppressWarnings("restricted") // native access is this class's purpose
        static final MethodHandle SYSCALL3 = LINKER.downcallHandle(find("syscall"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        /** The same with four arguments. */
        @SuppressWarnings("restricted") // native access is this class's purpose
        static final MethodHandle SYSCALL4 = LINKER.downcallHandle(find("syscall"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    private Libc() {}

    // ---------------------------------------------------------------- linking

    @SuppressWarnings("restricted") // native access is this class's purpose
    static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    @SuppressWarnings("restricted") // native access is this class's purpose
    static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor);
    }

    /** The symbol {@code name} of the C library, if this glibc has it. */
    static Optional<MemorySegment> lookup(String name) {
        return LINKER.defaultLookup().find(name);
    }

    private static MemorySegment find(String name) {
        return lookup(name).orElseThrow(() -> new UnsupportedOperationException(
                "the C library lacks " + name + "; jtee-os needs glibc 2.28 or newer on Linux"));
    }

    private static String supportedArch() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            throw new UnsupportedOperationException(
                    "jtee-os supports Linux on x86_64 and aarch64, not " + os + " on " + arch);
        }
        return arch;
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    // ---------------------------------------------------------------- errno plumbing

    /** This thread's capture segment, to pass as the first argument of an {@link #errnoCall}. */
    static MemorySegment capture() {
        return CAPTURE.get();
    }

    /** The {@code errno} a call stored into {@code capture}. */
    static int errno(MemorySegment capture) {
        return capture.get(JAVA_INT, ERRNO_OFFSET);
    }

    /** Turns what {@code invokeExact} threw into an unchecked throwable: linkage never throws checked ones. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected exception from a downcall", t);
    }

    /** {@code path} as a NUL-terminated C string in {@code arena}, in the JDK's file-name encoding. */
    static MemorySegment cPath(Arena arena, Path path) {
        byte[] bytes = pathBytes(path);
        MemorySegment s = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        return s;
    }

    /** The bytes the kernel sees as the name of {@code path}. */
    static byte[] pathBytes(Path path) {
        return path.toString().getBytes(PATH_CHARSET);
    }

    // ---------------------------------------------------------------- calls

    /** close(2); never retried, since Linux releases the descriptor even when it reports EINTR. */
    static void close(int fd) throws ErrnoException {
        MemorySegment cs = capture();
        int r;
        try {
            r = (int) CLOSE.invokeExact(cs, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0 && errno(cs) != EINTR) {
            throw new ErrnoException("close", errno(cs));
        }
    }

    /** close(2), for cleanup paths that already have an exception to report. */
    static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (ErrnoException ignored) {
            // the descriptor is gone either way (close(2), NOTES)
        }
    }

    /** open(2) without O_CREAT; {@code what} prefixes the error message. */
    static int open(Path path, int flags, String what) throws ErrnoException {
        MemorySegment cs = capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = cPath(arena, path);
            while (true) {
                int fd;
                try {
                    fd = (int) OPEN.invokeExact(cs, cPath, flags, 0);
                } catch (Throwable t) {
                    throw rethrow(t);
                }
                if (fd >= 0) {
                    return fd;
                }
                if (errno(cs) != EINTR) {
                    throw new ErrnoException(what, errno(cs));
                }
            }
        }
    }

    /** mmap(2) of {@code length} bytes of {@code fd} from offset 0; returns the address. */
    static MemorySegment mmap(long length, int prot, int flags, int fd) throws ErrnoException {
        MemorySegment cs = capture();
        MemorySegment addr;
        try {
            addr = (MemorySegment) Lazy.MMAP.invokeExact(cs, MemorySegment.NULL, length, prot, flags, fd, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (addr.address() == -1L) { // MAP_FAILED
            throw new ErrnoException("mmap", errno(cs));
        }
        return addr;
    }

    /** munmap(2); failures are ignored, as this runs in arena cleanup actions. */
    static void munmapQuietly(MemorySegment address, long length) {
        try {
            int ignored = (int) Lazy.MUNMAP.invokeExact(capture(), address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** prctl(2) with one argument; returns the (non-negative) result. */
    static int prctl(int option, long arg2, String what) throws ErrnoException {
        MemorySegment cs = capture();
        int r;
        try {
            r = (int) PRCTL.invokeExact(cs, option, arg2, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException(what, errno(cs));
        }
        return r;
    }

    /** prctl(2) with four arguments; returns the (non-negative) result. */
    static int prctl(int option, long arg2, long arg3, String what) throws ErrnoException {
        MemorySegment cs = capture();
        int r;
        try {
            r = (int) PRCTL.invokeExact(cs, option, arg2, arg3, 0L, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException(what, errno(cs));
        }
        return r;
    }

    /** {@code syscall(nr, a, b, c)}; returns the (non-negative) result. */
    static long syscall(long nr, long a, long b, long c, String what) throws ErrnoException {
        MemorySegment cs = capture();
        long r;
        try {
            r = (long) Lazy.SYSCALL3.invokeExact(cs, nr, a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException(what, errno(cs));
        }
        return r;
    }

    /** {@code syscall(nr, a, b, c, d)}; returns the (non-negative) result. */
    static long syscall(long nr, long a, long b, long c, long d, String what) throws ErrnoException {
        MemorySegment cs = capture();
        long r;
        try {
            r = (long) Lazy.SYSCALL4.invokeExact(cs, nr, a, b, c, d);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException(what, errno(cs));
        }
        return r;
    }

    /** Whether this JVM runs on x86_64 (else aarch64: {@link #supportedArch()} allows no third). */
    static boolean isX86_64() {
        return !supportedArch().equals("aarch64");
    }

    /**
     * Whether the byte at {@code address} of this process can be read, asked of the kernel:
     * process_vm_readv(2) of one byte from this very process, which the kernel answers with
     * {@code EFAULT} where a load would fault (for instance a page of a shared file mapping past
     * the file's end) — no signal, no fault in this thread.
     */
    static boolean canRead(long address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment local = arena.allocate(JAVA_LONG, 2);
            MemorySegment remote = arena.allocate(JAVA_LONG, 2);
            MemorySegment buffer = arena.allocate(1);
            local.setAtIndex(JAVA_LONG, 0, buffer.address());
            local.setAtIndex(JAVA_LONG, 1, 1);
            remote.setAtIndex(JAVA_LONG, 0, address);
            remote.setAtIndex(JAVA_LONG, 1, 1);
            MemorySegment cs = capture();
            long n;
            try {
                n = (long) Lazy.PROCESS_VM_READV.invokeExact(cs, (int) Lazy.GETPID.invokeExact(), local, 1L, remote, 1L, 0L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (n == 1) {
                return true;
            }
            if (n < 0 && errno(cs) == EFAULT) {
                return false;
            }
            throw new IllegalStateException("process_vm_readv of this process's own memory failed: "
                    + (n < 0 ? new ErrnoException("process_vm_readv", errno(cs)).getMessage() : "read " + n + " bytes"));
        }
    }

    /** getppid(2): the parent's pid as the kernel knows it, whatever /proc shows this process. */
    static int getppid() {
        try {
            return (int) Lazy.GETPPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** geteuid(2), as the unsigned number it is. */
    static long geteuid() {
        try {
            return Integer.toUnsignedLong((int) Lazy.GETEUID.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getegid(2), as the unsigned number it is. */
    static long getegid() {
        try {
            return Integer.toUnsignedLong((int) Lazy.GETEGID.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code value} in hexadecimal, as the C headers write magic numbers. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
