package org.jtee.examples.signverify;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * The sign_verify client application: the same calls and output as
 * {@code optee_example_sign_verify [<key_size> [<algo>]]} (defaults 2048 and PKCS1_V1_5_SHA256).
 */
public final class SignVerifyClient {
    static final int DEFAULT_KEY_BITS = 2048;
    static final String DEFAULT_ALGO = "PKCS1_V1_5_SHA256";
    static final byte[] MESSAGE = "HelloFromHost".getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNATURE_BUFFER_BYTES = 512;
    /** OP-TEE's algorithm names; a name's index in the list is its id in the contract. */
    static final List<String> ALGORITHMS = List.of("PSS_MGF1_SHA1", "PSS_MGF1_SHA224", "PSS_MGF1_SHA256",
            "PSS_MGF1_SHA384", "PSS_MGF1_SHA512", "PKCS1_V1_5_SHA1", "PKCS1_V1_5_SHA224", "PKCS1_V1_5_SHA256",
            "PKCS1_V1_5_SHA384", "PKCS1_V1_5_SHA512");

    private SignVerifyClient() {}

    /**
     * Runs the example with OP-TEE's arguments: {@code args[0]} the key size in bits,
     * {@code args[1]} the algorithm's name, both optional.
     *
     * @return the exit status: 0, or 1 for bad arguments (the usage goes to {@code err})
     */
    public static int run(TeeContext ctx, PrintStream out, PrintStream err, String... args) throws TeeException {
        int keyBits = args.length > 0 ? parse(args[0]) : DEFAULT_KEY_BITS;
        String name = args.length > 1 ? args[1] : DEFAULT_ALGO;
        int algorithm = ALGORITHMS.indexOf(name);
        if (keyBits <= 0 || algorithm < 0) {
            err.println("usage: optee_example_sign_verify [<key_size> [<algo>]]\n  algorithms: "
                    + String.join(", ", ALGORITHMS));
            return 1;
        }
        out.println("Key size: " + keyBits);
        out.println(name + " algo selected");
        out.println("Prepare session with the TA");
        try (TeeSession session = ctx.openSession(SignVerifyContract.UUID, LoginMethod.PUBLIC, null)) {
            out.println("Prepare sign and verify operations");
            TempMemory signature = TempMemory.output(SIGNATURE_BUFFER_BYTES);
            session.invokeCommand(SignVerifyContract.CMD_SIGN_VERIFY, Operation.of(TempMemory.input(MESSAGE.clone()),
                    signature, ValueParameter.input(algorithm, 0), ValueParameter.input(keyBits, 0)));
            out.println("Sign and verify successful. Signature length: " + signature.size() + " bytes");
            StringBuilder hex = new StringBuilder("Signature: ");
            for (byte b : signature.data()) {
                hex.append(String.format("%02x ", b & 0xFF));
            }
            out.println(hex);
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static void main(String[] args) {
        int status;
        try (TeeContext ctx = TeeContext.open()) {
            status = run(ctx, System.out, System.err, args);
        } catch (TeeException e) {
            System.err.println("optee_example_sign_verify: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
