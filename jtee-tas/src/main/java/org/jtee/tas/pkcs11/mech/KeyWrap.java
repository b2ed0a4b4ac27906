package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import java.util.Map;
import org.jtee.tas.pkcs11.CkException;

/** Key wrapping (not yet). */
final class KeyWrap {
    private KeyWrap() {}

    static byte[] wrap(int mechanism, ByteBuffer params, KeyView wrappingKey, KeyView key) throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }

    static Map<Integer, byte[]> unwrap(int mechanism, ByteBuffer params, KeyView key, byte[] wrapped, int cls, int type)
            throws CkException {
        throw Mechanisms.unsupported(mechanism);
    }
}
