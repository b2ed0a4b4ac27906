package org.jtee.examples.ecdh;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The ecdh client application: the same calls and output as {@code optee_example_ecdh}. Asks the
 * TA for the size of a P-384 shared secret with a NULL buffer, then for a secret (of new keys).
 */
public final class EcdhClient {
    static final int CURVE = EcdhContract.CURVE_P384;
    private static final int BYTES_PER_LINE = 32;

    private EcdhClient() {}

    /** Runs the self-test on P-384 and prints the secret, 32 bytes a line. */
    public static void run(TeeContext ctx, PrintStream out) throws TeeException {
        try (TeeSession session = ctx.openSession(EcdhContract.UUID, LoginMethod.PUBLIC, null)) {
            TempMemory probe = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
            int result = TeeResult.SUCCESS;
            try {
                session.invokeCommand(EcdhContract.CMD_DERIVE_SELFTEST, operation(probe));
            } catch (TeeException e) {
                result = e.result();
            }
            if (result != TeeResult.SHORT_BUFFER) {
                throw new TeeException(result == TeeResult.SUCCESS ? TeeResult.GENERIC : result, String.format(
                        "TEEC_InvokeCommand with a NULL buffer returned 0x%x, not TEEC_ERROR_SHORT_BUFFER", result));
            }
            TempMemory secret = TempMemory.output(Math.toIntExact(probe.size()));
            session.invokeCommand(EcdhContract.CMD_DERIVE_SELFTEST, operation(secret));
            byte[] bytes = secret.data();
            out.println("ECDH shared secret (" + bytes.length + " bytes) on curve id " + CURVE + ":");
            for (int i = 0; i < bytes.length; i += BYTES_PER_LINE) {
                out.println(HexFormat.of().formatHex(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + BYTES_PER_LINE))));
            }
        }
    }

    private static Operation operation(TempMemory secret) {
        return Operation.of(ValueParameter.input(CURVE, 0), null, null, secret);
    }

    public static void main(String[] args) {
        try (TeeContext ctx = TeeContext.open()) {
            run(ctx, System.out);
        } catch (TeeException e) {
            System.err.println("optee_example_ecdh: " + e.getMessage());
            System.exit(1);
        }
    }
}
