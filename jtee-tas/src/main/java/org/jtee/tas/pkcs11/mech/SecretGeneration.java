package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.Tee;
import org.jtee.tas.pkcs11.CkException;

/**
 * GENERATE_KEY (CKM_AES_KEY_GEN: 16, 24 or 32 bytes; CKM_GENERIC_SECRET_KEY_GEN: 1 to 512 bytes,
 * the reference's range, else {@code CKR_KEY_SIZE_RANGE}) from the TEE's random source, and
 * CKA_CHECK_VALUE (optee-pkcs11-ta-abi.md §7.3).
 */
final class SecretGeneration {
    private SecretGeneration() {}

    static byte[] generate(int mechanism, ByteBuffer params, int keyType, int valueLength) throws CkException {
        MechanismTable.require(mechanism, FUNCTION_GENERATE);
        Params.none(params, mechanism);
        int expectedType = mechanism == CKM_AES_KEY_GEN ? CKK_AES : CKK_GENERIC_SECRET;
        if (keyType != expectedType) {
            throw new CkException(CKR_TEMPLATE_INCONSISTENT, "mechanism 0x" + Integer.toHexString(mechanism)
                    + " makes keys of type 0x" + Integer.toHexString(expectedType));
        }
        boolean ok = mechanism == CKM_AES_KEY_GEN ? valueLength == 16 || valueLength == 24 || valueLength == 32
                : valueLength >= 1 && valueLength <= 512;
        if (!ok) {
            throw new CkException(CKR_KEY_SIZE_RANGE, "a key of " + valueLength + " bytes");
        }
        byte[] value = new byte[valueLength];
        Tee.generateRandom(value);
        return value;
    }

    /** The first 3 bytes of AES-ECB(value, 0^16) for AES, of SHA-1(value) for other secrets. */
    static byte[] checkValue(int keyType, byte[] value) throws CkException {
        if (value == null || value.length == 0) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "no value to compute a check value of");
        }
        if (keyType != CKK_AES) {
            return Arrays.copyOf(SecretKeys.digest(CKM_SHA_1, value), 3);
        }
        if (value.length != 16 && value.length != 24 && value.length != 32) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "an AES key of " + value.length + " bytes");
        }
        byte[] block = new byte[16];
        try (TransientObject key = TransientObject.allocate(TeeType.AES, value.length * 8);
                Operation ecb = Operation.allocate(TeeAlg.AES_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT, value.length * 8)) {
            key.populate(Attribute.ref(TeeAttr.SECRET_VALUE, value));
            ecb.setKey(key);
            ecb.cipherInit(null);
            ecb.cipherDoFinal(ByteBuffer.wrap(new byte[16]), ByteBuffer.wrap(block));
            return Arrays.copyOf(block, 3);
        } catch (TeeException e) {
            throw new CkException(CKR_FUNCTION_FAILED, "AES check value: " + e.getMessage());
        }
    }
}
