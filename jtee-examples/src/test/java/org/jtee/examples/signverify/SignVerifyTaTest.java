package org.jtee.examples.signverify;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeResult;
import org.jtee.examples.ExamplesTee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sign_verify TA in a real core (lengths, errors, its client's output) and its signing code,
 * called directly, against the JDK's RSA verification.
 */
class SignVerifyTaTest {
    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_defaults_printOpteesLines() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(0, SignVerifyClient.run(tee.context(), out.out, System.err));
        String[] lines = out.toString().split("\n");
        assertEquals(6, lines.length, out.toString());
        assertEquals("Key size: 2048", lines[0]);
        assertEquals("PKCS1_V1_5_SHA256 algo selected", lines[1]);
        assertEquals("Prepare session with the TA", lines[2]);
        assertEquals("Prepare sign and verify operations", lines[3]);
        assertEquals("Sign and verify successful. Signature length: 256 bytes", lines[4]);
        assertTrue(lines[5].matches("Signature: ([0-9a-f]{2} ){256}"), lines[5]);
    }

    @Test
    void signVerify_everyAlgorithm_signatureOfTheKeySize_shortBufferReportsIt() throws Exception {
        try (TeeSession s = tee.open(SignVerifyContract.UUID)) {
            for (int algo = 0; algo < SignVerifyClient.ALGORITHMS.size(); algo++) {
                TempMemory sig = TempMemory.output(512);
                s.invokeCommand(SignVerifyContract.CMD_SIGN_VERIFY, operation(sig, algo, 2048));
                assertEquals(256, sig.size(), SignVerifyClient.ALGORITHMS.get(algo));
            }
            TempMemory small = TempMemory.output(100);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(SignVerifyContract.CMD_SIGN_VERIFY,
                    operation(small, SignVerifyContract.ALGO_PKCS1_V1_5_SHA1, 1024)));
            assertEquals(128, small.size());
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(SignVerifyContract.CMD_SIGN_VERIFY,
                    operation(TempMemory.output(512), 10, 2048)));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(SignVerifyContract.CMD_SIGN_VERIFY,
                    Operation.of(TempMemory.input(new byte[4]), TempMemory.output(512))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(1, null));
        }
    }

    @Test
    void signAndVerify_everyAlgorithm_theJdkVerifies() throws Exception {
        String[] hashes = {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512"};
        for (int algo = 0; algo < SignVerifyClient.ALGORITHMS.size(); algo++) {
            SignVerifyTa.Signed signed = SignVerifyTa.signAndVerify(SignVerifyTa.algorithm(algo), 2048,
                    SignVerifyClient.MESSAGE);
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, signed.modulus()), new BigInteger(1, signed.publicExponent())));
            String hash = hashes[algo % 5];
            Signature jdk;
            if (algo < 5) {
                jdk = Signature.getInstance("RSASSA-PSS");
                int saltBytes = java.security.MessageDigest.getInstance(hash).getDigestLength();
                jdk.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltBytes, 1));
            } else {
                jdk = Signature.getInstance(hash.replace("-", "") + "withRSA");
            }
            jdk.initVerify(key);
            jdk.update(SignVerifyClient.MESSAGE);
            assertTrue(jdk.verify(signed.signature()), SignVerifyClient.ALGORITHMS.get(algo));
        }
    }

    private static Operation operation(TempMemory signature, int algo, int keyBits) {
        return Operation.of(TempMemory.input(SignVerifyClient.MESSAGE.clone()), signature,
                ValueParameter.input(algo, 0), ValueParameter.input(keyBits, 0));
    }
}
