package org.jtee.crypto;

import java.math.BigInteger;
import java.util.List;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.jtee.common.TeeException;
import org.jtee.os.EvpPrivateKey;

/**
 * ECDSA (FIPS 186-5 §6) on a digest, for {@code TEE_ALG_ECDSA_SHA*} and OP-TEE's GP 1.1
 * {@code __OPTEE_ALG_ECDSA_P*}: the curve is the key's {@code TEE_ATTR_ECC_CURVE}, whichever
 * algorithm names it (GP 1.3.1: "ECDSA algorithm identifiers should be tied to the size of the
 * digest, not the key"; {@code TEE_AllocateOperation} is where OP-TEE ties each identifier to a
 * maximum key size).
 *
 * <ul>
 *   <li>The digest may have any length, as in OP-TEE (neither its sign nor its verify checks
 *       it): one longer than the curve's order is truncated to its leftmost bits, as ECDSA
 *       specifies.
 *   <li>Signatures are GP's raw r ‖ s, each half the curve's size in bytes (66 for P-521),
 *       left-padded with zeros.
 *   <li>Verification answers {@code false} for a signature of the wrong length (OP-TEE's
 *       libtomcrypt glue returns BAD_PARAMETERS, which panics; GP says SIGNATURE_INVALID) and for
 *       r or s outside [1, n − 1].
 *   <li>Backend: signing runs in OpenSSL ({@link NativeCrypto}; the key converted once per key
 *       object, the nonce from OpenSSL's DRBG), else in Bouncy Castle, as verification always
 *       does; OpenSSL's DER signature becomes the same raw r ‖ s.
 * </ul>
 */
final class EcdsaEngine extends AsymmetricEngine {
    private final int mode;
    private EcCurves.Curve curve;
    private ECPrivateKeyParameters privateKey;
    private ECPublicKeyParameters publicKey;
    /** The key object's native-key slot, when signing and the fast path is on. */
    private NativeKeySlot nativeKey;

    EcdsaEngine(int mode) {
        this.mode = mode;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        curve = EcCurves.ofKey(key);
        if (mode == TeeCrypto.MODE_SIGN) {
            privateKey = curve.privateKey(key);
            nativeKey = NativeCrypto.enabled() ? key.nativeKeySlot() : null;
        } else {
            publicKey = curve.publicKey(key);
        }
    }


    @Override
    int signatureLength() {
        return 2 * curve.bytes();
    }

    @Override
    byte[] sign(List<Attribute> params, byte[] digest) {
        byte[] fast = nativeSign(digest);
        if (fast != null) {
            return fast;
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(privateKey, EngineSupport.random()));
        BigInteger[] rs = signer.generateSignature(digest);
        return EngineSupport.rawSignature(rs[0], rs[1], curve.bytes());
    }

    /** The signature by OpenSSL, or {@code null} when this key does not go there. */
    private byte[] nativeSign(byte[] digest) {
        EcCurves.Curve c = curve;
        BigInteger d = privateKey.getD();
        EvpPrivateKey k = nativeKey == null ? null : nativeKey.get(() -> NativeCrypto.ecKey(c, d));
        if (k == null) {
            return null;
        }
        try {
            BigInteger[] rs = KeyDer.ecdsaSignature(k.ecdsaSign(digest));
            return EngineSupport.rawSignature(rs[0], rs[1], curve.bytes());
        } catch (RuntimeException e) {
            NativeCrypto.failed(e);
            return null;
        }
    }

    @Override
    boolean verify(List<Attribute> params, byte[] digest, byte[] signature) {
        if (signature.length != signatureLength()) {
            return false;
        }
        BigInteger[] rs = EngineSupport.splitSignature(signature);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, publicKey);
        return verifier.verifySignature(digest, rs[0], rs[1]);
    }
}
