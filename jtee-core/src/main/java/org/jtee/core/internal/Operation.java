package org.jtee.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;

/**
 * One OPEN_SESSION or INVOKE in flight: the request, its cancellation state and the thread that
 * runs it. Cancellation is per operation (GP §4.10), not per session as in OP-TEE, and is masked
 * on every entry into the TA until the TA unmasks it.
 */
final class Operation {
    final ClientConnection connection;
    final long requestId;
    final Message request;
    private volatile boolean cancelled;
    private volatile boolean masked = true;
    private volatile Thread runner;

    Operation(ClientConnection connection, long requestId, Message request) {
        this.connection = connection;
        this.requestId = requestId;
        this.request = request;
    }

    /** Marks the operation cancelled and wakes the TA if it waits in {@link #await}. */
    void cancel() {
        cancelled = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Called on entry into the TA, by the thread that runs it. */
    void enter() {
        masked = true;
        runner = Thread.currentThread();
    }

    void exit() {
        runner = null;
    }

    boolean cancellationRequested() {
        return cancelled && !masked;
    }

    boolean setMasked(boolean mask) {
        boolean previous = masked;
        masked = mask;
        return previous;
    }

    /** {@code TEE_Wait}. */
    void await(long timeoutMillis) throws TeeException {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (cancellationRequested()) {
                throw new TeeException(TeeResult.CANCEL, "TEE_Wait cancelled by the client");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }
}
