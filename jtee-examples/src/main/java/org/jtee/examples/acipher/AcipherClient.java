package org.jtee.examples.acipher;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The acipher client application: the same calls and output as
 * {@code optee_example_acipher <key_size> <string> [<algo>]}. Each output size is asked first
 * with a NULL buffer, as OP-TEE's host does.
 */
public final class AcipherClient {
    static final String DEFAULT_ALGO = "TA_ALG_PKCS1_V1_5";
    /** OP-TEE's names for the algorithms. */
    static final Map<String, Integer> ALGORITHMS = Map.of(
            "TA_ALG_PKCS1_V1_5", AcipherContract.ALG_PKCS1_V1_5,
            "TA_ALG_OAEP_MGF1_SHA1", AcipherContract.ALG_OAEP_MGF1_SHA1,
            "TA_ALG_OAEP_MGF1_SHA224", AcipherContract.ALG_OAEP_MGF1_SHA224,
            "TA_ALG_OAEP_MGF1_SHA256", AcipherContract.ALG_OAEP_MGF1_SHA256,
            "TA_ALG_OAEP_MGF1_SHA384", AcipherContract.ALG_OAEP_MGF1_SHA384,
            "TA_ALG_OAEP_MGF1_SHA512", AcipherContract.ALG_OAEP_MGF1_SHA512);
    private static final String USAGE = "usage: optee_example_acipher <key_size> <string to encrypt> [<algo name>]\n"
            + "  key sizes: 2048, 3072, 4096\n"
            + "  algorithms: TA_ALG_PKCS1_V1_5 (default), TA_ALG_OAEP_MGF1_SHA1, TA_ALG_OAEP_MGF1_SHA224,\n"
            + "              TA_ALG_OAEP_MGF1_SHA256, TA_ALG_OAEP_MGF1_SHA384, TA_ALG_OAEP_MGF1_SHA512";

    private AcipherClient() {}

    /**
     * Generates a key of {@code args[0]} bits, encrypts {@code args[1]} with the algorithm named
     * by {@code args[2]} (default PKCS#1 v1.5), decrypts and compares.
     *
     * @return the exit status: 0, or 1 for bad arguments (the usage goes to {@code err})
     */
    public static int run(TeeContext ctx, PrintStream out, PrintStream err, String... args) throws TeeException {
        Integer algorithm = args.length >= 2 ? ALGORITHMS.get(args.length > 2 ? args[2] : DEFAULT_ALGO) : null;
        int keyBits = args.length >= 2 ? parseKeySize(args[0]) : -1;
        if (algorithm == null || keyBits <= 0) {
            err.println(USAGE);
            return 1;
        }
        out.println((args.length > 2 ? args[2] : DEFAULT_ALGO) + " algo selected");
        byte[] message = args[1].getBytes(StandardCharsets.UTF_8);
        try (TeeSession session = ctx.openSession(AcipherContract.UUID, LoginMethod.PUBLIC, null)) {
            session.invokeCommand(AcipherContract.CMD_GEN_KEY, Operation.of(ValueParameter.input(keyBits, 0)));
            byte[] encrypted = call(session, AcipherContract.ENCRYPT, algorithm, message);
            StringBuilder hex = new StringBuilder("Encrypted buffer: ");
            for (byte b : encrypted) {
                hex.append(String.format("%02x ", b & 0xFF));
            }
            out.println(hex);
            byte[] decrypted = call(session, AcipherContract.DECRYPT, algorithm, encrypted);
            boolean matching = decrypted.length <= message.length
                    && Arrays.equals(decrypted, Arrays.copyOf(message, decrypted.length));
            out.println(matching ? "message is matching successfully" : "message is not matching");
        }
        return 0;
    }

    private static int parseKeySize(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** ENCRYPT_DECRYPT twice: NULL output first for the size, which must come from the TA, then the real call. */
    private static byte[] call(TeeSession session, int direction, int algorithm, byte[] input) throws TeeException {
        String what = direction == AcipherContract.ENCRYPT ? "encryption" : "decryption";
        TempMemory probe = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
        int result = TeeResult.SUCCESS;
        int origin = ReturnOrigin.TRUSTED_APP;
        try {
            session.invokeCommand(AcipherContract.CMD_ENCRYPT_DECRYPT, operation(input, probe, direction, algorithm));
        } catch (TeeException e) {
            result = e.result();
            origin = e.origin();
        }
        if (result != TeeResult.SHORT_BUFFER || origin != ReturnOrigin.TRUSTED_APP) {
            throw new TeeException(result == TeeResult.SUCCESS ? TeeResult.GENERIC : result, origin, String.format(
                    "Command ENCRYPT_DECRYPT failed for %s: 0x%x (error origin 0x%x)", what, result, origin));
        }
        TempMemory output = TempMemory.output(Math.toIntExact(probe.size()));
        session.invokeCommand(AcipherContract.CMD_ENCRYPT_DECRYPT, operation(input, output, direction, algorithm));
        return output.data();
    }

    private static Operation operation(byte[] input, TempMemory output, int direction, int algorithm) {
        return Operation.of(TempMemory.input(input), output, ValueParameter.input(direction, 0),
                ValueParameter.input(algorithm, 0));
    }

    public static void main(String[] args) {
        int status;
        try (TeeContext ctx = TeeContext.open()) {
            status = run(ctx, System.out, System.err, args);
        } catch (TeeException e) {
            System.err.println("optee_example_acipher: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
