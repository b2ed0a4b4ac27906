package org.jtee.ta;

import org.jtee.common.TeeException;

/**
 * The current call into a TA: who the client is, the property sets, and cancellation
 * (GP Internal Core API §4.10). Cancellation starts masked on every entry, as in OP-TEE.
 */
public interface CallContext extends TaContext {
    /** The client of this session: login method and client UUID ({@code gpd.client.identity}). */
    Identity client();

    /** {@code TEE_PROPSET_CURRENT_CLIENT}. */
    TeeProperties clientProperties();

    /** {@code TEE_GetCancellationFlag}: true if the client cancelled this call and cancellation is unmasked. */
    boolean cancellationRequested();

    /** {@code TEE_UnmaskCancellation}: returns the previous mask state (true = was masked). */
    boolean unmaskCancellation();

    /** {@code TEE_MaskCancellation}: returns the previous mask state. */
    boolean maskCancellation();

    /**
     * {@code TEE_Wait}: sleeps for {@code timeoutMillis} ({@code -1}: forever).
     *
     * @throws TeeException {@code TEE_ERROR_CANCEL} if the call is cancelled while unmasked
     */
    void await(long timeoutMillis) throws TeeException;

    /**
     * {@code TEE_OpenTASession}: opens a session to the TA {@code ta}, which sees this TA as its
     * client (login {@code TEE_LOGIN_TRUSTED_APP}). Nested calls are bounded in depth.
     *
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} (origin TEE) if there is no such TA,
     *     {@code TEE_ERROR_BUSY} if it is single instance and already in this call chain, or the
     *     callee's own result (origin {@code TRUSTED_APP})
     */
    TaSession openTaSession(java.util.UUID ta, Parameters params) throws TeeException;

    /** {@code TEE_GetSystemTime}: the core's clock. */
    java.time.Instant systemTime();

    /**
     * {@code TEE_GetREETime}: the normal world's clock, asked of the supplicant (untrusted).
     *
     * @throws TeeException {@code TEE_ERROR_COMMUNICATION} if no supplicant answers
     */
    java.time.Instant reeTime() throws TeeException;
}
