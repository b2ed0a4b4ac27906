package org.jtee.client;

import java.util.Arrays;
import org.jtee.client.internal.BadArgument;
import org.jtee.client.internal.Connection;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * The parameters of an open-session or invoke call, and the handle to cancel it
 * ({@code TEEC_Operation}). Four slots, each a {@link Parameter} or empty ({@code TEEC_NONE}).
 *
 * <p><b>Use.</b> An operation serves one call at a time; it may be reused for any number of calls
 * one after another (a second call while one is running fails with {@code TEE_ERROR_BAD_STATE},
 * origin API). The slots are fixed; the parameters in them are mutable.
 *
 * <p><b>Cancellation</b> ({@link #requestCancellation()}) may come from any thread, at any time,
 * and follows GP's "started" state:
 * <ul>
 *   <li>not started yet — the operation was never used in a call: the request is remembered and
 *       the first call fails at once with {@code TEE_ERROR_CANCEL}, origin API, without reaching
 *       the core;</li>
 *   <li>running: the core is asked to cancel the call (a CANCEL message naming its request id);
 *       the TA sees the request once it unmasks cancellation, and the call ends with whatever the
 *       TA returns — often {@code TEE_ERROR_CANCEL};</li>
 *   <li>finished — after a call returned, until the next call starts: no effect.</li>
 * </ul>
 * Best effort, as in GP: a call that completes first is not affected.
 *
 * <p>Thread-safe for {@link #requestCancellation()}, {@link #get(int)} and
 * {@link #paramTypes()}; the parameters themselves belong to the calling thread (see
 * {@link Parameter}).
 */
public final class Operation {
    private static final int NOT_STARTED = 0;
    private static final int RUNNING = 1;
    private static final int FINISHED = 2;

    /** {@link #begin} results. */
    static final int BEGUN = 0;
    static final int IN_USE = 1;
    static final int CANCELLED = 2;

    private final Parameter[] params;
    private final Object lock = new Object();
    private final Connection.SentHook sentHook = this::sent;
    // all guarded by lock
    private int state = NOT_STARTED;
    private boolean cancelBeforeStart;
    private boolean sent;
    private Connection connection;
    private long requestId;

    /** Four slots; null is {@code TEEC_NONE}. */
    public Operation(Parameter p0, Parameter p1, Parameter p2, Parameter p3) {
        this.params = new Parameter[] {p0, p1, p2, p3};
    }

    /**
     * Up to four parameters in slots 0, 1, …; the remaining slots are empty.
     *
     * @throws IllegalArgumentException for more than four
     */
    public static Operation of(Parameter... upTo4) {
        if (upTo4.length > 4) {
            throw new IllegalArgumentException("at most four parameters, got " + upTo4.length);
        }
        Parameter[] p = Arrays.copyOf(upTo4, 4);
        return new Operation(p[0], p[1], p[2], p[3]);
    }

    /** The parameter in slot {@code index} (0..3), or null for an empty slot. */
    public Parameter get(int index) {
        return params[index];
    }

    /** {@code TEEC_PARAM_TYPES} of the four slots ({@link ParamType} codes, 4 bits each). */
    public int paramTypes() {
        int t = 0;
        for (int i = 0; i < 4; i++) {
            t |= (params[i] == null ? ParamType.NONE : params[i].type()) << (4 * i);
        }
        return t;
    }

    /**
     * {@code TEEC_RequestCancellation}: see the class description. When the call is running,
     * returns once the core has answered the CANCEL message (it is not waiting for the call).
     * Never fails.
     */
    public void requestCancellation() {
        Connection c;
        long id;
        synchronized (lock) {
            if (state == NOT_STARTED) {
                cancelBeforeStart = true;
                return;
            }
            boolean interrupted = false;
            while (state == RUNNING && !sent) {
                try {
                    lock.wait(); // the request is being written; the core must see it before the CANCEL
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (state != RUNNING) {
                return;
            }
            c = connection;
            id = requestId;
        }
        c.cancel(id);
    }

    /** The four wire slots for a call on {@code context}; checks every parameter. */
    WireParams encode(TeeContext context) throws BadArgument {
        WireParam[] slots = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            if (params[i] != null) {
                try {
                    slots[i] = params[i].encode(context);
                } catch (BadArgument e) {
                    throw new BadArgument("parameter " + i + ": " + e.getMessage());
                }
            }
        }
        return WireParams.of(slots);
    }

    /** Marks the operation running as {@code id} on {@code c}; {@link #BEGUN} if it may go on. */
    int begin(Connection c, long id) {
        synchronized (lock) {
            if (state == RUNNING) {
                return IN_USE;
            }
            if (cancelBeforeStart) {
                cancelBeforeStart = false;
                state = FINISHED;
                return CANCELLED;
            }
            state = RUNNING;
            sent = false;
            connection = c;
            requestId = id;
            return BEGUN;
        }
    }

    Connection.SentHook sentHook() {
        return sentHook;
    }

    private void sent() {
        synchronized (lock) {
            sent = true;
            lock.notifyAll();
        }
    }

    /** The call returned (or failed): later cancellation requests have no effect. */
    void end() {
        synchronized (lock) {
            state = FINISHED;
            sent = false;
            connection = null;
            requestId = 0;
            lock.notifyAll();
        }
    }

    /** Applies the reply's slots; the caller checked that their types match what was sent. */
    void writeBack(WireParams sent, WireParams reply) {
        for (int i = 0; i < 4; i++) {
            if (params[i] != null && reply.get(i).type() != WireParam.NONE) {
                params[i].writeBack(sent.get(i), reply.get(i));
            }
        }
    }

    @Override
    public String toString() {
        return "Operation" + Arrays.toString(params);
    }
}
