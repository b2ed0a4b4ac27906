package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.common.TeeException;
import org.jtee.crypto.TeeCrypto;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * MD5, SHA-1 and SHA-2 digests (optee-pkcs11-ta-abi.md §8.2.4) on a pooled GP digest operation.
 * UPDATE without input is a no-op; FINAL and ONESHOT need an output buffer (possibly empty: a
 * size query, which consumes nothing). C_DigestKey absorbs the value of an AES or generic secret
 * key; any other object is {@code CKR_KEY_INDIGESTIBLE}.
 */
final class DigestProcessing extends BaseProcessing {
    private final KeyMaterial.Lease lease;

    private DigestProcessing(int mechanism, KeyMaterial.Lease lease) {
        super(Ck.FUNCTION_DIGEST, mechanism, true);
        this.lease = lease;
    }

    static DigestProcessing start(int mechanism, ByteBuffer params) throws CkException {
        Params.none(params, mechanism);
        int alg = Hmac.digestAlgorithm(mechanism);
        return new DigestProcessing(mechanism, KeyMaterial.KEYLESS.take(alg, TeeCrypto.MODE_DIGEST, 0, 0, null));
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) {
        if (in != null) {
            lease.op().digestUpdate(in);
        }
        return 0;
    }

    @Override
    public void digestKey(KeyView key) throws CkException {
        byte[] value = key.attribute(Ck.CKA_VALUE);
        boolean digestible = key.objectClass() == Ck.CKO_SECRET_KEY
                && (key.keyType() == Ck.CKK_AES || key.keyType() == Ck.CKK_GENERIC_SECRET);
        if (!digestible || value == null) {
            throw new CkException(Ck.CKR_KEY_INDIGESTIBLE, "only AES and generic secret keys can be digested");
        }
        lease.op().digestUpdate(ByteBuffer.wrap(value));
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        return finish(null, out);
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        return finish(in, out);
    }

    private int finish(ByteBuffer in, ByteBuffer out) throws CkException {
        if (out == null) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "a digest needs an output buffer");
        }
        try {
            return lease.op().digestDoFinal(in, out);
        } catch (TeeException e) {
            throw Gp.map(e);
        }
    }

    @Override
    public void close() {
        lease.release();
    }
}
