package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * XTS (IEEE 1619, NIST SP 800-38E) for AES and SM4: key 1 encrypts the data, key 2 the tweak,
 * which is the IV (one block, required). Whole blocks are XORed with their tweaks and sent to the
 * block function in bulk (the JDK's AES-ECB). The tweak carries over from one update to the next,
 * as OP-TEE's libtomcrypt and SM4 code do, so a data unit may be given in pieces; the final call
 * (libutee holds the last one or two blocks back for it) steals ciphertext for a partial last
 * block. Fewer than 16 bytes in the final call panic (libtomcrypt's {@code CRYPT_INVALID_ARG}).
 */
final class Xts extends CipherEngine {
    private static final int BLOCK = 16;
    private static final int CHUNK = 4096;

    private final int keyType;
    private final BlockFunction data;
    private final BlockFunction tweakCipher;
    private final byte[] tweak = new byte[BLOCK];
    private final byte[] work = new byte[CHUNK];
    private final byte[] tweaks = new byte[CHUNK];
    private byte[] key1 = new byte[0];
    private byte[] key2 = new byte[0];
    private boolean encrypt;

    Xts(int keyType) {
        this.keyType = keyType;
        this.data = BlockFunction.create(keyType);
        this.tweakCipher = BlockFunction.create(keyType);
    }

    @Override
    void init(boolean encrypt, byte[] key1, byte[] key2, byte[] iv) {
        if (key2 == null || key1.length != key2.length) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "XTS needs two keys of one size");
        }
        requireIv(iv, BLOCK);
        this.encrypt = encrypt;
        this.key1 = key1.clone();
        this.key2 = key2.clone();
        keyCiphers();
        tweakCipher.process(iv, 0, tweak, 0, BLOCK);
    }

    private void keyCiphers() {
        data.init(encrypt, key1);
        tweakCipher.init(true, key2);
    }

    @Override
    int update(ByteBuffer src, ByteBuffer dst) {
        int total = src.remaining();
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), CHUNK);
            src.get(work, 0, n);
            blocks(work, n);
            dst.put(work, 0, n);
        }
        return total;
    }

    /** Whole blocks in place, each with the next tweak. */
    private void blocks(byte[] buf, int n) {
        for (int i = 0; i < n; i += BLOCK) {
            System.arraycopy(tweak, 0, tweaks, i, BLOCK);
            timesAlpha(tweak);
        }
        xor(buf, tweaks, n);
        data.process(buf, 0, buf, 0, n);
        xor(buf, tweaks, n);
    }

    @Override
    int doFinal(ByteBuffer src, ByteBuffer dst) {
        int len = src.remaining();
        if (len == 0) {
            return 0;
        }
        if (len < BLOCK) {
            throw new TaPanic(TeeResult.BAD_STATE, "XTS needs at least one block, got " + len + " bytes");
        }
        int rest = len % BLOCK;
        if (rest == 0) {
            return update(src, dst);
        }
        int whole = (len / BLOCK - 1) * BLOCK;
        update(src.slice(src.position(), whole), dst);
        src.position(src.position() + whole);
        byte[] tail = Buffers.take(src);
        dst.put(steal(tail, rest));
        Arrays.fill(tail, (byte) 0);
        return len;
    }

    /** The last full block and the partial one after it, with ciphertext stealing. */
    private byte[] steal(byte[] tail, int rest) {
        byte[] t1 = tweak.clone();
        byte[] t2 = tweak.clone();
        timesAlpha(t2);
        byte[] first = encrypt ? t1 : t2;
        byte[] second = encrypt ? t2 : t1;
        byte[] cc = Arrays.copyOf(tail, BLOCK);
        one(cc, first);
        byte[] out = new byte[tail.length];
        System.arraycopy(cc, 0, out, BLOCK, rest);
        System.arraycopy(tail, BLOCK, cc, 0, rest);
        one(cc, second);
        System.arraycopy(cc, 0, out, 0, BLOCK);
        return out;
    }

    private void one(byte[] block, byte[] t) {
        xor(block, t, BLOCK);
        data.process(block, 0, block, 0, BLOCK);
        xor(block, t, BLOCK);
    }

    private static void xor(byte[] a, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            a[i] ^= b[i];
        }
    }

    /** Multiplies the tweak by the primitive element of GF(2^128), little-endian (IEEE 1619 §5.2). */
    static void timesAlpha(byte[] t) {
        int carry = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = t[i] & 0xFF;
            t[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if (carry != 0) {
            t[0] ^= (byte) 0x87;
        }
    }

    @Override
    void copyFrom(CipherEngine other) {
        Xts src = (Xts) other;
        if (src.keyType != keyType) {
            throw new IllegalArgumentException("XTS of another block cipher");
        }
        encrypt = src.encrypt;
        key1 = src.key1.clone();
        key2 = src.key2.clone();
        System.arraycopy(src.tweak, 0, tweak, 0, BLOCK);
        if (key1.length > 0) {
            keyCiphers();
        }
    }

    @Override
    void wipe() {
        Arrays.fill(key1, (byte) 0);
        Arrays.fill(key2, (byte) 0);
        Arrays.fill(tweak, (byte) 0);
        Arrays.fill(work, (byte) 0);
    }
}
