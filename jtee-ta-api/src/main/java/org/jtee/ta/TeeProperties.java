package org.jtee.ta;

import java.util.List;
import java.util.UUID;
import org.jtee.common.TeeException;

/**
 * One property set of GP Internal Core API §4.4: the current TA ({@code gpd.ta.*}), the current
 * client ({@code gpd.client.*}) or the TEE implementation ({@code gpd.tee.*}).
 *
 * <p>A missing name throws {@code TEE_ERROR_ITEM_NOT_FOUND}; a value that cannot be read as the
 * requested type throws {@code TEE_ERROR_BAD_FORMAT}. Strings convert as GP §4.4 says:
 * booleans from "true"/"false", integers from decimal or 0x-hex text.
 */
public interface TeeProperties {
    String getString(String name) throws TeeException;

    boolean getBool(String name) throws TeeException;

    int getU32(String name) throws TeeException;

    long getU64(String name) throws TeeException;

    byte[] getBinaryBlock(String name) throws TeeException;

    UUID getUuid(String name) throws TeeException;

    Identity getIdentity(String name) throws TeeException;

    /** Every name in the set, in a stable order (the GP property enumerator). */
    List<String> names();
}
