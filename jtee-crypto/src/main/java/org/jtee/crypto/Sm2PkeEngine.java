package org.jtee.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_ALG_SM2_PKE}: SM2 public-key encryption (GB/T 32918.4 §6–7, GM/T 0003.4), with the
 * ciphertext layout OP-TEE's {@code sm2-pke.c} writes and reads:
 *
 * <pre>
 * C = C1 ‖ C2 ‖ C3
 *     C1 = 0x04 ‖ x1 ‖ y1   [k]G, uncompressed, 65 bytes
 *     C2 = M ⊕ t            t = KDF(x2 ‖ y2, |M|), (x2, y2) = [k]P
 *     C3 = SM3(x2 ‖ M ‖ y2) 32 bytes
 * </pre>
 *
 * <p>Encryption: an empty message is {@code BAD_PARAMETERS} (OP-TEE cannot encrypt one either:
 * its t is "all zero"); when t is all zero a new k is drawn, as the standard says (OP-TEE gives up
 * with CIPHERTEXT_INVALID). Decryption: a ciphertext no longer than C1 ‖ C3, or whose C1 is not an
 * uncompressed point on the curve, is {@code BAD_PARAMETERS}; a compressed or hybrid C1 is
 * {@code NOT_SUPPORTED}; an all-zero t or a C3 that does not match is
 * {@code TEE_ERROR_CIPHERTEXT_INVALID}. GP lets {@code TEE_AsymmetricDecrypt} return all three.
 */
final class Sm2PkeEngine extends AsymmetricEngine {
    private static final int C1_BYTES = 1 + 2 * Sm2.BYTES;

    private final int mode;
    private BigInteger d;
    private ECPoint publicKey;

    Sm2PkeEngine(int mode) {
        this.mode = mode;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        if (mode == TeeCrypto.MODE_ENCRYPT) {
            publicKey = Sm2.curve().publicKey(key).getQ();
        } else {
            d = Sm2.curve().privateKey(key).getD();
        }
    }


    @Override
    byte[] encrypt(List<Attribute> params, byte[] m) throws TeeException {
        if (m.length == 0) {
            throw EngineSupport.badParameters("SM2 cannot encrypt an empty message");
        }
        while (true) {
            BigInteger k = DsaEngine.randomBelow(Sm2.order());
            byte[] x2y2 = Sm2.xy(publicKey.multiply(k));
            byte[] t = Sm2.kdf(x2y2, m.length);
            if (Sm2.allZero(t)) {
                continue;
            }
            byte[] c = new byte[C1_BYTES + m.length + Sm2.BYTES];
            c[0] = 0x04;
            System.arraycopy(Sm2.xy(Sm2.multiplyBase(k)), 0, c, 1, 2 * Sm2.BYTES);
            for (int i = 0; i < m.length; i++) {
                c[C1_BYTES + i] = (byte) (m[i] ^ t[i]);
            }
            byte[] c3 = Sm2.sm3(Arrays.copyOf(x2y2, Sm2.BYTES), m, Arrays.copyOfRange(x2y2, Sm2.BYTES, 2 * Sm2.BYTES));
            System.arraycopy(c3, 0, c, C1_BYTES + m.length, Sm2.BYTES);
            return c;
        }
    }

    @Override
    byte[] decrypt(List<Attribute> params, byte[] c) throws TeeException {
        ECPoint c1 = c1(c);
        int mLength = c.length - C1_BYTES - Sm2.BYTES;
        byte[] x2y2 = Sm2.xy(c1.multiply(d));
        byte[] t = Sm2.kdf(x2y2, mLength);
        if (Sm2.allZero(t)) {
            throw new TeeException(EngineSupport.CIPHERTEXT_INVALID, "SM2 key stream is all zeros");
        }
        byte[] m = new byte[mLength];
        for (int i = 0; i < mLength; i++) {
            m[i] = (byte) (c[C1_BYTES + i] ^ t[i]);
        }
        byte[] u = Sm2.sm3(Arrays.copyOf(x2y2, Sm2.BYTES), m, Arrays.copyOfRange(x2y2, Sm2.BYTES, 2 * Sm2.BYTES));
        if (!MessageDigest.isEqual(u, Arrays.copyOfRange(c, c.length - Sm2.BYTES, c.length))) {
            throw new TeeException(EngineSupport.CIPHERTEXT_INVALID, "SM2 ciphertext hash C3 does not match");
        }
        return m;
    }

    private static ECPoint c1(byte[] c) throws TeeException {
        if (c.length == 0) {
            throw EngineSupport.badParameters("empty SM2 ciphertext");
        }
        switch (c[0]) {
            case 0x02, 0x03, 0x06, 0x07 -> throw new TeeException(TeeResult.NOT_SUPPORTED, "only uncompressed SM2 points are supported");
            case 0x04 -> { }
            default -> throw EngineSupport.badParameters("SM2 ciphertext does not start with a point");
        }
        if (c.length <= C1_BYTES + Sm2.BYTES) {
            throw EngineSupport.badParameters("SM2 ciphertext too short");
        }
        ECPoint p = Sm2.curve().point(Arrays.copyOfRange(c, 1, 1 + Sm2.BYTES), Arrays.copyOfRange(c, 1 + Sm2.BYTES, C1_BYTES));
        if (p == null) {
            throw EngineSupport.badParameters("SM2 ciphertext's C1 is not on the curve");
        }
        return p;
    }
}
