package org.jtee.core;

import org.jtee.ta.Ta;

/** {@link StorageKeyTa} as a dynamic TA, in a TA host, with a UUID (and so objects) of its own. */
@Ta(uuid = DynamicStorageKeyTa.UUID_STRING, description = "core test: persistent objects, in a host")
public final class DynamicStorageKeyTa extends StorageKeyTa {
    public static final String UUID_STRING = "5eed0002-7a7a-4c1e-9d00-000000000002";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
}
