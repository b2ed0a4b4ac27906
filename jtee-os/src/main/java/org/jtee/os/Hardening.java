package org.jtee.os;

/**
 * Process-wide protections and identity, prctl(2) and getuid(2).
 *
 * <p>{@link #disableDumping()} clears the "dumpable" attribute of this process: the kernel then
 * writes no core dump of it, and other processes running as the same user can no longer ptrace it
 * or read {@code /proc/<pid>/mem}, {@code environ} and the like — files under {@code /proc/<pid>}
 * become owned by root. Children made by fork(2) inherit the attribute; execve(2) sets it back to 1
 * (to {@code fs.suid_dumpable} for set-user-ID programs), and so does any change of the process's
 * user or group ids (to {@code fs.suid_dumpable}). Side effect for a JVM: jcmd, jstack and the
 * other attach-API tools of the same user stop working.
 */
public final class Hardening {
    /** {@code PR_GET_DUMPABLE}, {@code <linux/prctl.h>}. */
    static final int PR_GET_DUMPABLE = 3;
    /** {@code PR_SET_DUMPABLE}, {@code <linux/prctl.h>}. */
    static final int PR_SET_DUMPABLE = 4;
    /** {@code SUID_DUMP_DISABLE}, {@code <linux/sched/coredump.h>}: not dumpable. */
    static final int SUID_DUMP_DISABLE = 0;

    private Hardening() {}

    /** {@code prctl(PR_SET_DUMPABLE, 0)}: no core dumps, no ptrace or /proc/pid/mem by same-user processes. */
    public static void disableDumping() throws ErrnoException {
        Libc.prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE, "prctl(PR_SET_DUMPABLE)");
    }

    /**
     * {@code prctl(PR_GET_DUMPABLE)}: whether this process may be dumped — true for 1 (dumpable)
     * and for 2 (dumpable, core readable by root only, set by {@code fs.suid_dumpable=2}).
     */
    public static boolean isDumpable() {
        try {
            return Libc.prctl(PR_GET_DUMPABLE, 0, "prctl(PR_GET_DUMPABLE)") != SUID_DUMP_DISABLE;
        } catch (ErrnoException e) {
            throw new IllegalStateException("PR_GET_DUMPABLE cannot fail", e);
        }
    }

    /** {@code PR_SET_NO_NEW_PRIVS}, {@code <linux/prctl.h>}. */
    static final int PR_SET_NO_NEW_PRIVS = 38;

    /**
     * {@code prctl(PR_SET_NO_NEW_PRIVS, 1)}: execve(2) can never again grant privileges (set-user-ID
     * bits and file capabilities are ignored), for this process and its children, for good.
     */
    public static void setNoNewPrivileges() throws ErrnoException {
        Libc.prctl(PR_SET_NO_NEW_PRIVS, 1, "prctl(PR_SET_NO_NEW_PRIVS)");
    }

    /** {@code PRIO_PROCESS}, {@code <sys/resource.h>}: with who 0, the calling thread on Linux. */
    static final int PRIO_PROCESS = 0;

    /**
     * setpriority(2) of the calling thread alone (Linux keeps a nice value per thread): raises its
     * nice value to {@code nice}, lowering its share of the CPU against threads of nice 0. Threads
     * and processes it starts inherit it; without {@code CAP_SYS_NICE} it can never be lowered
     * again.
     */
    public static void niceThisThread(int nice) throws ErrnoException {
        Libc.syscall(SyscallTable.current().setpriority(), PRIO_PROCESS, 0, nice, "setpriority(PRIO_PROCESS, self)");
    }

    /**
     * getppid(2): the pid of the parent as the kernel sees it — 1 (or a subreaper) once the parent
     * has died. Unlike {@link ProcessHandle#parent()}, which reads {@code /proc}, it works in a
     * process that Landlock keeps from reading other processes' {@code /proc} entries.
     */
    public static long parentPid() {
        return Libc.getppid();
    }

    /** The effective user id of this process, geteuid(2). */
    public static long uid() {
        return Libc.geteuid();
    }

    /** The effective group id of this process, getegid(2). */
    public static long gid() {
        return Libc.getegid();
    }
}
