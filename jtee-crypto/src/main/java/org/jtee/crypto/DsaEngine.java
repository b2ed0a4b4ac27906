package org.jtee.crypto;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.DSAParameters;
import org.bouncycastle.crypto.params.DSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSASigner;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * DSA (FIPS 186-4 §4) on a digest for {@code TEE_ALG_DSA_SHA*} and {@code TEE_ALG_DSA_SHA3_*},
 * with Bouncy Castle's {@link DSASigner} (a legacy algorithm: no speed contest), and DSA key
 * generation from domain parameters.
 *
 * <ul>
 *   <li>Keys: {@code TEE_ATTR_DSA_PRIME/SUBPRIME/BASE} (p, q, g), {@code _PUBLIC_VALUE} (y) and,
 *       in a key pair, {@code _PRIVATE_VALUE} (x).
 *   <li>Signing takes a digest of exactly min(hash length, |q| bytes), as OP-TEE's
 *       {@code crypto_acipher_dsa_sign} (else {@code TEE_ERROR_SECURITY}: a panic);
 *       verification a digest of the hash length or of |q| bytes, as OP-TEE's
 *       {@code syscall_asymm_verify} (else {@code BAD_PARAMETERS}: a panic). A digest longer than
 *       q is truncated to its leftmost bits.
 *   <li>Signatures are raw r ‖ s, each half |q| bytes; verification answers {@code false} for any
 *       other length.
 * </ul>
 */
final class DsaEngine extends AsymmetricEngine {
    private final int mode;
    private final HashSpec hash;
    private DSAParameters domain;
    private DSAPrivateKeyParameters privateKey;
    private DSAPublicKeyParameters publicKey;

    DsaEngine(int mode, HashSpec hash) {
        this.mode = mode;
        this.hash = hash;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        domain = domain(key);
        try {
            if (mode == TeeCrypto.MODE_SIGN) {
                privateKey = new DSAPrivateKeyParameters(EngineSupport.requiredInt(key, TeeAttr.DSA_PRIVATE_VALUE), domain);
            } else {
                publicKey = new DSAPublicKeyParameters(EngineSupport.requiredInt(key, TeeAttr.DSA_PUBLIC_VALUE), domain);
            }
        } catch (IllegalArgumentException e) {
            throw EngineSupport.badParameters("invalid DSA key: " + e.getMessage());
        }
    }

    private static DSAParameters domain(TransientObject key) throws TeeException {
        BigInteger p = EngineSupport.requiredInt(key, TeeAttr.DSA_PRIME);
        BigInteger q = EngineSupport.requiredInt(key, TeeAttr.DSA_SUBPRIME);
        BigInteger g = EngineSupport.requiredInt(key, TeeAttr.DSA_BASE);
        if (q.signum() == 0 || g.compareTo(BigInteger.ONE) <= 0 || g.compareTo(p) >= 0) {
            throw EngineSupport.badParameters("invalid DSA domain parameters");
        }
        return new DSAParameters(p, q, g);
    }


    private int qBytes() {
        return EngineSupport.bytesFor(domain.getQ().bitLength());
    }

    @Override
    int signatureLength() {
        return 2 * qBytes();
    }

    @Override
    byte[] sign(List<Attribute> params, byte[] digest) {
        int expected = Math.min(hash.length(), qBytes());
        if (digest.length != expected) {
            throw EngineSupport.panic(TeeResult.SECURITY, "DSA digest of " + digest.length + " bytes, expected " + expected);
        }
        DSASigner signer = new DSASigner();
        signer.init(true, new ParametersWithRandom(privateKey, EngineSupport.random()));
        BigInteger[] rs = signer.generateSignature(digest);
        return EngineSupport.rawSignature(rs[0], rs[1], qBytes());
    }

    @Override
    boolean verify(List<Attribute> params, byte[] digest, byte[] signature) {
        if (digest.length != hash.length() && digest.length != qBytes()) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "DSA digest of " + digest.length + " bytes");
        }
        if (signature.length != signatureLength()) {
            return false;
        }
        BigInteger[] rs = EngineSupport.splitSignature(signature);
        DSASigner verifier = new DSASigner();
        verifier.init(false, publicKey);
        return verifier.verifySignature(digest, rs[0], rs[1]);
    }

    /**
     * {@code TEE_GenerateKey} for a DSA key pair from p, q, g in {@code params}: x uniform in
     * [1, q − 1], y = g<sup>x</sup> mod p. The key size must be p's size rounded up to whole bytes,
     * as OP-TEE's {@code crypto_acipher_gen_dsa_key}, else {@code BAD_PARAMETERS}.
     */
    static Map<Integer, Attribute> generate(int bits, List<Attribute> params) throws TeeException {
        BigInteger p = requiredParam(params, TeeAttr.DSA_PRIME);
        BigInteger q = requiredParam(params, TeeAttr.DSA_SUBPRIME);
        BigInteger g = requiredParam(params, TeeAttr.DSA_BASE);
        if (bits != 8 * EngineSupport.bytesFor(p.bitLength()) || q.compareTo(BigInteger.TWO) < 0) {
            throw EngineSupport.badParameters("DSA key size " + bits + " does not match p or q is invalid");
        }
        BigInteger x = randomBelow(q);
        Map<Integer, Attribute> m = new LinkedHashMap<>();
        EngineSupport.putInt(m, TeeAttr.DSA_PRIME, p);
        EngineSupport.putInt(m, TeeAttr.DSA_SUBPRIME, q);
        EngineSupport.putInt(m, TeeAttr.DSA_BASE, g);
        EngineSupport.putInt(m, TeeAttr.DSA_PRIVATE_VALUE, x);
        EngineSupport.putInt(m, TeeAttr.DSA_PUBLIC_VALUE, g.modPow(x, p));
        return m;
    }

    /** A parameter's buffer as an integer; BAD_PARAMETERS if absent. */
    static BigInteger requiredParam(List<Attribute> params, int id) throws TeeException {
        Attribute a = EngineSupport.find(params, id);
        if (a == null || a.isValue()) {
            throw EngineSupport.badParameters(String.format("missing parameter 0x%08X", id));
        }
        return EngineSupport.unsigned(a.buffer());
    }

    /** Uniform in [1, bound − 1]. */
    static BigInteger randomBelow(BigInteger bound) {
        BigInteger x;
        do {
            x = new BigInteger(bound.bitLength(), EngineSupport.random());
        } while (x.signum() == 0 || x.compareTo(bound) >= 0);
        return x;
    }
}
