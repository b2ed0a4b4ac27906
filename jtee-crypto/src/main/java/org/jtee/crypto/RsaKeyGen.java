package org.jtee.crypto;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_GenerateKey} for {@code TEE_TYPE_RSA_KEYPAIR}, as OP-TEE's
 * {@code tee_svc_obj_generate_key_rsa}: any size from 256 to 4096 bits (OP-TEE's
 * {@code CFG_CORE_BIGNUM_MAX_BITS}), with the modulus exactly that long; the public exponent is
 * {@code TEE_ATTR_RSA_PUBLIC_EXPONENT} if given (odd, 65537 ≤ e < 2<sup>256</sup>, else
 * {@code BAD_PARAMETERS}, as OP-TEE's {@code check_pub_rsa_key}) or 65537.
 *
 * <p>Primes of ⌈bits/2⌉ and ⌊bits/2⌋ bits with their two top bits set (so the product has exactly
 * {@code bits} bits), each with gcd(e, p − 1) = 1, from {@link BigInteger#nextProbablePrime}
 * (a sieve, then Miller–Rabin and Lucas); d = e<sup>−1</sup> mod lcm(p − 1, q − 1) (FIPS 186-5
 * appendix A.1.1), CRT parts as RFC 8017 §3.2 with qInv = q<sup>−1</sup> mod p.
 */
final class RsaKeyGen {
    static final int MIN_BITS = 256;
    static final int MAX_BITS = 4096;
    private static final BigInteger F4 = BigInteger.valueOf(65537);

    private RsaKeyGen() {}

    /** Every attribute of the new key pair: n, e, d, p, q, dp, dq, qInv. */
    static Map<Integer, Attribute> generate(int bits, List<Attribute> params) throws TeeException {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "RSA key size " + bits + " outside [256, 4096]");
        }
        BigInteger e = publicExponent(params);
        while (true) {
            BigInteger p = prime((bits + 1) / 2, e);
            BigInteger q = prime(bits / 2, e);
            if (p.subtract(q).abs().bitLength() <= Math.max(bits / 2 - 100, 0) || p.equals(q)) {
                continue;
            }
            BigInteger pm1 = p.subtract(BigInteger.ONE);
            BigInteger qm1 = q.subtract(BigInteger.ONE);
            BigInteger lcm = pm1.divide(pm1.gcd(qm1)).multiply(qm1);
            BigInteger d = e.modInverse(lcm);
            if (d.bitLength() <= bits / 2) {
                continue;
            }
            return attributes(p.multiply(q), e, d, p, q);
        }
    }

    private static BigInteger publicExponent(List<Attribute> params) throws TeeException {
        Attribute a = EngineSupport.find(params, TeeAttr.RSA_PUBLIC_EXPONENT);
        if (a == null) {
            return F4;
        }
        BigInteger e = EngineSupport.unsigned(a.buffer());
        if (!e.testBit(0) || e.compareTo(F4) < 0 || e.bitLength() > 256) {
            throw EngineSupport.badParameters("RSA public exponent must be odd, at least 65537 and below 2^256");
        }
        return e;
    }

    private static BigInteger prime(int bits, BigInteger e) {
        while (true) {
            BigInteger start = new BigInteger(bits, EngineSupport.random())
                    .setBit(bits - 1).setBit(bits - 2).setBit(0);
            BigInteger p = start.nextProbablePrime();
            if (p.bitLength() == bits && e.gcd(p.subtract(BigInteger.ONE)).equals(BigInteger.ONE)) {
                return p;
            }
        }
    }

    private static Map<Integer, Attribute> attributes(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q) {
        Map<Integer, Attribute> m = new LinkedHashMap<>();
        EngineSupport.putInt(m, TeeAttr.RSA_MODULUS, n);
        EngineSupport.putInt(m, TeeAttr.RSA_PUBLIC_EXPONENT, e);
        EngineSupport.putInt(m, TeeAttr.RSA_PRIVATE_EXPONENT, d);
        EngineSupport.putInt(m, TeeAttr.RSA_PRIME1, p);
        EngineSupport.putInt(m, TeeAttr.RSA_PRIME2, q);
        EngineSupport.putInt(m, TeeAttr.RSA_EXPONENT1, d.mod(p.subtract(BigInteger.ONE)));
        EngineSupport.putInt(m, TeeAttr.RSA_EXPONENT2, d.mod(q.subtract(BigInteger.ONE)));
        EngineSupport.putInt(m, TeeAttr.RSA_COEFFICIENT, q.modInverse(p));
        return m;
    }
}
