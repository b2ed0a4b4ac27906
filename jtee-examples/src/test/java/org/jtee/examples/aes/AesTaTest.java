package org.jtee.examples.aes;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.CCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeResult;
import org.jtee.examples.ExamplesTee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The aes TA in a real core against the JDK's AES (Bouncy Castle's for CCM), and its client's output. */
class AesTaTest {
    private static final byte[] KEY_128 = filled(16, 0xA5);
    private static final byte[] KEY_256 = filled(32, 0x3C);
    private static final byte[] DATA = filled(4096, 0x5A);

    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_default_printsOpteeCtrRoundTrip() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(0, AesClient.run(tee.context(), out.out));
        assertEquals("""
                TA_AES_ALGO_CTR algo selected
                Prepare session with the TA
                Prepare encode operation
                Load key in TA
                Reset ciphering operation in TA (provides the initial vector)
                Encode buffer from TA
                Prepare decode operation
                Load key in TA
                Reset ciphering operation in TA (provides the initial vector)
                Decode buffer from TA
                Clear text and decoded text match
                """, out.toString());
    }

    @Test
    void client_gcm_printsOpteeAuthenticatedRoundTrip() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(0, AesClient.run(tee.context(), out.out, "TA_AES_ALGO_GCM"));
        assertEquals("""
                TA_AES_ALGO_GCM algo selected
                Prepare session with the TA
                Prepare encode operation
                Load key in TA
                AE encode operation in TA
                Prepare decode operation
                Load key in TA
                AE decode operation in TA
                CCM encryption/decryption successful!
                """, out.toString());
    }

    @Test
    void client_unknownAlgorithm_saysSoAndReturnsMinusOne() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(-1, AesClient.run(tee.context(), out.out, "TA_AES_ALGO_XTS"));
        assertEquals("TA_AES_ALGO_XTS algo is invalid\n", out.toString());
    }

    @Test
    void cipher_ecbCbcCtr_128And256_matchTheJdk_andDecryptBack() throws Exception {
        byte[] iv = new byte[16];
        iv[15] = 7;
        try (TeeSession s = tee.open(AesContract.UUID)) {
            for (byte[] key : new byte[][] {KEY_128, KEY_256}) {
                check(s, AesContract.ALGO_ECB, "AES/ECB/NoPadding", key, null);
                check(s, AesContract.ALGO_CBC, "AES/CBC/NoPadding", key, iv);
                check(s, AesContract.ALGO_CTR, "AES/CTR/NoPadding", key, iv);
            }
        }
    }

    private static void check(TeeSession s, int algo, String jdkName, byte[] key, byte[] iv) throws Exception {
        Cipher jdk = Cipher.getInstance(jdkName);
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        if (iv == null) {
            jdk.init(Cipher.ENCRYPT_MODE, k);
        } else {
            jdk.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(iv));
        }
        byte[] expected = jdk.doFinal(DATA);
        byte[] encrypted = cipher(s, algo, AesContract.MODE_ENCODE, key, iv, DATA);
        assertArrayEquals(expected, encrypted, jdkName + ", " + key.length + "-byte key");
        assertArrayEquals(DATA, cipher(s, algo, AesContract.MODE_DECODE, key, iv, encrypted), jdkName);
    }

    private static byte[] cipher(TeeSession s, int algo, int mode, byte[] key, byte[] iv, byte[] input) throws Exception {
        prepare(s, algo, key, mode);
        byte[] ivBytes = iv == null ? new byte[0] : iv;
        s.invokeCommand(AesContract.CMD_SET_IV, Operation.of(TempMemory.input(ivBytes)));
        TempMemory out = TempMemory.output(input.length);
        s.invokeCommand(AesContract.CMD_CIPHER, Operation.of(TempMemory.input(input), out));
        assertEquals(input.length, out.size());
        return out.data();
    }

    private static void prepare(TeeSession s, int algo, byte[] key, int mode) throws Exception {
        s.invokeCommand(AesContract.CMD_PREPARE, Operation.of(ValueParameter.input(algo, 0),
                ValueParameter.input(key.length, 0), ValueParameter.input(mode, 0)));
        s.invokeCommand(AesContract.CMD_SET_KEY, Operation.of(TempMemory.input(key)));
    }

    @Test
    void authenc_gcmAndCcm_matchIndependentImplementations_aTamperedTagIsMacInvalid() throws Exception {
        byte[] message = AesClient.AE_MESSAGE;
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY_128, "AES"), new GCMParameterSpec(128, AesContract.aeNonce()));
        byte[] gcmExpected = gcm.doFinal(message);
        CCMModeCipher ccm = CCMBlockCipher.newInstance(AESEngine.newInstance());
        ccm.init(true, new AEADParameters(new KeyParameter(KEY_128), 128, AesContract.aeNonce()));
        byte[] ccmExpected = new byte[ccm.getOutputSize(message.length)];
        ccm.doFinal(ccmExpected, ccm.processBytes(message, 0, message.length, ccmExpected, 0));
        try (TeeSession s = tee.open(AesContract.UUID)) {
            roundTrip(s, AesContract.ALGO_GCM, message, gcmExpected);
            roundTrip(s, AesContract.ALGO_CCM, message, ccmExpected);
        }
    }

    /** Encrypts (ciphertext ‖ tag must be {@code expected}), decrypts, then decrypts with each tag byte flipped. */
    private static void roundTrip(TeeSession s, int algo, byte[] message, byte[] expected) throws Exception {
        prepare(s, algo, KEY_128, AesContract.MODE_ENCODE);
        TempMemory out = TempMemory.output(80);
        TempMemory tag = TempMemory.inout(new byte[16]);
        s.invokeCommand(AesContract.CMD_AUTHENC, Operation.of(TempMemory.input(message), out, ValueParameter.input(1, 0), tag));
        assertEquals(message.length, out.size());
        assertEquals(16, tag.size());
        byte[] ciphertext = out.data();
        byte[] both = Arrays.copyOf(ciphertext, ciphertext.length + 16);
        System.arraycopy(tag.data(), 0, both, ciphertext.length, 16);
        assertArrayEquals(expected, both);
        assertArrayEquals(message, decrypt(s, algo, ciphertext, tag.data()));
        for (int i = 0; i < 16; i += 5) {
            byte[] bad = tag.data();
            bad[i] ^= 1;
            assertTaResult(TeeResult.MAC_INVALID, () -> decrypt(s, algo, ciphertext, bad));
        }
    }

    private static byte[] decrypt(TeeSession s, int algo, byte[] ciphertext, byte[] tag) throws Exception {
        prepare(s, algo, KEY_128, AesContract.MODE_DECODE);
        TempMemory out = TempMemory.output(80);
        s.invokeCommand(AesContract.CMD_AUTHENC, Operation.of(TempMemory.input(ciphertext), out,
                ValueParameter.input(0, 0), TempMemory.inout(tag.clone())));
        return out.data();
    }

    @Test
    void errors_areOpteesResults() throws Exception {
        try (TeeSession s = tee.open(AesContract.UUID)) {
            Operation data = Operation.of(TempMemory.input(new byte[32]), TempMemory.output(32));
            assertTaResult(TeeResult.BAD_STATE, () -> s.invokeCommand(AesContract.CMD_CIPHER, data));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(AesContract.CMD_PREPARE, Operation.of(
                    ValueParameter.input(5, 0), ValueParameter.input(16, 0), ValueParameter.input(1, 0))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(AesContract.CMD_PREPARE, Operation.of(
                    ValueParameter.input(AesContract.ALGO_CBC, 0), ValueParameter.input(24, 0), ValueParameter.input(1, 0))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(AesContract.CMD_PREPARE, Operation.of(
                    ValueParameter.input(AesContract.ALGO_CBC, 0), ValueParameter.input(16, 0), ValueParameter.input(2, 0))));
            prepare(s, AesContract.ALGO_CBC, KEY_128, AesContract.MODE_ENCODE);
            assertTaResult(TeeResult.BAD_PARAMETERS,
                    () -> s.invokeCommand(AesContract.CMD_SET_KEY, Operation.of(TempMemory.input(KEY_256))));
            s.invokeCommand(AesContract.CMD_SET_IV, Operation.of(TempMemory.input(new byte[16])));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(AesContract.CMD_CIPHER,
                    Operation.of(TempMemory.input(new byte[32]), TempMemory.output(16))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(AesContract.CMD_CIPHER,
                    Operation.of(TempMemory.input(new byte[32]))));
            assertTaResult(TeeResult.NOT_SUPPORTED, () -> s.invokeCommand(5, null));
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
