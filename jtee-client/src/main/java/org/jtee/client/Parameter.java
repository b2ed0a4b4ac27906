package org.jtee.client;

import org.jtee.client.internal.BadArgument;
import org.jtee.protocol.WireParam;

/**
 * One of the four parameters of an {@link Operation}: a {@link ValueParameter}, a
 * {@link TempMemory} or a {@link SharedMemoryReference} (the members of {@code TEEC_Parameter}).
 *
 * <p>Parameters are mutable: a call writes output values and sizes back into them, whatever its
 * result (so {@code TEE_ERROR_SHORT_BUFFER} reports the size needed). They are not thread-safe:
 * a parameter belongs to the thread whose call uses it, and must not be in two calls at once.
 * The call's return (normal or by exception) makes its write-back visible to the calling thread.
 */
public abstract sealed class Parameter permits ValueParameter, TempMemory, SharedMemoryReference {
    Parameter() {}

    /** The client type, one of the {@link ParamType} constants. */
    public abstract int type();

    /**
     * The wire slot for a call on {@code context}. Checks the arguments as libteec does and, for
     * a shadowed {@link SharedMemory}, copies the caller's buffer into the segment.
     */
    abstract WireParam encode(TeeContext context) throws BadArgument;

    /**
     * Applies the reply's slot. {@code sent} is what {@link #encode} returned for this call;
     * {@code reply} has the same wire type (the caller checked).
     */
    abstract void writeBack(WireParam sent, WireParam reply);
}
