package org.jtee.client;

import org.jtee.common.TeeException;
import org.jtee.protocol.WireParam;

/**
 * One of the four parameters of an {@link Operation}: a value, a temporary memory reference or a
 * reference to shared memory. Parameters are mutable: after a call, output values and sizes hold
 * what the TA wrote back.
 */
public abstract sealed class Parameter permits ValueParameter, TempMemory, SharedMemoryReference {
    Parameter() {}

    /** The client type ({@link ParamType}). */
    public abstract int type();

    /** The wire slot for a call on {@code context}; checks the arguments (origin API). */
    abstract WireParam toWire(TeeContext context) throws TeeException;

    /** Applies the reply's slot (same wire type as sent). */
    abstract void writeBack(WireParam reply);
}
