package org.jtee.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * ML-DSA (FIPS 204), jtee's extension {@link TeeAlg#ML_DSA_44}, {@code _65}, {@code _87}: the pure
 * (not pre-hash) signature of the bytes given to {@code TEE_AsymmetricSignDigest} as the message
 * M, hedged (fresh 32-byte rnd), with the context {@link TeeAttr#ML_DSA_CONTEXT} (0–255 bytes;
 * empty if absent). Any other parameter, or a longer context, is {@code BAD_PARAMETERS}: a panic
 * in both functions. A signature of the wrong length does not verify.
 *
 * <p>Key attributes ({@link TeeType#ML_DSA_PUBLIC_KEY}, {@link TeeType#ML_DSA_KEYPAIR}):
 * {@link TeeAttr#ML_PARAMETER_SET} (value a: 44, 65 or 87; must be the algorithm's),
 * {@link TeeAttr#ML_PUBLIC_KEY} (pkEncode), and for signing {@link TeeAttr#ML_SEED} (ξ, 32 bytes)
 * and/or {@link TeeAttr#ML_PRIVATE_KEY} (skEncode), which must agree when both are present; see
 * {@link MlDsaKeys}.
 *
 * <p>Backend: the JDK's {@code ML-DSA} signature (measured for ML-DSA-65 4,400 signatures/s and
 * 11,500 verifications/s against Bouncy Castle's 2,400 and 8,400) when the context is empty;
 * Bouncy Castle when there is one, since the JDK's API has no context.
 */
final class MlDsaEngine extends AsymmetricEngine {
    private static final int MAX_CONTEXT = 255;

    private final MlDsaKeys.Set set;
    private final int mode;
    private MLDSAPrivateKeyParameters privateKey;
    private MLDSAPublicKeyParameters publicKey;
    private PrivateKey jdkPrivate;
    private PublicKey jdkPublic;
    private boolean deterministic;

    MlDsaEngine(int parameterSet, int mode) {
        this.set = MlDsaKeys.set(parameterSet);
        this.mode = mode;
    }

    /** The parameter set (44, 65, 87) of an algorithm identifier, or 0. */
    static int parameterSetOf(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.ML_DSA_44 -> 44;
            case TeeAlg.ML_DSA_65 -> 65;
            case TeeAlg.ML_DSA_87 -> 87;
            default -> 0;
        };
    }

    /** From now on sign with rnd = 0³² (FIPS 204's deterministic variant): for known-answer tests. */
    MlDsaEngine deterministic() {
        deterministic = true;
        return this;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        Attribute a = key.value(TeeAttr.ML_PARAMETER_SET);
        if (a != null && a.a() != set.number()) {
            throw EngineSupport.badParameters("ML-DSA key of parameter set " + a.a() + ", operation of " + set.number());
        }
        byte[] pk = key.buffer(TeeAttr.ML_PUBLIC_KEY);
        boolean hasPrivate = key.has(TeeAttr.ML_SEED) || key.has(TeeAttr.ML_PRIVATE_KEY);
        if (mode == TeeCrypto.MODE_SIGN || pk == null && hasPrivate) {
            privateKey = MlDsaKeys.privateKey(set, key.buffer(TeeAttr.ML_SEED), key.buffer(TeeAttr.ML_PRIVATE_KEY), pk);
            publicKey = pk != null ? MlDsaKeys.publicKey(set, pk) : privateKey.getPublicKeyParameters();
        } else {
            publicKey = MlDsaKeys.publicKey(set, EngineSupport.required(key, TeeAttr.ML_PUBLIC_KEY));
        }
        jdkPrivate = null;
        jdkPublic = null;
    }


    @Override
    int signatureLength() {
        return set.signatureBytes();
    }

    private static byte[] context(List<Attribute> params) {
        byte[] context = new byte[0];
        for (Attribute a : params) {
            if (a.id() != TeeAttr.ML_DSA_CONTEXT || a.buffer().length > MAX_CONTEXT) {
                throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("ML-DSA parameter 0x%08X not allowed here", a.id()));
            }
            context = a.buffer();
        }
        return context;
    }

    @Override
    byte[] sign(List<Attribute> params, byte[] message) {
        byte[] context = context(params);
        try {
            if (context.length == 0) {
                Signature s = Signature.getInstance("ML-DSA");
                s.initSign(jdkPrivate(), deterministic ? ZeroRandom.INSTANCE : EngineSupport.random());
                s.update(message);
                return s.sign();
            }
            MLDSASigner s = new MLDSASigner();
            s.init(true, new ParametersWithContext(deterministic ? privateKey
                    : new ParametersWithRandom(privateKey, EngineSupport.random()), context));
            s.update(message, 0, message.length);
            return s.generateSignature();
        } catch (GeneralSecurityException | CryptoException e) {
            throw EngineSupport.panic(TeeResult.GENERIC, "ML-DSA signing failed: " + e.getMessage());
        }
    }

    @Override
    boolean verify(List<Attribute> params, byte[] message, byte[] signature) {
        byte[] context = context(params);
        if (signature.length != set.signatureBytes()) {
            return false;
        }
        if (context.length > 0) {
            MLDSASigner v = new MLDSASigner();
            v.init(false, new ParametersWithContext(publicKey, context));
            v.update(message, 0, message.length);
            return v.verifySignature(signature);
        }
        try {
            Signature v = Signature.getInstance("ML-DSA");
            v.initVerify(jdkPublic());
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private PrivateKey jdkPrivate() throws GeneralSecurityException {
        if (jdkPrivate == null) {
            jdkPrivate = MlDsaKeys.jdkPrivate(set, privateKey.getEncoded());
        }
        return jdkPrivate;
    }

    private PublicKey jdkPublic() throws GeneralSecurityException {
        if (jdkPublic == null) {
            jdkPublic = MlDsaKeys.jdkPublic(set, publicKey.getEncoded());
        }
        return jdkPublic;
    }

    /** A source of zeros, for the deterministic variant through the JDK's API. */
    private static final class ZeroRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        static final ZeroRandom INSTANCE = new ZeroRandom();

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * {@code TEE_GenerateKey} for {@link TeeType#ML_DSA_KEYPAIR}: the key size is the parameter
     * set (44, 65, 87; else NOT_SUPPORTED); an {@link TeeAttr#ML_PARAMETER_SET} parameter, if
     * given, must agree. Returns the set, the public key, the seed ξ and the expanded private key.
     */
    static Map<Integer, Attribute> generate(int keySize, List<Attribute> params) throws TeeException {
        MlDsaKeys.Set s = MlDsaKeys.set(keySize);
        if (s == null) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "ML-DSA key size must be 44, 65 or 87");
        }
        Attribute a = EngineSupport.find(params, TeeAttr.ML_PARAMETER_SET);
        if (a != null && a.a() != keySize) {
            throw EngineSupport.badParameters("ML_PARAMETER_SET " + a.a() + " contradicts key size " + keySize);
        }
        byte[] seed = new byte[32];
        EngineSupport.random().nextBytes(seed);
        MLDSAPrivateKeyParameters k = new MLDSAPrivateKeyParameters(s.bc(), seed);
        Map<Integer, Attribute> m = new LinkedHashMap<>();
        m.put(TeeAttr.ML_PARAMETER_SET, Attribute.value(TeeAttr.ML_PARAMETER_SET, keySize, 0));
        m.put(TeeAttr.ML_PUBLIC_KEY, Attribute.ref(TeeAttr.ML_PUBLIC_KEY, k.getPublicKey()));
        m.put(TeeAttr.ML_SEED, Attribute.ref(TeeAttr.ML_SEED, seed));
        m.put(TeeAttr.ML_PRIVATE_KEY, Attribute.ref(TeeAttr.ML_PRIVATE_KEY, k.getEncoded()));
        return m;
    }
}
