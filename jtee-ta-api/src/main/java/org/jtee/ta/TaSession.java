package org.jtee.ta;

import java.util.UUID;
import org.jtee.common.TeeException;

/**
 * A session this TA opened to another TA ({@code TEE_TASessionHandle}, GP Internal Core API
 * §4.9). The callee sees login {@code TEE_LOGIN_TRUSTED_APP} and this TA's UUID as its client.
 * Memory references are copied in and out, never shared. The session belongs to this TA
 * instance: it may be used in later calls, and it is closed when the instance ends.
 */
public interface TaSession extends AutoCloseable {
    /** The UUID of the TA this session talks to. */
    UUID ta();

    /**
     * {@code TEE_InvokeTACommand} with no cancellation timeout ({@link Tee#TIMEOUT_INFINITE}): see
     * {@link #invoke(long, int, Parameters)}.
     */
    default void invoke(int commandId, Parameters params) throws TeeException {
        invoke(Tee.TIMEOUT_INFINITE, commandId, params);
    }

    /**
     * {@code TEE_InvokeTACommand}, within the entry point that is running now. A cancellation of
     * the current call reaches the callee; so does the expiry of {@code cancellationTimeoutMillis}
     * ({@code cancellationRequestTimeout}), which cancels the callee's command, not this TA's
     * call: a callee that waits in {@code TEE_Wait} with cancellation unmasked then returns
     * {@code TEE_ERROR_CANCEL}, which this TA gets with origin {@code TRUSTED_APP}.
     *
     * @param cancellationTimeoutMillis milliseconds, or {@link Tee#TIMEOUT_INFINITE} (or any
     *     negative value) for none
     * @throws TeeException the callee's result (origin {@code TRUSTED_APP}), or the core's
     *     ({@code TEE_ERROR_TARGET_DEAD} if the callee panicked, origin {@code TEE})
     */
    void invoke(long cancellationTimeoutMillis, int commandId, Parameters params) throws TeeException;

    /** {@code TEE_CloseTASession}. Closing twice does nothing. */
    @Override
    void close();
}
