package org.jtee.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Landlock (Linux 5.13 and later, {@code Documentation/userspace-api/landlock.rst}): an
 * unprivileged process takes away its own access to the file system, to TCP and to other
 * processes, for good — the restriction is inherited and can never be lifted.
 *
 * <p>{@link #confine(List)} leaves this process read (and execute) access beneath the given paths
 * and nothing else: no file can be written, created or removed anywhere, no file outside those
 * paths can be read (the core's private state with the HUK included, though it belongs to the same
 * user), no TCP port can be bound or connected (ABI 4+), and no signal can be sent to, and no
 * abstract Unix socket reached in, a process outside the domain (ABI 6+).
 *
 * <pre>
 * struct landlock_ruleset_attr      { u64 handled_access_fs; u64 handled_access_net; u64 scoped; }
 * struct landlock_path_beneath_attr { u64 allowed_access; s32 parent_fd; }   // packed: 12 bytes
 * </pre>
 */
public final class Landlock {
    // syscall numbers: the same in the generic table (arm64) and on x86_64
    private static final long SYS_CREATE_RULESET = 444;
    private static final long SYS_ADD_RULE = 445;
    private static final long SYS_RESTRICT_SELF = 446;
    private static final long CREATE_RULESET_VERSION = 1;
    private static final long RULE_PATH_BENEATH = 1;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    /** {@code O_PATH}, {@code <asm-generic/fcntl.h>}, also on x86_64 and arm64. */
    private static final int O_PATH = 0_10000000;

    static final long FS_EXECUTE = 1L;
    static final long FS_READ_FILE = 1L << 2;
    static final long FS_READ_DIR = 1L << 3;
    /** Every file-system right of ABI 1 (EXECUTE .. MAKE_SYM). */
    private static final long FS_ABI1 = (1L << 13) - 1;
    private static final long FS_REFER = 1L << 13;
    private static final long FS_TRUNCATE = 1L << 14;
    private static final long FS_IOCTL_DEV = 1L << 15;
    private static final long NET_BIND_TCP = 1L;
    private static final long NET_CONNECT_TCP = 1L << 1;
    private static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L;
    private static final long SCOPE_SIGNAL = 1L << 1;

    @SuppressWarnings("restricted") // native access is this class's purpose
    private static final MethodHandle SYSCALL = java.lang.foreign.Linker.nativeLinker().downcallHandle(
            Libc.lookup("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            java.lang.foreign.Linker.Option.firstVariadicArg(1),
            java.lang.foreign.Linker.Option.captureCallState("errno"));

    private Landlock() {}

    /** The Landlock ABI version this kernel offers; 0 if it has none (or it is disabled). */
    public static int abiVersion() {
        MemorySegment cs = Libc.capture();
        long r = syscall(cs, SYS_CREATE_RULESET, 0, 0, CREATE_RULESET_VERSION);
        return r < 0 ? 0 : (int) r;
    }

    /**
     * Confines this process: read and execute beneath {@code readable}, nothing else.
     *
     * @return the ABI version the confinement used
     * @throws ErrnoException if the kernel has no Landlock, or a step fails
     */
    public static int confine(List<Path> readable) throws ErrnoException {
        return confine(readable, Integer.MAX_VALUE);
    }

    /**
     * As {@link #confine(List)}, using at most ABI {@code maxAbi}: what a kernel that offers only
     * that ABI would enforce (to check that what else confines a process covers the rest).
     */
    public static int confine(List<Path> readable, int maxAbi) throws ErrnoException {
        int abi = Math.min(abiVersion(), maxAbi);
        if (abi < 1) {
            throw new ErrnoException("landlock_create_ruleset: this kernel offers no Landlock", 38 /* ENOSYS */);
        }
        long fs = FS_ABI1 | (abi >= 2 ? FS_REFER : 0) | (abi >= 3 ? FS_TRUNCATE : 0) | (abi >= 5 ? FS_IOCTL_DEV : 0);
        long net = abi >= 4 ? NET_BIND_TCP | NET_CONNECT_TCP : 0;
        long scoped = abi >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0;
        long attrSize = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
        MemorySegment cs = Libc.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(24, 8);
            attr.set(JAVA_LONG, 0, fs);
            attr.set(JAVA_LONG, 8, net);
            attr.set(JAVA_LONG, 16, scoped);
            long ruleset = check(cs, syscall(cs, SYS_CREATE_RULESET, attr.address(), attrSize, 0), "landlock_create_ruleset");
            try {
                for (Path p : readable) {
                    allowRead(arena, cs, (int) ruleset, p);
                }
                Libc.prctl(PR_SET_NO_NEW_PRIVS, 1, "prctl(PR_SET_NO_NEW_PRIVS)");
                check(cs, syscall(cs, SYS_RESTRICT_SELF, ruleset, 0, 0), "landlock_restrict_self");
            } finally {
                Libc.closeQuietly((int) ruleset);
            }
        }
        return abi;
    }

    /** Whether ABI {@code abi} forbids binding and connecting TCP ports (ABI 4, Linux 6.7). */
    public static boolean coversTcp(int abi) {
        return abi >= 4;
    }

    /** Whether ABI {@code abi} forbids signals to processes outside the domain (ABI 6, Linux 6.12). */
    public static boolean coversSignals(int abi) {
        return abi >= 6;
    }

    private static void allowRead(Arena arena, MemorySegment cs, int ruleset, Path path) throws ErrnoException {
        if (!Files.exists(path)) {
            return;
        }
        boolean dir = Files.isDirectory(path);
        int fd = Libc.open(path, O_PATH | Libc.O_CLOEXEC, path + ": open(O_PATH)");
        try {
            MemorySegment rule = arena.allocate(12, 4);
            rule.set(JAVA_LONG.withByteAlignment(4), 0, FS_READ_FILE | FS_EXECUTE | (dir ? FS_READ_DIR : 0));
            rule.set(JAVA_INT, 8, fd);
            check(cs, syscall(cs, SYS_ADD_RULE, ruleset, RULE_PATH_BENEATH, rule.address()), path + ": landlock_add_rule");
        } finally {
            Libc.closeQuietly(fd);
        }
    }

    /** {@code syscall(nr, a, b, c, 0)}: every Landlock call takes at most four arguments, unused ones 0. */
    private static long syscall(MemorySegment cs, long nr, long a, long b, long c) {
        try {
            return (long) SYSCALL.invokeExact(cs, nr, a, b, c, 0L);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static long check(MemorySegment cs, long r, String what) throws ErrnoException {
        if (r < 0) {
            throw new ErrnoException(what, Libc.errno(cs));
        }
        return r;
    }
}
