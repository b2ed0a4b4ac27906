package org.jtee.crypto;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jtee.common.TeeException;

/**
 * Runs the hot paths of the common algorithms until the JIT has compiled them, so that a TA's
 * first seconds of crypto run at their steady speed and not 10–50 times slower in the
 * interpreter. A TA host runs it while it waits in the warm pool, before it is given a TA, and
 * stops it the moment it is ({@code stop}): the warm-up only ever uses time nobody waits on.
 *
 * <p>It goes through the public API, as a TA does, on shared-memory-like buffers (direct and
 * read-only direct, what a TA's parameters are) and on heap arrays; its keys are generated for
 * it, never leave it and are wiped when it ends.
 */
public final class CryptoWarmup {
    /** Rounds enough for C2 to take over the bulk loops and the big-number and curve arithmetic. */
    static final int ROUNDS = 200;
    private static final int BULK_BYTES = 8 * 1024;

    private CryptoWarmup() {}

    /**
     * Warms up, at most {@value #ROUNDS} rounds, checking {@code stop} between steps.
     *
     * @return the rounds completed
     * @throws RuntimeException if a step fails (a bug: the caller logs it; the host still works)
     */
    public static int run(BooleanSupplier stop) {
        try (Arena arena = Arena.ofConfined(); Keys keys = new Keys()) {
            ByteBuffer in = arena.allocate(BULK_BYTES).asByteBuffer();
            ByteBuffer out = arena.allocate(BULK_BYTES + 64).asByteBuffer();
            byte[] tag = new byte[16];
            int rounds = 0;
            while (rounds < ROUNDS && !stop.getAsBoolean()) {
                bulk(keys, in.clear().asReadOnlyBuffer(), out.clear(), tag);
                if (stop.getAsBoolean()) {
                    break;
                }
                asymmetric(keys, rounds);
                rounds++;
            }
            return rounds;
        } catch (TeeException e) {
            throw new IllegalStateException("crypto warm-up failed: " + e.getMessage(), e);
        }
    }

    private static void bulk(Keys k, ByteBuffer in, ByteBuffer out, byte[] tag) throws TeeException {
        k.sha256.digestDoFinal(in.duplicate(), ByteBuffer.allocate(32));
        k.hmac.macInit(null);
        k.hmac.macComputeFinal(in.duplicate(), ByteBuffer.allocate(32));
        k.ctr.cipherInit(new byte[16]);
        k.ctr.cipherDoFinal(in.duplicate(), out.clear());
        k.cbc.cipherInit(new byte[16]);
        k.cbc.cipherDoFinal(in.duplicate(), out.clear());
        k.gcm.aeInit(new byte[12], 128, 0, in.remaining());
        k.gcm.aeEncryptFinal(in.duplicate(), out.clear(), ByteBuffer.wrap(tag));
        k.sha256.digestDoFinal(ByteBuffer.wrap(tag), ByteBuffer.allocate(32));
    }

    private static void asymmetric(Keys k, int round) throws TeeException {
        byte[] digest = new byte[32];
        digest[0] = (byte) round;
        ByteBuffer sig = ByteBuffer.allocate(512);
        k.ecdsaSign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), sig);
        k.ecdsaVerify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(digest), sig.flip());
        sig.clear();
        k.edSign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), sig);
        k.edVerify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(digest), sig.flip());
        if (round % 4 == 0) {
            sig.clear();
            k.rsaSign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), sig);
            k.rsaVerify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(digest), sig.flip());
            ByteBuffer mlSig = ByteBuffer.allocate(4096);
            k.mlDsaSign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), mlSig);
            k.mlDsaVerify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(digest), mlSig.flip());
            ByteBuffer ct = ByteBuffer.allocate(2048);
            k.shared.reset();
            k.kemEncaps.kemEncapsulate(ct, k.shared);
            k.shared.reset();
            k.kemDecaps.kemDecapsulate(ct.flip(), k.shared);
        }
    }

    /** The warm-up's keys and operations, made once and wiped at the end. */
    private static final class Keys implements AutoCloseable {
        final TransientObject aes = secret(TeeType.AES, 128);
        final TransientObject hmacKey = secret(TeeType.HMAC_SHA256, 256);
        final TransientObject ecc = pair(TeeType.ECDSA_KEYPAIR, 256, Attribute.value(TeeAttr.ECC_CURVE, TeeCurve.NIST_P256, 0));
        final TransientObject ed = pair(TeeType.ED25519_KEYPAIR, 256);
        // small: generating it must not cost the warm-up its budget; modPow's code is the same
        final TransientObject rsa = pair(TeeType.RSA_KEYPAIR, 1024);
        final TransientObject mlDsa = pair(TeeType.ML_DSA_KEYPAIR, 65);
        final TransientObject mlKem = pair(TeeType.ML_KEM_KEYPAIR, 768);
        final TransientObject shared = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
        final Operation mlDsaSign = op(TeeAlg.ML_DSA_65, TeeCrypto.MODE_SIGN, 65, mlDsa);
        final Operation mlDsaVerify = op(TeeAlg.ML_DSA_65, TeeCrypto.MODE_VERIFY, 65, mlDsa);
        final Operation kemEncaps = op(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCAPSULATE, 768, mlKem);
        final Operation kemDecaps = op(TeeAlg.ML_KEM_768, TeeCrypto.MODE_DECAPSULATE, 768, mlKem);
        final Operation sha256 = op(TeeAlg.SHA256, TeeCrypto.MODE_DIGEST, 0, null);
        final Operation hmac = op(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, 256, hmacKey);
        final Operation ctr = op(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT, 128, aes);
        final Operation cbc = op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 128, aes);
        final Operation gcm = op(TeeAlg.AES_GCM, TeeCrypto.MODE_ENCRYPT, 128, aes);
        final Operation ecdsaSign = op(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_SIGN, 256, ecc);
        final Operation ecdsaVerify = op(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY, 256, ecc);
        final Operation edSign = op(TeeAlg.ED25519, TeeCrypto.MODE_SIGN, 256, ed);
        final Operation edVerify = op(TeeAlg.ED25519, TeeCrypto.MODE_VERIFY, 256, ed);
        final Operation rsaSign = op(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, 1024, rsa);
        final Operation rsaVerify = op(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_VERIFY, 1024, rsa);

        Keys() throws TeeException {}

        @Override
        public void close() {
            for (Operation o : List.of(sha256, hmac, ctr, cbc, gcm, ecdsaSign, ecdsaVerify, edSign, edVerify, rsaSign,
                    rsaVerify, mlDsaSign, mlDsaVerify, kemEncaps, kemDecaps)) {
                o.close();
            }
            for (TransientObject o : List.of(aes, hmacKey, ecc, ed, rsa, mlDsa, mlKem, shared)) {
                o.close();
            }
        }

        private static TransientObject secret(int type, int bits) throws TeeException {
            TransientObject o = TransientObject.allocate(type, bits);
            o.generateKey(bits);
            return o;
        }

        private static TransientObject pair(int type, int bits, Attribute... params) throws TeeException {
            TransientObject o = TransientObject.allocate(type, bits);
            o.generateKey(bits, params);
            return o;
        }

        private static Operation op(int alg, int mode, int maxKeySize, TransientObject key) throws TeeException {
            Operation o = Operation.allocate(alg, mode, maxKeySize);
            if (key != null) {
                o.setKey(key);
            }
            return o;
        }
    }
}
