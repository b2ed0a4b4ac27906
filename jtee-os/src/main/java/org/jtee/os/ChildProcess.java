package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child process started with posix_spawn(3), for what {@link ProcessBuilder} cannot do: hand
 * the child a descriptor other than its standard streams. The child gets {@code /dev/null} as
 * standard input, this process's standard error as its standard output and error (so nothing it
 * prints can be mistaken for protocol), the socket {@code link} as descriptor
 * {@value #LINK_FD}, and no other descriptor of this process; every signal at its default
 * disposition and none blocked. The child inherits the starting thread's credentials,
 * capabilities, Landlock domain and {@code no_new_privs}, as with {@code fork}.
 *
 * <p>The child is reaped by whoever calls {@link #reap()} — one thread, usually a platform thread
 * of the owner's that does nothing else; {@link #waitFor(long)} and {@link #exitValue()} learn
 * what it found. It is signalled through a pidfd, so a signal never reaches another process
 * that reused the pid after the child was reaped.
 */
public final class ChildProcess {
    /** The child's descriptor of the link passed to {@link #spawn}. */
    public static final int LINK_FD = 3;

    /** {@code POSIX_SPAWN_SETSIGDEF}, {@code <spawn.h>}. */
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    /** {@code POSIX_SPAWN_SETSIGMASK}, {@code <spawn.h>}. */
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Bytes for {@code posix_spawn_file_actions_t} (80 in glibc), {@code posix_spawnattr_t} (336) and {@code sigset_t} (128). */
    private static final long OPAQUE_BYTES = 1024;
    private static final int SIGKILL = 9;
    /** {@code pidfd_open}, the same number on x86_64 and arm64. */
    private static final int PIDFD_OPEN = 434;
    /** {@code F_DUPFD_CLOEXEC}, {@code <linux/fcntl.h>}. */
    private static final int F_DUPFD_CLOEXEC = 1030;
    /** {@code SYS_fcntl}: 72 on x86_64, 25 on arm64. */
    private static final int FCNTL = Libc.isX86_64() ? 72 : 25;

    private static final class Lazy {
        static final MethodHandle SPAWN = Libc.plainCall("posix_spawn", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle FA_INIT = Libc.plainCall("posix_spawn_file_actions_init",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FA_DESTROY = Libc.plainCall("posix_spawn_file_actions_destroy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FA_DUP2 = Libc.plainCall("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle FA_OPEN = Libc.plainCall("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle FA_CLOSEFROM = Libc.plainCall("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle ATTR_INIT = Libc.plainCall("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle ATTR_DESTROY = Libc.plainCall("posix_spawnattr_destroy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle ATTR_FLAGS = Libc.plainCall("posix_spawnattr_setflags",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
        static final MethodHandle ATTR_SIGMASK = Libc.plainCall("posix_spawnattr_setsigmask",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle ATTR_SIGDEFAULT = Libc.plainCall("posix_spawnattr_setsigdefault",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle SIGEMPTYSET = Libc.plainCall("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle SIGFILLSET = Libc.plainCall("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle WAITPID = Libc.errnoCall("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private final long pid;
    /** The pidfd; the guard keeps its number from being reused under a {@link #kill} in progress. */
    private final FdGuard pidfd;
    private final CountDownLatch exited = new CountDownLatch(1);
    /** The status {@link #reap} found: the exit code, or 128 + the signal that ended the child. */
    private volatile int status;

    private ChildProcess(long pid, int pidfd) {
        this.pid = pid;
        this.pidfd = new FdGuard(pidfd);
    }

    /**
     * Starts {@code command} (its first element an absolute path, not searched in {@code PATH})
     * with exactly {@code environment}, and {@code link} as its descriptor {@value #LINK_FD}.
     *
     * @throws IOException if posix_spawn(3) fails (the message names the program and the error)
     */
    public static ChildProcess spawn(List<String> command, Map<String, String> environment, UnixConnection link)
            throws IOException {
        if (command.isEmpty() || !Path.of(command.get(0)).isAbsolute()) {
            throw new IllegalArgumentException("the program must be an absolute path: " + command);
        }
        int linkFd = link.descriptor();
        int moved = -1;
        try (Arena arena = Arena.ofConfined()) {
            if (linkFd == LINK_FD) { // dup2(3, 3) would leave it close-on-exec
                moved = (int) Libc.syscall(FCNTL, linkFd, F_DUPFD_CLOEXEC, LINK_FD + 1, "fcntl(F_DUPFD_CLOEXEC)");
                linkFd = moved;
            }
            MemorySegment actions = arena.allocate(OPAQUE_BYTES, 16);
            MemorySegment attributes = arena.allocate(OPAQUE_BYTES, 16);
            check(call(Lazy.FA_INIT, actions), "posix_spawn_file_actions_init");
            check(call(Lazy.ATTR_INIT, attributes), "posix_spawnattr_init");
            try {
                MemorySegment devNull = arena.allocateFrom("/dev/null");
                check((int) Lazy.FA_OPEN.invokeExact(actions, 0, devNull, 0, 0), "addopen");
                check((int) Lazy.FA_DUP2.invokeExact(actions, 2, 1), "adddup2");
                check((int) Lazy.FA_DUP2.invokeExact(actions, linkFd, LINK_FD), "adddup2");
                check((int) Lazy.FA_CLOSEFROM.invokeExact(actions, LINK_FD + 1), "addclosefrom_np");
                MemorySegment none = arena.allocate(OPAQUE_BYTES / 8, 8);
                MemorySegment all = arena.allocate(OPAQUE_BYTES / 8, 8);
                check(call(Lazy.SIGEMPTYSET, none), "sigemptyset");
                check(call(Lazy.SIGFILLSET, all), "sigfillset");
                check((int) Lazy.ATTR_SIGMASK.invokeExact(attributes, none), "setsigmask");
                check((int) Lazy.ATTR_SIGDEFAULT.invokeExact(attributes, all), "setsigdefault");
                check((int) Lazy.ATTR_FLAGS.invokeExact(attributes, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)),
                        "setflags");
                MemorySegment pidOut = arena.allocate(JAVA_INT);
                int error = (int) Lazy.SPAWN.invokeExact(pidOut, arena.allocateFrom(command.get(0)), actions, attributes,
                        strings(arena, command), strings(arena, environment.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
                if (error != 0) {
                    throw new ErrnoException(command.get(0) + ": posix_spawn", error);
                }
                int childPid = pidOut.get(JAVA_INT, 0);
                int fd;
                try {
                    fd = (int) Libc.syscall(PIDFD_OPEN, childPid, 0, 0, "pidfd_open");
                } catch (ErrnoException e) {
                    killAndReap(childPid);
                    throw e;
                }
                return new ChildProcess(childPid, fd);
            } finally {
                call(Lazy.FA_DESTROY, actions);
                call(Lazy.ATTR_DESTROY, attributes);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        } finally {
            if (moved >= 0) {
                Libc.closeQuietly(moved);
            }
        }
    }

    private static int call(MethodHandle h, MemorySegment s) {
        try {
            return (int) h.invokeExact(s);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void check(int error, String what) throws ErrnoException {
        if (error != 0) {
            throw new ErrnoException("posix_spawn: " + what, error < 0 ? -error : error);
        }
    }

    /** A NULL-terminated array of NUL-terminated strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
            MemorySegment s = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, s, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            array.setAtIndex(ADDRESS, i, s);
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void killAndReap(int childPid) {
        try {
            Libc.syscall(SyscallTable.current().kill(), childPid, SIGKILL, 0, "kill");
        } catch (ErrnoException ignored) {
            // gone already
        }
        waitpid(childPid);
    }

    public long pid() {
        return pid;
    }

    /**
     * Waits for the child to end and reaps it; returns its exit code, or 128 + the number of the
     * signal that ended it (as {@link Process#exitValue()} reports). Blocks in waitpid(2): call it
     * from one platform thread only.
     */
    public int reap() {
        int s = waitpid((int) pid);
        status = s;
        exited.countDown();
        pidfd.close(false); // a pidfd, not a socket: nothing to shut down
        return s;
    }

    private static int waitpid(int childPid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment wstatus = arena.allocate(JAVA_INT);
            MemorySegment cs = Libc.capture();
            while (true) {
                int r;
                try {
                    r = (int) Lazy.WAITPID.invokeExact(cs, childPid, wstatus, 0);
                } catch (Throwable t) {
                    throw Libc.rethrow(t);
                }
                if (r == childPid) {
                    int w = wstatus.get(JAVA_INT, 0);
                    int signal = w & 0x7f;
                    return signal == 0 ? (w >> 8) & 0xff : 128 + signal;
                }
                if (Libc.errno(cs) != Libc.EINTR) {
                    return -1; // ECHILD: reaped elsewhere
                }
            }
        }
    }

    /** True until the child has been reaped. */
    public boolean isAlive() {
        return exited.getCount() != 0;
    }

    /** Waits up to {@code millis} for {@link #reap} to find the child ended; true if it has. */
    public boolean waitFor(long millis) throws InterruptedException {
        return exited.await(millis, TimeUnit.MILLISECONDS);
    }

    /** What {@link #reap} returned. */
    public int exitValue() {
        if (isAlive()) {
            throw new IllegalStateException("process " + pid + " has not exited");
        }
        return status;
    }

    /** Sends SIGKILL through the pidfd; nothing happens once the child has been reaped. */
    public void kill() {
        int fd;
        try {
            fd = pidfd.acquire();
        } catch (java.nio.channels.ClosedChannelException e) {
            return; // reaped
        }
        try {
            Libc.syscall(SyscallTable.PIDFD_SEND_SIGNAL, fd, SIGKILL, 0, 0, "pidfd_send_signal");
        } catch (ErrnoException e) {
            // ESRCH: it has exited and awaits its reaper
        } finally {
            pidfd.release();
        }
    }

    @Override
    public String toString() {
        return "ChildProcess[" + pid + (isAlive() ? "" : ", exited " + status) + "]";
    }
}
