package org.jtee.core.runtime;

import java.util.Objects;

/**
 * The clocks a TA reads besides the core's system clock: the REE's ({@code TEE_GetREETime}, from
 * the supplicant) and the TAs' persistent times ({@code TEE_GetTAPersistentTime}).
 */
public record TaClocks(ReeClock ree, TaPersistentTime taTime) {
    public TaClocks {
        Objects.requireNonNull(ree, "ree");
        Objects.requireNonNull(taTime, "taTime");
    }
}
