package org.jtee.crypto;

import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_ALG_ED25519} (RFC 8032 §5.1) as OP-TEE's {@code tee_svc_obj_ed25519_sign/verify}:
 * the "digest" is the message itself.
 *
 * <ul>
 *   <li>No parameters (or an empty {@code TEE_ATTR_EDDSA_CTX}): pure Ed25519.
 *   <li>{@code TEE_ATTR_EDDSA_CTX} of 1–255 bytes: Ed25519ctx with that context.
 *   <li>{@code TEE_ATTR_EDDSA_PREHASH} with a = 1: Ed25519ph, the message hashed here with
 *       SHA-512 (as libtomcrypt's {@code ed25519ph_sign}, which OP-TEE calls with the TA's
 *       input), with the context if one is given; a = 0 means no pre-hash.
 *   <li>Anything else — PREHASH with b ≠ 0 or a ∉ {0, 1}, a context over 255 bytes, two contexts,
 *       any other attribute — is {@code BAD_PARAMETERS}, which panics in both functions.
 * </ul>
 *
 * <p>Keys: {@code TEE_ATTR_ED25519_PUBLIC_VALUE} (32 bytes) and, for signing,
 * {@code TEE_ATTR_ED25519_PRIVATE_VALUE} (the 32-byte seed). Backend: Bouncy Castle's
 * {@code rfc8032.Ed25519} (measured 42,000 signatures/s against the JDK's 2,000).
 */
final class Ed25519Engine extends AsymmetricEngine {
    static final int KEY_BYTES = 32;
    private static final int MAX_CONTEXT = 255;

    private final int mode;
    private byte[] publicKey;
    private byte[] privateKey;

    Ed25519Engine(int mode) {
        this.mode = mode;
    }

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        publicKey = exactly(EngineSupport.required(key, TeeAttr.ED25519_PUBLIC_VALUE));
        if (mode == TeeCrypto.MODE_SIGN) {
            privateKey = exactly(EngineSupport.required(key, TeeAttr.ED25519_PRIVATE_VALUE));
        }
    }

    private static byte[] exactly(byte[] b) throws TeeException {
        if (b.length != KEY_BYTES) {
            throw EngineSupport.badParameters("Ed25519 keys are 32 bytes, not " + b.length);
        }
        return b.clone();
    }


    @Override
    int signatureLength() {
        return Ed25519.SIGNATURE_SIZE;
    }

    /** The variant: context (null for none) and whether to pre-hash. */
    private record Variant(byte[] context, boolean prehash) {}

    private static Variant variant(List<Attribute> params) {
        byte[] context = null;
        boolean prehash = false;
        boolean contextSeen = false;
        for (Attribute a : params) {
            if (a.id() == TeeAttr.EDDSA_PREHASH && a.b() == 0 && (a.a() == 0 || a.a() == 1)) {
                prehash = a.a() == 1;
            } else if (a.id() == TeeAttr.EDDSA_CTX && !contextSeen && a.buffer().length <= MAX_CONTEXT) {
                contextSeen = true;
                context = a.buffer().length == 0 ? null : a.buffer();
            } else {
                throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("Ed25519 parameter 0x%08X not allowed here", a.id()));
            }
        }
        return new Variant(context, prehash);
    }

    @Override
    byte[] sign(List<Attribute> params, byte[] message) {
        Variant v = variant(params);
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        if (v.prehash()) {
            Ed25519.signPrehash(privateKey, 0, publicKey, 0, context(v), sha512(message), 0, sig, 0);
        } else if (v.context() != null) {
            Ed25519.sign(privateKey, 0, publicKey, 0, v.context(), message, 0, message.length, sig, 0);
        } else {
            Ed25519.sign(privateKey, 0, publicKey, 0, message, 0, message.length, sig, 0);
        }
        return sig;
    }

    @Override
    boolean verify(List<Attribute> params, byte[] message, byte[] signature) {
        Variant v = variant(params);
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        if (v.prehash()) {
            return Ed25519.verifyPrehash(signature, 0, publicKey, 0, context(v), sha512(message), 0);
        }
        if (v.context() != null) {
            return Ed25519.verify(signature, 0, publicKey, 0, v.context(), message, 0, message.length);
        }
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    private static byte[] context(Variant v) {
        return v.context() == null ? new byte[0] : v.context();
    }

    private static byte[] sha512(byte[] message) {
        SHA512Digest d = new SHA512Digest();
        d.update(message, 0, message.length);
        byte[] out = new byte[64];
        d.doFinal(out, 0);
        return out;
    }

    /** {@code TEE_GenerateKey} for an Ed25519 key pair: 256 bits only, else BAD_PARAMETERS. */
    static Map<Integer, Attribute> generate(int bits) throws TeeException {
        if (bits != 256) {
            throw EngineSupport.badParameters("Ed25519 keys are 256 bits");
        }
        byte[] sk = new byte[KEY_BYTES];
        EngineSupport.random().nextBytes(sk);
        byte[] pk = new byte[KEY_BYTES];
        Ed25519.generatePublicKey(sk, 0, pk, 0);
        return Map.of(TeeAttr.ED25519_PRIVATE_VALUE, Attribute.ref(TeeAttr.ED25519_PRIVATE_VALUE, sk),
                TeeAttr.ED25519_PUBLIC_VALUE, Attribute.ref(TeeAttr.ED25519_PUBLIC_VALUE, pk));
    }
}
