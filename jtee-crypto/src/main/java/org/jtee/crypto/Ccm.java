package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.spec.SecretKeySpec;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * AES-CCM (NIST SP 800-38C, RFC 3610) as OP-TEE runs it through libtomcrypt's streaming CCM
 * ({@code core/lib/libtomcrypt/ccm.c}): the AAD and payload lengths are fixed by
 * {@code TEE_AEInit}, the CBC-MAC ({@link CbcChain}, the JDK's CBC) and the counter-mode keystream
 * ({@link CtrStream}, the JDK's CTR) run side by side, so every update encrypts or decrypts at once
 * and a copy is the two chains' state.
 *
 * <p>libtomcrypt's rules, which OP-TEE's TAs see: tags of 4 to 16 bytes, even (else
 * {@code NOT_SUPPORTED}); nonces of at most 13 bytes (else {@code BAD_PARAMETERS}: a panic); the
 * length field L is the larger of 15 minus the nonce length and what the payload length needs
 * (at least 2), at most 8 (a nonce under 7 bytes panics), and a nonce too long for that L is cut
 * to 15 - L bytes; AAD beyond the announced length, payload before all the AAD or beyond its
 * announced length, and a final call short of it are {@code BAD_STATE}: panics.
 */
final class Ccm extends AeEngine {
    private static final int BLOCK = 16;

    private final CbcChain mac = new CbcChain("AES", false);
    private final CtrStream ctr = new CtrStream(false);
    private final byte[] s0 = new byte[BLOCK];
    private boolean encrypt;
    private int tagLength;
    private long aadLength;
    private long payloadLength;
    private long aadDone;
    private long payloadDone;

    @Override
    void init(boolean encrypt, byte[] keyBytes, byte[] nonce, int tagLength, long aadLength, long payloadLength)
            throws TeeException {
        if (nonce.length > 13) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "CCM nonce of " + nonce.length + " bytes (13 at most)");
        }
        if (aadLength > Integer.MAX_VALUE || payloadLength > Integer.MAX_VALUE) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "CCM lengths beyond 2^31 - 1");
        }
        if (tagLength < 4 || tagLength > 16 || tagLength % 2 != 0) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "CCM tag of " + tagLength + " bytes");
        }
        int l = Math.max(2, (64 - Long.numberOfLeadingZeros(payloadLength) + 7) / 8);
        l = Math.max(l, 15 - nonce.length);
        if (l > 8) {
            throw new TaPanic(TeeResult.BAD_STATE, "CCM nonce of " + nonce.length + " bytes (7 at least)");
        }
        int nonceLength = Math.min(nonce.length, 15 - l);
        this.encrypt = encrypt;
        this.tagLength = tagLength;
        this.aadLength = aadLength;
        this.payloadLength = payloadLength;
        aadDone = 0;
        payloadDone = 0;
        SecretKeySpec key = Jca.key("AES", keyBytes);
        mac.init(key);
        mac.absorb(b0(nonce, nonceLength, l), 0, BLOCK);
        mac.absorb(aadHeader(), 0, aadHeader().length);
        startCounter(key, nonce, nonceLength, l);
    }

    /** B0: flags, nonce, payload length (SP 800-38C §A.2.1). */
    private byte[] b0(byte[] nonce, int nonceLength, int l) {
        byte[] b = new byte[BLOCK];
        b[0] = (byte) ((aadLength > 0 ? 0x40 : 0) | ((tagLength - 2) / 2) << 3 | (l - 1));
        System.arraycopy(nonce, 0, b, 1, nonceLength);
        for (int i = 0; i < l; i++) {
            b[15 - i] = (byte) (payloadLength >>> (8 * i));
        }
        return b;
    }

    /** The encoding of the AAD length before the AAD (SP 800-38C §A.2.2); nothing without AAD. */
    private byte[] aadHeader() {
        if (aadLength == 0) {
            return new byte[0];
        }
        if (aadLength < 0xFF00) {
            return new byte[] {(byte) (aadLength >>> 8), (byte) aadLength};
        }
        return new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) (aadLength >>> 24), (byte) (aadLength >>> 16),
            (byte) (aadLength >>> 8), (byte) aadLength};
    }

    /** Counter block A0, whose keystream masks the tag; the payload starts at A1. */
    private void startCounter(SecretKeySpec key, byte[] nonce, int nonceLength, int l) {
        byte[] a0 = new byte[BLOCK];
        a0[0] = (byte) (l - 1);
        System.arraycopy(nonce, 0, a0, 1, nonceLength);
        ctr.init(key, a0);
        Arrays.fill(s0, (byte) 0);
        ctr.update(s0, 0, BLOCK, s0, 0);
        if (aadLength == 0) {
            mac.padWithZeros();
        }
    }

    @Override
    void updateAad(ByteBuffer aad) {
        if (aadDone + aad.remaining() > aadLength) {
            throw new TaPanic(TeeResult.BAD_STATE, "CCM AAD beyond the " + aadLength + " bytes announced");
        }
        aadDone += aad.remaining();
        mac.absorb(aad);
        if (aadDone == aadLength) {
            mac.padWithZeros();
        }
    }

    @Override
    int update(ByteBuffer src, ByteBuffer dst) {
        int n = src.remaining();
        if (aadDone != aadLength) {
            throw new TaPanic(TeeResult.BAD_STATE, "CCM payload before the " + aadLength + " bytes of AAD");
        }
        if (payloadDone + n > payloadLength) {
            throw new TaPanic(TeeResult.BAD_STATE, "CCM payload beyond the " + payloadLength + " bytes announced");
        }
        payloadDone += n;
        int start = dst.position();
        if (encrypt) {
            mac.absorb(src.duplicate());
        }
        ctr.update(src, dst);
        if (!encrypt) {
            mac.absorb(dst.duplicate().position(start).limit(start + n));
        }
        return n;
    }

    private byte[] tag() {
        if (payloadDone != payloadLength) {
            throw new TaPanic(TeeResult.BAD_STATE, "CCM payload of " + payloadDone + " bytes, " + payloadLength
                    + " announced");
        }
        mac.padWithZeros();
        byte[] t = mac.value();
        for (int i = 0; i < BLOCK; i++) {
            t[i] ^= s0[i];
        }
        return Arrays.copyOf(t, tagLength);
    }

    @Override
    int encryptFinal(ByteBuffer src, ByteBuffer dst, byte[] tag) {
        int n = update(src, dst);
        System.arraycopy(tag(), 0, tag, 0, tagLength);
        return n;
    }

    @Override
    int decryptFinal(ByteBuffer src, ByteBuffer dst, byte[] tag) throws TeeException {
        int start = dst.position();
        int n = update(src, dst);
        if (!MessageDigest.isEqual(tag(), tag)) {
            Buffers.wipe(dst, start, n);
            throw new TeeException(TeeResult.MAC_INVALID, "CCM tag mismatch");
        }
        return n;
    }

    @Override
    void copyFrom(AeEngine other) {
        Ccm src = (Ccm) other;
        encrypt = src.encrypt;
        tagLength = src.tagLength;
        aadLength = src.aadLength;
        payloadLength = src.payloadLength;
        aadDone = src.aadDone;
        payloadDone = src.payloadDone;
        System.arraycopy(src.s0, 0, s0, 0, BLOCK);
        mac.copyFrom(src.mac);
        ctr.copyFrom(src.ctr);
    }

    @Override
    void wipe() {
        mac.wipe();
        Arrays.fill(s0, (byte) 0);
        ctr.wipeScratch();
    }
}
