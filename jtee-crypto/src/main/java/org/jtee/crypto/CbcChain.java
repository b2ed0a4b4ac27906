package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A CBC-MAC chain (zero IV) on the JDK's CBC encryption: the core of CBC-MAC, CMAC and CCM. Whole
 * blocks go to the JDK in bulk, the chaining value is the last ciphertext block, and a partial
 * block waits in {@link #pending}; with {@code holdLast} (CMAC) a complete last block waits too,
 * because the final call treats it specially. A copy restarts the JDK cipher with the chaining
 * value as its IV.
 */
final class CbcChain {
    private static final int CHUNK = 4096;

    private final String algorithm;
    private final Cipher cbc;
    private final int blockSize;
    private final boolean holdLast;
    private final byte[] chain;
    private final byte[] pending;
    private final byte[] scratch = new byte[CHUNK];
    private SecretKeySpec key;
    private int pendingLength;
    private long blocks;

    CbcChain(String algorithm, boolean holdLast) {
        this.algorithm = algorithm;
        this.cbc = Jca.cipher(algorithm + "/CBC/NoPadding");
        this.blockSize = Jca.blockSize(algorithm);
        this.holdLast = holdLast;
        this.chain = new byte[blockSize];
        this.pending = new byte[blockSize];
    }

    /** Starts a chain under {@code keyBytes}. */
    void init(byte[] keyBytes) {
        init(Jca.key(algorithm, keyBytes));
    }

    /** Starts a chain under {@code key}. */
    void init(SecretKeySpec key) {
        this.key = key;
        Arrays.fill(chain, (byte) 0);
        Arrays.fill(pending, (byte) 0);
        pendingLength = 0;
        blocks = 0;
        restart();
    }

    int blockSize() {
        return blockSize;
    }

    /** The block cipher applied to one block, outside the chain (CMAC's subkeys). */
    byte[] encryptBlock(byte[] block) {
        try {
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[blockSize]));
            byte[] out = cbc.update(block);
            restart();
            return out;
        } catch (GeneralSecurityException e) {
            throw Jca.fail(e);
        }
    }

    /** Chains all of {@code in}. */
    void absorb(ByteBuffer in) {
        if (pendingLength > 0) {
            int n = Math.min(blockSize - pendingLength, in.remaining());
            in.get(pending, pendingLength, n);
            pendingLength += n;
            if (pendingLength < blockSize || (holdLast && !in.hasRemaining())) {
                return;
            }
            chainBlocks(ByteBuffer.wrap(pending, 0, blockSize));
            pendingLength = 0;
        }
        int whole = in.remaining() / blockSize * blockSize;
        if (holdLast && whole > 0 && whole == in.remaining()) {
            whole -= blockSize;
        }
        if (whole > 0) {
            chainBlocks(in.slice(in.position(), whole));
            in.position(in.position() + whole);
        }
        pendingLength = in.remaining();
        in.get(pending, 0, pendingLength);
    }

    /** Chains {@code len} bytes of an array. */
    void absorb(byte[] b, int off, int len) {
        absorb(ByteBuffer.wrap(b, off, len));
    }

    /** Completes a partial pending block with zeros and chains it (CCM's padding). */
    void padWithZeros() {
        if (pendingLength > 0) {
            Arrays.fill(pending, pendingLength, blockSize, (byte) 0);
            chainBlocks(ByteBuffer.wrap(pending, 0, blockSize));
            pendingLength = 0;
        }
    }

    /** Bytes waiting (0 to one block). */
    int pendingLength() {
        return pendingLength;
    }

    /** The waiting bytes themselves. */
    byte[] pending() {
        return pending;
    }

    /** Blocks chained so far. */
    long blocks() {
        return blocks;
    }

    /** Chains one block given in full, bypassing what waits (the caller has taken it). */
    void chainFinal(byte[] block) {
        pendingLength = 0;
        chainBlocks(ByteBuffer.wrap(block, 0, blockSize));
    }

    /** The chaining value: the MAC once everything is chained. */
    byte[] value() {
        return chain.clone();
    }

    /** Takes {@code other}'s key and state. */
    void copyFrom(CbcChain other) {
        key = other.key;
        System.arraycopy(other.chain, 0, chain, 0, blockSize);
        System.arraycopy(other.pending, 0, pending, 0, blockSize);
        pendingLength = other.pendingLength;
        blocks = other.blocks;
        if (key != null) {
            restart();
        }
    }

    /** Wipes the state. */
    void wipe() {
        Arrays.fill(chain, (byte) 0);
        Arrays.fill(pending, (byte) 0);
        Arrays.fill(scratch, (byte) 0);
        pendingLength = 0;
        key = null;
    }

    private void chainBlocks(ByteBuffer in) {
        try {
            while (in.hasRemaining()) {
                int n = Math.min(in.remaining(), CHUNK);
                ByteBuffer part = in.slice(in.position(), n);
                in.position(in.position() + n);
                cbc.update(part, ByteBuffer.wrap(scratch, 0, n));
                System.arraycopy(scratch, n - blockSize, chain, 0, blockSize);
                blocks += n / blockSize;
            }
        } catch (GeneralSecurityException e) {
            throw Jca.fail(e);
        }
    }

    private void restart() {
        try {
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(chain));
        } catch (GeneralSecurityException e) {
            throw Jca.fail(e);
        }
    }
}
