package org.jtee.examples.hotp;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeResult;
import org.jtee.examples.ExamplesTee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hotp TA in a real core against RFC 4226 Appendix D and the JDK's HMAC-SHA1, and its client's output. */
class HotpTaTest {
    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_printsOpteesLines_andNoMismatch() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        ExamplesTee.Captured err = new ExamplesTee.Captured();
        HotpClient.run(tee.context(), out.out, err.out);
        assertEquals("""
                Register the shared key: 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 \n\
                HOTP: 755224
                HOTP: 287082
                HOTP: 359152
                HOTP: 969429
                HOTP: 338314
                HOTP: 254676
                HOTP: 287922
                HOTP: 162583
                HOTP: 399871
                HOTP: 520489
                """, out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void getHotp_matchesTheJdksHmacSha1Truncated_forAnotherKey() throws Exception {
        byte[] key = "a 32-byte key for the hotp test!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (TeeSession s = tee.open(HotpContract.UUID)) {
            s.invokeCommand(HotpContract.CMD_REGISTER_SHARED_KEY, Operation.of(TempMemory.input(key)));
            for (long count = 0; count < 20; count++) {
                assertEquals(jdkHotp(key, count), hotp(s), "count " + count);
            }
        }
    }

    @Test
    void rfc4226Values_areTheJdksToo() throws Exception {
        for (int count = 0; count < HotpClient.RFC4226_VALUES.length; count++) {
            assertEquals(HotpClient.RFC4226_VALUES[count], jdkHotp(HotpClient.RFC4226_KEY, count));
        }
    }

    @Test
    void getHotp_withoutUsableKey_badParameters_andTheCounterStillAdvances() throws Exception {
        try (TeeSession s = tee.open(HotpContract.UUID)) {
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> hotp(s));
            s.invokeCommand(HotpContract.CMD_REGISTER_SHARED_KEY, Operation.of(TempMemory.input(new byte[9])));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> hotp(s));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(HotpContract.CMD_REGISTER_SHARED_KEY,
                    Operation.of(TempMemory.input(new byte[65]))));
            s.invokeCommand(HotpContract.CMD_REGISTER_SHARED_KEY, Operation.of(TempMemory.input(HotpClient.RFC4226_KEY)));
            assertEquals(HotpClient.RFC4226_VALUES[2], hotp(s), "two failed calls used counts 0 and 1");
            s.invokeCommand(HotpContract.CMD_REGISTER_SHARED_KEY, Operation.of(TempMemory.input(HotpClient.RFC4226_KEY)));
            assertEquals(HotpClient.RFC4226_VALUES[3], hotp(s), "registering a key does not reset the counter");
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(HotpContract.CMD_GET_HOTP,
                    Operation.of(ValueParameter.inout(0, 0))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(2, null));
        }
    }

    @Test
    void openSession_withParameters_badParameters() {
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> tee.context().openSession(HotpContract.UUID, LoginMethod.PUBLIC,
                Operation.of(ValueParameter.input(1, 2))).close());
    }

    @Test
    void truncate_rfc4226Section5_4Example() {
        byte[] hmac = java.util.HexFormat.of().parseHex("1f8698690e02ca16618550ef7f19da8e945b555a");
        assertEquals(0x50ef7f19 % 1_000_000, HotpTa.truncate(hmac));
        assertArrayEquals(new byte[] {0x50, (byte) 0xef, 0x7f, 0x19}, java.util.Arrays.copyOfRange(hmac, 10, 14));
    }

    private static int hotp(TeeSession s) throws Exception {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(HotpContract.CMD_GET_HOTP, Operation.of(v));
        return v.a();
    }

    /** RFC 4226 §5.3 with the JDK's HMAC-SHA1. */
    private static int jdkHotp(byte[] key, long count) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(0, count).array());
        int o = h[19] & 0xF;
        return (ByteBuffer.wrap(h, o, 4).getInt() & 0x7FFFFFFF) % 1_000_000;
    }
}
