package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * AES-GCM (NIST SP 800-38D) as OP-TEE's {@code core/crypto/aes-gcm.c} does it: nonces of any
 * length (96 bits: J0 = nonce || 1; otherwise J0 = GHASH of the nonce), tags of up to 16 bytes,
 * AAD then payload, each update encrypting or decrypting at once. One exception: an empty nonce,
 * which OP-TEE accepts and which would give away the hash key H (the tag of an empty message is
 * then E(K, 0) = H), panics, as SP 800-38D allows no empty IV.
 *
 * <p>Why not the JDK's {@code AES/GCM}: its decryption releases nothing before the tag is
 * checked (OP-TEE streams plaintext out of {@code TEE_AEUpdate}, and xtest expects it), and its
 * state cannot be read, so an active operation could be copied only by keeping and replaying all
 * its data. Here the keystream is the JDK's AES-CTR ({@link CtrStream}, with GCM's 32-bit counter)
 * and the GHASH state is one block kept here: a copy costs nothing and memory does not grow with
 * the data. GHASH runs on Bouncy Castle's 4-bit tables for short inputs and, from 4 KiB of whole
 * blocks on, on the JDK's GHASH intrinsic ({@link JdkGhash}). Measured on this machine (2 shared
 * vCPUs, AVX-512, VAES; JIT warm; direct buffers through {@link Operation}), MB/s of encryption
 * (decryption is the same) for messages of 4 KiB, 16 KiB and 64 KiB: tables only 200, 350, 400;
 * with the intrinsic 480, 1,100, 1,550 (1 MiB: 1,800). The JDK's own AES-GCM encryption reaches
 * about 10,000 warm, but neither streams decryption nor copies.
 */
final class Gcm extends AeEngine {
    private static final int BLOCK = 16;
    private static final long MAX_PAYLOAD = (0xFFFFFFFFL - 1) * BLOCK;
    /** From this many bytes on, GHASH runs on the JDK's intrinsic ({@link JdkGhash}). */
    private static final int BULK = 4096;

    private final CtrStream ctr = new CtrStream(true);
    private final JdkGhash bulk = new JdkGhash();
    private final byte[] hashState = new byte[BLOCK];
    private final byte[] hashBuffer = new byte[BLOCK];
    private final byte[] tagMask = new byte[BLOCK];
    private final byte[] scratch = new byte[4096];
    private GCMMultiplier multiplier = new Tables4kGCMMultiplier();
    private byte[] h = new byte[BLOCK];
    private SecretKeySpec key;
    private boolean encrypt;
    private int tagLength;
    private int hashBufferLength;
    private long aadBytes;
    private long payloadBytes;

