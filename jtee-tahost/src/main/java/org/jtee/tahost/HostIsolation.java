package org.jtee.tahost;

import java.util.ArrayList;
import java.util.List;
import org.jtee.os.Landlock;
import org.jtee.os.Seccomp;

/**
 * What walls a TA host in on this kernel, and whether that is enough. A host needs both:
 *
 * <ul>
 * <li><b>Landlock</b>, any ABI: the file system (the core's state and HUK, other users' files,
 *     writing anywhere). From ABI 4 (Linux 6.7) also TCP, from ABI 6 (Linux 6.12) also signals and
 *     abstract Unix sockets outside the host — the filter below covers those on older kernels;
 * <li><b>seccomp</b>: sockets of every family (so UDP, raw, netlink and Unix sockets by path, which
 *     no Landlock ABI forbids), signals outside the host, ptrace and {@code process_vm_*},
 *     execve and fork, namespaces, mounts, bpf and the like ({@link Seccomp}).
 * </ul>
 *
 * <p>Capabilities are dropped and {@code no_new_privs} set on every kernel. Where a mechanism is
 * missing, a host refuses to run unless the core was started with {@value #FLAG}; then it runs
 * with what there is, and the core and every host say what is left open.
 *
 * @param landlockAbi the Landlock ABI a host uses (0: none)
 * @param seccomp whether a host can install its seccomp filter
 */
public record HostIsolation(int landlockAbi, boolean seccomp) {
    /** The one option of the core and of {@code jtee up} that accepts weaker isolation. */
    public static final String FLAG = "--allow-weak-isolation";
    /** Host property: the core accepts weak isolation. */
    public static final String ALLOW_WEAK_PROPERTY = "jtee.host.allowWeakIsolation";
    /**
     * Core and host property: use at most this Landlock ABI, and ({@code jtee.host.seccomp=false})
     * no seccomp — to check on one kernel what a host gets on an older one.
     */
    public static final String LANDLOCK_LIMIT_PROPERTY = "jtee.host.landlockAbiLimit";
    /** Core and host property: {@code false} for no seccomp filter (see {@link #LANDLOCK_LIMIT_PROPERTY}). */
    public static final String SECCOMP_PROPERTY = "jtee.host.seccomp";

    /** What this kernel offers, within the limits of this JVM's properties. */
    public static HostIsolation probe() {
        int abi = Math.min(Landlock.abiVersion(), Integer.getInteger(LANDLOCK_LIMIT_PROPERTY, Integer.MAX_VALUE));
        boolean filter = !"false".equals(System.getProperty(SECCOMP_PROPERTY)) && Seccomp.isAvailable();
        return new HostIsolation(abi, filter);
    }

    /** The mechanisms a host needs and cannot have here; empty when isolation is complete. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (landlockAbi < 1) {
            missing.add("Landlock (without it a TA can read every file of the core's user, the HUK included)");
        }
        if (!seccomp) {
            missing.add("seccomp filters (without them a TA can open sockets"
                    + (Landlock.coversTcp(landlockAbi) ? " other than TCP" : ", TCP included")
                    + (Landlock.coversSignals(landlockAbi) ? "" : ", signal the core")
                    + " and call execve, ptrace, bpf or unshare)");
        }
        return missing;
    }

    /** True if a host gets every mechanism it needs here. */
    public boolean complete() {
        return missing().isEmpty();
    }

    /** One line: which mechanism covers what, as a host will be confined. */
    public String describe() {
        String landlock = landlockAbi < 1 ? "no Landlock"
                : "Landlock ABI " + landlockAbi + " (files" + (Landlock.coversTcp(landlockAbi) ? ", TCP" : "")
                        + (Landlock.coversSignals(landlockAbi) ? ", signals, abstract sockets" : "") + ")";
        String filter = seccomp ? "seccomp (all sockets, outside signals, ptrace, process_vm, exec, fork, namespaces, "
                + "mounts, bpf, perf, keys, io_uring)" : "no seccomp";
        return landlock + " + " + filter + " + no capabilities, no_new_privs";
    }

    /** Why a host will not run, naming what is missing and the flag that accepts it. */
    public String refusal() {
        return "TA hosts cannot be isolated on this kernel: missing " + String.join("; ", missing())
                + ". Start the core with " + FLAG + " to run them anyway with weaker isolation";
    }

    /** The warning logged at start and for every host when {@link #FLAG} let a host run without. */
    public String weakWarning() {
        return "WEAK TA ISOLATION (" + FLAG + "): TA hosts run without " + String.join("; ", missing());
    }
}
