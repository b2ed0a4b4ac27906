package org.jtee.os;

/**
 * The system call numbers and audit architecture {@link Seccomp} needs, for the two architectures
 * jtee-os supports: {@code arch/x86/entry/syscalls/syscall_64.tbl} and the generic table arm64 uses
 * ({@code include/uapi/asm-generic/unistd.h}); the audit values are {@code AUDIT_ARCH_X86_64} and
 * {@code AUDIT_ARCH_AARCH64} of {@code <linux/audit.h>}. -1 marks a call the architecture lacks.
 */
record SyscallTable(
        int auditArch, boolean x32Bit,
        int socket, int socketpair,
        int kill, int tkill, int tgkill, int rtSigqueueinfo, int rtTgsigqueueinfo,
        int ptrace, int processVmReadv, int processVmWritev,
        int execve, int execveat, int fork, int vfork, int cloneThread,
        int bpf, int perfEventOpen, int mount, int umount2, int pivotRoot, int chroot,
        int unshare, int setns, int keyctl, int addKey, int requestKey, int userfaultfd,
        int kexecLoad, int kexecFileLoad, int initModule, int finitModule, int deleteModule,
        int reboot, int swapon, int swapoff, int acct, int iopl, int ioperm,
        int nameToHandleAt, int openByHandleAt, int fanotifyInit,
        int setpriority, int ioprioSet, int schedSetparam, int schedSetscheduler, int schedSetattr,
        int prlimit64, int prctl, int ioctl, int seccomp) {

    /** Calls numbered alike on both (added after the tables were unified, Linux 5.0 and later). */
    static final int PIDFD_SEND_SIGNAL = 424;
    static final int IO_URING_SETUP = 425;
    static final int IO_URING_ENTER = 426;
    static final int IO_URING_REGISTER = 427;
    static final int OPEN_TREE = 428;
    static final int MOVE_MOUNT = 429;
    static final int FSOPEN = 430;
    static final int FSCONFIG = 431;
    static final int FSMOUNT = 432;
    static final int FSPICK = 433;
    static final int PIDFD_GETFD = 438;
    static final int CLONE3 = 435;
    static final int PROCESS_MADVISE = 440;
    static final int MOUNT_SETATTR = 442;

    static final SyscallTable X86_64 = new SyscallTable(0xC000003E, true,
            41, 53,
            62, 200, 234, 129, 297,
            101, 310, 311,
            59, 322, 57, 58, 56,
            321, 298, 165, 166, 155, 161,
            272, 308, 250, 248, 249, 323,
            246, 320, 175, 313, 176,
            169, 167, 168, 163, 172, 173,
            303, 304, 300,
            141, 251, 142, 144, 314,
            302, 157, 16, 317);

    static final SyscallTable AARCH64 = new SyscallTable(0xC00000B7, false,
            198, 199,
            129, 130, 131, 138, 240,
            117, 270, 271,
            221, 281, -1, -1, 220,
            280, 241, 40, 39, 41, 51,
            97, 268, 219, 217, 218, 282,
            104, 294, 105, 273, 106,
            142, 224, 225, 89, -1, -1,
            264, 265, 262,
            140, 30, 118, 119, 274,
            261, 167, 29, 277);

    static SyscallTable current() {
        return Libc.isX86_64() ? X86_64 : AARCH64;
    }
}
