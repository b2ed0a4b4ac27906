package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * SM4 (GB/T 32907) in ECB, CBC and CTR, on Bouncy Castle's SM4 engine: the JDK has no SM4, and
 * these modes are short enough to keep here, where their state (chaining block, counter) is plain
 * data a copy takes. CTR increments the whole 128-bit block, as OP-TEE's {@code sm4_crypt_ctr}.
 * libutee hands SM4-CTR whole blocks except in the final call, which may end with a partial one
 * (OP-TEE 4.10 refuses that, a panic; GP's CTR needs no padding).
 */
final class Sm4Modes extends CipherEngine {
    static final int ECB = 0;
    static final int CBC = 1;
    static final int CTR = 2;
    private static final int BLOCK = 16;

    private final int mode;
    private final BlockFunction sm4 = new BlockFunction.Sm4();
    private final byte[] iv = new byte[BLOCK];
    private final byte[] block = new byte[BLOCK];
    private final byte[] keystream = new byte[BLOCK];
    private byte[] key = new byte[0];
    private boolean encrypt;

    Sm4Modes(int mode) {
        this.mode = mode;
    }

    @Override
    void init(boolean encrypt, byte[] key1, byte[] key2, byte[] ivBytes) {
        if (mode != ECB) {
            requireIv(ivBytes, BLOCK);
            System.arraycopy(ivBytes, 0, iv, 0, BLOCK);
        }
        this.encrypt = encrypt;
        this.key = key1.clone();
        sm4.init(encrypt || mode == CTR, key);
    }

    @Override
    int update(ByteBuffer src, ByteBuffer dst) {
        int total = src.remaining();
        while (src.hasRemaining()) {
            int n = Math.min(BLOCK, src.remaining());
            src.get(block, 0, n);
            switch (mode) {
                case ECB -> sm4.process(block, 0, block, 0, BLOCK);
                case CBC -> cbc();
                default -> ctr(n);
            }
            dst.put(block, 0, n);
        }
        return total;
    }

    private void cbc() {
        if (encrypt) {
            for (int i = 0; i < BLOCK; i++) {
                block[i] ^= iv[i];
            }
            sm4.process(block, 0, block, 0, BLOCK);
            System.arraycopy(block, 0, iv, 0, BLOCK);
        } else {
            byte[] c = block.clone();
            sm4.process(block, 0, block, 0, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                block[i] ^= iv[i];
            }
            System.arraycopy(c, 0, iv, 0, BLOCK);
        }
    }

    private void ctr(int n) {
        sm4.process(iv, 0, keystream, 0, BLOCK);
        for (int i = 0; i < n; i++) {
            block[i] ^= keystream[i];
        }
        for (int i = BLOCK - 1; i >= 0; i--) {
            if (++iv[i] != 0) {
                break;
            }
        }
    }

    @Override
    void copyFrom(CipherEngine other) {
        Sm4Modes src = (Sm4Modes) other;
        encrypt = src.encrypt;
        key = src.key.clone();
        System.arraycopy(src.iv, 0, iv, 0, BLOCK);
        if (key.length > 0) {
            sm4.init(encrypt || mode == CTR, key);
        }
    }

    @Override
    void wipe() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(iv, (byte) 0);
        Arrays.fill(block, (byte) 0);
        Arrays.fill(keystream, (byte) 0);
    }
}
