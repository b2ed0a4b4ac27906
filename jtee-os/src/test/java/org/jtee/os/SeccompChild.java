package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link SeccompTest} in a child JVM: confines itself as a TA host does (unless the first
 * argument is {@code open}), then makes the raw system calls a TA could not reach from Java and
 * prints {@code name=errno} (0: the call succeeded) for each.
 */
public final class SeccompChild {
    private static final Linker LINKER = Linker.nativeLinker();
    @SuppressWarnings("restricted") // the point: raw system calls
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    private SeccompChild() {}

    public static void main(String[] args) throws Exception {
        SyscallTable t = SyscallTable.current();
        long pid = ProcessHandle.current().pid();
        long ppid = Hardening.parentPid();
        if (args.length > 0 && args[0].equals("open")) { // only what does the parent no harm if it passes
            report("socket_inet", t.socket(), 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0, 0);
            report("kill_parent", t.kill(), ppid, 0, 0, 0);
            return;
        }
        Capabilities.dropAll();
        Seccomp.confineTaHost();
        try (Arena arena = Arena.ofConfined()) {
            report("socket_inet", t.socket(), 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0, 0);
            report("socket_inet_udp", t.socket(), 2, 2 /* SOCK_DGRAM */, 0, 0);
            report("socket_inet6", t.socket(), 10 /* AF_INET6 */, 1, 0, 0);
            report("socket_unix", t.socket(), 1 /* AF_UNIX */, 1, 0, 0);
            report("socket_netlink", t.socket(), 16 /* AF_NETLINK */, 3 /* SOCK_RAW */, 0, 0);
            report("socketpair", t.socketpair(), 1, 1, 0, arena.allocate(8).address());
            report("kill_parent", t.kill(), ppid, 0, 0, 0);
            report("kill_parent_high_bits", t.kill(), ppid | (1L << 32), 0, 0, 0);
            report("kill_group", t.kill(), 0, 0, 0, 0);
            report("kill_everyone", t.kill(), -1, 0, 0, 0);
            report("tgkill_parent", t.tgkill(), ppid, ppid, 0, 0);
            // PTRACE_SEIZE, not PTRACE_ATTACH: should it pass, it does not stop the test's JVM
            report("ptrace_seize", t.ptrace(), 0x4206 /* PTRACE_SEIZE */, ppid, 0, 0);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, arena.allocate(8));
            iov.set(JAVA_LONG, 8, 8);
            report("process_vm_readv", t.processVmReadv(), ppid, iov.address(), 1, iov.address());
            MemorySegment path = arena.allocateFrom("/bin/true");
            MemorySegment argv = arena.allocate(16, 8);
            argv.set(ADDRESS, 0, path);
            report("execve", t.execve(), path.address(), argv.address(), arena.allocate(8).address(), 0);
            report("unshare_user", t.unshare(), 0x10000000 /* CLONE_NEWUSER */, 0, 0, 0);
            report("prctl_dumpable", t.prctl(), 4 /* PR_SET_DUMPABLE */, 1, 0, 0);
            report("kill_self", t.kill(), pid, 0, 0, 0);
            report("tgkill_self", t.tgkill(), pid, pid, 0, 0);
        }
        System.out.println("thread=" + System.getProperty("java.version") + " started: " + startThread());
        System.out.println("status " + grep("CapEff") + " " + grep("CapBnd") + " " + grep("NoNewPrivs") + " " + grep("Seccomp:"));
    }

    private static void report(String name, int nr, long a, long b, long c, long d) {
        MemorySegment cs = Arena.ofAuto().allocate(Linker.Option.captureStateLayout());
        long r;
        try {
            r = (long) SYSCALL.invokeExact(cs, (long) nr, a, b, c, d, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        System.out.println(name + "=" + (r < 0 ? cs.get(JAVA_INT, 0) : 0));
    }

    private static boolean startThread() throws InterruptedException {
        boolean[] ran = new boolean[1];
        Thread th = new Thread(() -> ran[0] = true);
        th.start();
        th.join();
        return ran[0];
    }

    private static String grep(String key) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith(key)).findFirst().orElse(key + "?").replaceAll("\\s+", "");
    }
}
