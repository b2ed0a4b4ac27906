package org.jtee.examples.sha;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The sha client application: the same calls and output as {@code optee_example_sha <string> [<algo>]}.
 * A MAC algorithm (default HMAC_SHA256) computes the MAC of the string with a key of 0xA5 bytes
 * and has the TA compare it; a digest algorithm asks for the digest.
 *
 * <p>OP-TEE's host prints the hex from a plain {@code char} array: on Arm, where {@code char} is
 * unsigned, as two digits per byte, which is what this client prints (on x86-64 the C program
 * prints bytes from 0x80 as {@code ffffffXX}).
 */
public final class ShaClient {
    static final String DEFAULT_ALGO = "HMAC_SHA256";
    private static final int OUTPUT_BYTES = 64;

    /** A MAC algorithm: its GP id, its key size in bytes and the TA's key type. */
    record Mac(int algorithm, int keyBytes, int keyType) {}

    /** OP-TEE's MAC algorithm names, in its usage order. */
    static final Map<String, Mac> MACS = macs();
    /** OP-TEE's digest algorithm names and their GP ids, in its usage order. */
    static final Map<String, Integer> DIGESTS = digests();

    private static Map<String, Mac> macs() {
        Map<String, Mac> m = new LinkedHashMap<>();
        m.put("HMAC_SHA1", new Mac(0x30000002, 64, ShaContract.TYPE_HMAC_SHA1));
        m.put("HMAC_SHA224", new Mac(0x30000003, 64, ShaContract.TYPE_HMAC_SHA224));
        m.put("HMAC_SHA256", new Mac(0x30000004, 128, ShaContract.TYPE_HMAC_SHA256));
        m.put("HMAC_SHA384", new Mac(0x30000005, 128, ShaContract.TYPE_HMAC_SHA384));
        m.put("HMAC_SHA512", new Mac(0x30000006, 128, ShaContract.TYPE_HMAC_SHA512));
        m.put("AES_CMAC", new Mac(0x30000610, 16, ShaContract.TYPE_AES));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Integer> digests() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("SHA1", 0x50000002);
        m.put("SHA224", 0x50000003);
        m.put("SHA256", 0x50000004);
        m.put("SHA384", 0x50000005);
        m.put("SHA512", 0x50000006);
        m.put("SHA3_224", 0x50000008);
        m.put("SHA3_256", 0x50000009);
        m.put("SHA3_384", 0x5000000A);
        m.put("SHA3_512", 0x5000000B);
        m.put("SHAKE128", 0x50000101);
        m.put("SHAKE256", 0x50000102);
        return Collections.unmodifiableMap(m);
    }

    private ShaClient() {}

    /**
     * Runs the example with OP-TEE's arguments: {@code args[0]} the message, {@code args[1]}
     * (optional) the algorithm's name.
     *
     * @return the exit status: 0, or 1 for bad arguments (the usage goes to {@code err})
     */
    public static int run(TeeContext ctx, PrintStream out, PrintStream err, String... args) throws TeeException {
        String name = args.length > 1 ? args[1] : DEFAULT_ALGO;
        if (args.length < 1 || !MACS.containsKey(name) && !DIGESTS.containsKey(name)) {
            err.println("usage: optee_example_sha <string> [<algo>]\n  algorithms: "
                    + String.join(", ", MACS.keySet()) + ", " + String.join(", ", DIGESTS.keySet()));
            return 1;
        }
        byte[] message = args[0].getBytes(StandardCharsets.UTF_8);
        out.println(name + " algo selected");
        out.println("Prepare session with the TA");
        try (TeeSession session = ctx.openSession(ShaContract.UUID, LoginMethod.PUBLIC, null)) {
            if (MACS.containsKey(name)) {
                mac(session, MACS.get(name), message, out);
            } else {
                out.println("Compute digest");
                TempMemory digest = TempMemory.output(OUTPUT_BYTES);
                session.invokeCommand(ShaContract.CMD_COMPUTE_DIGEST, Operation.of(TempMemory.input(message), digest,
                        ValueParameter.input(DIGESTS.get(name), 0)));
                out.println("digest: " + HexFormat.of().formatHex(digest.data()));
            }
        }
        return 0;
    }

    private static void mac(TeeSession session, Mac mac, byte[] message, PrintStream out) throws TeeException {
        out.println("Prepare MAC compute operation");
        prepareAndKey(session, mac, out);
        out.println("Compute MAC operation");
        TempMemory computed = TempMemory.output(OUTPUT_BYTES);
        session.invokeCommand(ShaContract.CMD_COMPUTE_MAC, Operation.of(TempMemory.input(message), computed));
        out.println("Prepare MAC compare operation");
        prepareAndKey(session, mac, out);
        out.println("Compare the MAC");
        try {
            session.invokeCommand(ShaContract.CMD_COMPARE_MAC, Operation.of(TempMemory.input(message),
                    TempMemory.input(computed.data())));
            out.println("MAC successfully matching");
        } catch (TeeException e) {
            if (e.result() != TeeResult.MAC_INVALID) {
                throw e;
            }
            out.println("MAC did not match");
        }
        out.println("MAC: " + HexFormat.of().formatHex(computed.data()));
    }

    /** PREPARE, SET_KEY with 0xA5 bytes, SET_IV with no IV. */
    private static void prepareAndKey(TeeSession session, Mac mac, PrintStream out) throws TeeException {
        session.invokeCommand(ShaContract.CMD_PREPARE, Operation.of(ValueParameter.input(mac.algorithm(), 0),
                ValueParameter.input(mac.keyBytes(), 0), ValueParameter.input(mac.keyType(), 0)));
        out.println("Load key in TA");
        byte[] key = new byte[mac.keyBytes()];
        Arrays.fill(key, (byte) 0xA5);
        session.invokeCommand(ShaContract.CMD_SET_KEY, Operation.of(TempMemory.input(key)));
        out.println("Reset operation in TA (provides the initial vector)");
        session.invokeCommand(ShaContract.CMD_SET_IV, Operation.of(TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT)));
    }

    public static void main(String[] args) {
        int status;
        try (TeeContext ctx = TeeContext.open()) {
            status = run(ctx, System.out, System.err, args);
        } catch (TeeException e) {
            System.err.println("optee_example_sha: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
