package org.jtee.crypto;

import java.security.MessageDigest;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_AsymmetricSignDigest} / {@code TEE_AsymmetricVerifyDigest} with RSASSA-PKCS1-v1_5
 * and RSASSA-PSS (RFC 8017 §8) on a digest the TA computed, as OP-TEE's {@code rsa.c}.
 *
 * <ul>
 *   <li>The digest must be exactly the algorithm's hash length (36 bytes for MD5SHA1), else
 *       {@code BAD_PARAMETERS}, which panics in both functions (GP: "digestLen SHALL be equal to
 *       the digest length of this hash algorithm"). {@code TEE_ALG_RSASSA_PKCS1_V1_5} signs the
 *       given bytes as T without a DigestInfo, any length up to k − 11; MD5SHA1 likewise signs
 *       the 36-byte MD5 ‖ SHA-1 concatenation (TLS 1.0).
 *   <li>PSS: MGF1 over the same hash; the salt length is {@code TEE_ATTR_RSA_PSS_SALT_LENGTH}'s
 *       value a if given (as OP-TEE, values from 2<sup>31</sup> − 1 up mean "not given"), else the
 *       digest length.
 *   <li>A key too short for the encoding (or a salt too long) is {@code BAD_PARAMETERS} on
 *       signing: a panic.
 *   <li>Verification answers {@code false} for any signature that is not a valid one, including
 *       one of the wrong length or not below the modulus (GP's {@code SIGNATURE_INVALID}).
 *       PKCS#1 v1.5 verification re-encodes and compares the whole encoded message.
 * </ul>
 */
final class RsaSignatureEngine extends AsymmetricEngine {
    private final int mode;
    private final HashSpec hash;
    private final boolean pss;
    private RsaKey key;

    /** {@code hash} is {@code null} for {@code TEE_ALG_RSASSA_PKCS1_V1_5} (no DigestInfo). */
    RsaSignatureEngine(int mode, HashSpec hash, boolean pss) {
        this.mode = mode;
        this.hash = hash;
        this.pss = pss;
    }

    @Override
    void setKey(TransientObject k, TransientObject key2) throws TeeException {
        key = mode == TeeCrypto.MODE_SIGN ? RsaKey.privateKey(k) : RsaKey.publicKey(k);
    }


    @Override
    int signatureLength() {
        return key.modulusBytes();
    }

    @Override
    byte[] sign(List<Attribute> params, byte[] digest) throws TeeException {
        checkDigestLength(digest);
        byte[] em = encode(params, digest);
        if (em == null) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "the RSA key is too short for this signature encoding");
        }
        return key.privateOp(em);
    }

    @Override
    boolean verify(List<Attribute> params, byte[] digest, byte[] signature) throws TeeException {
        checkDigestLength(digest);
        if (signature.length != key.modulusBytes() || !key.inRange(signature)) {
            return false;
        }
        byte[] em = key.publicOp(signature);
        if (pss) {
            return verifyPss(params, digest, em);
        }
        byte[] expected = encode(params, digest);
        return expected != null && MessageDigest.isEqual(expected, em);
    }

    private boolean verifyPss(List<Attribute> params, byte[] digest, byte[] em) {
        int emBits = key.modulusBits() - 1;
        int emLen = EngineSupport.bytesFor(emBits);
        for (int i = 0; i < em.length - emLen; i++) {
            if (em[i] != 0) {
                return false;
            }
        }
        byte[] trimmed = java.util.Arrays.copyOfRange(em, em.length - emLen, em.length);
        return RsaPadding.pssVerify(digest, trimmed, emBits, hash, saltLength(params));
    }

    private byte[] encode(List<Attribute> params, byte[] digest) {
        if (pss) {
            return RsaPadding.pssEncode(digest, key.modulusBits() - 1, hash, saltLength(params));
        }
        byte[] t = hash == null ? digest : hash.digestInfo(digest);
        return RsaPadding.pkcs1SignatureEncode(t, key.modulusBytes());
    }

    private int saltLength(List<Attribute> params) {
        Attribute a = EngineSupport.find(params, TeeAttr.RSA_PSS_SALT_LENGTH);
        if (a != null && Integer.compareUnsigned(a.a(), Integer.MAX_VALUE) < 0) {
            return a.a();
        }
        return hash.length();
    }

    private void checkDigestLength(byte[] digest) {
        if (hash != null && digest.length != hash.length()) {
            throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "digest of " + digest.length + " bytes, the algorithm's hash has "
                    + hash.length());
        }
    }
}
