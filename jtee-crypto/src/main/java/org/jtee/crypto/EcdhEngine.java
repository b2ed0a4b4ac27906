package org.jtee.crypto;

import java.util.List;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_DeriveKey} with {@code TEE_ALG_ECDH_DERIVE_SHARED_SECRET} (and OP-TEE's GP 1.1
 * {@code __OPTEE_ALG_ECDH_P*}): ECC CDH primitive of NIST SP 800-56A §5.7.1.2 with the key pair's
 * private value and the peer's public point.
 *
 * <p>Parameters: exactly {@code TEE_ATTR_ECC_PUBLIC_VALUE_X} and {@code _Y} (unsigned big-endian),
 * as OP-TEE requires. Result: the x coordinate of the shared point in the curve's size in bytes
 * (66 for P-521, leading zeros kept, as libtomcrypt's {@code ecc_shared_secret}), installed as the
 * derived object's {@code TEE_ATTR_SECRET_VALUE}. Every failure panics, as
 * {@code TEE_DeriveKey} panics on any error: a point not on the curve (or with a coordinate not
 * below the field prime) is OP-TEE's {@code crypto_acipher_verify_ecc_public_key} failure,
 * {@code BAD_PARAMETERS}. The key pair's own public point must be on the curve too (checked when
 * the key is set).
 */
final class EcdhEngine extends AsymmetricEngine {
    private EcCurves.Curve curve;
    private ECPrivateKeyParameters privateKey;

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        curve = EcCurves.ofKey(key);
        privateKey = curve.privateKey(key);
        curve.publicKey(key);
    }


    @Override
    void derive(List<Attribute> params, TransientObject derived) {
        Attribute x = EngineSupport.find(params, TeeAttr.ECC_PUBLIC_VALUE_X);
        Attribute y = EngineSupport.find(params, TeeAttr.ECC_PUBLIC_VALUE_Y);
        if (params.size() != 2 || x == null || y == null) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "ECDH needs exactly the peer's public x and y");
        }
        ECPoint peer = curve.point(x.buffer(), y.buffer());
        if (peer == null) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "the peer's public point is not on the curve");
        }
        ECPoint shared = peer.multiply(privateKey.getD()).normalize();
        if (shared.isInfinity()) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "the shared point is the point at infinity");
        }
        EngineSupport.installSecret(derived, EngineSupport.fixed(shared.getAffineXCoord().toBigInteger(), curve.bytes()));
    }
}
