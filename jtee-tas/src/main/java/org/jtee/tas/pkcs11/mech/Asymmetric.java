package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;

/** RSA, ECDSA, EdDSA and ML-DSA operations (not yet). */
final class Asymmetric {
    private Asymmetric() {}

    static Processing start(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }
}
