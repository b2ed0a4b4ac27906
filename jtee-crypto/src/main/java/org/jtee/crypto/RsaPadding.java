package org.jtee.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

import org.bouncycastle.crypto.Digest;

/**
 * The RSA encoding methods of RFC 8017 on byte strings: EME-OAEP (§7.1), EME-PKCS1-v1_5 (§7.2),
 * EMSA-PSS (§9.1) and EMSA-PKCS1-v1_5 (§9.2), with MGF1 (appendix B.2.1). Decoders return
 * {@code null} for every kind of malformed input alike, and check every byte whatever they find
 * first, so that their timing and result say nothing about where the encoding went wrong.
 */
final class RsaPadding {
    private RsaPadding() {}

    /** MGF1 over {@code hash}: {@code length} bytes from {@code seed}. */
    static byte[] mgf1(HashSpec hash, byte[] seed, int length) {
        Digest d = hash.newDigest();
        int hLen = d.getDigestSize();
        byte[] out = new byte[length];
        byte[] block = new byte[hLen];
        for (int counter = 0, done = 0; done < length; counter++, done += hLen) {
            d.update(seed, 0, seed.length);
            d.update((byte) (counter >>> 24));
            d.update((byte) (counter >>> 16));
            d.update((byte) (counter >>> 8));
            d.update((byte) counter);
            d.doFinal(block, 0);
            System.arraycopy(block, 0, out, done, Math.min(hLen, length - done));
        }
        return out;
    }

    private static void xorInto(byte[] target, int offset, byte[] mask) {
        for (int i = 0; i < mask.length; i++) {
            target[offset + i] ^= mask[i];
        }
    }

    /**
     * EME-OAEP encoding of {@code m} for a k-byte modulus, {@code null} if m is longer than
     * k − 2hLen − 2.
     *
     * <pre>
     * EM = 0x00 ‖ maskedSeed (hLen) ‖ maskedDB (k − hLen − 1)
     * DB = Hash(L) ‖ 0x00… ‖ 0x01 ‖ M
     * </pre>
     */
    static byte[] oaepEncode(byte[] m, int k, HashSpec hash, HashSpec mgfHash, byte[] label) {
        int hLen = hash.length();
        if (m.length > k - 2 * hLen - 2) {
            return null;
        }
        byte[] em = new byte[k];
        byte[] seed = new byte[hLen];
        EngineSupport.random().nextBytes(seed);
        System.arraycopy(seed, 0, em, 1, hLen);
        int db = 1 + hLen;
        System.arraycopy(hash.hash(label), 0, em, db, hLen);
        em[k - m.length - 1] = 0x01;
        System.arraycopy(m, 0, em, k - m.length, m.length);
        xorInto(em, db, mgf1(mgfHash, seed, k - hLen - 1));
        xorInto(em, 1, mgf1(mgfHash, Arrays.copyOfRange(em, db, k), hLen));
        return em;
    }

    /** EME-OAEP decoding of a k-byte {@code em}: the message, or {@code null} if malformed. */
    static byte[] oaepDecode(byte[] em, HashSpec hash, HashSpec mgfHash, byte[] label) {
        int k = em.length;
        int hLen = hash.length();
        if (k < 2 * hLen + 2) {
            return null;
        }
        byte[] seed = Arrays.copyOfRange(em, 1, 1 + hLen);
        byte[] db = Arrays.copyOfRange(em, 1 + hLen, k);
        xorInto(seed, 0, mgf1(mgfHash, db, hLen));
        xorInto(db, 0, mgf1(mgfHash, seed, db.length));
        int bad = em[0];
        bad |= MessageDigest.isEqual(Arrays.copyOf(db, hLen), hash.hash(label)) ? 0 : 1;
        int separator = -1;
        int lookingForSeparator = 1;
        for (int i = hLen; i < db.length; i++) {
            int isOne = db[i] == 1 ? 1 : 0;
            int isZero = db[i] == 0 ? 1 : 0;
            separator = lookingForSeparator == 1 && isOne == 1 ? i : separator;
            bad |= lookingForSeparator & (1 - isOne) & (1 - isZero);
            lookingForSeparator &= 1 - isOne;
        }
        bad |= lookingForSeparator;
        return bad != 0 ? null : Arrays.copyOfRange(db, separator + 1, db.length);
    }

