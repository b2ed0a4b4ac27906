package org.jtee.core.runtime;

import java.time.Instant;
import org.jtee.common.TeeException;

/** The normal world's clock, as the supplicant reports it. */
@FunctionalInterface
public interface ReeClock {
    Instant now() throws TeeException;
}
