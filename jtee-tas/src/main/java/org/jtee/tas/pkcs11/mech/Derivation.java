package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;

/** Key derivation (not yet). */
final class Derivation {
    private Derivation() {}

    static byte[] derive(int mechanism, ByteBuffer params, KeyView parent, int valueLength) throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }
}
