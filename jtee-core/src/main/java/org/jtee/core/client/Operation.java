package org.jtee.core.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.ta.Tee;

/**
 * One OPEN_SESSION or INVOKE in flight: the request, its cancellation state and the thread that
 * runs it. Cancellation is per operation (GP §4.10), not per session as in OP-TEE, and is masked
 * on every entry into the TA until the TA unmasks it. Close-session and destroy entries run in an
 * {@linkplain #internal() internal} operation: no client can cancel it, but it counts TA-to-TA
 * calls nested in it like any other.
 *
 * <p>TA-to-TA calls run within the operation, one nesting level deeper each. A client's
 * cancellation reaches every level. The expiry of a TA-to-TA call's cancellation timeout
 * ({@link #startTimeout}) cancels that call's level and the levels below it, not the caller's:
 * <pre>
 *   depth 0  client → A         cancelled by the client
 *   depth 1      A → B (1 s)    cancelled by the client, or 1 s after A called B
 *   depth 2          B → C      cancelled by either of those
 * </pre>
 * Each cancel hook (a TA host running an entry of this operation) is tagged with the depth it was
 * added at, so an expired timeout tells only the hosts at its level and below.
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
    /** Called on cancellation: TA hosts this operation is in, with the nesting depth of each. */
    private final List<Hook> cancelHooks = new CopyOnWriteArrayList<>();
    /** TA-to-TA calls nested in this operation now; touched only by the thread that runs it. */
    private int depth;
    /** The cancellation timeouts of the TA-to-TA calls in progress, innermost first; null if none. */
    private volatile Timeout timeouts;
    /** Guards {@link #timeouts} changes and each timeout's {@code ended}: an expiry and its call's end exclude each other. */
    private final Object timeoutLock = new Object();

    private record Hook(int depth, Runnable action) {}

    /** Fires the cancellation timeouts of TA-to-TA calls, in every core of this JVM. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "jtee-ta-call-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * The cancellation timeout of one TA-to-TA call ({@code cancellationRequestTimeout} of
     * {@code TEE_OpenTASession} and {@code TEE_InvokeTACommand}), at the call's nesting depth.
     */
    public static final class Timeout {
        private final Timeout outer;
        private final int depth;
        private final long deadlineNanos;
        private volatile boolean expired;
        /** Set when the call has returned ({@link #endTimeout}); guarded by {@link #timeoutLock}. */
        private boolean ended;
        private ScheduledFuture<?> timer;

        private Timeout(Timeout outer, int depth, long deadlineNanos) {
            this.outer = outer;
            this.depth = depth;
            this.deadlineNanos = deadlineNanos;
        }

        boolean expired() {
            return expired || System.nanoTime() - deadlineNanos >= 0;
        }
    }

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
        run(hooksFrom(0));
    }

    /** The actions of the hooks added at {@code fromDepth} and deeper, as they are now. */
    private List<Runnable> hooksFrom(int fromDepth) {
        return cancelHooks.stream().filter(h -> h.depth() >= fromDepth).map(Hook::action).toList();
    }

    /** Runs {@code hooks} and wakes a TA waiting in {@link #await}. */
    private void run(List<Runnable> hooks) {
        hooks.forEach(Runnable::run);
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Runs {@code hook} when the call at the current nesting depth is cancelled — by the client,
     * or by the expiry of a cancellation timeout at this depth or above it — and at once if it
     * already is.
     */
    public void addCancelHook(Runnable hook) {
        cancelHooks.add(new Hook(depth, hook));
        if (cancelled.get() || timedOut()) {
            hook.run();
        }
    }

    /** Forgets a hook {@link #addCancelHook} added. */
    public void removeCancelHook(Runnable hook) {
        cancelHooks.removeIf(h -> h.action() == hook);
    }

    /**
     * Starts the cancellation timeout of the TA-to-TA call just {@linkplain #nest nested}: after
     * {@code timeoutMillis} that call and what it calls in turn are cancelled, as by the client.
     *
     * @param timeoutMillis milliseconds; {@link Tee#TIMEOUT_INFINITE} or negative: none
     * @return the timeout, for {@link #endTimeout}; null if there is none
     */
    public Timeout startTimeout(long timeoutMillis) {
        if (timeoutMillis < 0 || timeoutMillis >= Tee.TIMEOUT_INFINITE) {
            return null;
        }
        Timeout t;
        synchronized (timeoutLock) {
            t = new Timeout(timeouts, depth, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            timeouts = t;
        }
        t.timer = TIMER.schedule(() -> expire(t), timeoutMillis, TimeUnit.MILLISECONDS);
        return t;
    }

    /** Ends a timeout {@link #startTimeout} started, when its call has returned (null: none). */
    public void endTimeout(Timeout t) {
        if (t == null) {
            return;
        }
        synchronized (timeoutLock) {
            t.ended = true;
            timeouts = t.outer;
        }
        t.timer.cancel(false); // an expiry already running finds it ended
    }

    /** The timer's task: cancels the call of {@code t} and deeper ones, unless the call has returned. */
    private void expire(Timeout t) {
        List<Runnable> due = expiring(t);
        if (due != null) {
            run(due);
        }
    }

    /**
     * Marks {@code t} expired and returns the hooks its expiry must run — those added until now at
     * its depth and deeper — or null if its call has returned ({@link #endTimeout}). Decided under
     * the same lock as the end of the call, so once that returns no hook of a later call at the
     * same depth can be among them; they run after the lock is let go, as a hook may block.
     */
    List<Runnable> expiring(Timeout t) {
        synchronized (timeoutLock) {
            if (t.ended) {
                return null;
            }
            t.expired = true;
            return hooksFrom(t.depth);
        }
    }

    /** True if a cancellation timeout of the running call, or of one it is nested in, has expired. */
    private boolean timedOut() {
        for (Timeout t = timeouts; t != null; t = t.outer) {
            if (t.expired()) {
                return true;
            }
        }
        return false;
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

    /**
     * True if the running entry has unmasked cancellation and the operation is cancelled, or a
     * cancellation timeout of the running TA-to-TA call (or of one it is nested in) has expired.
     */
    public boolean cancellationRequested() {
        return !masked && (cancelled.get() || timedOut());
    }

    /** Masks or unmasks cancellation for the running entry; returns the previous mask. */
    public boolean setMasked(boolean mask) {
        boolean previous = masked;
        masked = mask;
        return previous;
    }

    /** {@code TEE_Wait}: {@link Tee#TIMEOUT_INFINITE} or a negative value waits until cancelled. */
    public void await(long timeoutMillis) throws TeeException {
        long deadline = timeoutMillis < 0 || timeoutMillis == Tee.TIMEOUT_INFINITE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (cancellationRequested()) {
                // origin TEE, as a TA host's TEE_Wait: the TEE's answer to the TA, not the TA's own
                throw new TeeException(TeeResult.CANCEL, ReturnOrigin.TEE, "TEE_Wait cancelled");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }
}
