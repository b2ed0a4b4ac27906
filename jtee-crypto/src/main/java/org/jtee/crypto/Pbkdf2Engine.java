package org.jtee.crypto;

import java.util.List;

import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * OP-TEE's {@code TEE_ALG_PBKDF2_HMAC_<hash>_DERIVE_KEY}: PBKDF2 (RFC 8018 §5.2) with HMAC, on
 * Bouncy Castle's {@link PKCS5S2ParametersGenerator} (the JDK's PBKDF2 takes a {@code char[]}
 * password, not arbitrary bytes).
 *
 * <p>Key: the password, {@code TEE_ATTR_PBKDF2_PASSWORD} of a {@code TEE_TYPE_PBKDF2_PASSWORD}
 * object (or a GENERIC_SECRET's value). Parameters: {@code TEE_ATTR_PBKDF2_SALT} (optional),
 * {@code TEE_ATTR_PBKDF2_ITERATION_COUNT} and {@code TEE_ATTR_PBKDF2_DKM_LENGTH} (value a, the
 * latter in bytes), both mandatory; the first of each counts; anything else is a
 * {@code BAD_PARAMETERS} panic. An iteration count of 0 is refused too (OP-TEE would return an
 * all-zero key).
 */
final class Pbkdf2Engine extends AsymmetricEngine {
    private final HashSpec hash;
    private byte[] password;

    Pbkdf2Engine(HashSpec hash) {
        this.hash = hash;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        password = EngineSupport.keySecret(key, TeeAttr.PBKDF2_PASSWORD).clone();
    }


    @Override
    void derive(List<Attribute> params, TransientObject derived) {
        byte[] salt = null;
        Integer length = null;
        Integer iterations = null;
        for (Attribute a : params) {
            switch (a.id()) {
                case TeeAttr.PBKDF2_SALT -> salt = salt == null ? a.buffer() : salt;
                case TeeAttr.PBKDF2_DKM_LENGTH -> length = length == null ? a.a() : length;
                case TeeAttr.PBKDF2_ITERATION_COUNT -> iterations = iterations == null ? a.a() : iterations;
                default -> throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("PBKDF2 parameter 0x%08X", a.id()));
            }
        }
        if (length == null || iterations == null || iterations <= 0 || length < 0 || length > EngineSupport.MAX_DERIVED_BYTES) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "PBKDF2 needs an iteration count above 0 and a length of at most 512 bytes");
        }
        EngineSupport.installSecret(derived, pbkdf2(hash, password, salt == null ? new byte[0] : salt, iterations, length));
    }

    /** PBKDF2 itself. */
    static byte[] pbkdf2(HashSpec hash, byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(hash.newDigest());
        g.init(password, salt, iterations);
        return ((KeyParameter) g.generateDerivedParameters(length * 8)).getKey();
    }
}
