package org.jtee.core.ta;

import org.jtee.common.TeeException;
import org.jtee.core.client.Operation;
import org.jtee.ta.Parameters;

/**
 * How the TA manager enters one instance: {@link InCoreTa} for a TA in the core's JVM,
 * {@link RemoteTa} for one in a TA host. Every entry gets the operation it runs in explicitly
 * (the {@link Call}'s, for open and invoke). A {@link TeeException} is an answer to the client
 * with the origin it carries; any other throwable is a fault of the instance, which dies of it.
 */
interface TaBackend {
    /** {@code TA_CreateEntryPoint}. */
    void create(TaInstance instance, Operation op) throws TeeException;

    /** {@code TA_OpenSessionEntryPoint}; returns the session's state. */
    Object openSession(Call call, Parameters params) throws TeeException;

    /** {@code TA_InvokeCommandEntryPoint} on the state {@link #openSession} returned. */
    void invokeCommand(Object session, Call call, int commandId, Parameters params) throws TeeException;

    /** {@code TA_CloseSessionEntryPoint}. */
    void closeSession(Object session, Operation op);

    /** {@code TA_DestroyEntryPoint}. */
    void destroy(Operation op);

    /** True if the instance runs in a TA host of its own (it counts against the host limits). */
    boolean inHost();

    /**
     * Releases what the instance holds outside the core's heap: a host is ended, unless it ends
     * by itself after a destroy entry. Called once, when the instance is gone or dead.
     */
    void release(String why, boolean destroyed);
}
