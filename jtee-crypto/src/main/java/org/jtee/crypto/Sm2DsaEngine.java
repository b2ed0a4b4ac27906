package org.jtee.crypto;

import java.math.BigInteger;
import java.util.List;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.jtee.common.TeeException;

/**
 * {@code TEE_ALG_SM2_DSA_SM3}: the SM2 signature of GB/T 32918.2 §6–7 (GM/T 0003.2), from step A3
 * on. As in OP-TEE ({@code sm2_ltc_dsa_sign}), the "digest" is e = SM3(Z<sub>A</sub> ‖ M), which
 * the TA computes with the signer's identity (GM/T 0009's default ID "1234567812345678" or its
 * own): no user ID is applied here, e is read as an unsigned integer of any length.
 *
 * <pre>
 * sign:   k ∈ [1, n−1], (x1, y1) = [k]G, r = (e + x1) mod n (again if r = 0 or r + k = n),
 *         s = (1 + d)⁻¹ (k − r·d) mod n (again if s = 0); signature r ‖ s, 32 bytes each
 * verify: r, s ∈ [1, n−1], t = (r + s) mod n ≠ 0, (x1, y1) = [s]G + [t]P, valid iff (e + x1) mod n = r
 * </pre>
 *
 * <p>Keys: {@code TEE_ATTR_ECC_PUBLIC_VALUE_X/Y}, and {@code TEE_ATTR_ECC_PRIVATE_VALUE} (in
 * [1, n − 2]) for signing. A signature of other than 64 bytes does not verify.
 */
final class Sm2DsaEngine extends AsymmetricEngine {
    private final int mode;
    private BigInteger d;
    private ECPoint publicKey;

    Sm2DsaEngine(int mode) {
        this.mode = mode;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        if (mode == TeeCrypto.MODE_SIGN) {
            d = Sm2.curve().privateKey(key).getD();
            if (d.equals(Sm2.order().subtract(BigInteger.ONE))) {
                throw EngineSupport.badParameters("SM2 private value n - 1 cannot sign");
            }
        } else {
            publicKey = Sm2.curve().publicKey(key).getQ();
        }
    }


    @Override
    int signatureLength() {
        return 2 * Sm2.BYTES;
    }

    @Override
    byte[] sign(List<Attribute> params, byte[] digest) {
        BigInteger n = Sm2.order();
        BigInteger e = EngineSupport.unsigned(digest);
        BigInteger inverse = d.add(BigInteger.ONE).modInverse(n);
        while (true) {
            BigInteger k = DsaEngine.randomBelow(n);
            BigInteger x1 = Sm2.multiplyBase(k).getAffineXCoord().toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = inverse.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                return EngineSupport.rawSignature(r, s, Sm2.BYTES);
            }
        }
    }

    @Override
    boolean verify(List<Attribute> params, byte[] digest, byte[] signature) {
        if (signature.length != signatureLength()) {
            return false;
        }
        BigInteger n = Sm2.order();
        BigInteger[] rs = EngineSupport.splitSignature(signature);
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (r.signum() == 0 || r.compareTo(n) >= 0 || s.signum() == 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint p = ECAlgorithms.sumOfTwoMultiplies(Sm2.curve().domain().getG(), s, publicKey, t).normalize();
        if (p.isInfinity()) {
            return false;
        }
        return EngineSupport.unsigned(digest).add(p.getAffineXCoord().toBigInteger()).mod(n).equals(r);
    }
}
