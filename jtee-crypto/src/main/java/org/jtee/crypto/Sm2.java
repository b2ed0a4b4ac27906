package org.jtee.crypto;

import java.math.BigInteger;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * What SM2's three algorithms share (GB/T 32918, GM/T 0003): the recommended curve, its 32-byte
 * integers, SM3, the key derivation function of part 3 §5.4.3 and the user hash Z.
 */
final class Sm2 {
    /** The size of every SM2 integer and coordinate, and of an SM3 hash. */
    static final int BYTES = 32;

    private Sm2() {}

    /** The curve. */
    static EcCurves.Curve curve() {
        return EcCurves.SM2;
    }

    /** The order n of the base point. */
    static BigInteger order() {
        return EcCurves.SM2.domain().getN();
    }

    /** [k]G. */
    static ECPoint multiplyBase(BigInteger k) {
        return new FixedPointCombMultiplier().multiply(EcCurves.SM2.domain().getG(), k).normalize();
    }

    /** A coordinate or integer in 32 bytes. */
    static byte[] bytes(BigInteger v) {
        return EngineSupport.fixed(v, BYTES);
    }

    /** x ‖ y of an affine point, 64 bytes. */
    static byte[] xy(ECPoint p) {
        ECPoint n = p.normalize();
        byte[] out = new byte[2 * BYTES];
        System.arraycopy(bytes(n.getAffineXCoord().toBigInteger()), 0, out, 0, BYTES);
        System.arraycopy(bytes(n.getAffineYCoord().toBigInteger()), 0, out, BYTES, BYTES);
        return out;
    }

    /** SM3 of the concatenation of {@code parts}. */
    static byte[] sm3(byte[]... parts) {
        SM3Digest d = new SM3Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[BYTES];
        d.doFinal(out, 0);
        return out;
    }

    /** KDF(Z, klen): SM3(Z ‖ ct) for ct = 1, 2, … (32-bit big-endian), cut to {@code length} bytes. */
    static byte[] kdf(byte[] z, int length) {
        byte[] out = new byte[length];
        SM3Digest d = new SM3Digest();
        byte[] block = new byte[BYTES];
        for (int counter = 1, done = 0; done < length; counter++, done += BYTES) {
            d.update(z, 0, z.length);
            d.update((byte) (counter >>> 24));
            d.update((byte) (counter >>> 16));
            d.update((byte) (counter >>> 8));
            d.update((byte) counter);
            d.doFinal(block, 0);
            System.arraycopy(block, 0, out, done, Math.min(BYTES, length - done));
        }
        return out;
    }

    /** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ENTL being ID's length in bits (16-bit big-endian). */
    static byte[] userHash(byte[] id, ECPoint publicKey) {
        var dp = EcCurves.SM2.domain();
        int bits = id.length * 8;
        byte[] entl = {(byte) (bits >>> 8), (byte) bits};
        return sm3(entl, id, bytes(dp.getCurve().getA().toBigInteger()), bytes(dp.getCurve().getB().toBigInteger()),
                xy(dp.getG()), xy(publicKey));
    }

    /** Whether every byte is zero. */
    static boolean allZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
