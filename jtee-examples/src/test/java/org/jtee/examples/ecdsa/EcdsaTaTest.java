package org.jtee.examples.ecdsa;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeResult;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TransientObject;
import org.jtee.examples.ExamplesTee;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ecdsa TA in a real core (digests, signature lengths, errors, its client's output) and,
 * called directly with its public key read back, against the JDK's ECDSA verification.
 */
class EcdsaTaTest {
    private static final int[] ALGORITHMS = {EcdsaContract.ALG_ECDSA_SHA1, EcdsaContract.ALG_ECDSA_SHA224,
        EcdsaContract.ALG_ECDSA_SHA256, EcdsaContract.ALG_ECDSA_SHA384, EcdsaContract.ALG_ECDSA_SHA512};
    private static final String[] HASHES = {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512"};
    private static final int[] SIGNATURE_BYTES = {48, 56, 64, 96, 132};

    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_default_printsOpteesLines() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(0, EcdsaClient.run(tee.context(), out.out, System.err));
        String[] lines = out.toString().split("\n");
        assertEquals(7, lines.length, out.toString());
        assertEquals(String.join("\n", "ECDSA_SHA256 algo selected", "Prepare session with the TA", "Compute digest",
                "genrate the key", "Sign and Verify the digest", "verify signature successfully."),
                String.join("\n", Arrays.copyOf(lines, 6)));
        assertTrue(lines[6].matches("signature: ([0-9a-f]{2} ){64}"), lines[6]);
    }

    @Test
    void everyAlgorithm_digestIsTheJdks_signatureIsRawRAndSOfTheCurvesSize() throws Exception {
        try (TeeSession s = tee.open(EcdsaContract.UUID)) {
            for (int i = 0; i < ALGORITHMS.length; i++) {
                TempMemory digest = TempMemory.output(64);
                s.invokeCommand(EcdsaContract.CMD_COMPUTE_DIGEST, Operation.of(TempMemory.input(EcdsaClient.MESSAGE), digest,
                        ValueParameter.input(ALGORITHMS[i], 0)));
                assertArrayEquals(MessageDigest.getInstance(HASHES[i]).digest(EcdsaClient.MESSAGE), digest.data(), HASHES[i]);
                s.invokeCommand(EcdsaContract.CMD_GEN_KEY, null);
                TempMemory signature = TempMemory.output(512);
                s.invokeCommand(EcdsaContract.CMD_SIGN_VERIFY_DIGEST, Operation.of(TempMemory.input(digest.data()), signature));
                assertEquals(SIGNATURE_BYTES[i], signature.size(), HASHES[i]);
            }
            TempMemory small = TempMemory.output(100);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(EcdsaContract.CMD_SIGN_VERIFY_DIGEST,
                    Operation.of(TempMemory.input(new byte[64]), small)));
            assertEquals(132, small.size());
        }
    }

    @Test
    void errors_areOpteesResults() throws Exception {
        try (TeeSession s = tee.open(EcdsaContract.UUID)) {
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(EcdsaContract.CMD_GEN_KEY, null));
            assertTaResult(TeeResult.BAD_STATE, () -> s.invokeCommand(EcdsaContract.CMD_SIGN_VERIFY_DIGEST,
                    Operation.of(TempMemory.input(new byte[32]), TempMemory.output(64))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(EcdsaContract.CMD_COMPUTE_DIGEST, Operation.of(
                    TempMemory.input(EcdsaClient.MESSAGE), TempMemory.output(64), ValueParameter.input(0x70006042, 0))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(EcdsaContract.CMD_GEN_KEY,
                    Operation.of(ValueParameter.input(1, 0))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(3, null));
        }
    }

    @Test
    void signature_onTheJdksCurves_theJdkVerifies() throws Exception {
        String[] curves = {"secp256r1", "secp384r1", "secp521r1"};
        for (int i = 2; i < ALGORITHMS.length; i++) {
            EcdsaTa ta = new EcdsaTa();
            EcdsaTa.Session session = ta.openSession(null, Parameters.none());
            byte[] digest = invoke(ta, session, EcdsaContract.CMD_COMPUTE_DIGEST, EcdsaClient.MESSAGE,
                    new Value(ParamTypes.VALUE_INPUT, ALGORITHMS[i], 0));
            ta.invokeCommand(session, null, EcdsaContract.CMD_GEN_KEY, Parameters.none());
            byte[] signature = invoke(ta, session, EcdsaContract.CMD_SIGN_VERIFY_DIGEST, digest, null);
            Signature jdk = Signature.getInstance("NONEwithECDSAinP1363Format");
            jdk.initVerify(publicKey(session.publicKey(), curves[i - 2]));
            jdk.update(digest);
            assertTrue(jdk.verify(signature), curves[i - 2]);
            ta.closeSession(session);
        }
    }

    private static byte[] invoke(EcdsaTa ta, EcdsaTa.Session session, int command, byte[] input, Value p2) throws Exception {
        byte[] out = new byte[512];
        MemoryReference output = new MemoryReference(ParamTypes.MEMREF_OUTPUT, MemorySegment.ofArray(out), false);
        ta.invokeCommand(session, null, command, new Parameters(
                new MemoryReference(ParamTypes.MEMREF_INPUT, MemorySegment.ofArray(input), false), output, p2, null));
        return Arrays.copyOf(out, Math.toIntExact(output.size()));
    }

    private static PublicKey publicKey(TransientObject key, String curve) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(curve));
        ECPoint w = new ECPoint(new BigInteger(1, key.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_X)),
                new BigInteger(1, key.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_Y)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
    }
}
