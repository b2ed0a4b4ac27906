package org.jtee.client;

import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * The four parameters of an open-session or invoke call ({@code TEEC_Operation}), and the handle
 * for cancelling it. An operation may be reused for one call after another, not for two at once.
 */
public final class Operation {
    private final Parameter[] params;
    private volatile TeeContext context;
    private volatile long requestId;
    private volatile boolean cancelRequested;

    public Operation(Parameter p0, Parameter p1, Parameter p2, Parameter p3) {
        this.params = new Parameter[] {p0, p1, p2, p3};
    }

    /** Up to four parameters; missing ones are NONE. */
    public static Operation of(Parameter... params) {
        if (params.length > 4) {
            throw new IllegalArgumentException("at most four parameters, got " + params.length);
        }
        Parameter[] p = java.util.Arrays.copyOf(params, 4);
        return new Operation(p[0], p[1], p[2], p[3]);
    }

    public Parameter get(int index) {
        return params[index];
    }

    /** {@code TEEC_PARAM_TYPES} of the four parameters. */
    public int paramTypes() {
        int t = 0;
        for (int i = 0; i < 4; i++) {
            t |= (params[i] == null ? ParamType.NONE : params[i].type()) << (4 * i);
        }
        return t;
    }

    /**
     * {@code TEEC_RequestCancellation}. If the operation is running, the core is asked to cancel
     * it (the TA sees it once it unmasks cancellation); if it has not started, it fails with
     * {@code TEEC_ERROR_CANCEL} (origin API) when it starts. Best effort: a call that finishes
     * first is not affected.
     */
    public void requestCancellation() {
        cancelRequested = true;
        TeeContext ctx = context;
        long id = requestId;
        if (ctx != null && id != 0) {
            ctx.cancel(id);
        }
    }

    /** Marks the operation started as request {@code id} on {@code ctx}; fails if cancelled before. */
    void begin(TeeContext ctx, long id) throws TeeException {
        context = ctx;
        requestId = id;
        if (cancelRequested) {
            end();
            throw new TeeException(TeeResult.CANCEL, ReturnOrigin.API, "the operation was cancelled before it started");
        }
    }

    void end() {
        requestId = 0;
        context = null;
        cancelRequested = false;
    }

    WireParams toWire(TeeContext ctx) throws TeeException {
        WireParam[] slots = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            slots[i] = params[i] == null ? null : params[i].toWire(ctx);
        }
        for (Parameter p : params) {
            if (p instanceof SharedMemoryReference r) {
                r.parent().beforeCall();
            }
        }
        return WireParams.of(slots);
    }

    void writeBack(WireParams reply) {
        if (!reply.isEmpty()) {
            for (int i = 0; i < 4; i++) {
                if (params[i] != null) {
                    params[i].writeBack(reply.get(i));
                }
            }
        }
        for (Parameter p : params) {
            if (p instanceof SharedMemoryReference r) {
                r.parent().afterCall();
            }
        }
    }
}
