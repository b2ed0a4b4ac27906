package org.jtee.examples.aes;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * The aes client application: the same calls and output as {@code optee_example_aes [ALGO]}.
 * Encrypts 4096 bytes of 0x5A with a key of 16 × 0xA5 and a zero IV, decrypts and compares; for
 * CCM and GCM, encrypts and decrypts "TestCCMMessage" with a 16-byte tag instead.
 */
public final class AesClient {
    static final String DEFAULT_ALGO = "TA_AES_ALGO_CTR";
    static final int BUFFER_BYTES = 4096;
    static final byte[] AE_MESSAGE = "TestCCMMessage".getBytes(StandardCharsets.US_ASCII);
    private static final int AE_OUTPUT_BYTES = 80;
    private static final int AE_TAG_BYTES = 16;

    private AesClient() {}

    /**
     * Runs the example with OP-TEE's arguments ({@code args[0]}, optional: the algorithm's name).
     *
     * @return the exit status: 0, or -1 for an unknown algorithm
     */
    public static int run(TeeContext ctx, PrintStream out, String... args) throws TeeException {
        String name = args.length > 0 ? args[0] : DEFAULT_ALGO;
        int algo = algorithm(name);
        if (algo < 0) {
            out.println(name + " algo is invalid");
            return -1;
        }
        out.println(name + " algo selected");
        out.println("Prepare session with the TA");
        try (TeeSession session = ctx.openSession(AesContract.UUID, LoginMethod.PUBLIC, null)) {
            if (algo == AesContract.ALGO_CCM || algo == AesContract.ALGO_GCM) {
                authenticatedRoundTrip(session, algo, out);
            } else {
                cipherRoundTrip(session, algo, out);
            }
        }
        return 0;
    }

    /** The algorithm id for OP-TEE's name, or -1. */
    static int algorithm(String name) {
        return switch (name) {
            case "TA_AES_ALGO_ECB" -> AesContract.ALGO_ECB;
            case "TA_AES_ALGO_CBC" -> AesContract.ALGO_CBC;
            case "TA_AES_ALGO_CTR" -> AesContract.ALGO_CTR;
            case "TA_AES_ALGO_CCM" -> AesContract.ALGO_CCM;
            case "TA_AES_ALGO_GCM" -> AesContract.ALGO_GCM;
            default -> -1;
        };
    }

    private static void cipherRoundTrip(TeeSession session, int algo, PrintStream out) throws TeeException {
        byte[] clear = filled(BUFFER_BYTES, 0x5A);
        byte[] iv = algo == AesContract.ALGO_ECB ? null : new byte[16];
        out.println("Prepare encode operation");
        prepare(session, algo, AesContract.MODE_ENCODE);
        loadKeyAndIv(session, iv, out);
        out.println("Encode buffer from TA");
        byte[] ciphered = cipher(session, clear);
        out.println("Prepare decode operation");
        prepare(session, algo, AesContract.MODE_DECODE);
        loadKeyAndIv(session, iv, out);
        out.println("Decode buffer from TA");
        byte[] decoded = cipher(session, ciphered);
        out.println(Arrays.equals(clear, decoded) ? "Clear text and decoded text match"
                : "Clear text and decoded text differ => ERROR");
    }

    private static void authenticatedRoundTrip(TeeSession session, int algo, PrintStream out) throws TeeException {
        out.println("Prepare encode operation");
        prepare(session, algo, AesContract.MODE_ENCODE);
        loadKey(session, out);
        out.println("AE encode operation in TA");
        TempMemory tag = TempMemory.inout(new byte[AE_TAG_BYTES]);
        byte[] ciphertext = authenticatedCipher(session, AE_MESSAGE, true, tag);
        out.println("Prepare decode operation");
        prepare(session, algo, AesContract.MODE_DECODE);
        loadKey(session, out);
        out.println("AE decode operation in TA");
        byte[] decoded = authenticatedCipher(session, ciphertext, false, TempMemory.inout(tag.data()));
        out.println(Arrays.equals(AE_MESSAGE, decoded) ? "CCM encryption/decryption successful!"
                : "Decryption failed or tag mismatch!");
    }

    private static void prepare(TeeSession session, int algo, int mode) throws TeeException {
        session.invokeCommand(AesContract.CMD_PREPARE, Operation.of(ValueParameter.input(algo, 0),
                ValueParameter.input(AesContract.KEY_SIZE_128_BYTES, 0), ValueParameter.input(mode, 0)));
    }

    private static void loadKey(TeeSession session, PrintStream out) throws TeeException {
        out.println("Load key in TA");
        byte[] key = filled(AesContract.KEY_SIZE_128_BYTES, 0xA5);
        session.invokeCommand(AesContract.CMD_SET_KEY, Operation.of(TempMemory.input(key)));
    }

    private static void loadKeyAndIv(TeeSession session, byte[] iv, PrintStream out) throws TeeException {
        loadKey(session, out);
        out.println("Reset ciphering operation in TA (provides the initial vector)");
        TempMemory ivRef = iv == null ? TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT) : TempMemory.input(iv);
        session.invokeCommand(AesContract.CMD_SET_IV, Operation.of(ivRef));
    }

    private static byte[] cipher(TeeSession session, byte[] input) throws TeeException {
        TempMemory output = TempMemory.output(input.length);
        session.invokeCommand(AesContract.CMD_CIPHER, Operation.of(TempMemory.input(input), output));
        return output.data();
    }

    private static byte[] authenticatedCipher(TeeSession session, byte[] input, boolean encrypt, TempMemory tag)
            throws TeeException {
        TempMemory output = TempMemory.output(AE_OUTPUT_BYTES);
        session.invokeCommand(AesContract.CMD_AUTHENC, Operation.of(TempMemory.input(input), output,
                ValueParameter.input(encrypt ? 1 : 0, 0), tag));
        return output.data();
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    public static void main(String[] args) {
        int status;
        try (TeeContext ctx = TeeContext.open()) {
            status = run(ctx, System.out, args);
        } catch (TeeException e) {
            System.err.println("optee_example_aes: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
