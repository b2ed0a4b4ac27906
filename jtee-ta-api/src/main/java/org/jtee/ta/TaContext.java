package org.jtee.ta;

import java.util.UUID;

/** What an instance gets at creation: its identity and the property sets that do not change per call. */
public interface TaContext {
    /** The TA's UUID. */
    UUID uuid();

    /** {@code TEE_PROPSET_CURRENT_TA}. */
    TeeProperties taProperties();

    /** {@code TEE_PROPSET_TEE_IMPLEMENTATION}. */
    TeeProperties teeProperties();
}
