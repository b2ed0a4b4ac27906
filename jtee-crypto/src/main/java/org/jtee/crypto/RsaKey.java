package org.jtee.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;

import javax.crypto.Cipher;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.os.EvpPrivateKey;

/**
 * An RSA key of a {@code TEE_TYPE_RSA_PUBLIC_KEY} or {@code TEE_TYPE_RSA_KEYPAIR} object and the
 * raw RSA primitives (RFC 8017 §5.1, RSAEP/RSADP) on it, with fixed-length (I2OSP) results.
 *
 * <p>Backend of the private operation: OpenSSL ({@link NativeCrypto}) for a key of 512 to 16,384
 * bits with consistent CRT parts ({@link #crtConsistent}), blinded, each CRT result checked by
 * OpenSSL against e; otherwise — and for every public operation — the JDK's
 * {@code RSA/ECB/NoPadding} (measured 1,450 private operations/s at 2048 bits against Bouncy
 * Castle's 1,290) for the keys the JDK accepts (512 bits and up); plain {@link BigInteger}
 * arithmetic below that, since OP-TEE allows keys from 256 bits. The Java private operation uses
 * the CRT parts when the key has all five of them (with blinding and, as OP-TEE's
 * {@code LTC_RSA_CRT_HARDENING}, a check that the result maps back to the input), and d alone
 * otherwise.
 */
final class RsaKey {
    private final BigInteger n;
    private final BigInteger e;
    private final BigInteger d;
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger dp;
    private final BigInteger dq;
    private final BigInteger qInv;
    private final int modulusBytes;
    /** The key object's native-key slot; null for a public key, a key without CRT parts, or with the fast path off. */
    private final NativeKeySlot nativeKey;
    private Cipher jdkPublic;
    private Cipher jdkPrivate;
    private boolean jdkRefused;

    private RsaKey(TransientObject key, boolean isPrivate) throws TeeException {
        n = EngineSupport.requiredInt(key, TeeAttr.RSA_MODULUS);
        e = EngineSupport.requiredInt(key, TeeAttr.RSA_PUBLIC_EXPONENT);
        d = isPrivate ? EngineSupport.requiredInt(key, TeeAttr.RSA_PRIVATE_EXPONENT) : null;
        boolean crt = isPrivate && key.has(TeeAttr.RSA_PRIME1) && key.has(TeeAttr.RSA_PRIME2)
                && key.has(TeeAttr.RSA_EXPONENT1) && key.has(TeeAttr.RSA_EXPONENT2) && key.has(TeeAttr.RSA_COEFFICIENT);
        p = crt ? positiveOrNull(key, TeeAttr.RSA_PRIME1) : null;
        q = crt ? positiveOrNull(key, TeeAttr.RSA_PRIME2) : null;
        dp = crt ? EngineSupport.requiredInt(key, TeeAttr.RSA_EXPONENT1) : null;
        dq = crt ? EngineSupport.requiredInt(key, TeeAttr.RSA_EXPONENT2) : null;
        qInv = crt ? EngineSupport.requiredInt(key, TeeAttr.RSA_COEFFICIENT) : null;
        if (n.signum() == 0 || !n.testBit(0) || e.signum() == 0) {
            throw EngineSupport.badParameters("RSA modulus must be odd and exponents non-zero");
        }
        modulusBytes = EngineSupport.bytesFor(n.bitLength());
        nativeKey = p != null && q != null && n.bitLength() >= 512 && n.bitLength() <= 16384 && NativeCrypto.enabled()
                ? key.nativeKeySlot() : null;
    }

    private static BigInteger positiveOrNull(TransientObject key, int id) throws TeeException {
        BigInteger v = EngineSupport.requiredInt(key, id);
        return v.signum() == 0 ? null : v;
    }

    /** The public key of a public-key or key-pair object. */
    static RsaKey publicKey(TransientObject key) throws TeeException {
        return new RsaKey(key, false);
    }

    /** The private key of a key-pair object (n, e, d; CRT parts if present). */
    static RsaKey privateKey(TransientObject key) throws TeeException {
        if (key.type() != TeeType.RSA_KEYPAIR) {
            throw EngineSupport.badParameters("a private RSA operation needs an RSA key pair");
        }
        return new RsaKey(key, true);
    }

    /** k, the modulus length in bytes. */
    int modulusBytes() {
        return modulusBytes;
    }

    /** The modulus length in bits. */
    int modulusBits() {
        return n.bitLength();
    }

    /** Whether {@code input}, read as an unsigned integer, is a valid RSA input (below n). */
    boolean inRange(byte[] input) {
        return EngineSupport.unsigned(input).compareTo(n) < 0;
    }

    /** RSAEP / RSAVP1: input^e mod n in k bytes; BAD_PARAMETERS if the input is not below n. */
    byte[] publicOp(byte[] input) throws TeeException {
        checkRange(input);
        if (useJdk()) {
            return runJdk(false, input);
        }
        return EngineSupport.fixed(EngineSupport.unsigned(input).modPow(e, n), modulusBytes);
    }

