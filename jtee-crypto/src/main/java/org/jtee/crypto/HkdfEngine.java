package org.jtee.crypto;

import java.util.List;

import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * HKDF (RFC 5869) for GP 1.3.1's {@code TEE_ALG_HKDF} and OP-TEE's
 * {@code TEE_ALG_HKDF_<hash>_DERIVE_KEY}, as OP-TEE's {@code get_hkdf_params} and
 * {@code tee_cryp_hkdf}, on Bouncy Castle's {@link HKDFBytesGenerator}.
 *
 * <p>Key: the IKM, {@code TEE_ATTR_HKDF_IKM} of a {@code TEE_TYPE_HKDF_IKM} object, or the
 * {@code TEE_ATTR_SECRET_VALUE} of a GENERIC_SECRET or GP {@code TEE_TYPE_HKDF} object.
 *
 * <p>Parameters (the first of each kind counts, as in OP-TEE):
 * <ul>
 *   <li>salt: {@code TEE_ATTR_HKDF_SALT} or OP-TEE's {@code __OPTEE_TEE_ATTR_HKDF_SALT}; absent or
 *       empty means hash-length zeros;
 *   <li>info: {@code TEE_ATTR_HKDF_INFO} or {@code __OPTEE_ATTR_HKDF_INFO};
 *   <li>output length in bytes, mandatory: {@code TEE_ATTR_KDF_KEY_SIZE} or
 *       {@code TEE_ATTR_HKDF_OKM_LENGTH} (value a), at most 255 hash lengths;
 *   <li>{@code TEE_ATTR_HKDF_HASH_ALGORITHM} (value a, a {@code TEE_ALG_*} digest), for
 *       {@code TEE_ALG_HKDF} only (default SHA-256); ignored by the algorithms that name a hash.
 * </ul>
 * Any other attribute, a missing length or an unsupported hash is {@code BAD_PARAMETERS}: a
 * panic, as every {@code TEE_DeriveKey} failure.
 */
final class HkdfEngine extends AsymmetricEngine {
    private final HashSpec fixedHash;
    private byte[] ikm;

    /** {@code hash} is the algorithm's own, or {@code null} for GP's {@code TEE_ALG_HKDF}. */
    HkdfEngine(HashSpec hash) {
        this.fixedHash = hash;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        ikm = EngineSupport.keySecret(key, TeeAttr.HKDF_IKM).clone();
    }


    @Override
    void derive(List<Attribute> params, TransientObject derived) {
        byte[] salt = null;
        byte[] info = null;
        Integer length = null;
        HashSpec hash = fixedHash;
        boolean hashSeen = fixedHash != null;
        for (Attribute a : params) {
            switch (a.id()) {
                case TeeAttr.HKDF_SALT, TeeAttr.OPTEE_HKDF_SALT -> salt = salt == null ? a.buffer() : salt;
                case TeeAttr.HKDF_INFO, TeeAttr.OPTEE_HKDF_INFO -> info = info == null ? a.buffer() : info;
                case TeeAttr.KDF_KEY_SIZE, TeeAttr.HKDF_OKM_LENGTH -> length = length == null ? a.a() : length;
                case TeeAttr.HKDF_HASH_ALGORITHM -> {
                    if (!hashSeen) {
                        hash = usableHash(a.a());
                        hashSeen = true;
                    }
                }
                default -> throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("HKDF parameter 0x%08X", a.id()));
            }
        }
        if (length == null) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "HKDF needs an output length");
        }
        hash = hash == null ? HashSpec.SHA256 : hash;
        if (length < 0 || length > 255 * hash.length()) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "HKDF output of " + Integer.toUnsignedString(length) + " bytes");
        }
        EngineSupport.installSecret(derived, hkdf(hash, ikm, salt, info, length));
    }

    /** HKDF-Extract then HKDF-Expand to {@code length} bytes. */
    static byte[] hkdf(HashSpec hash, byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(hash.newDigest());
        g.init(new HKDFParameters(ikm, salt == null || salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }

    /** A hash HKDF can use (one with an HMAC), else a BAD_PARAMETERS panic. */
    static HashSpec usableHash(int teeId) {
        HashSpec h = HashSpec.of(teeId);
        if (h == null || h == HashSpec.MD5SHA1) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("hash 0x%08X not usable here", teeId));
        }
        return h;
    }
}
