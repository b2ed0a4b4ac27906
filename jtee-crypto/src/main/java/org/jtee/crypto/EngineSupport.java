package org.jtee.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * What the asymmetric engines share: OP-TEE's bignum byte forms, reading the attributes of a key
 * or of an operation's parameter list, the two ways a failure leaves an engine, and the one
 * random source.
 *
 * <p>Big integers travel as OP-TEE's {@code crypto_bignum_bin2bn} reads them (unsigned
 * big-endian, leading zeros allowed) and as {@code crypto_bignum_bn2bin} writes them (unsigned
 * big-endian without leading zeros, so 0 is the empty string).
 */
final class EngineSupport {
    /** {@code TEE_ERROR_CIPHERTEXT_INVALID} (GP 1.3.1). */
    static final int CIPHERTEXT_INVALID = TeeResult.CIPHERTEXT_INVALID;

    /** The largest secret a derivation yields: OP-TEE's 4096-bit GENERIC_SECRET buffer. */
    static final int MAX_DERIVED_BYTES = 4096 / 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private EngineSupport() {}

    /** The process's random source (thread-safe). */
    static SecureRandom random() {
        return RANDOM;
    }

    /** {@code crypto_bignum_bin2bn}: an unsigned big-endian integer. */
    static BigInteger unsigned(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    /** {@code crypto_bignum_bn2bin}: unsigned big-endian, no leading zero bytes. */
    static byte[] minimal(BigInteger value) {
        byte[] b = value.toByteArray();
        int skip = 0;
        while (skip < b.length && b[skip] == 0) {
            skip++;
        }
        return Arrays.copyOfRange(b, skip, b.length);
    }

    /** Unsigned big-endian in exactly {@code length} bytes (I2OSP); the value must fit. */
    static byte[] fixed(BigInteger value, int length) {
        byte[] m = minimal(value);
        if (m.length > length) {
            throw new IllegalArgumentException("value of " + m.length + " bytes does not fit " + length);
        }
        byte[] out = new byte[length];
        System.arraycopy(m, 0, out, length - m.length, m.length);
        return out;
    }

    /** GP's raw signature r ‖ s, each half {@code half} bytes (IEEE P1363). */
    static byte[] rawSignature(BigInteger r, BigInteger s, int half) {
        byte[] out = new byte[2 * half];
        System.arraycopy(fixed(r, half), 0, out, 0, half);
        System.arraycopy(fixed(s, half), 0, out, half, half);
        return out;
    }

    /** The halves r and s of a raw signature of even length. */
    static BigInteger[] splitSignature(byte[] signature) {
        int half = signature.length / 2;
        return new BigInteger[] {new BigInteger(1, Arrays.copyOf(signature, half)),
                new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length))};
    }

    /** Bytes needed for {@code bits} bits. */
    static int bytesFor(int bits) {
        return (bits + 7) / 8;
    }

    /** Puts {@code value} as the buffer attribute {@code id} in OP-TEE's bignum form. */
    static void putInt(Map<Integer, Attribute> attributes, int id, BigInteger value) {
        attributes.put(id, Attribute.ref(id, minimal(value)));
    }

    /** The buffer attribute {@code id} of a key, or BAD_PARAMETERS naming it when absent. */
    static byte[] required(TransientObject key, int id) throws TeeException {
        byte[] b = key.buffer(id);
        if (b == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, String.format("key lacks attribute 0x%08X", id));
        }
        return b;
    }

    /**
     * The secret of a KDF's key: its {@code preferred} attribute (for instance
     * {@code TEE_ATTR_HKDF_IKM} of a {@code TEE_TYPE_HKDF_IKM} object) or, for a GENERIC_SECRET
     * or GP 1.3.1 {@code TEE_TYPE_HKDF} key, its {@code TEE_ATTR_SECRET_VALUE}.
     */
    static byte[] keySecret(TransientObject key, int preferred) throws TeeException {
        byte[] b = key.buffer(preferred);
        return b != null ? b : required(key, TeeAttr.SECRET_VALUE);
    }

    /** The key's buffer attribute {@code id} as an unsigned integer; BAD_PARAMETERS when absent. */
    static BigInteger requiredInt(TransientObject key, int id) throws TeeException {
        return unsigned(required(key, id));
    }

    /** The first parameter with identifier {@code id}, or {@code null}. */
    static Attribute find(List<Attribute> params, int id) {
        for (Attribute a : params) {
            if (a.id() == id) {
                return a;
            }
        }
        return null;
    }

    /**
     * A panic with a GP result as its code, as libutee's {@code TEE_Panic(res)} does when a
     * syscall fails in a way the API function may not return.
     */
    static TaPanic panic(int result, String message) {
        return new TaPanic(result, TeeResult.name(result) + ": " + message);
    }

    /** The same failure as a panic: for the operations where OP-TEE panics on every error. */
    static TaPanic panic(TeeException e) {
        TaPanic p = panic(e.result(), e.getMessage());
        p.initCause(e);
        return p;
    }

    /** {@code TEE_ERROR_BAD_PARAMETERS} with a message. */
    static TeeException badParameters(String message) {
        return new TeeException(TeeResult.BAD_PARAMETERS, message);
    }

    /**
     * Fills a {@code TEE_DeriveKey} output object with {@code secret} as its
     * {@code TEE_ATTR_SECRET_VALUE}; the key size is the secret's length in bits. A secret larger
     * than OP-TEE's GENERIC_SECRET buffer panics with BAD_PARAMETERS, as OP-TEE's derive does.
     */
    static void installSecret(TransientObject derived, byte[] secret) {
        if (secret.length > MAX_DERIVED_BYTES) {
            throw panic(TeeResult.BAD_PARAMETERS, "derived secret of " + secret.length + " bytes exceeds "
                    + MAX_DERIVED_BYTES);
        }
        derived.install(Map.of(TeeAttr.SECRET_VALUE, Attribute.ref(TeeAttr.SECRET_VALUE, secret)), secret.length * 8);
    }
}
