package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** poll(2) on one descriptor: wait until it is readable or writable, with a timeout. */
public final class Poll {
    /** {@code POLLIN}, {@code <asm-generic/poll.h>}. */
    private static final short POLLIN = 1;
    /** {@code POLLOUT}, {@code <asm-generic/poll.h>}. */
    private static final short POLLOUT = 4;
    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}; {@code struct pollfd {int fd; short events, revents;}}. */
    private static final MethodHandle POLL = Libc.errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private Poll() {}

    /**
     * Waits until {@code fd} has input, end of file or an error to report, or {@code timeoutMillis}
     * pass ({@code -1}: no limit). A signal ends the wait early, like a timeout.
     *
     * @return true if {@code fd} is ready
     */
    public static boolean readable(int fd, int timeoutMillis) throws ErrnoException {
        return ready(fd, POLLIN, timeoutMillis);
    }

    /**
     * Waits until {@code fd} can take output, or has an error or hang-up to report, or
     * {@code timeoutMillis} pass ({@code -1}: no limit). A signal ends the wait early, like a timeout.
     *
     * @return true if {@code fd} is ready
     */
    public static boolean writable(int fd, int timeoutMillis) throws ErrnoException {
        return ready(fd, POLLOUT, timeoutMillis);
    }

    /**
     * Polls {@code fd} for input without waiting, again and again, for up to {@code spinNanos}:
     * for a caller that expects an answer within microseconds and would rather not sleep for it
     * (on a virtual machine, waking a thread whose CPU has halted costs tens of microseconds).
     * {@code pollfd} is the caller's reusable 8-byte {@code struct pollfd} (see {@link #pollfd}).
     *
     * @return true as soon as {@code fd} has input, end of file or an error to report; false if
     *     the time ran out or a signal interrupted the poll
     */
    public static boolean spinUntilReadable(int fd, MemorySegment pollfd, long spinNanos) throws ErrnoException {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, POLLIN);
        MemorySegment cs = Libc.capture();
        long start = System.nanoTime();
        do {
            int r;
            try {
                r = (int) POLL.invokeExact(cs, pollfd, 1L, 0);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r > 0) {
                return true;
            }
            if (r < 0) {
                if (Libc.errno(cs) == Libc.EINTR) {
                    return false;
                }
                throw new ErrnoException("poll", Libc.errno(cs));
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - start < spinNanos);
        return false;
    }

    /** A {@code struct pollfd} for {@link #spinUntilReadable}, allocated in {@code arena}. */
    public static MemorySegment pollfd(Arena arena) {
        return arena.allocate(8, 4);
    }

    private static boolean ready(int fd, short events, int timeoutMillis) throws ErrnoException {
        MemorySegment cs = Libc.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, events);
            int r;
            try {
                r = (int) POLL.invokeExact(cs, pfd, 1L, timeoutMillis);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r < 0) {
                if (Libc.errno(cs) == Libc.EINTR) {
                    return false;
                }
                throw new ErrnoException("poll", Libc.errno(cs));
            }
            return r > 0;
        }
    }
}
