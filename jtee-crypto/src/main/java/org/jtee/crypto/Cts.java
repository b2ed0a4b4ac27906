package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * AES-CTS: CBC with ciphertext stealing in the CBC-CS3 form (NIST SP 800-38A Addendum), the form GP
 * names and OP-TEE's {@code core/crypto/aes-cts.c} implements: the last two ciphertext blocks are
 * always swapped, the last one cut to the length of the last plaintext block. Updates are plain CBC
 * on the JDK; the final call, which gets the last one or two blocks (libutee holds two back),
 * steals. A message of exactly one block is plain CBC, as CBC-CS3 defines it (OP-TEE 4.10 refuses
 * it with {@code BAD_STATE}, a panic); a message shorter than one block panics, as in OP-TEE.
 */
final class Cts extends CipherEngine {
    private static final int BLOCK = 16;

    private final JcaBlock cbc = new JcaBlock("AES", "CBC");
    private final BlockFunction ecb = BlockFunction.create(TeeType.AES);
    private boolean encrypt;

    @Override
    void init(boolean encrypt, byte[] key1, byte[] key2, byte[] iv) {
        this.encrypt = encrypt;
        cbc.init(encrypt, key1, null, iv);
        ecb.init(false, key1);
    }

    @Override
    int update(ByteBuffer src, ByteBuffer dst) {
        return cbc.update(src, dst);
    }

    @Override
    int doFinal(ByteBuffer src, ByteBuffer dst) {
        int len = src.remaining();
        if (len == 0) {
            return 0;
        }
        if (len < BLOCK) {
            throw new TaPanic(TeeResult.BAD_STATE, "CTS needs at least one block, got " + len + " bytes");
        }
        int blocks = (len + BLOCK - 1) / BLOCK;
        if (blocks > 2) {
            cbc.update(src.slice(src.position(), (blocks - 2) * BLOCK), dst);
            src.position(src.position() + (blocks - 2) * BLOCK);
        }
        byte[] tail = Buffers.take(src);
        byte[] out = tail.length == BLOCK ? cbcBlocks(tail) : encrypt ? stealEncrypt(tail) : stealDecrypt(tail);
        dst.put(out);
        Arrays.fill(tail, (byte) 0);
        return len;
    }

    /** The last two blocks (the second partial or whole) of the plaintext, encrypted and swapped. */
    private byte[] stealEncrypt(byte[] tail) {
        int last = tail.length - BLOCK;
        byte[] cPrev = cbcBlocks(Arrays.copyOf(tail, BLOCK));
        byte[] padded = new byte[BLOCK];
        System.arraycopy(tail, BLOCK, padded, 0, last);
        byte[] cLast = cbcBlocks(padded);
        byte[] out = new byte[tail.length];
        System.arraycopy(cLast, 0, out, 0, BLOCK);
        System.arraycopy(cPrev, 0, out, BLOCK, last);
        return out;
    }

    /** The swapped last two ciphertext blocks, decrypted. */
    private byte[] stealDecrypt(byte[] tail) {
        int last = tail.length - BLOCK;
        byte[] d = new byte[BLOCK];
        ecb.process(tail, 0, d, 0, BLOCK);
        byte[] cPrev = new byte[BLOCK];
        System.arraycopy(tail, BLOCK, cPrev, 0, last);
        System.arraycopy(d, last, cPrev, last, BLOCK - last);
        byte[] pPrev = cbcBlocks(cPrev);
        byte[] pLast = cbcBlocks(Arrays.copyOf(tail, BLOCK));
        byte[] out = new byte[tail.length];
        System.arraycopy(pPrev, 0, out, 0, BLOCK);
        System.arraycopy(pLast, 0, out, BLOCK, last);
        return out;
    }

    private byte[] cbcBlocks(byte[] in) {
        byte[] out = new byte[in.length];
        cbc.update(ByteBuffer.wrap(in), ByteBuffer.wrap(out));
        return out;
    }

    @Override
    void copyFrom(CipherEngine other) {
        Cts src = (Cts) other;
        encrypt = src.encrypt;
        cbc.copyFrom(src.cbc);
        if (src.cbc.key() != null) {
            ecb.init(false, src.cbc.key().getEncoded());
        }
    }

    @Override
    void wipe() {
        cbc.wipe();
    }
}
