package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES counter mode on the JDK's {@code AES/CTR/NoPadding} (AES-NI, many blocks per call), with
 * what the JDK's cipher does not expose: its position, so that a copy can be made mid-stream
 * ({@code TEE_CopyOperation}) by starting a new JDK cipher at the same counter block and skipping
 * into it, and optionally GCM's 32-bit counter.
 *
 * <p>The JDK increments the whole 128-bit counter block, wrapping from all ones to zero, as GP's
 * {@code TEE_ALG_AES_CTR} and OP-TEE do. GCM (NIST SP 800-38D §6.2, {@code inc32}) increments only
 * the low 32 bits; with {@code wrap32} the stream restarts the JDK cipher where those would carry
 * into the upper 96 bits.
 */
final class CtrStream {
    private static final long BLOCKS_32 = 1L << 32;

    private final Cipher cipher = Jca.cipher("AES/CTR/NoPadding");
    private final Jca.Scratch scratch = new Jca.Scratch();
    private final boolean wrap32;
    private final byte[] start = new byte[16];
    private SecretKeySpec key;
    private long done;
    private long segmentLeft;

    CtrStream(boolean wrap32) {
        this.wrap32 = wrap32;
    }

    /** Zeroes the arrays keystream and data passed through. */
    void wipeScratch() {
        scratch.wipe();
    }

    /** Starts at counter block {@code counter} (16 bytes) under {@code key}. */
    void init(SecretKeySpec key, byte[] counter) {
        this.key = key;
        System.arraycopy(counter, 0, start, 0, 16);
        seek(0);
    }

    /** Encrypts (or decrypts) all of {@code in} into {@code out}; returns the bytes written. */
    int update(ByteBuffer in, ByteBuffer out) {
        int total = in.remaining();
        while (in.hasRemaining()) {
            int n = (int) Math.min(in.remaining(), segmentLeft);
            ByteBuffer part = in.slice(in.position(), n);
            in.position(in.position() + n);
            try {
                Jca.update(cipher, part, out, scratch);
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
            advance(n);
        }
        return total;
    }

    /** Encrypts (or decrypts) {@code len} bytes of an array. */
    void update(byte[] in, int off, int len, byte[] out, int outOff) {
        update(ByteBuffer.wrap(in, off, len), ByteBuffer.wrap(out, outOff, len));
    }

    /** Bytes processed since {@link #init}. */
    long position() {
        return done;
    }

    /** Takes {@code other}'s key, start and position. */
    void copyFrom(CtrStream other) {
        key = other.key;
        System.arraycopy(other.start, 0, start, 0, 16);
        if (key != null) {
            seek(other.done);
        }
    }

    private void advance(int n) {
        done += n;
        segmentLeft -= n;
        if (segmentLeft == 0) {
            seek(done);
        }
    }

    /** Restarts the JDK cipher at byte {@code position} of the stream. */
    private void seek(long position) {
        long block = position / 16;
        byte[] counter = counterAt(block);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
            int skip = (int) (position % 16);
            if (skip > 0) {
                cipher.update(new byte[skip]);
            }
        } catch (GeneralSecurityException e) {
            throw Jca.fail(e);
        }
        done = position;
        segmentLeft = wrap32 ? (BLOCKS_32 - low32(counter)) * 16 - position % 16 : Long.MAX_VALUE;
    }

    private byte[] counterAt(long block) {
        byte[] c = start.clone();
        if (wrap32) {
            long low = (low32(c) + block) & 0xFFFFFFFFL;
            for (int i = 0; i < 4; i++) {
                c[15 - i] = (byte) (low >>> (8 * i));
            }
            return c;
        }
        long carry = block;
        for (int i = 15; i >= 0 && carry != 0; i--) {
            long sum = (c[i] & 0xFF) + (carry & 0xFF);
            c[i] = (byte) sum;
            carry = (carry >>> 8) + (sum >>> 8);
        }
        return c;
    }

    private static long low32(byte[] c) {
        return ((c[12] & 0xFFL) << 24) | ((c[13] & 0xFFL) << 16) | ((c[14] & 0xFFL) << 8) | (c[15] & 0xFFL);
    }
}
