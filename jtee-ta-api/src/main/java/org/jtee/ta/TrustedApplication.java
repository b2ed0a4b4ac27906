package org.jtee.ta;

import org.jtee.common.TeeException;

/**
 * The five entry points of a trusted application (GP Internal Core API §4.3). One Java object is
 * one TA instance; {@code S} is the per-session state the TA keeps ("session context").
 *
 * <p>Returning normally is {@code TEE_SUCCESS}. Throwing {@link TeeException} returns its code to
 * the client with origin {@code TRUSTED_APP}; parameters written before the throw are still
 * written back, which is how {@code TEE_ERROR_SHORT_BUFFER} reports the size needed. Any other
 * exception or error, and {@link Tee#panic(int)}, is a panic: the instance is dead, each of its
 * sessions gets {@code TEE_ERROR_TARGET_DEAD} (origin {@code TEE}), and the next open session
 * creates a fresh instance.
 *
 * <p>The TA declares its properties with {@link Ta} on the implementing class.
 */
public interface TrustedApplication<S> {

    /** {@code TA_CreateEntryPoint}: once per instance, before its first session. */
    default void create(TaContext ta) throws TeeException {}

    /** {@code TA_DestroyEntryPoint}: once, after the last session of a non-keep-alive instance closed. */
    default void destroy() {}

    /**
     * {@code TA_OpenSessionEntryPoint}.
     *
     * @return the session's state, handed back to {@link #invokeCommand} and {@link #closeSession}
     */
    S openSession(CallContext call, Parameters params) throws TeeException;

    /** {@code TA_CloseSessionEntryPoint}. */
    default void closeSession(S session) {}

    /** {@code TA_InvokeCommandEntryPoint}. */
    void invokeCommand(S session, CallContext call, int commandId, Parameters params) throws TeeException;
}
