package org.jtee.examples.ecdsa;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * The ecdsa client application: the same calls and output as {@code optee_example_ecdsa [<algo>]}
 * (default ECDSA_SHA256): the digest of "hello world", a key pair, and the digest signed and
 * verified in the TA.
 */
public final class EcdsaClient {
    static final String DEFAULT_ALGO = "ECDSA_SHA256";
    static final byte[] MESSAGE = "hello world".getBytes(StandardCharsets.US_ASCII);
    static final Map<String, Integer> ALGORITHMS = Map.of(
            "ECDSA_SHA1", EcdsaContract.ALG_ECDSA_SHA1,
            "ECDSA_SHA224", EcdsaContract.ALG_ECDSA_SHA224,
            "ECDSA_SHA256", EcdsaContract.ALG_ECDSA_SHA256,
            "ECDSA_SHA384", EcdsaContract.ALG_ECDSA_SHA384,
            "ECDSA_SHA512", EcdsaContract.ALG_ECDSA_SHA512);
    private static final int DIGEST_BUFFER_BYTES = 64;
    private static final int SIGNATURE_BUFFER_BYTES = 512;

    private EcdsaClient() {}

    /**
     * Runs the example with OP-TEE's arguments: {@code args[0]} (optional) the algorithm's name.
     *
     * @return the exit status: 0, or 1 for bad arguments (the usage goes to {@code err})
     */
    public static int run(TeeContext ctx, PrintStream out, PrintStream err, String... args) throws TeeException {
        String name = args.length > 0 ? args[0] : DEFAULT_ALGO;
        Integer algorithm = ALGORITHMS.get(name);
        if (algorithm == null) {
            err.println("usage: optee_example_ecdsa [ECDSA_SHA1|ECDSA_SHA224|ECDSA_SHA256|ECDSA_SHA384|ECDSA_SHA512]");
            return 1;
        }
        out.println(name + " algo selected");
        out.println("Prepare session with the TA");
        try (TeeSession session = ctx.openSession(EcdsaContract.UUID, LoginMethod.PUBLIC, null)) {
            out.println("Compute digest");
            TempMemory digest = TempMemory.output(DIGEST_BUFFER_BYTES);
            session.invokeCommand(EcdsaContract.CMD_COMPUTE_DIGEST, Operation.of(TempMemory.input(MESSAGE.clone()), digest,
                    ValueParameter.input(algorithm, 0)));
            out.println("genrate the key"); // sic: OP-TEE's host prints it so
            session.invokeCommand(EcdsaContract.CMD_GEN_KEY, null);
            out.println("Sign and Verify the digest");
            TempMemory signature = TempMemory.output(SIGNATURE_BUFFER_BYTES);
            try {
                session.invokeCommand(EcdsaContract.CMD_SIGN_VERIFY_DIGEST,
                        Operation.of(TempMemory.input(digest.data()), signature));
            } catch (TeeException e) {
                out.printf("TEEC_InvokeCommand(Sign Verify) failed 0x%x origin 0x%x", e.result(), e.origin());
                out.println("sign failed to verify");
                throw e;
            }
            out.println("verify signature successfully.");
            StringBuilder hex = new StringBuilder("signature: ");
            for (byte b : signature.data()) {
                hex.append(String.format("%02x ", b & 0xFF));
            }
            out.println(hex);
        }
        return 0;
    }

    public static void main(String[] args) {
        int status;
        try (TeeContext ctx = TeeContext.open()) {
            status = run(ctx, System.out, System.err, args);
        } catch (TeeException e) {
            System.err.println("optee_example_ecdsa: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
