package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.Memoable;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * The MAC behind a MAC {@link Operation}.
 *
 * <ul>
 *   <li>HMAC over MD5, SHA-1, SHA-2 and SHA-3: the JDK's {@link Mac} (intrinsic hashes; copied with
 *       {@code clone()}).
 *   <li>HMAC-SM3: RFC 2104 here, over Bouncy Castle's SM3 (the JDK has no SM3); copied as digest
 *       states.
 *   <li>AES, DES and triple-DES CBC-MAC (no padding, or PKCS#5 padding) and CMAC (NIST SP 800-38B):
 *       here, on the JDK's CBC encryption ({@link CbcChain}), as OP-TEE's {@code cbc-mac.c} and
 *       libtomcrypt's OMAC behave. CBC-MAC without padding fails (OP-TEE's {@code BAD_STATE}, a
 *       panic of {@code TEE_MACComputeFinal}) unless at least one block and only whole blocks
 *       were given.
 * </ul>
 */
abstract class MacEngine {

    /** The engine for a {@code TEE_ALG_*} MAC. */
    static MacEngine create(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.HMAC_MD5 -> new JcaHmac("HmacMD5");
            case TeeAlg.HMAC_SHA1 -> new JcaHmac("HmacSHA1");
            case TeeAlg.HMAC_SHA224 -> new JcaHmac("HmacSHA224");
            case TeeAlg.HMAC_SHA256 -> new JcaHmac("HmacSHA256");
            case TeeAlg.HMAC_SHA384 -> new JcaHmac("HmacSHA384");
            case TeeAlg.HMAC_SHA512 -> new JcaHmac("HmacSHA512");
            case TeeAlg.HMAC_SHA3_224 -> new JcaHmac("HmacSHA3-224");
            case TeeAlg.HMAC_SHA3_256 -> new JcaHmac("HmacSHA3-256");
            case TeeAlg.HMAC_SHA3_384 -> new JcaHmac("HmacSHA3-384");
            case TeeAlg.HMAC_SHA3_512 -> new JcaHmac("HmacSHA3-512");
            case TeeAlg.HMAC_SM3 -> new DigestHmac(new SM3Digest());
            case TeeAlg.AES_CBC_MAC_NOPAD -> new CbcMac("AES", false);
            case TeeAlg.AES_CBC_MAC_PKCS5 -> new CbcMac("AES", true);
            case TeeAlg.DES_CBC_MAC_NOPAD -> new CbcMac("DES", false);
            case TeeAlg.DES_CBC_MAC_PKCS5 -> new CbcMac("DES", true);
            case TeeAlg.DES3_CBC_MAC_NOPAD -> new CbcMac("DESede", false);
            case TeeAlg.DES3_CBC_MAC_PKCS5 -> new CbcMac("DESede", true);
            case TeeAlg.AES_CMAC -> new Cmac("AES");
            case TeeAlg.DES3_CMAC -> new Cmac("DESede");
            default -> throw new IllegalArgumentException(String.format("no MAC 0x%08X", algorithm));
        };
    }

    /** Starts a MAC under {@code key} (the secret value's bytes). */
    abstract void init(byte[] key);

    /** MACs all of {@code in}. */
    abstract void update(ByteBuffer in);

    /** The MAC length in bytes. */
    abstract int length();

    /** Writes the MAC ({@link #length()} bytes). */
    abstract void doFinal(byte[] out);

    /** Takes {@code other}'s key and state ({@code TEE_CopyOperation}). */
    abstract void copyFrom(MacEngine other);

    /** Forgets the key and state ({@code TEE_FreeOperation}). */
    abstract void wipe();

    /** The JDK's HMAC. */
    static final class JcaHmac extends MacEngine {
        private final String name;
        private Mac mac;

        JcaHmac(String name) {
            this.name = name;
            try {
                this.mac = Mac.getInstance(name);
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
        }

        @Override
        void init(byte[] key) {
            try {
                mac.init(new SecretKeySpec(key, name));
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
        }

        @Override
        void update(ByteBuffer in) {
            mac.update(in);
        }

        @Override
        int length() {
            return mac.getMacLength();
        }

        @Override
        void doFinal(byte[] out) {
            try {
                mac.doFinal(out, 0);
            } catch (GeneralSecurityException e) {
                throw Jca.fail(e);
            }
        }

        @Override
        void copyFrom(MacEngine other) {
            try {
                mac = (Mac) ((JcaHmac) other).mac.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's " + name + " cannot be copied", e);
            }
        }

        @Override
        void wipe() {
            mac.reset();
        }
    }

    /** HMAC (RFC 2104) over a Bouncy Castle digest whose state can be copied. */
    static final class DigestHmac extends MacEngine {
        private final ExtendedDigest inner;
        private final ExtendedDigest outer;

        <D extends ExtendedDigest & Memoable> DigestHmac(D digest) {
            this.inner = digest;
            this.outer = (ExtendedDigest) digest.copy();
        }

        @Override
        void init(byte[] key) {
            int blockLength = inner.getByteLength();
            byte[] k = new byte[blockLength];
            if (key.length > blockLength) {
                inner.reset();
                inner.update(key, 0, key.length);
                inner.doFinal(k, 0);
            } else {
                System.arraycopy(key, 0, k, 0, key.length);
            }
            inner.reset();
            outer.reset();
            for (int i = 0; i < blockLength; i++) {
                inner.update((byte) (k[i] ^ 0x36));
                outer.update((byte) (k[i] ^ 0x5C));
            }
            Arrays.fill(k, (byte) 0);
        }

        @Override
        void update(ByteBuffer in) {
            Buffers.feed(in, inner::update);
        }

        @Override
        int length() {
            return inner.getDigestSize();
        }

        @Override
        void doFinal(byte[] out) {
            byte[] innerHash = new byte[inner.getDigestSize()];
            inner.doFinal(innerHash, 0);
            ExtendedDigest o = (ExtendedDigest) ((Memoable) outer).copy();
            o.update(innerHash, 0, innerHash.length);
            o.doFinal(out, 0);
        }

        @Override
        void copyFrom(MacEngine other) {
            DigestHmac src = (DigestHmac) other;
            ((Memoable) inner).reset((Memoable) src.inner);
            ((Memoable) outer).reset((Memoable) src.outer);
        }

        @Override
        void wipe() {
            inner.reset();
            outer.reset();
        }
    }

    /** CBC-MAC, without padding or with PKCS#5 padding (OP-TEE's {@code core/crypto/cbc-mac.c}). */
    static final class CbcMac extends MacEngine {
        private final CbcChain chain;
        private final boolean pkcs5;

        CbcMac(String algorithm, boolean pkcs5) {
            this.chain = new CbcChain(algorithm, false);
            this.pkcs5 = pkcs5;
        }

        @Override
        void init(byte[] key) {
            chain.init(key);
        }

        @Override
        void update(ByteBuffer in) {
            chain.absorb(in);
        }

        @Override
        int length() {
            return chain.blockSize();
        }

        @Override
        void doFinal(byte[] out) {
            if (pkcs5) {
                int pad = chain.blockSize() - chain.pendingLength();
                byte[] padding = new byte[pad];
                Arrays.fill(padding, (byte) pad);
                chain.absorb(padding, 0, pad);
            }
            if (chain.blocks() == 0 || chain.pendingLength() != 0) {
                throw new TaPanic(TeeResult.BAD_STATE, "CBC-MAC without padding of a message that is not whole blocks");
            }
            System.arraycopy(chain.value(), 0, out, 0, chain.blockSize());
        }

        @Override
        void copyFrom(MacEngine other) {
            chain.copyFrom(((CbcMac) other).chain);
        }

        @Override
        void wipe() {
            chain.wipe();
        }
    }

    /** CMAC (NIST SP 800-38B; OMAC1) for AES and triple DES. */
    static final class Cmac extends MacEngine {
        private final CbcChain chain;
        private byte[] k1 = new byte[0];
        private byte[] k2 = new byte[0];

        Cmac(String algorithm) {
            this.chain = new CbcChain(algorithm, true);
        }

        @Override
        void init(byte[] key) {
            chain.init(key);
            int n = chain.blockSize();
            byte[] l = chain.encryptBlock(new byte[n]);
            k1 = doubled(l);
            k2 = doubled(k1);
            Arrays.fill(l, (byte) 0);
        }

        /** Multiplication by x in GF(2^128) or GF(2^64), SP 800-38B §6.1. */
        private static byte[] doubled(byte[] v) {
            byte[] d = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                int next = i + 1 < v.length ? (v[i + 1] & 0xFF) >>> 7 : 0;
                d[i] = (byte) ((v[i] << 1) | next);
            }
            if ((v[0] & 0x80) != 0) {
                d[v.length - 1] ^= (byte) (v.length == 16 ? 0x87 : 0x1B);
            }
            return d;
        }

        @Override
        void update(ByteBuffer in) {
            chain.absorb(in);
        }

        @Override
        int length() {
            return chain.blockSize();
        }

        @Override
        void doFinal(byte[] out) {
            int n = chain.blockSize();
            int len = chain.pendingLength();
            byte[] last = Arrays.copyOf(chain.pending(), n);
            byte[] subkey = k1;
            if (len < n) {
                Arrays.fill(last, len, n, (byte) 0);
                last[len] = (byte) 0x80;
                subkey = k2;
            }
            for (int i = 0; i < n; i++) {
                last[i] ^= subkey[i];
            }
            chain.chainFinal(last);
            System.arraycopy(chain.value(), 0, out, 0, n);
        }

        @Override
        void copyFrom(MacEngine other) {
            Cmac src = (Cmac) other;
            chain.copyFrom(src.chain);
            k1 = src.k1.clone();
            k2 = src.k2.clone();
        }

        @Override
        void wipe() {
            chain.wipe();
            Arrays.fill(k1, (byte) 0);
            Arrays.fill(k2, (byte) 0);
        }
    }
}
