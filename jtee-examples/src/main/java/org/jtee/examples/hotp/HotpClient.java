package org.jtee.examples.hotp;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * The hotp client application: the same calls and output as {@code optee_example_hotp}. Registers
 * RFC 4226's test key and checks the first ten values against the RFC's Appendix D.
 */
public final class HotpClient {
    /** RFC 4226 Appendix D: the shared secret of the test values. */
    static final byte[] RFC4226_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    /** RFC 4226 Appendix D: HOTP values for counts 0 to 9. */
    static final int[] RFC4226_VALUES = {755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489};

    private HotpClient() {}

    /**
     * Registers the key, asks for ten values and prints them; a value that differs from the RFC's
     * goes to {@code err}, as OP-TEE's host reports it (and still succeeds).
     */
    public static void run(TeeContext ctx, PrintStream out, PrintStream err) throws TeeException {
        try (TeeSession session = ctx.openSession(HotpContract.UUID, LoginMethod.PUBLIC, null)) {
            StringBuilder line = new StringBuilder("Register the shared key: ");
            for (byte b : RFC4226_KEY) {
                line.append(String.format("%02x ", b & 0xFF));
            }
            out.println(line);
            session.invokeCommand(HotpContract.CMD_REGISTER_SHARED_KEY, Operation.of(TempMemory.input(RFC4226_KEY.clone())));
            for (int expected : RFC4226_VALUES) {
                ValueParameter hotp = ValueParameter.output();
                session.invokeCommand(HotpContract.CMD_GET_HOTP, Operation.of(hotp));
                out.println("HOTP: " + Integer.toUnsignedString(hotp.a()));
                if (hotp.a() != expected) {
                    err.println("Got unexpected HOTP from TEE! Expected: " + expected + ", got: "
                            + Integer.toUnsignedString(hotp.a()));
                }
            }
        }
    }

    public static void main(String[] args) {
        try (TeeContext ctx = TeeContext.open()) {
            run(ctx, System.out, System.err);
        } catch (TeeException e) {
            System.err.println("optee_example_hotp: " + e.getMessage());
            System.exit(1);
        }
    }
}
