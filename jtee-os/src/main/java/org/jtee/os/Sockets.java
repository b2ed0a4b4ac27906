package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Downcalls for Unix-domain stream sockets, socket(7) and unix(7). Every call on a blocking socket
 * is retried when a signal interrupts it (EINTR).
 */
final class Sockets {
    /** {@code AF_UNIX}, {@code <bits/socket.h>}. */
    static final int AF_UNIX = 1;
    /** {@code SOCK_STREAM}, {@code <bits/socket_type.h>} (2 only on MIPS, which is not supported). */
    static final int SOCK_STREAM = 1;
    /** {@code SOCK_CLOEXEC}, {@code <bits/socket_type.h>}: equal to {@code O_CLOEXEC}. */
    static final int SOCK_CLOEXEC = Libc.O_CLOEXEC;
    /** {@code SCM_RIGHTS}, {@code <bits/socket.h>}: a control message carrying descriptors. */
    static final int SCM_RIGHTS = 1;
    /** {@code MSG_CTRUNC}, {@code <bits/socket.h>}: control data (descriptors) did not fit and were dropped. */
    static final int MSG_CTRUNC = 0x8;
    /** {@code MSG_CMSG_CLOEXEC}, {@code <bits/socket.h>}: received descriptors are close-on-exec. */
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /**
     * The most descriptors one receive takes: a sender attaches them to the first byte of a
     * write, and the kernel never merges two writes' descriptors into one receive.
     */
    static final int MAX_DESCRIPTORS = 8;
    /** {@code EMSGSIZE}, {@code <asm-generic/errno.h>}. */
    static final int EMSGSIZE = 90;
    /** The bytes {@link #receiveWithDescriptors} needs as scratch: control buffer, msghdr, iovec. */
    static final long RECEIVE_SCRATCH_BYTES = 256;
    /** {@code struct msghdr} on LP64 Linux: name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad). */
    private static final long MSGHDR_BYTES = 56;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    /** {@code struct cmsghdr}: {@code size_t cmsg_len}, {@code int cmsg_level}, {@code int cmsg_type}, then data. */
    private static final long CMSG_HEADER_BYTES = 16;
    /** {@code SHUT_RDWR}, {@code <sys/socket.h>}. */
    static final int SHUT_RDWR = 2;
    /** {@code MSG_NOSIGNAL}, {@code <bits/socket.h>}: report EPIPE instead of raising SIGPIPE. */
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code MSG_DONTWAIT}, {@code <bits/socket.h>}: this one call does not block. */
    static final int MSG_DONTWAIT = 0x40;
    /** {@code SOL_SOCKET}, {@code <asm-generic/socket.h>}. */
    static final int SOL_SOCKET = 1;
    /** {@code SO_PEERCRED}, {@code <asm-generic/socket.h>}. */
    static final int SO_PEERCRED = 17;
    /** {@code SO_PEERGROUPS}, {@code <asm-generic/socket.h>}, Linux 4.13 and newer. */
    static final int SO_PEERGROUPS = 59;
    /** {@code ERANGE}, {@code <asm-generic/errno-base.h>}. */
    static final int ERANGE = 34;
    /** {@code EADDRINUSE}, {@code <asm-generic/errno.h>}. */
    static final int EADDRINUSE = 98;
    /** {@code EISCONN}, {@code <asm-generic/errno.h>}. */
    static final int EISCONN = 106;
    /** {@code ENOPROTOOPT}, {@code <asm-generic/errno.h>}: the kernel does not know the option. */
    static final int ENOPROTOOPT = 92;
    /** {@code ECONNREFUSED}, {@code <asm-generic/errno.h>}. */
    static final int ECONNREFUSED = 111;
    /** The size of {@code sun_path} in {@code struct sockaddr_un}, {@code <sys/un.h>}, NUL included. */
    static final int SUN_PATH_SIZE = 108;
    /** The longest socket path: one byte of {@code sun_path} is left for the terminating NUL. */
    static final int MAX_PATH_BYTES = SUN_PATH_SIZE - 1;
    /** {@code offsetof(struct sockaddr_un, sun_path)}: after the 2-byte {@code sa_family_t}. */
    private static final int SUN_PATH_OFFSET = 2;

    private static final MethodHandle SOCKET = Libc.errnoCall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = Libc.errnoCall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = Libc.errnoCall("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Libc.errnoCall("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = Libc.errnoCall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = Libc.errnoCall("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SEND = Libc.errnoCall("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Libc.errnoCall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SENDMSG = Libc.errnoCall("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = Libc.errnoCall("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Libc.errnoCall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Libc.errnoCall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private Sockets() {}

    /** socket(2): a new blocking, close-on-exec Unix-domain stream socket. */
    static int socket() throws ErrnoException {
        MemorySegment cs = Libc.capture();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(cs, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (fd < 0) {
            throw new ErrnoException("socket", Libc.errno(cs));
        }
        return fd;
    }

    /** A {@code struct sockaddr_un} naming {@code path}; fails if the name does not fit sun_path. */
    static MemorySegment address(Arena arena, Path path) throws IOException {
        byte[] name = Libc.pathBytes(path);
        if (name.length > MAX_PATH_BYTES) {
            throw new IOException(path + ": socket path is " + name.length
                    + " bytes long; sun_path holds at most " + MAX_PATH_BYTES);
        }
        if (name.length == 0) {
            throw new IOException("empty socket path");
        }
        MemorySegment sa = arena.allocate(SUN_PATH_OFFSET + SUN_PATH_SIZE, 2); // zero-filled
        sa.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, sa, JAVA_BYTE, SUN_PATH_OFFSET, name.length);
        return sa;
    }

    /** The address length to pass with {@code address}: the family, the name and its NUL. */
    static int addressLength(MemorySegment address) {
        int n = 0;
        while (address.get(JAVA_BYTE, SUN_PATH_OFFSET + n) != 0) {
            n++;
        }
        return SUN_PATH_OFFSET + n + 1;
    }

    /** bind(2). */
    static void bind(int fd, MemorySegment address) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        int r;
        try {
            r = (int) BIND.invokeExact(cs, fd, address, addressLength(address));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException("bind", Libc.errno(cs));
        }
    }

    /** connect(2); after an interrupted attempt the connection may already stand (EISCONN). */
    static void connect(int fd, MemorySegment address) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        boolean interrupted = false;
        while (true) {
            int r;
            try {
                r = (int) CONNECT.invokeExact(cs, fd, address, addressLength(address));
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            int errno = r < 0 ? Libc.errno(cs) : 0;
            if (r == 0 || (interrupted && errno == EISCONN)) {
                return;
            }
            if (errno != Libc.EINTR) {
                throw new ErrnoException("connect", errno);
            }
            interrupted = true;
        }
    }

    /** listen(2). */
    static void listen(int fd, int backlog) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        int r;
        try {
            r = (int) LISTEN.invokeExact(cs, fd, backlog);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r < 0) {
            throw new ErrnoException("listen", Libc.errno(cs));
        }
    }

    /** accept4(2) with SOCK_CLOEXEC, not asking for the peer's (unnamed) address. */
    static int accept(int fd) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        while (true) {
            int r;
            try {
                r = (int) ACCEPT4.invokeExact(cs, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            if (Libc.errno(cs) != Libc.EINTR) {
                throw new ErrnoException("accept4", Libc.errno(cs));
            }
        }
    }

    /** recv(2) into native memory; 0 means end of stream. */
    static long recv(int fd, MemorySegment buffer, long length) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        while (true) {
            long n;
            try {
                n = (long) RECV.invokeExact(cs, fd, buffer, length, 0);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n >= 0) {
                return n;
            }
            if (Libc.errno(cs) != Libc.EINTR) {
                throw new ErrnoException("recv", Libc.errno(cs));
            }
        }
    }

    /** send(2) from native memory with MSG_NOSIGNAL: a closed peer gives EPIPE, never SIGPIPE. */
    static long send(int fd, MemorySegment buffer, long length) throws ErrnoException {
        return send(fd, buffer, length, MSG_NOSIGNAL);
    }

    /**
     * send(2) with MSG_DONTWAIT and MSG_NOSIGNAL: what the socket's buffer takes now, 0 if it is
     * full (EAGAIN).
     */
    static long sendNow(int fd, MemorySegment buffer, long length) throws ErrnoException {
        return send(fd, buffer, length, MSG_NOSIGNAL | MSG_DONTWAIT);
    }

    /** send(2) with {@code flags}, again after EINTR; EAGAIN (a non-blocking send) is 0 bytes. */
    private static long send(int fd, MemorySegment buffer, long length, int flags) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        while (true) {
            long n;
            try {
                n = (long) SEND.invokeExact(cs, fd, buffer, length, flags);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n >= 0) {
                return n;
            }
            int errno = Libc.errno(cs);
            if (errno == Libc.EAGAIN && (flags & MSG_DONTWAIT) != 0) {
                return 0;
            }
            if (errno != Libc.EINTR) {
                throw new ErrnoException("send", errno);
            }
        }
    }

    /** socketpair(2): two connected Unix stream sockets, both close-on-exec. */
    static int[] socketpair() throws ErrnoException {
        MemorySegment cs = Libc.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r;
            try {
                r = (int) SOCKETPAIR.invokeExact(cs, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r < 0) {
                throw new ErrnoException("socketpair", Libc.errno(cs));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /**
     * sendmsg(2) of {@code length} bytes from native memory with {@code descriptors} attached as
     * one {@code SCM_RIGHTS} message (the receiver gets its own duplicates); MSG_NOSIGNAL. At least
     * one byte must be sent, and the descriptors travel with the first byte sent.
     */
    static long sendWithDescriptors(int fd, MemorySegment buffer, long length, int[] descriptors) throws ErrnoException {
        if (length <= 0 || descriptors.length == 0 || descriptors.length > MAX_DESCRIPTORS) {
            throw new IllegalArgumentException(length + " bytes, " + descriptors.length + " descriptors");
        }
        MemorySegment cs = Libc.capture();
        try (Arena arena = Arena.ofConfined()) {
            long controlBytes = cmsgSpace(descriptors.length);
            MemorySegment control = arena.allocate(controlBytes, 8);
            control.set(JAVA_LONG, 0, CMSG_HEADER_BYTES + 4L * descriptors.length);
            control.set(JAVA_INT, 8, SOL_SOCKET);
            control.set(JAVA_INT, 12, SCM_RIGHTS);
            for (int i = 0; i < descriptors.length; i++) {
                control.set(JAVA_INT, CMSG_HEADER_BYTES + 4L * i, descriptors[i]);
            }
            MemorySegment msg = arena.allocate(MSGHDR_BYTES, 8);
            describe(msg, arena.allocate(16, 8), buffer, length, control);
            while (true) {
                long n;
                try {
                    n = (long) SENDMSG.invokeExact(cs, fd, msg, MSG_NOSIGNAL);
                } catch (Throwable t) {
                    throw Libc.rethrow(t);
                }
                if (n >= 0) {
                    return n;
                }
                if (Libc.errno(cs) != Libc.EINTR) {
                    throw new ErrnoException("sendmsg", Libc.errno(cs));
                }
            }
        }
    }

    /**
     * recvmsg(2) into native memory, taking up to {@value #MAX_DESCRIPTORS} descriptors sent with
     * the bytes (close-on-exec) into {@code received}; 0 means end of stream. {@code scratch} is the
     * caller's {@value #RECEIVE_SCRATCH_BYTES} bytes, reused from call to call, for the control
     * buffer, the msghdr and the iovec.
     *
     * @throws ErrnoException EMSGSIZE if the peer sent more descriptors than fit: they are lost
     */
    static long receiveWithDescriptors(int fd, MemorySegment buffer, long length, MemorySegment scratch,
            java.util.function.IntConsumer received) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        MemorySegment control = scratch.asSlice(0, cmsgSpace(MAX_DESCRIPTORS));
        MemorySegment msg = scratch.asSlice(128, MSGHDR_BYTES);
        MemorySegment iov = scratch.asSlice(192, 16);
        while (true) {
            describe(msg, iov, buffer, length, control);
            long n;
            try {
                n = (long) RECVMSG.invokeExact(cs, fd, msg, MSG_CMSG_CLOEXEC);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n < 0) {
                if (Libc.errno(cs) != Libc.EINTR) {
                    throw new ErrnoException("recvmsg", Libc.errno(cs));
                }
                continue;
            }
            long controlLength = msg.get(JAVA_LONG, MSG_CONTROLLEN);
            for (long at = 0; at + CMSG_HEADER_BYTES <= controlLength;) {
                long len = control.get(JAVA_LONG, at);
                if (len < CMSG_HEADER_BYTES || at + len > controlLength) {
                    break;
                }
                if (control.get(JAVA_INT, at + 8) == SOL_SOCKET && control.get(JAVA_INT, at + 12) == SCM_RIGHTS) {
                    for (long d = CMSG_HEADER_BYTES; d + 4 <= len; d += 4) {
                        received.accept(control.get(JAVA_INT, at + d));
                    }
                }
                at += (len + 7) & ~7L;
            }
            if ((msg.get(JAVA_INT, MSG_FLAGS) & MSG_CTRUNC) != 0) {
                throw new ErrnoException("recvmsg: more descriptors than " + MAX_DESCRIPTORS + " in one message", EMSGSIZE);
            }
            return n;
        }
    }

    /** {@code CMSG_SPACE(count * sizeof(int))} on LP64: header and data, rounded up to 8. */
    static long cmsgSpace(int count) {
        return CMSG_HEADER_BYTES + ((4L * count + 7) & ~7L);
    }

    /**
     * Fills {@code msg} (a {@code struct msghdr}) to name one buffer, through {@code iov}, and the
     * control buffer {@code control}; everything else (name, flags) zero.
     */
    private static void describe(MemorySegment msg, MemorySegment iov, MemorySegment buffer, long length,
            MemorySegment control) {
        msg.fill((byte) 0);
        iov.set(ADDRESS, 0, buffer);
        iov.set(JAVA_LONG, 8, length);
        msg.set(ADDRESS, MSG_IOV, iov);
        msg.set(JAVA_LONG, MSG_IOVLEN, 1);
        msg.set(ADDRESS, MSG_CONTROL, control);
        msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
    }

    /** shutdown(2) of both directions; wakes threads blocked in accept, recv or send on {@code fd}. */
    static void shutdownQuietly(int fd) {
        try {
            int ignored = (int) SHUTDOWN.invokeExact(Libc.capture(), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * getsockopt(2) at level SOL_SOCKET into {@code value}; returns the length the kernel stored.
     * If {@code value} is too small for SO_PEERGROUPS the kernel fails with ERANGE and reports the
     * length it needs: this method then returns that length negated.
     */
    static int getsockopt(int fd, int option, MemorySegment value, String what) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) value.byteSize());
            int r;
            try {
                r = (int) GETSOCKOPT.invokeExact(cs, fd, SOL_SOCKET, option, value, length);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r < 0) {
                int errno = Libc.errno(cs);
                if (errno == ERANGE) {
                    return -length.get(JAVA_INT, 0);
                }
                throw new ErrnoException(what, errno);
            }
            return length.get(JAVA_INT, 0);
        }
    }
}
