package org.jtee.crypto;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * Finite-field Diffie–Hellman: {@code TEE_ALG_DH_DERIVE_SHARED_SECRET} and
 * {@code TEE_TYPE_DH_KEYPAIR} generation, on {@link BigInteger#modPow} (one exponentiation; no
 * library does it faster).
 *
 * <p>Key: {@code TEE_ATTR_DH_PRIME} (p), {@code _BASE} (g), optional {@code _SUBPRIME} (q) and
 * {@code _X_BITS}, {@code _PUBLIC_VALUE} (y) and {@code _PRIVATE_VALUE} (x).
 *
 * <p>Derivation: the single parameter {@code TEE_ATTR_DH_PUBLIC_VALUE} (the peer's y); the
 * shared secret y<sup>x</sup> mod p is installed without leading zero bytes, as OP-TEE stores it
 * ({@code crypto_bignum_bn2bin}), so it may be shorter than p. Every failure panics (as
 * {@code TEE_DeriveKey}): a missing or extra parameter, and — checks OP-TEE leaves out — a peer
 * value outside [2, p − 2] or, when the key has q, outside the order-q subgroup (NIST SP 800-56A
 * §5.6.2.3.1 full public-key validation). The key pair's own public value must pass the same
 * checks when the key is set.
 */
final class DhEngine extends AsymmetricEngine {
    private BigInteger p;
    private BigInteger q;
    private BigInteger x;

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        p = EngineSupport.requiredInt(key, TeeAttr.DH_PRIME);
        x = EngineSupport.requiredInt(key, TeeAttr.DH_PRIVATE_VALUE);
        byte[] subprime = key.buffer(TeeAttr.DH_SUBPRIME);
        q = subprime == null || subprime.length == 0 ? null : EngineSupport.unsigned(subprime);
        if (p.compareTo(BigInteger.valueOf(5)) < 0 || !isValidPublic(EngineSupport.requiredInt(key, TeeAttr.DH_PUBLIC_VALUE))) {
            throw EngineSupport.badParameters("DH prime too small or the key's public value invalid");
        }
    }

    /** SP 800-56A §5.6.2.3.1: 2 ≤ y ≤ p − 2 and, when q is known, y<sup>q</sup> ≡ 1 (mod p). */
    private boolean isValidPublic(BigInteger y) {
        return y.compareTo(BigInteger.ONE) > 0 && y.compareTo(p.subtract(BigInteger.ONE)) < 0
                && (q == null || y.modPow(q, p).equals(BigInteger.ONE));
    }


    @Override
    void derive(List<Attribute> params, TransientObject derived) {
        if (params.size() != 1 || params.get(0).id() != TeeAttr.DH_PUBLIC_VALUE) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "DH needs exactly TEE_ATTR_DH_PUBLIC_VALUE");
        }
        BigInteger y = EngineSupport.unsigned(params.get(0).buffer());
        if (!isValidPublic(y)) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "DH public value outside [2, p - 2] or the order-q subgroup");
        }
        EngineSupport.installSecret(derived, EngineSupport.minimal(y.modPow(x, p)));
    }

    /**
     * {@code TEE_GenerateKey} for a DH key pair from p, g and optionally q and
     * {@code TEE_ATTR_DH_X_BITS} in {@code params}. The key size must be p's size in whole bytes
     * (as OP-TEE's {@code crypto_acipher_gen_dh_key}), else {@code BAD_PARAMETERS}. x is uniform
     * below q if q is given, below p − 1 otherwise; with X_BITS it has exactly that many bits,
     * which must not exceed q's (or p's). The result holds the parameters as given, X_BITS
     * (0 when not given, as OP-TEE records it), y and x.
     */
    static Map<Integer, Attribute> generate(int bits, List<Attribute> params) throws TeeException {
        BigInteger prime = DsaEngine.requiredParam(params, TeeAttr.DH_PRIME);
        BigInteger g = DsaEngine.requiredParam(params, TeeAttr.DH_BASE);
        Attribute qAttr = EngineSupport.find(params, TeeAttr.DH_SUBPRIME);
        Attribute xBitsAttr = EngineSupport.find(params, TeeAttr.DH_X_BITS);
        if (bits != 8 * EngineSupport.bytesFor(prime.bitLength()) || prime.compareTo(BigInteger.valueOf(5)) < 0) {
            throw EngineSupport.badParameters("DH key size " + bits + " does not match the prime");
        }
        BigInteger bound = qAttr == null ? prime.subtract(BigInteger.ONE) : EngineSupport.unsigned(qAttr.buffer());
        int xBits = xBitsAttr == null ? 0 : xBitsAttr.a();
        if (xBits < 0 || xBits > bound.bitLength() || bound.compareTo(BigInteger.TWO) < 0) {
            throw EngineSupport.badParameters("TEE_ATTR_DH_X_BITS " + xBits + " does not fit the group");
        }
        BigInteger privateValue = xBits == 0 ? DsaEngine.randomBelow(bound) : randomOfBits(xBits, bound);
        Map<Integer, Attribute> m = new LinkedHashMap<>();
        EngineSupport.putInt(m, TeeAttr.DH_PRIME, prime);
        EngineSupport.putInt(m, TeeAttr.DH_BASE, g);
        if (qAttr != null) {
            m.put(TeeAttr.DH_SUBPRIME, Attribute.ref(TeeAttr.DH_SUBPRIME, qAttr.buffer().clone()));
        }
        m.put(TeeAttr.DH_X_BITS, Attribute.value(TeeAttr.DH_X_BITS, xBits, 0));
        EngineSupport.putInt(m, TeeAttr.DH_PUBLIC_VALUE, g.modPow(privateValue, prime));
        EngineSupport.putInt(m, TeeAttr.DH_PRIVATE_VALUE, privateValue);
        return m;
    }

    private static BigInteger randomOfBits(int bits, BigInteger bound) {
        BigInteger v;
        do {
            v = new BigInteger(bits, EngineSupport.random()).setBit(bits - 1);
        } while (v.compareTo(bound) >= 0);
        return v;
    }
}
