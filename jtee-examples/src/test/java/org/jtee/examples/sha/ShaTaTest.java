package org.jtee.examples.sha;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeResult;
import org.jtee.examples.ExamplesTee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sha TA in a real core against the JDK's digests and HMACs (Bouncy Castle's SHAKE, the
 * reference's AES-CMAC value), and its client's output.
 */
class ShaTaTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);

    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_hello_printsOpteesLines_andTheDoubleFeedHmac() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(0, ShaClient.run(tee.context(), out.out, System.err, "hello"));
        assertEquals("""
                HMAC_SHA256 algo selected
                Prepare session with the TA
                Prepare MAC compute operation
                Load key in TA
                Reset operation in TA (provides the initial vector)
                Compute MAC operation
                Prepare MAC compare operation
                Load key in TA
                Reset operation in TA (provides the initial vector)
                Compare the MAC
                MAC successfully matching
                MAC: 7e05fca859186281b075a16b6e750aa493138e68e956a5bb3a15cbfb87a39acd
                """, out.toString());
    }

    @Test
    void client_sha256_printsTheDigest() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        assertEquals(0, ShaClient.run(tee.context(), out.out, System.err, "hello", "SHA256"));
        assertEquals("""
                SHA256 algo selected
                Prepare session with the TA
                Compute digest
                digest: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                """, out.toString());
    }

    @Test
    void computeMac_everyHmac_isTheJdksOverTheMessageTwice_aesCmacTheReferenceValue() throws Exception {
        Map<String, String> jdkNames = Map.of("HMAC_SHA1", "HmacSHA1", "HMAC_SHA224", "HmacSHA224",
                "HMAC_SHA256", "HmacSHA256", "HMAC_SHA384", "HmacSHA384", "HMAC_SHA512", "HmacSHA512");
        try (TeeSession s = tee.open(ShaContract.UUID)) {
            for (Map.Entry<String, String> e : jdkNames.entrySet()) {
                ShaClient.Mac mac = ShaClient.MACS.get(e.getKey());
                Mac jdk = Mac.getInstance(e.getValue());
                jdk.init(new SecretKeySpec(key(mac.keyBytes()), e.getValue()));
                jdk.update(MESSAGE);
                assertArrayEquals(jdk.doFinal(MESSAGE), computeMac(s, mac, MESSAGE), e.getKey());
            }
            assertEquals("532f967330b04a9647b92f25328cfa1c",
                    HexFormat.of().formatHex(computeMac(s, ShaClient.MACS.get("AES_CMAC"), HELLO)));
        }
    }

    @Test
    void compareMac_eachFlippedByte_macInvalid() throws Exception {
        ShaClient.Mac mac = ShaClient.MACS.get("HMAC_SHA256");
        try (TeeSession s = tee.open(ShaContract.UUID)) {
            byte[] good = computeMac(s, mac, MESSAGE);
            prepare(s, mac);
            s.invokeCommand(ShaContract.CMD_COMPARE_MAC, Operation.of(TempMemory.input(MESSAGE), TempMemory.input(good)));
            for (int i = 0; i < good.length; i += 7) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) 0x80;
                prepare(s, mac);
                assertTaResult(TeeResult.MAC_INVALID, () -> s.invokeCommand(ShaContract.CMD_COMPARE_MAC,
                        Operation.of(TempMemory.input(MESSAGE), TempMemory.input(bad))));
            }
        }
    }

    @Test
    void computeDigest_everyAlgorithm_isTheJdksOrBouncyCastlesShake() throws Exception {
        Map<String, String> jdkNames = Map.of("SHA1", "SHA-1", "SHA224", "SHA-224", "SHA256", "SHA-256",
                "SHA384", "SHA-384", "SHA512", "SHA-512", "SHA3_224", "SHA3-224", "SHA3_256", "SHA3-256",
                "SHA3_384", "SHA3-384", "SHA3_512", "SHA3-512");
        try (TeeSession s = tee.open(ShaContract.UUID)) {
            for (Map.Entry<String, String> e : jdkNames.entrySet()) {
                byte[] expected = MessageDigest.getInstance(e.getValue()).digest(MESSAGE);
                assertArrayEquals(expected, digest(s, ShaClient.DIGESTS.get(e.getKey()), 64), e.getKey());
            }
            for (int bits : new int[] {128, 256}) {
                SHAKEDigest shake = new SHAKEDigest(bits);
                shake.update(MESSAGE, 0, MESSAGE.length);
                byte[] expected = new byte[40];
                shake.doFinal(expected, 0, expected.length);
                assertArrayEquals(expected, digest(s, ShaClient.DIGESTS.get("SHAKE" + bits), 40), "the whole buffer");
            }
        }
    }

    @Test
    void errors_areOpteesResults() throws Exception {
        ShaClient.Mac mac = ShaClient.MACS.get("HMAC_SHA256");
        try (TeeSession s = tee.open(ShaContract.UUID)) {
            assertTaResult(TeeResult.BAD_STATE, () -> s.invokeCommand(ShaContract.CMD_SET_KEY,
                    Operation.of(TempMemory.input(new byte[128]))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(ShaContract.CMD_PREPARE, Operation.of(
                    ValueParameter.input(mac.algorithm(), 0), ValueParameter.input(128, 0), ValueParameter.input(6, 0))));
            s.invokeCommand(ShaContract.CMD_PREPARE, Operation.of(ValueParameter.input(mac.algorithm(), 0),
                    ValueParameter.input(128, 0), ValueParameter.input(mac.keyType(), 0)));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(ShaContract.CMD_SET_KEY,
                    Operation.of(TempMemory.input(new byte[64]))));
            prepare(s, mac);
            TempMemory small = TempMemory.output(16);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(ShaContract.CMD_COMPUTE_MAC,
                    Operation.of(TempMemory.input(MESSAGE), small)));
            assertEquals(32, small.size());
            TempMemory smallDigest = TempMemory.output(16);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(ShaContract.CMD_COMPUTE_DIGEST, Operation.of(
                    TempMemory.input(MESSAGE), smallDigest, ValueParameter.input(ShaClient.DIGESTS.get("SHA256"), 0))));
            assertEquals(32, smallDigest.size());
            assertTaResult(TeeResult.NOT_SUPPORTED, () -> s.invokeCommand(6, null));
        }
    }

    private static byte[] computeMac(TeeSession s, ShaClient.Mac mac, byte[] message) throws Exception {
        prepare(s, mac);
        TempMemory out = TempMemory.output(64);
        s.invokeCommand(ShaContract.CMD_COMPUTE_MAC, Operation.of(TempMemory.input(message), out));
        return out.data();
    }

    /** PREPARE, SET_KEY (0xA5 bytes), SET_IV (none), as the client does. */
    private static void prepare(TeeSession s, ShaClient.Mac mac) throws Exception {
        s.invokeCommand(ShaContract.CMD_PREPARE, Operation.of(ValueParameter.input(mac.algorithm(), 0),
                ValueParameter.input(mac.keyBytes(), 0), ValueParameter.input(mac.keyType(), 0)));
        s.invokeCommand(ShaContract.CMD_SET_KEY, Operation.of(TempMemory.input(key(mac.keyBytes()))));
        s.invokeCommand(ShaContract.CMD_SET_IV, Operation.of(TempMemory.input(new byte[0])));
    }

    private static byte[] digest(TeeSession s, int algorithm, int bufferBytes) throws Exception {
        TempMemory out = TempMemory.output(bufferBytes);
        s.invokeCommand(ShaContract.CMD_COMPUTE_DIGEST, Operation.of(TempMemory.input(MESSAGE), out,
                ValueParameter.input(algorithm, 0)));
        return out.data();
    }

    private static byte[] key(int length) {
        byte[] key = new byte[length];
        Arrays.fill(key, (byte) 0xA5);
        return key;
    }
}
