package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * The cipher behind a cipher {@link Operation}. {@link Operation} hands block modes whole blocks
 * only (it holds partial blocks back as libutee does), and the final call the rest.
 *
 * <ul>
 *   <li>AES, DES and triple-DES ECB and CBC, and AES-CTR: the JDK ({@link Jca}; AES-NI, bulk calls,
 *       direct buffers read in place). A copy restarts the JDK cipher: CBC with the last
 *       ciphertext block as IV, CTR at its counter and offset ({@link CtrStream}).
 *   <li>AES-CTS: {@link Cts}, CBC-CS3 on the JDK's CBC and ECB.
 *   <li>AES-XTS and SM4-XTS: {@link Xts}, IEEE 1619 on the JDK's AES-ECB or Bouncy Castle's SM4.
 *   <li>SM4 ECB, CBC and CTR: {@link Sm4Modes}, on Bouncy Castle's SM4 (the JDK has no SM4).
 * </ul>
 *
 * <p>IV rules are OP-TEE's: CBC, CTR, CTS and XTS need an IV of one block (else the init fails
 * and {@code TEE_CipherInit} panics); ECB ignores it (an IV given to ECB is refused earlier, by
 * {@link Operation}).
 */
abstract class CipherEngine {

    /** The engine for a {@code TEE_ALG_*} cipher. */
    static CipherEngine create(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.AES_ECB_NOPAD -> new JcaBlock("AES", "ECB");
            case TeeAlg.AES_CBC_NOPAD -> new JcaBlock("AES", "CBC");
            case TeeAlg.DES_ECB_NOPAD -> new JcaBlock("DES", "ECB");
            case TeeAlg.DES_CBC_NOPAD -> new JcaBlock("DES", "CBC");
            case TeeAlg.DES3_ECB_NOPAD -> new JcaBlock("DESede", "ECB");
            case TeeAlg.DES3_CBC_NOPAD -> new JcaBlock("DESede", "CBC");
            case TeeAlg.AES_CTR -> new AesCtr();
            case TeeAlg.AES_CTS -> new Cts();
            case TeeAlg.AES_XTS -> new Xts(TeeType.AES);
            case TeeAlg.SM4_XTS -> new Xts(TeeType.SM4);
            case TeeAlg.SM4_ECB_NOPAD -> new Sm4Modes(Sm4Modes.ECB);
            case TeeAlg.SM4_CBC_NOPAD -> new Sm4Modes(Sm4Modes.CBC);
            case TeeAlg.SM4_CTR -> new Sm4Modes(Sm4Modes.CTR);
            default -> throw new IllegalArgumentException(String.format("no cipher 0x%08X", algorithm));
        };
    }

    /**
     * {@code TEE_CipherInit}'s engine part: keys (the second only for XTS) and IV ({@code null}
     * for none). Panics where OP-TEE's init fails.
     */
    abstract void init(boolean encrypt, byte[] key1, byte[] key2, byte[] iv);

    /** Processes all of {@code src} (whole blocks for a block mode) into {@code dst}; returns the bytes written. */
    abstract int update(ByteBuffer src, ByteBuffer dst);

    /** Processes the last bytes; returns the bytes written. */
    int doFinal(ByteBuffer src, ByteBuffer dst) {
        return update(src, dst);
    }

    /** Takes {@code other}'s keys and state ({@code TEE_CopyOperation}). */
    abstract void copyFrom(CipherEngine other);

    /** Forgets keys and state. */
    abstract void wipe();

    /** Panics as {@code TEE_CipherInit} does when the engine refuses its IV. */
    static void requireIv(byte[] iv, int length) {
        if (iv == null || iv.length != length) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "the IV must be " + length + " bytes, not "
                    + (iv == null ? "absent" : iv.length));
        }
    }

    /** ECB or CBC on the JDK. */
    static final class JcaBlock extends CipherEngine {
        private final String algorithm;
        private final boolean cbc;
        private final int blockSize;
        private final Cipher cipher;
        private final byte[] chain;
        private final Jca.Scratch scratch = new Jca.Scratch();
        private SecretKeySpec key;
        private boolean encrypt;

        JcaBlock(String algorithm, String mode) {
            this.algorithm = algorithm;
            this.cbc = mode.equals("CBC");
            this.blockSize = Jca.blockSize(algorithm);
            this.cipher = Jca.cipher(algorithm + "/" + mode + "/NoPadding");
            this.chain = new byte[blockSize];
        }

        @Override
        void init(boolean encrypt, byte[] key1, byte[] key2, byte[] iv) {
            if (cbc) {
                requireIv(iv, blockSize);
                System.arraycopy(iv, 0, chain, 0, blockSize);
            }
            this.encrypt = encrypt;
            this.key = Jca.key(algorithm, key1);
            restart();
        }

        @Override
        int update(ByteBuffer src, ByteBuffer dst) {
            int n = src.remaining();
            if (n == 0) {
                return 0;
            }
            if (cbc && !encrypt) {
                src.get(src.limit() - blockSize, chain);
            }
            int start = dst.position();
            try {
                Jca.update(cipher, src, dst, scratch);
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
            if (cbc && encrypt) {
                dst.get(start + n - blockSize, chain);
            }
            return n;
        }

        @Override
        void copyFrom(CipherEngine other) {
            JcaBlock src = (JcaBlock) other;
            key = src.key;
            encrypt = src.encrypt;
            System.arraycopy(src.chain, 0, chain, 0, blockSize);
            if (key != null) {
                restart();
            }
        }

        @Override
        void wipe() {
            Arrays.fill(chain, (byte) 0);
            scratch.wipe();
            key = null;
        }

        /** The JCA key, {@code null} before the first init. */
        SecretKeySpec key() {
            return key;
        }

        private void restart() {
            try {
                int m = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
                if (cbc) {
                    cipher.init(m, key, new IvParameterSpec(chain));
                } else {
                    cipher.init(m, key);
                }
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
        }
    }

    /** AES-CTR on the JDK: the whole 128-bit block is the counter. */
    static final class AesCtr extends CipherEngine {
        private final CtrStream stream = new CtrStream(false);

        @Override
        void init(boolean encrypt, byte[] key1, byte[] key2, byte[] iv) {
            requireIv(iv, 16);
            stream.init(Jca.key("AES", key1), iv);
        }

        @Override
        int update(ByteBuffer src, ByteBuffer dst) {
            return stream.update(src, dst);
        }

        @Override
        void copyFrom(CipherEngine other) {
            stream.copyFrom(((AesCtr) other).stream);
        }

        @Override
        void wipe() {
            stream.init(new SecretKeySpec(new byte[16], "AES"), new byte[16]);
            stream.wipeScratch();
        }
    }
}
