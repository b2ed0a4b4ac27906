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
     * {@code TEE_InvokeTACommand}, within the entry point that is running now. A cancellation of
     * the current call reaches the callee.
     *
     * @throws TeeException the callee's result (origin {@code TRUSTED_APP}), or the core's
     *     ({@code TEE_ERROR_TARGET_DEAD} if the callee panicked, origin {@code TEE})
     */
    void invoke(int commandId, Parameters params) throws TeeException;

    /** {@code TEE_CloseTASession}. Closing twice does nothing. */
    @Override
    void close();
}
