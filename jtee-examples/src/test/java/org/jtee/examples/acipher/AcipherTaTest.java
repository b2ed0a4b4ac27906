package org.jtee.examples.acipher;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
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
 * The acipher TA in a real core (sizes, errors, its client's output) and, called directly with its
 * key read back, against the JDK's RSA: what the TA encrypts the JDK decrypts and the reverse.
 */
class AcipherTaTest {
    private static final byte[] MESSAGE = "a message for RSA".getBytes(StandardCharsets.US_ASCII);

    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_pkcs1_printsOpteesLines() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        ExamplesTee.Captured err = new ExamplesTee.Captured();
        assertEquals(0, AcipherClient.run(tee.context(), out.out, err.out, "2048", "Hello from jtee"));
        String[] lines = out.toString().split("\n");
        assertEquals(3, lines.length, out.toString());
        assertEquals("TA_ALG_PKCS1_V1_5 algo selected", lines[0]);
        assertTrue(lines[1].matches("Encrypted buffer: ([0-9a-f]{2} ){256}"), lines[1]);
        assertEquals("message is matching successfully", lines[2]);
    }

    @Test
    void client_oaepSha256_matches() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        ExamplesTee.Captured err = new ExamplesTee.Captured();
        assertEquals(0, AcipherClient.run(tee.context(), out.out, err.out, "2048", "hello", "TA_ALG_OAEP_MGF1_SHA256"));
        assertTrue(out.toString().startsWith("TA_ALG_OAEP_MGF1_SHA256 algo selected\n"), out.toString());
        assertTrue(out.toString().endsWith("message is matching successfully\n"), out.toString());
    }

    @Test
    void client_badArguments_usage() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        ExamplesTee.Captured err = new ExamplesTee.Captured();
        assertEquals(1, AcipherClient.run(tee.context(), out.out, err.out, "2048"));
        assertEquals(1, AcipherClient.run(tee.context(), out.out, err.out, "2048", "x", "TA_ALG_NOPE"));
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("usage: optee_example_acipher"), err.toString());
    }

    @Test
    void shortBuffer_encryptNeedsTheModulus_decryptThePlaintext_originTrustedApp() throws Exception {
        try (TeeSession s = tee.open(AcipherContract.UUID)) {
            Operation noKey = operation(MESSAGE, TempMemory.output(256), AcipherContract.ENCRYPT, AcipherContract.ALG_PKCS1_V1_5);
            assertTaResult(TeeResult.BAD_STATE, () -> s.invokeCommand(AcipherContract.CMD_ENCRYPT_DECRYPT, noKey));
            s.invokeCommand(AcipherContract.CMD_GEN_KEY, Operation.of(ValueParameter.input(2048, 0)));
            TempMemory probe = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(AcipherContract.CMD_ENCRYPT_DECRYPT,
                    operation(MESSAGE, probe, AcipherContract.ENCRYPT, AcipherContract.ALG_OAEP_MGF1_SHA1)));
            assertEquals(256, probe.size());
            TempMemory encrypted = TempMemory.output(256);
            s.invokeCommand(AcipherContract.CMD_ENCRYPT_DECRYPT,
                    operation(MESSAGE, encrypted, AcipherContract.ENCRYPT, AcipherContract.ALG_OAEP_MGF1_SHA1));
            TempMemory probe2 = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(AcipherContract.CMD_ENCRYPT_DECRYPT,
                    operation(encrypted.data(), probe2, AcipherContract.DECRYPT, AcipherContract.ALG_OAEP_MGF1_SHA1)));
            assertEquals(MESSAGE.length, probe2.size(), "the exact plaintext length");
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(AcipherContract.CMD_GEN_KEY,
                    Operation.of(TempMemory.input(new byte[4]))));
            assertTaResult(TeeResult.NOT_SUPPORTED, () -> s.invokeCommand(2, null));
        }
    }

    @Test
    void encrypt_everyAlgorithm_theJdkDecrypts_andTheTaDecryptsTheJdks() throws Exception {
        AcipherTa ta = new AcipherTa();
        AcipherTa.Session session = ta.openSession(null, Parameters.none());
        ta.invokeCommand(session, null, AcipherContract.CMD_GEN_KEY,
                new Parameters(new Value(ParamTypes.VALUE_INPUT, 2048, 0), null, null, null));
        TransientObject key = session.keyPair();
        BigInteger n = new BigInteger(1, key.bufferAttribute(TeeAttr.RSA_MODULUS));
        assertEquals(BigInteger.valueOf(65537), new BigInteger(1, key.bufferAttribute(TeeAttr.RSA_PUBLIC_EXPONENT)));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
        PrivateKey priv = rsa.generatePrivate(new RSAPrivateKeySpec(n,
                new BigInteger(1, key.bufferAttribute(TeeAttr.RSA_PRIVATE_EXPONENT))));
        String[][] algorithms = {{"PKCS1", null}, {"SHA-1", "SHA-1"}, {"SHA-224", "SHA-224"}, {"SHA-256", "SHA-256"},
            {"SHA-384", "SHA-384"}, {"SHA-512", "SHA-512"}};
        int[] ids = {AcipherContract.ALG_PKCS1_V1_5, AcipherContract.ALG_OAEP_MGF1_SHA1, AcipherContract.ALG_OAEP_MGF1_SHA224,
            AcipherContract.ALG_OAEP_MGF1_SHA256, AcipherContract.ALG_OAEP_MGF1_SHA384, AcipherContract.ALG_OAEP_MGF1_SHA512};
        for (int i = 0; i < ids.length; i++) {
            byte[] encrypted = direct(ta, session, AcipherContract.ENCRYPT, ids[i], MESSAGE);
            assertEquals(256, encrypted.length);
            assertArrayEquals(MESSAGE, jdk(algorithms[i][1], Cipher.DECRYPT_MODE, priv).doFinal(encrypted), algorithms[i][0]);
            byte[] fromJdk = jdk(algorithms[i][1], Cipher.ENCRYPT_MODE, pub).doFinal(MESSAGE);
            assertArrayEquals(MESSAGE, direct(ta, session, AcipherContract.DECRYPT, ids[i], fromJdk), algorithms[i][0]);
        }
        ta.closeSession(session);
    }

    /** PKCS#1 v1.5, or OAEP with MGF1 on the same hash (GP's default, not the JDK's). */
    private static Cipher jdk(String hash, int mode, java.security.Key key) throws Exception {
        if (hash == null) {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(mode, key);
            return c;
        }
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
        return c;
    }

    private static byte[] direct(AcipherTa ta, AcipherTa.Session session, int direction, int algorithm, byte[] input)
            throws Exception {
        byte[] out = new byte[512];
        MemoryReference output = new MemoryReference(ParamTypes.MEMREF_OUTPUT, MemorySegment.ofArray(out), false);
        ta.invokeCommand(session, null, AcipherContract.CMD_ENCRYPT_DECRYPT, new Parameters(
                new MemoryReference(ParamTypes.MEMREF_INPUT, MemorySegment.ofArray(input), false), output,
                new Value(ParamTypes.VALUE_INPUT, direction, 0), new Value(ParamTypes.VALUE_INPUT, algorithm, 0)));
        return Arrays.copyOf(out, Math.toIntExact(output.size()));
    }

    private static Operation operation(byte[] input, TempMemory output, int direction, int algorithm) {
        return Operation.of(TempMemory.input(input), output, ValueParameter.input(direction, 0),
                ValueParameter.input(algorithm, 0));
    }
}
