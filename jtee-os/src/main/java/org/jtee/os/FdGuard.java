package org.jtee.os;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;

/**
 * Owns a socket descriptor shared by threads that read, write, accept and close, and keeps its
 * number from being reused under a thread still in a system call.
 *
 * <p>One {@code int} holds a count of the calls in progress and, in its sign bit, the closed flag.
 * {@link #acquire()} counts a call in (or throws once closed), {@link #release()} counts it out.
 * {@link #close()} sets the flag, shuts the socket down — which wakes every thread blocked in
 * accept(2), recv(2) or send(2) on it — and whoever brings the count to zero after the flag is set
 * closes the descriptor. Between shutdown and that last release the number stays allocated, so no
 * file opened meanwhile can receive the bytes of a late read or write.
 */
final class FdGuard {
    private static final int CLOSED = Integer.MIN_VALUE;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FdGuard.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    private volatile int state;

    FdGuard(int fd) {
        this.fd = fd;
    }

    /** Counts a call in and returns the descriptor to make it on. */
    int acquire() throws ClosedChannelException {
        while (true) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new ClosedChannelException();
            }
            if (STATE.weakCompareAndSet(this, s, s + 1)) {
                return fd;
            }
        }
    }

    /** Counts a call out; the last one out after {@link #close()} closes the descriptor. */
    void release() {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if (s == CLOSED) {
            Libc.closeQuietly(fd);
        }
    }

    boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /**
     * Marks the descriptor closed, wakes its blocked users and closes it once they are out.
     *
     * @return false if it was already closed
     */
    boolean close() {
        return close(true);
    }

    /**
     * As {@link #close()}, but without shutting the socket down when {@code shutdown} is false:
     * for a descriptor whose socket another process (a child that inherited it) goes on using.
     */
    boolean close(boolean shutdown) {
        while (true) {
            int s = state;
            if ((s & CLOSED) != 0) {
                return false;
            }
            // count this call in as well, so the descriptor outlives the shutdown below
            if (STATE.weakCompareAndSet(this, s, (s + 1) | CLOSED)) {
                break;
            }
        }
        if (shutdown) {
            Sockets.shutdownQuietly(fd);
        }
        release();
        return true;
    }
}
