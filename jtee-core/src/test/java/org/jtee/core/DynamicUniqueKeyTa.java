package org.jtee.core;

import org.jtee.ta.Ta;

/** {@link UniqueKeyTa} as a dynamic TA, in a TA host, with a UUID of its own. */
@Ta(uuid = DynamicUniqueKeyTa.UUID_STRING, description = "core test: TA unique keys, in a host")
public final class DynamicUniqueKeyTa extends UniqueKeyTa {
    public static final String UUID_STRING = "5eed0001-7a7a-4c1e-9d00-000000000002";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
}
