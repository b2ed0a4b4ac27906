package org.jtee.examples.signverify;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's sign_verify TA: signs a message with a new RSA key pair and verifies the signature. */
@Ta(uuid = SignVerifyContract.UUID_STRING, version = "1.0", description = "Example of TA signing and verifying with RSA")
public final class SignVerifyTa implements TrustedApplication<Void> {
    private static final int MAX_DIGEST_BYTES = 64;

    /** An index's GP signature algorithm and the digest algorithm it signs. */
    record Algorithm(int signature, int digest) {}

    /** A signature and the public key that verified it. */
    record Signed(byte[] signature, byte[] modulus, byte[] publicExponent) {}

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId != SignVerifyContract.CMD_SIGN_VERIFY) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, VALUE_INPUT);
        Algorithm algorithm = algorithm(params.value(2).a());
        Signed signed = signAndVerify(algorithm, params.value(3).a(), params.memref(0).toByteArray());
        params.memref(1).write(signed.signature());
    }

    static Algorithm algorithm(int index) throws TeeException {
        return switch (index) {
            case SignVerifyContract.ALGO_PSS_MGF1_SHA1 -> new Algorithm(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1, TeeAlg.SHA1);
            case SignVerifyContract.ALGO_PSS_MGF1_SHA224 -> new Algorithm(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA224, TeeAlg.SHA224);
            case SignVerifyContract.ALGO_PSS_MGF1_SHA256 -> new Algorithm(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeAlg.SHA256);
            case SignVerifyContract.ALGO_PSS_MGF1_SHA384 -> new Algorithm(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA384, TeeAlg.SHA384);
            case SignVerifyContract.ALGO_PSS_MGF1_SHA512 -> new Algorithm(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA512, TeeAlg.SHA512);
            case SignVerifyContract.ALGO_PKCS1_V1_5_SHA1 -> new Algorithm(TeeAlg.RSASSA_PKCS1_V1_5_SHA1, TeeAlg.SHA1);
            case SignVerifyContract.ALGO_PKCS1_V1_5_SHA224 -> new Algorithm(TeeAlg.RSASSA_PKCS1_V1_5_SHA224, TeeAlg.SHA224);
            case SignVerifyContract.ALGO_PKCS1_V1_5_SHA256 -> new Algorithm(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeAlg.SHA256);
            case SignVerifyContract.ALGO_PKCS1_V1_5_SHA384 -> new Algorithm(TeeAlg.RSASSA_PKCS1_V1_5_SHA384, TeeAlg.SHA384);
            case SignVerifyContract.ALGO_PKCS1_V1_5_SHA512 -> new Algorithm(TeeAlg.RSASSA_PKCS1_V1_5_SHA512, TeeAlg.SHA512);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "algorithm index " + Integer.toUnsignedString(index));
        };
    }

    /**
     * A new key pair of {@code keyBits}; the message's digest signed with it and verified with a
     * copy of its public part. PSS takes GP's default salt, the digest's length.
     */
    static Signed signAndVerify(Algorithm algorithm, int keyBits, byte[] message) throws TeeException {
        try (TransientObject keyPair = TransientObject.allocate(TeeType.RSA_KEYPAIR, keyBits);
                TransientObject publicKey = TransientObject.allocate(TeeType.RSA_PUBLIC_KEY, keyBits)) {
            keyPair.generateKey(keyBits);
            byte[] modulus = keyPair.bufferAttribute(TeeAttr.RSA_MODULUS);
            byte[] exponent = keyPair.bufferAttribute(TeeAttr.RSA_PUBLIC_EXPONENT);
            publicKey.populate(Attribute.ref(TeeAttr.RSA_MODULUS, modulus), Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, exponent));
            byte[] digest = digest(algorithm.digest(), message);
            byte[] signature = sign(algorithm.signature(), keyPair, keyBits, digest);
            verify(algorithm.signature(), publicKey, keyBits, digest, signature);
            return new Signed(signature, modulus, exponent);
        }
    }

    private static byte[] digest(int digestAlgorithm, byte[] message) throws TeeException {
        try (Operation digest = Operation.allocate(digestAlgorithm, TeeCrypto.MODE_DIGEST, 0)) {
            ByteBuffer out = ByteBuffer.allocate(MAX_DIGEST_BYTES);
            int n = digest.digestDoFinal(ByteBuffer.wrap(message), out);
            return Arrays.copyOf(out.array(), n);
        }
    }

    private static byte[] sign(int algorithm, TransientObject keyPair, int keyBits, byte[] digest) throws TeeException {
        try (Operation sign = Operation.allocate(algorithm, TeeCrypto.MODE_SIGN, keyBits)) {
            sign.setKey(keyPair);
            ByteBuffer out = ByteBuffer.allocate((keyBits + 7) / 8);
            int n = sign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), out);
            return Arrays.copyOf(out.array(), n);
        }
    }

    private static void verify(int algorithm, TransientObject publicKey, int keyBits, byte[] digest, byte[] signature)
            throws TeeException {
        try (Operation verify = Operation.allocate(algorithm, TeeCrypto.MODE_VERIFY, keyBits)) {
            verify.setKey(publicKey);
            verify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(digest), ByteBuffer.wrap(signature));
        }
    }
}
