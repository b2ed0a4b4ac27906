package org.jtee.core.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;

/**
 * One OPEN_SESSION or INVOKE in flight: the request, its cancellation state and the thread that
 * runs it. Cancellation is per operation (GP §4.10), not per session as in OP-TEE, and is masked
 * on every entry into the TA until the TA unmasks it. Close-session and destroy entries run in an
 * {@linkplain #internal() internal} operation: no client can cancel it, but it counts TA-to-TA
 * calls nested in it like any other.
 */
public final class Operation {
    /** The uid an internal operation counts against: none of a client. */
    static final long NO_UID = -1;

    /** The client connection the request came on; null for an internal operation. */
    public final ClientConnection connection;
    final long requestId;
    final Message request;
    private final boolean cancellable;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean masked = true;
    private volatile Thread runner;
    /** The client memory the TA sees live in this operation, or null ({@link #shrunkClientMemory}). */
    private volatile ParamMarshal clientMemory;
    /** Called on cancellation: TA hosts this operation is in, at any nesting depth. */
    private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
    /** TA-to-TA calls nested in this operation now; touched only by the thread that runs it. */
    private int depth;

    /** A cancellable operation for the request {@code requestId} of {@code connection}. */
    public Operation(ClientConnection connection, long requestId, Message request) {
        this(connection, requestId, request, true);
    }

    private Operation(ClientConnection connection, long requestId, Message request, boolean cancellable) {
        this.connection = connection;
        this.requestId = requestId;
        this.request = request;
        this.cancellable = cancellable;
    }

    /** An operation of the core's own: a close-session or destroy entry, or closing a dead instance's sessions. */
    public static Operation internal() {
        return new Operation(null, 0, null, false);
    }

    /** False for an internal operation: nothing cancels it, so a TA host gets the hard limit from the start. */
    public boolean cancellable() {
        return cancellable;
    }

    /** The uid of the client this operation serves, {@link #NO_UID} for an internal one. */
    public long uid() {
        return connection == null ? NO_UID : connection.peer.uid();
    }

    /** Notes the client memory this operation's TA sees live, so a fault on it can be told apart. */
    void clientMemory(ParamMarshal marshal) {
        clientMemory = marshal;
    }

    /**
     * After a fault in a TA entry: the client memory of this operation that shrank while the TA
     * ran (the client's doing, not the TA's), or null if none did.
     */
    public String shrunkClientMemory() {
        ParamMarshal m = clientMemory;
        return m == null ? null : m.shrunk();
    }

    /**
     * The client's shared memory behind parameter {@code param} of the client's own call, if
     * {@code taParam} is the reference made for it from the request (not a copy a TA made, nor
     * one a TA passes on to another TA); else null.
     */
    public ClientSlice clientSlice(int param, Object taParam) {
        ParamMarshal m = clientMemory;
        return m == null || depth != 0 ? null : m.clientSlice(param, taParam);
    }

    /** The client's shared memory the TA of this operation works on in place; empty if none. */
    public java.util.List<SharedSegment> clientSegments() {
        ParamMarshal m = clientMemory;
        return m == null ? java.util.List.of() : m.sharedSegments();
    }

    /**
     * Marks the operation cancelled, tells the TA hosts it is in, and wakes a TA waiting in
     * {@link #await}. Idempotent: a repeated cancellation changes nothing.
     */
    public void cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return;
        }
        for (Runnable hook : cancelHooks) {
            hook.run();
        }
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Runs {@code hook} on cancellation, at once if the operation is already cancelled. */
    public void addCancelHook(Runnable hook) {
        cancelHooks.add(hook);
        if (cancelled.get()) {
            hook.run();
        }
    }

    /** Forgets a hook {@link #addCancelHook} added. */
    public void removeCancelHook(Runnable hook) {
        cancelHooks.remove(hook);
    }

    /**
     * Counts a TA-to-TA call in (GP: nested calls share the client's operation, so a cancel
     * reaches them).
     *
     * @throws TeeException {@code TEE_ERROR_OUT_OF_MEMORY} past {@code maxDepth}, as OP-TEE
     */
    public void nest(int maxDepth) throws TeeException {
        if (depth >= maxDepth) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, org.jtee.common.ReturnOrigin.TEE,
                    "TA-to-TA calls nest at most " + maxDepth + " deep");
        }
        depth++;
    }

    /** Counts a TA-to-TA call out again (see {@link #nest}). */
    public void unnest() {
        depth--;
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Called on entry into a TA, by the thread that runs it: cancellation starts masked.
     *
     * @return the mask of the entry this one nests in, for {@link #exit}
     */
    public boolean enter() {
        boolean outer = masked;
        masked = true;
        runner = Thread.currentThread();
        return outer;
    }

    /** Leaves an entry, restoring the mask of the entry it was nested in. */
    public void exit(boolean outerMask) {
        masked = outerMask;
        if (depth == 0) {
            runner = null;
        }
    }

    /** True if the operation is cancelled and the running entry has unmasked cancellation. */
    public boolean cancellationRequested() {
        return cancelled.get() && !masked;
    }

    /** Masks or unmasks cancellation for the running entry; returns the previous mask. */
    public boolean setMasked(boolean mask) {
        boolean previous = masked;
        masked = mask;
        return previous;
    }

    /** {@code TEE_Wait}. */
    public void await(long timeoutMillis) throws TeeException {
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
