package org.jtee.tas.pkcs11.mech;

import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeType;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * Secret keys as GP key objects: AES keys (16, 24 or 32 bytes, else {@code CKR_KEY_SIZE_RANGE})
 * and HMAC keys. An HMAC key shorter than the mechanism's minimum (§5.5) is
 * {@code CKR_KEY_SIZE_RANGE}; one longer than its maximum is first hashed with the mechanism's
 * hash, as the reference does (the same MAC as HMAC with the long key). A generic secret used for
 * an HMAC becomes a key of that HMAC's GP type.
 */
final class SecretKeys {
    private SecretKeys() {}

    /** The CKA_VALUE of a secret key; {@code CKR_GENERAL_ERROR} (as the reference) without one. */
    static byte[] value(KeyView key) throws CkException {
        byte[] v = key.attribute(Ck.CKA_VALUE);
        if (v == null || v.length == 0) {
            throw new CkException(Ck.CKR_GENERAL_ERROR, "the secret key has no value");
        }
        return v;
    }

    /** The bit size of an AES key, checked. */
    static int aesBits(KeyView key) throws CkException {
        int n = value(key).length;
        if (n != 16 && n != 24 && n != 32) {
            throw new CkException(Ck.CKR_KEY_SIZE_RANGE, "an AES key of " + n + " bytes");
        }
        return n * 8;
    }

    /** The GP AES key object of {@code key}. */
    static KeyMaterial.Loader aes(KeyView key) {
        return () -> load(TeeType.AES, value(key));
    }

    /**
     * The bit size of {@code key} as a key of HMAC {@code mechanism} (after hashing a long key),
     * {@code CKR_KEY_SIZE_RANGE} below the minimum.
     */
    static int hmacBits(int mechanism, KeyView key) throws CkException {
        MechanismTable.Entry e = MechanismTable.find(mechanism);
        int n = value(key).length;
        if (n < e.minKeySize()) {
            throw new CkException(Ck.CKR_KEY_SIZE_RANGE, "an HMAC key of " + n + " bytes, at least "
                    + e.minKeySize() + " needed");
        }
        return (n > e.maxKeySize() ? Hmac.digestLength(Hmac.hashOf(mechanism)) : n) * 8;
    }

    /** The GP key object of {@code key} for HMAC {@code mechanism}. */
    static KeyMaterial.Loader hmac(int mechanism, KeyView key) {
        return () -> {
            byte[] v = value(key);
            MechanismTable.Entry e = MechanismTable.find(mechanism);
            if (v.length <= e.maxKeySize()) {
                return load(Hmac.teeType(mechanism), v);
            }
            byte[] hashed = digest(Hmac.hashOf(mechanism), v);
            try {
                return load(Hmac.teeType(mechanism), hashed);
            } finally {
                Arrays.fill(hashed, (byte) 0);
            }
        };
    }

    /** The hash ({@code CKM_SHA256} ...) of {@code data}, on a GP digest operation. */
    static byte[] digest(int hashMechanism, byte[] data) throws CkException {
        try (Operation op = Operation.allocate(Hmac.digestAlgorithm(hashMechanism), TeeCrypto.MODE_DIGEST, 0)) {
            return op.digest(data);
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    private static org.jtee.crypto.TransientObject load(int teeType, byte[] value) throws CkException {
        org.jtee.crypto.TransientObject o = null;
        try {
            o = org.jtee.crypto.TransientObject.allocate(teeType, value.length * 8);
            o.populate(Attribute.ref(TeeAttr.SECRET_VALUE, value));
            return o;
        } catch (TeeException e) {
            if (o != null) {
                o.close();
            }
            throw new CkException(Ck.CKR_KEY_SIZE_RANGE, "secret key not accepted: " + e.getMessage());
        }
    }
}
