package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A seccomp filter for TA hosts ({@code Documentation/userspace-api/seccomp_filter.rst}): a classic
 * BPF program the kernel runs on every system call of every thread of this process, for good. It
 * answers {@code EPERM} — the TA sees an ordinary error, the JVM goes on — to the calls a TA host
 * never needs and that would let it leave its box whatever Landlock ABI the kernel offers:
 *
 * <ul>
 * <li>{@code socket}, {@code socketpair}: no socket of any family (TCP, UDP, raw, packet, netlink,
 *     Unix); a host's link is its standard input and output, pipes;
 * <li>{@code kill}, {@code tgkill}, {@code rt_sigqueueinfo}, {@code rt_tgsigqueueinfo} unless aimed
 *     at this process's own pid (the JVM signals its own threads with {@code tgkill(pid, tid, sig)});
 *     {@code tkill} and {@code pidfd_send_signal}, whose target the filter cannot see;
 * <li>{@code ptrace}, {@code process_vm_readv}/{@code writev}, {@code process_madvise},
 *     {@code pidfd_getfd}: no reach into other processes;
 * <li>{@code execve}, {@code execveat}, {@code fork}, {@code vfork}, and {@code clone} without
 *     {@code CLONE_THREAD} or with a namespace flag: threads only, no new program or process;
 *     {@code clone3} gets {@code ENOSYS} (its flags sit behind a pointer, which BPF cannot read), and
 *     glibc then falls back to {@code clone};
 * <li>the kernel's sharpest tools: {@code bpf}, {@code perf_event_open}, {@code userfaultfd},
 *     {@code io_uring_*} (which would run socket operations out of the filter's sight), the keyring,
 *     mounts old and new, {@code chroot}, {@code pivot_root}, {@code unshare}, {@code setns},
 *     modules, {@code kexec}, {@code reboot}, swap, {@code acct}, port I/O, file handles,
 *     {@code fanotify};
 * <li>changing another process's priority or limits: {@code setpriority}, {@code ioprio_set},
 *     {@code sched_set*} (whose targets include the process group), {@code prlimit64} unless for
 *     this process;
 * <li>{@code prctl(PR_SET_DUMPABLE)} and {@code prctl(PR_SET_PTRACER)}, so the host stays out of
 *     reach of other processes; {@code ioctl(TIOCSTI)} and {@code ioctl(TIOCLINUX)}, so a TA cannot
 *     type into the terminal the core's log may be.
 * </ul>
 *
 * <p>A call of another architecture (the i386 entry on x86_64) or of the x32 ABI (bit 30 of the
 * number) is refused outright: the numbers above would mean other calls there. The filter is
 * installed with {@code SECCOMP_FILTER_FLAG_TSYNC}, on every thread of the JVM at once: a filter,
 * like Landlock and capabilities, is per thread, and the JVM's own threads exist before any code
 * of ours runs (seccomp(2), Linux 3.17; {@link #isAvailable()} asks for SECCOMP_GET_ACTION_AVAIL, 4.14).
 * Installing a filter needs {@code no_new_privs} (set here) or {@code CAP_SYS_ADMIN}.
 *
 * <pre>
 * struct seccomp_data  { int nr; u32 arch; u64 instruction_pointer; u64 args[6]; }
 * struct sock_filter   { u16 code; u8 jt; u8 jf; u32 k; }          // 8 bytes
 * struct sock_fprog    { unsigned short len; struct sock_filter *filter; }
 * </pre>
 */
public final class Seccomp {
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int SECCOMP_GET_ACTION_AVAIL = 2;
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int CLONE_THREAD = 0x00010000;
    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET ({@code <linux/sched.h>}). */
    private static final int CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000
            | 0x10000000 | 0x20000000 | 0x40000000;
    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_SET_PTRACER = 0x59616d61;
    private static final int TIOCSTI = 0x5412;
    private static final int TIOCLINUX = 0x541C;

    // classic BPF, <linux/bpf_common.h>
    private static final short LD_W_ABS = 0x00 | 0x00 | 0x20;
    private static final short JEQ_K = 0x05 | 0x10;
    private static final short JGE_K = 0x05 | 0x30;
    private static final short JSET_K = 0x05 | 0x40;
    private static final short RET_K = 0x06;
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;

    private Seccomp() {}

    /** Whether this kernel runs seccomp filters that can answer with an errno. */
    public static boolean isAvailable() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment action = arena.allocate(JAVA_INT);
            action.set(JAVA_INT, 0, RET_ERRNO);
            Libc.syscall(SyscallTable.current().seccomp(), SECCOMP_GET_ACTION_AVAIL, 0, action.address(),
                    "seccomp(SECCOMP_GET_ACTION_AVAIL)");
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /**
     * Sets {@code no_new_privs} and installs the TA host filter on every thread of this process.
     *
     * @throws ErrnoException if the kernel has no seccomp filters, or refuses this one
     */
    public static void confineTaHost() throws ErrnoException {
        byte[] program = taHostFilter(SyscallTable.current(), (int) ProcessHandle.current().pid());
        Libc.prctl(PR_SET_NO_NEW_PRIVS, 1, "prctl(PR_SET_NO_NEW_PRIVS)");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment filter = arena.allocate(program.length, 8);
            filter.copyFrom(MemorySegment.ofArray(program));
            MemorySegment fprog = arena.allocate(16, 8);
            fprog.set(JAVA_SHORT, 0, (short) (program.length / 8));
            fprog.set(ADDRESS, 8, filter);
            long r = Libc.syscall(SyscallTable.current().seccomp(), SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
                    fprog.address(), "seccomp(SECCOMP_SET_MODE_FILTER)");
            if (r != 0) { // with TSYNC: the id of a thread that could not be synchronised
                throw new ErrnoException("seccomp(SECCOMP_FILTER_FLAG_TSYNC): thread " + r + " has another filter", EPERM);
            }
        }
    }

    /** The program, as the kernel reads it: 8-byte instructions in this machine's byte order. */
    static byte[] taHostFilter(SyscallTable t, int ownPid) {
        Program p = new Program();
        p.load(OFFSET_ARCH);
        p.jump(JEQ_K, t.auditArch(), 1, 0);
        p.ret(RET_ERRNO | EPERM);
        p.load(OFFSET_NR);
        if (t.x32Bit()) {
            p.jump(JGE_K, X32_SYSCALL_BIT, 0, 1);
            p.ret(RET_ERRNO | EPERM);
        }
        for (int nr : new int[] {t.socket(), t.socketpair(), t.tkill(), SyscallTable.PIDFD_SEND_SIGNAL,
                t.ptrace(), t.processVmReadv(), t.processVmWritev(), SyscallTable.PROCESS_MADVISE, SyscallTable.PIDFD_GETFD,
                t.execve(), t.execveat(), t.fork(), t.vfork(),
                t.bpf(), t.perfEventOpen(), t.userfaultfd(),
                SyscallTable.IO_URING_SETUP, SyscallTable.IO_URING_ENTER, SyscallTable.IO_URING_REGISTER,
                t.keyctl(), t.addKey(), t.requestKey(),
                t.mount(), t.umount2(), t.pivotRoot(), t.chroot(), SyscallTable.OPEN_TREE, SyscallTable.MOVE_MOUNT,
                SyscallTable.FSOPEN, SyscallTable.FSCONFIG, SyscallTable.FSMOUNT, SyscallTable.FSPICK,
                SyscallTable.MOUNT_SETATTR, t.unshare(), t.setns(),
                t.kexecLoad(), t.kexecFileLoad(), t.initModule(), t.finitModule(), t.deleteModule(),
                t.reboot(), t.swapon(), t.swapoff(), t.acct(), t.iopl(), t.ioperm(),
                t.nameToHandleAt(), t.openByHandleAt(), t.fanotifyInit(),
                t.setpriority(), t.ioprioSet(), t.schedSetparam(), t.schedSetscheduler(), t.schedSetattr()}) {
            p.deny(nr, EPERM);
        }
        p.deny(SyscallTable.CLONE3, ENOSYS);
        for (int nr : new int[] {t.kill(), t.tgkill(), t.rtSigqueueinfo(), t.rtTgsigqueueinfo()}) {
            p.allowOnlyIf(nr, 0, ownPid, ownPid);
        }
        p.allowOnlyIf(t.prlimit64(), 0, 0, ownPid);
        p.denyIfAny(t.prctl(), 0, PR_SET_DUMPABLE, PR_SET_PTRACER);
        p.denyIfAny(t.ioctl(), 1, TIOCSTI, TIOCLINUX);
        p.threadsOnly(t.cloneThread());
        p.ret(RET_ALLOW);
        return p.bytes();
    }

    /** Classic BPF, emitted in order; every jump goes forward by a count of instructions. */
    private static final class Program {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void load(int offset) {
            emit(LD_W_ABS, 0, 0, offset);
        }

        /** Loads the low 32 bits of argument {@code i} (little endian: x86_64 and arm64 alike). */
        void loadArg(int i) {
            load(16 + 8 * i);
        }

        void jump(short code, int k, int jt, int jf) {
            emit(code, jt, jf, k);
        }

        void ret(int action) {
            emit(RET_K, 0, 0, action);
        }

        /** Needs the number loaded, and leaves it loaded. */
        void deny(int nr, int errno) {
            if (nr < 0) {
                return;
            }
            jump(JEQ_K, nr, 0, 1);
            ret(RET_ERRNO | errno);
        }

        /** Call {@code nr} passes if argument {@code arg} is {@code a} or {@code b}, else EPERM. */
        void allowOnlyIf(int nr, int arg, int a, int b) {
            jump(JEQ_K, nr, 0, 5);
            loadArg(arg);
            jump(JEQ_K, a, 2, 0);
            jump(JEQ_K, b, 1, 0);
            ret(RET_ERRNO | EPERM);
            ret(RET_ALLOW);
        }

        /** Call {@code nr} gets EPERM if argument {@code arg} is {@code a} or {@code b}, else passes. */
        void denyIfAny(int nr, int arg, int a, int b) {
            jump(JEQ_K, nr, 0, 5);
            loadArg(arg);
            jump(JEQ_K, a, 2, 0);
            jump(JEQ_K, b, 1, 0);
            ret(RET_ALLOW);
            ret(RET_ERRNO | EPERM);
        }

        /** {@code clone} passes only for a thread: CLONE_THREAD set, no namespace flag. */
        void threadsOnly(int nr) {
            jump(JEQ_K, nr, 0, 5);
            loadArg(0);
            jump(JSET_K, CLONE_NAMESPACES, 2, 0);
            jump(JSET_K, CLONE_THREAD, 0, 1);
            ret(RET_ALLOW);
            ret(RET_ERRNO | EPERM);
        }

        private void emit(short code, int jt, int jf, int k) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            b.putShort(code).put((byte) jt).put((byte) jf).putInt(k);
            out.writeBytes(b.array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
