package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Drops every Linux capability ({@code capabilities(7)}): what a process run as root, or given
 * capabilities, would otherwise keep. Capabilities belong to a thread, not to a process: the
 * calling thread loses them, and every thread it starts afterwards is born without them.
 *
 * <pre>
 * struct __user_cap_header_struct { u32 version; int pid; }
 * struct __user_cap_data_struct   { u32 effective; u32 permitted; u32 inheritable; }   // x 2 in version 3
 * </pre>
 */
public final class Capabilities {
    private static final int PR_CAPBSET_READ = 23;
    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_CAP_AMBIENT = 47;
    private static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private static final int EINVAL = 22;
    /** Far above the last capability of any kernel (40, CAP_CHECKPOINT_RESTORE, in Linux 6.x). */
    private static final int MAX_CAP = 63;

    private static final MethodHandle CAPSET = Libc.errnoCall("capset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private Capabilities() {}

    /**
     * Empties the calling thread's bounding and ambient sets (so no later execve can grant any)
     * and its effective, permitted and inheritable sets. Without {@code CAP_SETPCAP} the bounding
     * set cannot be emptied; it then holds nothing that matters once the other sets are empty,
     * {@code no_new_privs} is set and execve is refused (as in a TA host), so that is not an error.
     */
    public static void dropAll() throws ErrnoException {
        dropBoundingSet();
        try {
            Libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
        } catch (ErrnoException e) {
            if (e.errno() != EINVAL) { // EINVAL: a kernel before 4.3, which has no ambient set
                throw e;
            }
        }
        capsetNone();
    }

    /** Whether capability {@code cap} is still in the calling thread's bounding set. */
    public static boolean inBoundingSet(int cap) throws ErrnoException {
        return Libc.prctl(PR_CAPBSET_READ, cap, "prctl(PR_CAPBSET_READ)") == 1;
    }

    private static void dropBoundingSet() throws ErrnoException {
        for (int cap = 0; cap <= MAX_CAP; cap++) {
            try {
                if (!inBoundingSet(cap)) {
                    continue;
                }
            } catch (ErrnoException e) {
                return; // EINVAL: past the last capability this kernel knows
            }
            try {
                Libc.prctl(PR_CAPBSET_DROP, cap, "prctl(PR_CAPBSET_DROP)");
            } catch (ErrnoException e) {
                return; // EPERM: no CAP_SETPCAP, so there is nothing to drop from but the bounding set
            }
        }
    }

    private static void capsetNone() throws ErrnoException {
        MemorySegment cs = Libc.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(8, 4);
            header.set(JAVA_INT, 0, LINUX_CAPABILITY_VERSION_3);
            header.set(JAVA_INT, 4, 0);
            MemorySegment data = arena.allocate(24, 4); // zeroed: no capability in any set
            int r;
            try {
                r = (int) CAPSET.invokeExact(cs, header, data);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r < 0) {
                throw new ErrnoException("capset", Libc.errno(cs));
            }
        }
    }
}
