package org.jtee.client;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jtee.common.TeeException;

/**
 * An open session with a trusted application ({@code TEEC_Session}), created by
 * {@link TeeContext#openSession}.
 *
 * <p>Thread-safe: several threads may invoke commands on one session at once; the core hands them
 * to the TA, which serialises them as its instance requires. {@link #close()} may come from any
 * thread; calls still running on the session when it closes end as the core decides.
 */
public final class TeeSession implements AutoCloseable {
    private final TeeContext context;
    private final int id;
    private final AtomicBoolean closed = new AtomicBoolean();

    TeeSession(TeeContext context, int id) {
        this.context = context;
        this.id = id;
    }

    /** The session id the core assigned; unique within its context only. */
    public int id() {
        return id;
    }

    /** The context the session belongs to. */
    public TeeContext context() {
        return context;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * {@code TEEC_InvokeCommand}: runs command {@code commandId} of the TA with the parameters of
     * {@code op}. Output parameters are written back whatever the result, then any result other
     * than {@code TEE_SUCCESS} is thrown.
     *
     * @param op the parameters, or null for none (an operation that cannot be cancelled)
     * @throws TeeException the TA's or the core's result with its origin, the message naming the
     *     call (e.g. "InvokeCommand 0x1 on session 3"); {@code TEE_ERROR_BAD_PARAMETERS} (origin
     *     API) for parameters the library refuses; {@code TEE_ERROR_BAD_STATE} (origin API) on a
     *     closed session; {@code TEE_ERROR_COMMUNICATION} (origin COMMS) when the connection to the
     *     core fails or the context is closed (nothing is written back then)
     */
    public void invokeCommand(int commandId, Operation op) throws TeeException {
        context.invoke(this, commandId, op);
    }

    /**
     * {@code TEEC_CloseSession}: the core runs the TA's close entry point and forgets the session.
     * Idempotent; never fails (after the context is closed the core has closed the session
     * already).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            context.closeSession(id);
        }
    }

    @Override
    public String toString() {
        return "TeeSession[" + id + (closed.get() ? ", closed" : "") + "]";
    }
}
