package org.jtee.crypto;

import java.util.List;

import org.bouncycastle.crypto.Digest;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * OP-TEE's {@code TEE_ALG_CONCAT_KDF_<hash>_DERIVE_KEY}: the single-step key derivation of NIST
 * SP 800-56A rev. 2 §5.8.1 with a hash, as OP-TEE's {@code tee_cryp_concat_kdf}:
 *
 * <pre>
 * K = H(counter₁ ‖ Z ‖ OtherInfo) ‖ H(counter₂ ‖ Z ‖ OtherInfo) ‖ …   counter: 32-bit big-endian from 1
 * </pre>
 *
 * <p>Key: Z, the {@code TEE_ATTR_CONCAT_KDF_Z} of a {@code TEE_TYPE_CONCAT_KDF_Z} object (or a
 * GENERIC_SECRET's value). Parameters: {@code TEE_ATTR_CONCAT_KDF_OTHER_INFO} (optional) and
 * {@code TEE_ATTR_CONCAT_KDF_DKM_LENGTH} (value a, bytes, mandatory); the first of each counts;
 * anything else, or no length, is a {@code BAD_PARAMETERS} panic.
 */
final class ConcatKdfEngine extends AsymmetricEngine {
    private final HashSpec hash;
    private byte[] z;

    ConcatKdfEngine(HashSpec hash) {
        this.hash = hash;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        z = EngineSupport.keySecret(key, TeeAttr.CONCAT_KDF_Z).clone();
    }


    @Override
    void derive(List<Attribute> params, TransientObject derived) {
        byte[] otherInfo = null;
        Integer length = null;
        for (Attribute a : params) {
            switch (a.id()) {
                case TeeAttr.CONCAT_KDF_OTHER_INFO -> otherInfo = otherInfo == null ? a.buffer() : otherInfo;
                case TeeAttr.CONCAT_KDF_DKM_LENGTH -> length = length == null ? a.a() : length;
                default -> throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("Concat KDF parameter 0x%08X", a.id()));
            }
        }
        if (length == null || length < 0 || length > EngineSupport.MAX_DERIVED_BYTES) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "Concat KDF needs an output length of at most 512 bytes");
        }
        EngineSupport.installSecret(derived, concatKdf(hash, z, otherInfo == null ? new byte[0] : otherInfo, length));
    }

    /** The derivation itself. */
    static byte[] concatKdf(HashSpec hash, byte[] z, byte[] otherInfo, int length) {
        Digest d = hash.newDigest();
        int hLen = d.getDigestSize();
        byte[] out = new byte[length];
        byte[] block = new byte[hLen];
        for (int counter = 1, done = 0; done < length; counter++, done += hLen) {
            d.update((byte) (counter >>> 24));
            d.update((byte) (counter >>> 16));
            d.update((byte) (counter >>> 8));
            d.update((byte) counter);
            d.update(z, 0, z.length);
            d.update(otherInfo, 0, otherInfo.length);
            d.doFinal(block, 0);
            System.arraycopy(block, 0, out, done, Math.min(hLen, length - done));
        }
        return out;
    }
}
