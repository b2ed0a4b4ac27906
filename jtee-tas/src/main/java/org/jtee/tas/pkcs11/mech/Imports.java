package org.jtee.tas.pkcs11.mech;

import java.util.Map;
import org.jtee.tas.pkcs11.CkException;

/** Imported keys (not yet). */
final class Imports {
    private Imports() {}

    static Map<Integer, byte[]> complete(KeyView key) throws CkException {
        return Map.of();
    }
}
