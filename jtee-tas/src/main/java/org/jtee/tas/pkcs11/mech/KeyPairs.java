package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;

/** Key-pair generation (not yet). */
final class KeyPairs {
    private KeyPairs() {}

    static Mechanisms.KeyPairValues generate(int mechanism, ByteBuffer params, KeyView pub, KeyView priv)
            throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }
}
