package org.jtee.crypto;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's providers as the symmetric engines use them: instances made once per engine (a
 * {@code getInstance} costs far more than an {@code init}), and GP key bytes turned into JCA keys.
 */
final class Jca {
    private Jca() {}

    /** A {@link Cipher} for {@code transformation}, which every JDK has. */
    static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + transformation, e);
        }
    }

    /** The JCA key algorithm of a GP block cipher key type. */
    static String keyAlgorithm(int keyType) {
        return switch (keyType) {
            case TeeType.AES -> "AES";
            case TeeType.DES -> "DES";
            case TeeType.DES3 -> "DESede";
            default -> throw new IllegalArgumentException(String.format("no JCA block cipher for type 0x%08X", keyType));
        };
    }

    /**
     * A JCA key from GP key bytes: a two-key triple-DES key (16 bytes, K1 K2) becomes the three-key
     * form K1 K2 K1 the JDK takes.
     */
    static SecretKeySpec key(String algorithm, byte[] bytes) {
        if (algorithm.equals("DESede") && bytes.length == 16) {
            byte[] k = Arrays.copyOf(bytes, 24);
            System.arraycopy(bytes, 0, k, 16, 8);
            SecretKeySpec spec = new SecretKeySpec(k, algorithm);
            Arrays.fill(k, (byte) 0);
            return spec;
        }
        return new SecretKeySpec(bytes, algorithm);
    }

    /** Block size of a JCA block cipher algorithm. */
    static int blockSize(String keyAlgorithm) {
        return keyAlgorithm.equals("AES") ? 16 : 8;
    }

    /** The bytes {@link Scratch} moves per step: large enough for AES-NI, small enough for any TA heap. */
    static final int SCRATCH_BYTES = 16 * 1024;

    /**
     * A pair of reusable arrays, one per engine, through which {@link #update} feeds the JDK. The
     * JDK's own {@code Cipher.update(ByteBuffer, ByteBuffer)} allocates an output array as large as
     * the whole input whenever the input is not an array — and a TA's parameters are shared
     * memory, never arrays: 1 MiB of garbage per 1 MiB ciphered, which in a TA host's small heap
     * cost more than the cipher itself (measured: AES-CTR on 1 MiB 830 µs against 250).
     */
    static final class Scratch {
        private final byte[] in = new byte[SCRATCH_BYTES];
        private final byte[] out = new byte[SCRATCH_BYTES + 32];

        /** Zeroes both arrays: they held plaintext or keystream. */
        void wipe() {
            Arrays.fill(in, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }

    /**
     * {@code cipher.update(src, dst)} without allocating: arrays are passed straight through, other
     * buffers go through {@code scratch} a step at a time. The caller knows {@code dst} has room.
     *
     * @return the bytes written to {@code dst}
     */
    static int update(Cipher cipher, ByteBuffer src, ByteBuffer dst, Scratch scratch) throws GeneralSecurityException {
        if (writesAhead(src, dst)) {
            // output overlapping the input further on: the JDK copies all of the input first
            return cipher.update(src, dst);
        }
        if (src.hasArray() && dst.hasArray()) {
            int n = cipher.update(src.array(), src.arrayOffset() + src.position(), src.remaining(),
                    dst.array(), dst.arrayOffset() + dst.position());
            src.position(src.limit());
            dst.position(dst.position() + n);
            return n;
        }
        int total = 0;
        while (src.hasRemaining()) {
            int chunk = Math.min(src.remaining(), SCRATCH_BYTES);
            src.get(scratch.in, 0, chunk);
            int n = cipher.update(scratch.in, 0, chunk, scratch.out, 0);
            dst.put(scratch.out, 0, n);
            total += n;
        }
        return total;
    }

    /** Whether writing {@code dst} step by step would overwrite input of {@code src} not yet read. */
    private static boolean writesAhead(ByteBuffer src, ByteBuffer dst) {
        long s;
        long d;
        if (src.hasArray() && dst.hasArray()) {
            if (src.array() != dst.array()) {
                return false;
            }
            s = src.arrayOffset() + src.position();
            d = dst.arrayOffset() + dst.position();
        } else if (src.isDirect() && dst.isDirect()) {
            s = MemorySegment.ofBuffer(src).address();
            d = MemorySegment.ofBuffer(dst).address();
        } else {
            return false;
        }
        return s < d && d < s + src.remaining();
    }

    /** Wraps a JCA failure that cannot happen with the keys and parameters the engines pass. */
    static IllegalStateException fail(GeneralSecurityException e) {
        return new IllegalStateException("JCA: " + e.getMessage(), e);
    }
}
