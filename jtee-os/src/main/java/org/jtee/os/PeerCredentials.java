package org.jtee.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The credentials of the process at the other end of a Unix-domain socket, as the kernel recorded
 * them when the connection was made (connect(2) or listen(2) time, not when they are asked for):
 * see {@code SO_PEERCRED} and {@code SO_PEERGROUPS} in socket(7) and unix(7).
 *
 * @param pid the peer's process id
 * @param uid the peer's effective user id
 * @param gid the peer's effective group id
 * @param groups the peer's supplementary group ids; empty on kernels older than 4.13, which lack
 *     {@code SO_PEERGROUPS} (getsockopt fails with ENOPROTOOPT)
 */
public record PeerCredentials(long pid, long uid, long gid, long[] groups) {
    /** {@code sizeof(struct ucred)}, {@code <bits/socket.h>}: pid_t, uid_t, gid_t. */
    private static final int UCRED_SIZE = 12;
    /** Room for this many groups on the first SO_PEERGROUPS attempt. */
    private static final int INITIAL_GROUPS = 64;

    /** Copies {@code groups}. */
    public PeerCredentials {
        groups = groups.clone();
    }

    /** A copy of the supplementary group ids. */
    @Override
    public long[] groups() {
        return groups.clone();
    }

    /** Whether {@code gid} is the effective group or one of the supplementary groups. */
    public boolean inGroup(long gid) {
        return this.gid == gid || Arrays.stream(groups).anyMatch(g -> g == gid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerCredentials p
                && pid == p.pid && uid == p.uid && gid == p.gid && Arrays.equals(groups, p.groups);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 * 31 * 31 + Long.hashCode(uid) * 31 * 31
                + Long.hashCode(gid) * 31 + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "PeerCredentials[pid=" + pid + ", uid=" + uid + ", gid=" + gid
                + ", groups=" + Arrays.toString(groups) + "]";
    }

    /** Asks the kernel for the credentials of the peer of connected socket {@code fd}. */
    static PeerCredentials of(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ucred = arena.allocate(UCRED_SIZE, 4);
            Sockets.getsockopt(fd, Sockets.SO_PEERCRED, ucred, "getsockopt(SO_PEERCRED)");
            return new PeerCredentials(
                    ucred.get(JAVA_INT, 0),
                    Integer.toUnsignedLong(ucred.get(JAVA_INT, 4)),
                    Integer.toUnsignedLong(ucred.get(JAVA_INT, 8)),
                    groups(fd, arena));
        }
    }

    private static long[] groups(int fd, Arena arena) throws ErrnoException {
        long bytes = INITIAL_GROUPS * 4L;
        while (true) {
            MemorySegment buffer = arena.allocate(bytes, 4);
            int length;
            try {
                length = Sockets.getsockopt(fd, Sockets.SO_PEERGROUPS, buffer, "getsockopt(SO_PEERGROUPS)");
            } catch (ErrnoException e) {
                if (e.errno() == Sockets.ENOPROTOOPT) {
                    return new long[0]; // Linux before 4.13
                }
                throw e;
            }
            if (length >= 0) {
                return unsignedInts(buffer, length / 4);
            }
            bytes = -(long) length; // ERANGE: the kernel said how much it needs
        }
    }

    private static long[] unsignedInts(MemorySegment buffer, int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = Integer.toUnsignedLong(buffer.getAtIndex(JAVA_INT, i));
        }
        return values;
    }
}
