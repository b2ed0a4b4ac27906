package org.jtee.crypto;

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

    /** Wraps a JCA failure that cannot happen with the keys and parameters the engines pass. */
    static IllegalStateException fail(GeneralSecurityException e) {
        return new IllegalStateException("JCA: " + e.getMessage(), e);
    }
}
