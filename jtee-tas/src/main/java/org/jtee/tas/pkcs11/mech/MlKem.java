package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import org.jtee.common.TeeException;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.tas.pkcs11.CkException;

/**
 * ML-KEM encapsulation and decapsulation (PKCS#11 3.2 C_EncapsulateKey / C_DecapsulateKey with
 * CKM_ML_KEM, no parameter) on jtee's GP KEM operations: a 32-byte shared secret, the new secret
 * key's value. The key must be an ML-KEM key (else {@code CKR_KEY_TYPE_INCONSISTENT}): a public
 * one to encapsulate, a private one to decapsulate ({@code CKR_KEY_FUNCTION_NOT_PERMITTED}, also
 * when its CKA_ENCAPSULATE / CKA_DECAPSULATE is present and false, or CKA_ALLOWED_MECHANISMS
 * leaves CKM_ML_KEM out). A ciphertext of the wrong length is {@code CKR_ENCRYPTED_DATA_LEN_RANGE};
 * a wrong one yields FIPS 203's implicit-rejection secret, not an error.
 */
final class MlKem {
    private MlKem() {}

    static Mechanisms.Encapsulated encapsulate(int mechanism, ByteBuffer params, KeyView key) throws CkException {
        MlKeys.Set set = check(mechanism, params, key, CKO_PUBLIC_KEY, CKA_ENCAPSULATE);
        KeyMaterial.Lease lease = KeyMaterial.of(key).take(set.algorithm(), TeeCrypto.MODE_ENCAPSULATE, set.gpSet(),
                TeeType.ML_KEM_PUBLIC_KEY, MlKeys.loader(key));
        try (TransientObject secret = TransientObject.allocate(TeeType.GENERIC_SECRET, 256)) {
            ByteBuffer ct = ByteBuffer.allocate(set.outputLength());
            lease.op().kemEncapsulate(ct, secret);
            return new Mechanisms.Encapsulated(secret.bufferAttribute(TeeAttr.SECRET_VALUE), ct.array());
        } catch (TeeException e) {
            throw Gp.map(e);
        } finally {
            lease.release();
        }
    }

    static byte[] decapsulate(int mechanism, ByteBuffer params, KeyView key, byte[] ciphertext) throws CkException {
        MlKeys.Set set = check(mechanism, params, key, CKO_PRIVATE_KEY, CKA_DECAPSULATE);
        if (ciphertext == null || ciphertext.length != set.outputLength()) {
            throw new CkException(CKR_ENCRYPTED_DATA_LEN_RANGE, "an ML-KEM ciphertext is " + set.outputLength() + " bytes");
        }
        KeyMaterial.Lease lease = KeyMaterial.of(key).take(set.algorithm(), TeeCrypto.MODE_DECAPSULATE, set.gpSet(),
                TeeType.ML_KEM_KEYPAIR, MlKeys.loader(key));
        try (TransientObject secret = TransientObject.allocate(TeeType.GENERIC_SECRET, 256)) {
            lease.op().kemDecapsulate(ByteBuffer.wrap(ciphertext), secret);
            return secret.bufferAttribute(TeeAttr.SECRET_VALUE);
        } catch (TeeException e) {
            throw Gp.map(e);
        } finally {
            lease.release();
        }
    }

    private static MlKeys.Set check(int mechanism, ByteBuffer params, KeyView key, int cls, int flag) throws CkException {
        MechanismTable.Entry e = MechanismTable.find(mechanism);
        if (e == null || (e.flags() & (cls == CKO_PUBLIC_KEY ? CKF_ENCAPSULATE : CKF_DECAPSULATE)) == 0) {
            throw Mechanisms.unsupported(mechanism);
        }
        if (key.keyType() != CKK_ML_KEM) {
            throw new CkException(CKR_KEY_TYPE_INCONSISTENT, "ML-KEM needs an ML-KEM key");
        }
        byte[] allowed = key.attribute(flag);
        if (key.objectClass() != cls || (allowed != null && !key.flag(flag)) || !key.allowsMechanism(mechanism)) {
            throw new CkException(CKR_KEY_FUNCTION_NOT_PERMITTED, "the key may not serve this ML-KEM function");
        }
        Params.none(params, mechanism);
        return MlKeys.of(key);
    }
}
