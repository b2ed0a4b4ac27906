package org.jtee.examples.ecdsa;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.ShortBufferException;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeCurve;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's ecdsa TA: digest, key generation, and sign-then-verify of the digest (see {@link EcdsaContract}). */
@Ta(uuid = EcdsaContract.UUID_STRING, version = "1.0", description = "Example of TA signing and verifying with ECDSA")
public final class EcdsaTa implements TrustedApplication<EcdsaTa.Session> {

    /** What an ECDSA algorithm id implies: its hash, its curve and that curve's size. */
    record Algorithm(int id, int digest, int curve, int keyBits) {}

    /** The session's algorithm (none until COMPUTE_DIGEST), key pair and public key (none until GEN_KEY). */
    static final class Session {
        private Algorithm algorithm;
        private TransientObject keyPair;
        private TransientObject publicKey;

        /** The public key GEN_KEY made, or null. */
        TransientObject publicKey() {
            return publicKey;
        }

        private void freeKeys() {
            if (keyPair != null) {
                keyPair.close();
                publicKey.close();
                keyPair = null;
                publicKey = null;
            }
        }
    }

    @Override
    public Session openSession(CallContext call, Parameters params) {
        return new Session();
    }

    @Override
    public void closeSession(Session session) {
        session.freeKeys();
    }

    @Override
    public void invokeCommand(Session session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case EcdsaContract.CMD_COMPUTE_DIGEST -> computeDigest(session, params);
            case EcdsaContract.CMD_GEN_KEY -> generateKey(session, params);
            case EcdsaContract.CMD_SIGN_VERIFY_DIGEST -> signAndVerify(session, params);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
    }

    static Algorithm algorithm(int id) throws TeeException {
        return switch (id) {
            case EcdsaContract.ALG_ECDSA_SHA1 -> new Algorithm(id, TeeAlg.SHA1, TeeCurve.NIST_P192, 192);
            case EcdsaContract.ALG_ECDSA_SHA224 -> new Algorithm(id, TeeAlg.SHA224, TeeCurve.NIST_P224, 224);
            case EcdsaContract.ALG_ECDSA_SHA256 -> new Algorithm(id, TeeAlg.SHA256, TeeCurve.NIST_P256, 256);
            case EcdsaContract.ALG_ECDSA_SHA384 -> new Algorithm(id, TeeAlg.SHA384, TeeCurve.NIST_P384, 384);
            case EcdsaContract.ALG_ECDSA_SHA512 -> new Algorithm(id, TeeAlg.SHA512, TeeCurve.NIST_P521, 521);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, String.format("algorithm 0x%08x", id));
        };
    }

    /** COMPUTE_DIGEST: records the algorithm, then hashes the message with its hash. */
    private static void computeDigest(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, NONE);
        s.algorithm = algorithm(params.value(2).a());
        MemoryReference message = params.memref(0);
        MemoryReference out = params.memref(1);
        try (Operation digest = Operation.allocate(s.algorithm.digest(), TeeCrypto.MODE_DIGEST, 0)) {
            ByteBuffer src = message.buffer().asSlice(0, message.size()).asByteBuffer();
            out.setSize(digest.digestDoFinal(src, out.buffer().asByteBuffer()));
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            throw e;
        }
    }

    /** GEN_KEY: a key pair on the recorded algorithm's curve, and a public key object with its point. */
    private static void generateKey(Session s, Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        if (s.algorithm == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "no algorithm: COMPUTE_DIGEST first");
        }
        int bits = s.algorithm.keyBits();
        s.freeKeys();
        TransientObject keyPair = TransientObject.allocate(TeeType.ECDSA_KEYPAIR, bits);
        TransientObject publicKey = TransientObject.allocate(TeeType.ECDSA_PUBLIC_KEY, bits);
        try {
            keyPair.generateKey(bits, Attribute.value(TeeAttr.ECC_CURVE, s.algorithm.curve(), 0));
            publicKey.populate(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, keyPair.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_X)),
                    Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, keyPair.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_Y)),
                    Attribute.value(TeeAttr.ECC_CURVE, s.algorithm.curve(), 0));
        } catch (TeeException | RuntimeException e) {
            keyPair.close();
            publicKey.close();
            throw e;
        }
        s.keyPair = keyPair;
        s.publicKey = publicKey;
    }

    /** SIGN_VERIFY_DIGEST: raw r ‖ s with the key pair, verified with the public key, then copied out. */
    private static void signAndVerify(Session s, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        if (s.keyPair == null) {
            throw new TeeException(TeeResult.BAD_STATE, "no key: GEN_KEY first");
        }
        byte[] digest = params.memref(0).toByteArray();
        int bits = s.algorithm.keyBits();
        byte[] signature;
        try (Operation sign = Operation.allocate(s.algorithm.id(), TeeCrypto.MODE_SIGN, bits)) {
            sign.setKey(s.keyPair);
            ByteBuffer out = ByteBuffer.allocate(2 * ((bits + 7) / 8));
            signature = Arrays.copyOf(out.array(), sign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), out));
        }
        try (Operation verify = Operation.allocate(s.algorithm.id(), TeeCrypto.MODE_VERIFY, bits)) {
            verify.setKey(s.publicKey);
            verify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(digest), ByteBuffer.wrap(signature));
        }
        params.memref(1).write(signature);
    }
}