    @Override
    void init(boolean encrypt, byte[] keyBytes, byte[] nonce, int tagLength, long aadLength, long payloadLength) {
        if (tagLength > BLOCK) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "GCM tag of " + tagLength + " bytes");
        }
        if (nonce.length == 0) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "GCM without a nonce (SP 800-38D: at least 1 bit)");
        }
        this.encrypt = encrypt;
        this.tagLength = tagLength;
        if (key == null || !MessageDigest.isEqual(key.getEncoded(), keyBytes)) {
            rekey(Jca.key("AES", keyBytes));
        }
        startHash();
        byte[] j0 = j0(nonce);
        startHash();
        ctr.init(key, j0);
        Arrays.fill(tagMask, (byte) 0);
        ctr.update(tagMask, 0, BLOCK, tagMask, 0);
    }

    /** A new key: its hash key H = E(K, 0) and H's tables (kept while the key stays the same). */
    private void rekey(SecretKeySpec newKey) {
        key = newKey;
        ctr.init(key, new byte[BLOCK]);
        h = new byte[BLOCK];
        ctr.update(h, 0, BLOCK, h, 0);
        multiplier = new Tables4kGCMMultiplier();
        multiplier.init(h);
        bulk.init(key, multiplier);
    }

    /** The pre-counter block J0 (SP 800-38D §7.1 step 2). */
    private byte[] j0(byte[] nonce) {
        if (nonce.length == 12) {
            byte[] j0 = Arrays.copyOf(nonce, BLOCK);
            j0[15] = 1;
            return j0;
        }
        hashPadded(nonce, 0, nonce.length);
        byte[] lengths = new byte[BLOCK];
        putLong(lengths, 8, (long) nonce.length * 8);
        hashBlock(lengths, 0);
        return hashState.clone();
    }

    private void startHash() {
        Arrays.fill(hashState, (byte) 0);
        Arrays.fill(hashBuffer, (byte) 0);
        hashBufferLength = 0;
        aadBytes = 0;
        payloadBytes = 0;
    }

    @Override
    void updateAad(ByteBuffer aad) {
        if (payloadBytes > 0) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "GCM AAD after the payload");
        }
        aadBytes += aad.remaining();
        absorb(aad);
    }

    @Override
    int update(ByteBuffer src, ByteBuffer dst) {
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        if (payloadBytes == 0) {
            flushHash();
        }
        if (payloadBytes + n > MAX_PAYLOAD) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "GCM payload longer than 2^32 - 2 blocks");
        }
        payloadBytes += n;
        int start = dst.position();
        if (!encrypt) {
            absorb(src.duplicate());
        }
        ctr.update(src, dst);
        if (encrypt) {
            absorb(dst.duplicate().position(start).limit(start + n));
        }
        return n;
    }

    @Override
    int encryptFinal(ByteBuffer src, ByteBuffer dst, byte[] tag) {
        int n = update(src, dst);
        System.arraycopy(tag(), 0, tag, 0, tagLength);
        return n;
    }

    @Override
    int decryptFinal(ByteBuffer src, ByteBuffer dst, byte[] tag) throws TeeException {
        if (tag.length != tagLength) {
            throw new TeeException(TeeResult.MAC_INVALID, "tag of " + tag.length + " bytes, not " + tagLength);
        }
        int start = dst.position();
        int n = update(src, dst);
        if (!MessageDigest.isEqual(Arrays.copyOf(tag(), tagLength), tag)) {
            Buffers.wipe(dst, start, n);
            throw new TeeException(TeeResult.MAC_INVALID, "GCM tag mismatch");
        }
        return n;
    }

    /** GHASH over the lengths block, masked with E(K, J0). */
    private byte[] tag() {
        flushHash();
        byte[] lengths = new byte[BLOCK];
        putLong(lengths, 0, aadBytes * 8);
        putLong(lengths, 8, payloadBytes * 8);
        hashBlock(lengths, 0);
        byte[] t = hashState.clone();
        for (int i = 0; i < BLOCK; i++) {
            t[i] ^= tagMask[i];
        }
        return t;
    }

    /** GHASHes all of {@code in}, holding a partial block back; long runs of blocks go to the JDK. */
    private void absorb(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (hashBufferLength == 0 && in.remaining() >= BULK) {
                int n = Math.min(in.remaining(), 16 * BULK) / BLOCK * BLOCK;
                bulk.absorb(in.slice(in.position(), n), hashState);
                in.position(in.position() + n);
                continue;
            }
            int n = Math.min(in.remaining(), hashBufferLength == 0 ? scratch.length : BLOCK - hashBufferLength);
            in.get(scratch, 0, n);
            absorb(scratch, 0, n);
        }
    }

    private void absorb(byte[] b, int off, int len) {
        int i = 0;
        if (hashBufferLength > 0) {
            int n = Math.min(len, BLOCK - hashBufferLength);
            System.arraycopy(b, off, hashBuffer, hashBufferLength, n);
            hashBufferLength += n;
            i = n;
            if (hashBufferLength < BLOCK) {
                return;
            }
            hashBlock(hashBuffer, 0);
            hashBufferLength = 0;
        }
        for (; i + BLOCK <= len; i += BLOCK) {
            hashBlock(b, off + i);
        }
        hashBufferLength = len - i;
        System.arraycopy(b, off + i, hashBuffer, 0, hashBufferLength);
    }

    /** Hashes a held partial block, zero-padded (the end of the AAD or of the payload). */
    private void flushHash() {
        if (hashBufferLength > 0) {
            Arrays.fill(hashBuffer, hashBufferLength, BLOCK, (byte) 0);
            hashBlock(hashBuffer, 0);
            hashBufferLength = 0;
        }
    }

    private void hashPadded(byte[] b, int off, int len) {
        absorb(b, off, len);
        flushHash();
    }

    private void hashBlock(byte[] b, int off) {
        for (int i = 0; i < BLOCK; i++) {
            hashState[i] ^= b[off + i];
        }
        multiplier.multiplyH(hashState);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    @Override
    void copyFrom(AeEngine other) {
        Gcm src = (Gcm) other;
        encrypt = src.encrypt;
        tagLength = src.tagLength;
        if (src.key != null && (key == null || !MessageDigest.isEqual(key.getEncoded(), src.key.getEncoded()))) {
            key = src.key;
            h = src.h.clone();
            multiplier = new Tables4kGCMMultiplier();
            multiplier.init(h);
            bulk.init(key, multiplier);
        }
        System.arraycopy(src.hashState, 0, hashState, 0, BLOCK);
        System.arraycopy(src.hashBuffer, 0, hashBuffer, 0, BLOCK);
        System.arraycopy(src.tagMask, 0, tagMask, 0, BLOCK);
        hashBufferLength = src.hashBufferLength;
        aadBytes = src.aadBytes;
        payloadBytes = src.payloadBytes;
        ctr.copyFrom(src.ctr);
    }

    @Override
    void wipe() {
        Arrays.fill(h, (byte) 0);
        Arrays.fill(hashState, (byte) 0);
        Arrays.fill(hashBuffer, (byte) 0);
        Arrays.fill(tagMask, (byte) 0);
        Arrays.fill(scratch, (byte) 0);
        ctr.wipeScratch();
        key = null;
        multiplier = new Tables4kGCMMultiplier();
        bulk.init(null, null);
    }
}