    /** EME-PKCS1-v1_5 encoding (0x00 0x02 PS 0x00 M, PS non-zero random), {@code null} if m exceeds k − 11. */
    static byte[] pkcs1EncryptEncode(byte[] m, int k) {
        if (m.length > k - 11) {
            return null;
        }
        byte[] em = new byte[k];
        em[1] = 0x02;
        byte[] one = new byte[1];
        for (int i = 2; i < k - m.length - 1; i++) {
            do {
                EngineSupport.random().nextBytes(one);
            } while (one[0] == 0);
            em[i] = one[0];
        }
        System.arraycopy(m, 0, em, k - m.length, m.length);
        return em;
    }

    /** EME-PKCS1-v1_5 decoding of a k-byte {@code em}: the message, or {@code null} if malformed. */
    static byte[] pkcs1EncryptDecode(byte[] em) {
        int k = em.length;
        if (k < 11) {
            return null;
        }
        int bad = em[0] | (em[1] ^ 0x02);
        int separator = -1;
        int looking = 1;
        for (int i = 2; i < k; i++) {
            int isZero = em[i] == 0 ? 1 : 0;
            separator = looking == 1 && isZero == 1 ? i : separator;
            looking &= 1 - isZero;
        }
        bad |= looking;
        bad |= separator < 10 ? 1 : 0;
        return bad != 0 ? null : Arrays.copyOfRange(em, separator + 1, k);
    }

    /** EMSA-PKCS1-v1_5: 0x00 0x01 0xFF… 0x00 T in k bytes, {@code null} if T exceeds k − 11. */
    static byte[] pkcs1SignatureEncode(byte[] t, int k) {
        if (t.length > k - 11) {
            return null;
        }
        byte[] em = new byte[k];
        em[1] = 0x01;
        Arrays.fill(em, 2, k - t.length - 1, (byte) 0xFF);
        System.arraycopy(t, 0, em, k - t.length, t.length);
        return em;
    }

    /**
     * EMSA-PSS encoding of the digest {@code mHash} into ⌈emBits/8⌉ bytes with a random salt of
     * {@code saltLength} bytes, {@code null} if it does not fit.
     *
     * <pre>
     * EM = maskedDB ‖ H ‖ 0xBC,  H = Hash(0x00×8 ‖ mHash ‖ salt),  DB = 0x00… ‖ 0x01 ‖ salt
     * </pre>
     */
    static byte[] pssEncode(byte[] mHash, int emBits, HashSpec hash, int saltLength) {
        int hLen = hash.length();
        int emLen = EngineSupport.bytesFor(emBits);
        if (saltLength < 0 || emLen < hLen + saltLength + 2) {
            return null;
        }
        byte[] salt = new byte[saltLength];
        EngineSupport.random().nextBytes(salt);
        byte[] h = pssHash(hash, mHash, salt);
        byte[] em = new byte[emLen];
        int dbLen = emLen - hLen - 1;
        em[dbLen - saltLength - 1] = 0x01;
        System.arraycopy(salt, 0, em, dbLen - saltLength, saltLength);
        xorInto(em, 0, mgf1(hash, h, dbLen));
        em[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
        System.arraycopy(h, 0, em, dbLen, hLen);
        em[emLen - 1] = (byte) 0xBC;
        return em;
    }

    /** EMSA-PSS verification of {@code em} (⌈emBits/8⌉ bytes) against the digest {@code mHash}. */
    static boolean pssVerify(byte[] mHash, byte[] em, int emBits, HashSpec hash, int saltLength) {
        int hLen = hash.length();
        int emLen = em.length;
        if (saltLength < 0 || mHash.length != hLen || emLen < hLen + saltLength + 2) {
            return false;
        }
        int dbLen = emLen - hLen - 1;
        byte[] h = Arrays.copyOfRange(em, dbLen, dbLen + hLen);
        int topMask = 0xFF >>> (8 * emLen - emBits);
        int bad = (em[emLen - 1] & 0xFF) ^ 0xBC;
        bad |= em[0] & ~topMask & 0xFF;
        byte[] db = Arrays.copyOf(em, dbLen);
        xorInto(db, 0, mgf1(hash, h, dbLen));
        db[0] &= (byte) topMask;
        int psLen = dbLen - saltLength - 1;
        for (int i = 0; i < psLen; i++) {
            bad |= db[i];
        }
        bad |= db[psLen] ^ 0x01;
        byte[] salt = Arrays.copyOfRange(db, dbLen - saltLength, dbLen);
        return bad == 0 & MessageDigest.isEqual(h, pssHash(hash, mHash, salt));
    }

    private static byte[] pssHash(HashSpec hash, byte[] mHash, byte[] salt) {
        Digest d = hash.newDigest();
        d.update(new byte[8], 0, 8);
        d.update(mHash, 0, mHash.length);
        d.update(salt, 0, salt.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }
}
