package org.jtee.client;

import org.jtee.common.TeeException;

/** An open session with a TA ({@code TEEC_Session}). Thread-safe; close it once. */
public final class TeeSession implements AutoCloseable {
    private final TeeContext context;
    private final int id;
    private volatile boolean closed;

    TeeSession(TeeContext context, int id) {
        this.context = context;
        this.id = id;
    }

    /** The session id the core assigned (unique on this connection only). */
    public int id() {
        return id;
    }

    /**
     * {@code TEEC_InvokeCommand}. Output parameters are written back whatever the result, then a
     * result other than success is thrown.
     *
     * @param op the parameters, or null for none
     * @throws TeeException the result and its origin
     */
    public void invokeCommand(int commandId, Operation op) throws TeeException {
        context.invoke(this, commandId, op == null ? Operation.of() : op);
    }

    /** {@code TEEC_CloseSession}. Idempotent; errors after the context closed are ignored. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.closeSession(id);
        }
    }
}
