package org.jtee.os;

import java.io.IOException;
import java.io.Serial;

/**
 * A system call failed: the message reads like {@code "accept4: Too many open files (errno 24)"},
 * and {@link #errno()} gives the number for callers that branch on it.
 */
public final class ErrnoException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param operation what failed, usually the name of the call, possibly prefixed by a file name
     * @param errno the value of {@code errno} the call left
     */
    public ErrnoException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The {@code errno} value, as in {@code <asm-generic/errno-base.h>} and {@code <asm-generic/errno.h>}. */
    public int errno() {
        return errno;
    }
}