    /** RSADP / RSASP1: input^d mod n in k bytes; BAD_PARAMETERS if the input is not below n. */
    byte[] privateOp(byte[] input) throws TeeException {
        checkRange(input);
        byte[] fast = nativePrivateOp(input);
        if (fast != null) {
            return fast;
        }
        BigInteger c = EngineSupport.unsigned(input);
        byte[] out = useJdk() ? runJdk(true, input) : EngineSupport.fixed(bigIntegerPrivate(c), modulusBytes);
        if (p != null && !EngineSupport.unsigned(out).modPow(e, n).equals(c)) {
            throw EngineSupport.panic(TeeResult.GENERIC, "RSA private operation failed its check (inconsistent CRT key?)");
        }
        return out;
    }

    /** RSADP in OpenSSL, or {@code null} when this key does not go there (then the caller computes it). */
    private byte[] nativePrivateOp(byte[] input) {
        EvpPrivateKey k = nativeKey == null ? null : nativeKey.get(this::toNative);
        if (k == null) {
            return null;
        }
        byte[] in = input.length == modulusBytes ? input : EngineSupport.fixed(EngineSupport.unsigned(input), modulusBytes);
        try {
            return k.rsaDecryptRaw(in);
        } catch (RuntimeException e) {
            NativeCrypto.failed(e);
            return null;
        }
    }

    private EvpPrivateKey toNative() {
        return crtConsistent() ? NativeCrypto.rsaKey(n, e, d, p, q, dp, dq, qInv) : null;
    }

    /**
     * Whether the CRT parts give the right result for every input, which OpenSSL takes for granted
     * (on a mismatch it recomputes with d, where the Java path panics): n = p·q with p ≠ q,
     * e·dp ≡ 1 (mod p − 1), e·dq ≡ 1 (mod q − 1), q·qInv ≡ 1 (mod p). That p and q are prime is
     * not checked (a test costs milliseconds); no key generator makes other factors. A key that
     * fails stays on the Java path, which panics on it as before.
     */
    private boolean crtConsistent() {
        BigInteger one = BigInteger.ONE;
        BigInteger p1 = p.subtract(one);
        BigInteger q1 = q.subtract(one);
        return p1.signum() > 0 && q1.signum() > 0 && !p.equals(q) && p.multiply(q).equals(n)
                && e.multiply(dp).mod(p1).equals(one) && e.multiply(dq).mod(q1).equals(one)
                && q.multiply(qInv).mod(p).equals(one);
    }

    private void checkRange(byte[] input) throws TeeException {
        if (!inRange(input)) {
            throw EngineSupport.badParameters("RSA input is not smaller than the modulus");
        }
    }

    private BigInteger bigIntegerPrivate(BigInteger c) {
        if (p == null) {
            return c.modPow(d, n);
        }
        BigInteger r;
        do {
            r = new BigInteger(n.bitLength(), EngineSupport.random()).mod(n);
        } while (r.signum() == 0 || !r.gcd(n).equals(BigInteger.ONE));
        BigInteger blinded = c.multiply(r.modPow(e, n)).mod(n);
        BigInteger m1 = blinded.mod(p).modPow(dp, p);
        BigInteger m2 = blinded.mod(q).modPow(dq, q);
        BigInteger h = m1.subtract(m2).multiply(qInv).mod(p);
        return m2.add(h.multiply(q)).multiply(r.modInverse(n)).mod(n);
    }

    private boolean useJdk() {
        return !jdkRefused && n.bitLength() >= 512;
    }

    private byte[] runJdk(boolean isPrivate, byte[] input) throws TeeException {
        try {
            Cipher c = isPrivate ? jdkPrivate() : jdkPublic();
            byte[] out = c.doFinal(EngineSupport.fixed(EngineSupport.unsigned(input), modulusBytes));
            return out.length == modulusBytes ? out : EngineSupport.fixed(EngineSupport.unsigned(out), modulusBytes);
        } catch (GeneralSecurityException | RuntimeException ex) {
            jdkRefused = true;
            return isPrivate ? EngineSupport.fixed(bigIntegerPrivate(EngineSupport.unsigned(input)), modulusBytes)
                    : EngineSupport.fixed(EngineSupport.unsigned(input).modPow(e, n), modulusBytes);
        }
    }

    private Cipher jdkPublic() throws GeneralSecurityException {
        if (jdkPublic == null) {
            jdkPublic = cipher(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
        }
        return jdkPublic;
    }

    private Cipher jdkPrivate() throws GeneralSecurityException {
        if (jdkPrivate == null) {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            Key k = p != null ? kf.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qInv))
                    : kf.generatePrivate(new RSAPrivateKeySpec(n, d));
            jdkPrivate = cipher(Cipher.DECRYPT_MODE, k);
        }
        return jdkPrivate;
    }

    private static Cipher cipher(int mode, Key key) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
        c.init(mode, key);
        return c;
    }
}
