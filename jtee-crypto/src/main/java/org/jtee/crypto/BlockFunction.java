package org.jtee.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;

import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A block cipher in one direction under one key, over any number of whole blocks (ECB): what the
 * modes jtee builds itself (XTS, and SM4's ECB, CBC and CTR) run on. The JDK's AES in ECB mode for
 * AES (one call for many blocks, AES-NI); Bouncy Castle's engine for SM4, which the JDK lacks.
 */
abstract class BlockFunction {

    /** A block function for key type {@code keyType} ({@link TeeType#AES} or {@link TeeType#SM4}). */
    static BlockFunction create(int keyType) {
        return keyType == TeeType.SM4 ? new Sm4() : new JcaEcb("AES");
    }

    /** Keys the function: {@code encrypt} or decrypt under {@code key}. */
    abstract void init(boolean encrypt, byte[] key);

    /** Processes {@code len} bytes (whole blocks); {@code in} and {@code out} may be the same array. */
    abstract void process(byte[] in, int inOff, byte[] out, int outOff, int len);

    /** The block size in bytes. */
    int blockSize() {
        return 16;
    }

    /** The JDK's ECB mode. */
    static final class JcaEcb extends BlockFunction {
        private final String algorithm;
        private final Cipher cipher;

        JcaEcb(String algorithm) {
            this.algorithm = algorithm;
            this.cipher = Jca.cipher(algorithm + "/ECB/NoPadding");
        }

        @Override
        void init(boolean encrypt, byte[] key) {
            try {
                cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, Jca.key(algorithm, key));
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
        }

        @Override
        void process(byte[] in, int inOff, byte[] out, int outOff, int len) {
            try {
                cipher.update(in, inOff, len, out, outOff);
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
        }
    }

    /** Bouncy Castle's SM4 (GB/T 32907). */
    static final class Sm4 extends BlockFunction {
        private final SM4Engine engine = new SM4Engine();

        @Override
        void init(boolean encrypt, byte[] key) {
            engine.init(encrypt, new KeyParameter(key));
        }

        @Override
        void process(byte[] in, int inOff, byte[] out, int outOff, int len) {
            for (int i = 0; i < len; i += 16) {
                engine.processBlock(in, inOff + i, out, outOff + i);
            }
        }
    }
}
