package org.jtee.ta;

import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_ERROR_OVERFLOW} from {@link CallContext#taPersistentTime()}: the TA's persistent time
 * has passed {@code 2^32 - 1} seconds. As {@code TEE_GetTAPersistentTime} still fills in its
 * {@code TEE_Time}, {@link #time()} is the time with its seconds wrapped (modulo {@code 2^32}).
 */
public final class TimeOverflowException extends TeeException {
    private static final long serialVersionUID = 1L;

    private final TeeTime time;

    /** The persistent time overflowed; {@code wrapped} is its value modulo {@code 2^32} seconds. */
    public TimeOverflowException(TeeTime wrapped) {
        super(TeeResult.OVERFLOW, ReturnOrigin.TEE, "the TA persistent time passed 2^32 - 1 seconds; wrapped: " + wrapped);
        this.time = wrapped;
    }

    /** The TA persistent time, its seconds wrapped. */
    public TeeTime time() {
        return time;
    }
}
