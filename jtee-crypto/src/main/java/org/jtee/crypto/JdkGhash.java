package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;

/**
 * GHASH over many blocks on the JDK's GCM, whose GHASH is an intrinsic (carry-less multiply), for
 * {@link Gcm}. The JDK does not expose GHASH, but a GCM encryption of no plaintext with the blocks
 * as AAD returns T = E(K, J0) xor GHASH(X1 .. Xm, L), L the lengths block; so, with the hash
 * state S folded into the first block (GHASH from S over X1 .. Xn equals GHASH from zero over
 * X1 xor S, X2 .. Xn) and the last block kept out of the JDK's part:
 *
 * <pre>
 *   T = E(K, J0) xor (Y' xor L')·H            Y' = GHASH(X1 xor S, X2 .. Xn-1), L' their lengths
 *   S' = (Y' xor Xn)·H = T xor E(K, J0) xor (L' xor Xn)·H
 * </pre>
 *
 * which needs one block encryption (E(K, J0)) and one multiplication by H besides the JDK's call.
 * Each call takes a fresh IV (a counter): the JDK refuses to encrypt twice under one key and IV,
 * and the IV only selects J0 here. Worth it from 4 KiB on (a JDK init costs microseconds); calls
 * are cut to 64 KiB, so that the JIT compiles the JDK's GHASH (and so the intrinsic) soon. Figures
 * in {@link Gcm}.
 */
final class JdkGhash {
    private static final int BLOCK = 16;

    private Cipher gcm;
    private Cipher ecb;
    private SecretKeySpec key;
    private GCMMultiplier multiplier;
    private boolean keyed;
    private long counter;

    /** Uses {@code key} (the GCM key) and {@code multiplier} (initialized with H). */
    void init(SecretKeySpec key, GCMMultiplier multiplier) {
        this.key = key;
        this.multiplier = multiplier;
        this.keyed = false;
    }

    /** Hashes {@code blocks} (whole blocks, at least two) into {@code state}. */
    void absorb(ByteBuffer blocks, byte[] state) {
        int n = blocks.remaining();
        byte[] first = new byte[BLOCK];
        byte[] last = new byte[BLOCK];
        blocks.get(blocks.position(), first);
        blocks.get(blocks.position() + n - BLOCK, last);
        for (int i = 0; i < BLOCK; i++) {
            first[i] ^= state[i];
        }
        byte[] iv = nextIv();
        byte[] t;
        byte[] e;
        try {
            prepare();
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(first);
            if (n > 2 * BLOCK) {
                gcm.updateAAD(blocks.slice(blocks.position() + BLOCK, n - 2 * BLOCK));
            }
            t = gcm.doFinal();
            byte[] j0 = java.util.Arrays.copyOf(iv, BLOCK);
            j0[15] = 1;
            e = ecb.doFinal(j0);
        } catch (GeneralSecurityException ex) {
            throw Jca.fail(ex);
        }
        long aadBits = (long) (n - BLOCK) * 8;
        for (int i = 0; i < 8; i++) {
            last[i] ^= (byte) (aadBits >>> (56 - 8 * i));
        }
        multiplier.multiplyH(last);
        for (int i = 0; i < BLOCK; i++) {
            state[i] = (byte) (t[i] ^ e[i] ^ last[i]);
        }
        blocks.position(blocks.limit());
    }

    private void prepare() throws GeneralSecurityException {
        if (gcm == null) {
            gcm = Jca.cipher("AES/GCM/NoPadding");
            ecb = Jca.cipher("AES/ECB/NoPadding");
        }
        if (!keyed) {
            ecb.init(Cipher.ENCRYPT_MODE, key);
            keyed = true;
        }
    }

    private byte[] nextIv() {
        counter++;
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[11 - i] = (byte) (counter >>> (8 * i));
        }
        return iv;
    }
}
