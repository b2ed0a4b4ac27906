package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;

/** ML-KEM (not yet). */
final class MlKem {
    private MlKem() {}

    static Mechanisms.Encapsulated encapsulate(int mechanism, ByteBuffer params, KeyView key) throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }

    static byte[] decapsulate(int mechanism, ByteBuffer params, KeyView key, byte[] ct) throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }
}
