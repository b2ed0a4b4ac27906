package org.jtee.examples.securestorage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The secure_storage client application: the same calls and output as
 * {@code optee_example_secure_storage}. On "object#1" it writes 7000 bytes of 0xA1, reads them
 * back, compares and deletes the object. Then it looks for "object#2", which outlives the run:
 * if an earlier run left it, this run deletes it; if not, this run creates it. Run after run, the
 * object is created and deleted in turn, so the second run finds what the first stored.
 */
public final class SecureStorageClient {
    static final String OBJECT_1 = "object#1";
    static final String OBJECT_2 = "object#2";
    /** OP-TEE's {@code TEST_OBJECT_SIZE}: object#1's size, and the read buffer's. */
    static final int TEST_OBJECT_BYTES = 7000;
    /** object#2's content: OP-TEE's string with its terminating NUL, as {@code sizeof(data)} counts it. */
    static final byte[] OBJECT_2_DATA = "This is data stored in the secure storage.\n\0".getBytes(StandardCharsets.US_ASCII);
    private static final String PROGRAM = "optee_example_secure_storage";

    /**
     * How a run ended.
     *
     * @param status the exit status: 0, or 1 where OP-TEE's host exits with {@code errx}
     * @param foundObject2 whether "object#2", left by an earlier run, was found (and deleted)
     */
    public record Outcome(int status, boolean foundObject2) {}

    private SecureStorageClient() {}

    /**
     * Runs the example. Lines go to {@code out} as OP-TEE's host prints them; where it gives up
     * ({@code errx}) the message goes to {@code err} and the status is 1.
     */
    public static Outcome run(TeeContext ctx, PrintStream out, PrintStream err) {
        out.println("Prepare session with the TA");
        TeeSession session;
        try {
            session = ctx.openSession(SecureStorageContract.UUID, LoginMethod.PUBLIC, null);
        } catch (TeeException e) {
            return failed(err, String.format("TEEC_Opensession failed with code 0x%x origin 0x%x", e.result(), e.origin()));
        }
        try (session) {
            String failure = object1(session, out);
            if (failure != null) {
                return failed(err, failure);
            }
            out.println();
            out.println("Test on object \"" + OBJECT_2 + "\"");
            int res = read(session, OBJECT_2, new byte[TEST_OBJECT_BYTES], out);
            if (res != TeeResult.SUCCESS && res != TeeResult.ITEM_NOT_FOUND) {
                return failed(err, String.format("Unexpected status when reading an object : 0x%x", res));
            }
            boolean found = res == TeeResult.SUCCESS;
            failure = found ? deleteObject2(session, out) : createObject2(session, out);
            if (failure != null) {
                return failed(err, failure);
            }
            out.println();
            out.println("We're done, close and release TEE resources");
            return new Outcome(0, found);
        }
    }

    /** {@code errx}: the message on {@code err}, status 1. */
    private static Outcome failed(PrintStream err, String message) {
        err.println(PROGRAM + ": " + message);
        return new Outcome(1, false);
    }

    /** Creates object#1, reads it back, compares and deletes it; null if all went well, else why not. */
    private static String object1(TeeSession session, PrintStream out) {
        out.println();
        out.println("Test on object \"" + OBJECT_1 + "\"");
        out.println("- Create and load object in the TA secure storage");
        byte[] data = new byte[TEST_OBJECT_BYTES];
        Arrays.fill(data, (byte) 0xA1);
        if (write(session, OBJECT_1, data, out) != TeeResult.SUCCESS) {
            return "Failed to create an object in the secure storage";
        }
        out.println("- Read back the object");
        byte[] readBack = new byte[TEST_OBJECT_BYTES];
        if (read(session, OBJECT_1, readBack, out) != TeeResult.SUCCESS) {
            return "Failed to read an object from the secure storage";
        }
        if (!Arrays.equals(data, readBack)) {
            return "Unexpected content found in secure storage";
        }
        out.println("- Delete the object");
        int res = delete(session, OBJECT_1, out);
        return res == TeeResult.SUCCESS ? null : String.format("Failed to delete the object: 0x%x", res);
    }

    private static String createObject2(TeeSession session, PrintStream out) {
        out.println("- Object not found in TA secure storage, create it.");
        return write(session, OBJECT_2, OBJECT_2_DATA.clone(), out) == TeeResult.SUCCESS ? null
                : "Failed to create/load an object";
    }

    private static String deleteObject2(TeeSession session, PrintStream out) {
        out.println("- Object found in TA secure storage, delete it.");
        return delete(session, OBJECT_2, out) == TeeResult.SUCCESS ? null : "Failed to delete an object";
    }

    /** READ_RAW into {@code data}; returns the result. SHORT_BUFFER and ITEM_NOT_FOUND are answers, other failures are printed. */
    static int read(TeeSession session, String id, byte[] data, PrintStream out) {
        Result res = invoke(session, SecureStorageContract.CMD_READ_RAW, Operation.of(idParameter(id), TempMemory.output(data)));
        if (res.result != TeeResult.SUCCESS && res.result != TeeResult.SHORT_BUFFER
                && res.result != TeeResult.ITEM_NOT_FOUND) {
            out.printf("Command READ_RAW failed: 0x%x / %d%n", res.result, res.origin);
        }
        return res.result;
    }

    /**
     * WRITE_RAW of {@code data}; returns the result. A failure is printed twice, as OP-TEE's host prints it (once
     * after the call and once more in the switch that follows).
     */
    static int write(TeeSession session, String id, byte[] data, PrintStream out) {
        Result res = invoke(session, SecureStorageContract.CMD_WRITE_RAW, Operation.of(idParameter(id), TempMemory.input(data)));
        if (res.result != TeeResult.SUCCESS) {
            out.printf("Command WRITE_RAW failed: 0x%x / %d%n", res.result, res.origin);
            out.printf("Command WRITE_RAW failed: 0x%x / %d%n", res.result, res.origin);
        }
        return res.result;
    }

    /** DELETE; returns the result. ITEM_NOT_FOUND is an answer, other failures are printed. */
    static int delete(TeeSession session, String id, PrintStream out) {
        Result res = invoke(session, SecureStorageContract.CMD_DELETE, Operation.of(idParameter(id)));
        if (res.result != TeeResult.SUCCESS && res.result != TeeResult.ITEM_NOT_FOUND) {
            out.printf("Command DELETE failed: 0x%x / %d%n", res.result, res.origin);
        }
        return res.result;
    }

    /** The id as OP-TEE's host passes it: the string's bytes, {@code strlen} of them (no NUL). */
    private static TempMemory idParameter(String id) {
        return TempMemory.input(id.getBytes(StandardCharsets.US_ASCII));
    }

    /** A call's result and origin, as {@code TEEC_InvokeCommand} returns them. */
    private record Result(int result, int origin) {}

    private static Result invoke(TeeSession session, int command, Operation op) {
        try {
            session.invokeCommand(command, op);
            return new Result(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP);
        } catch (TeeException e) {
            return new Result(e.result(), e.origin());
        }
    }

    public static void main(String[] args) {
        int status;
        try (TeeContext ctx = TeeContext.open()) {
            status = run(ctx, System.out, System.err).status();
        } catch (TeeException e) {
            System.err.printf("%s: TEEC_InitializeContext failed with code 0x%x%n", PROGRAM, e.result());
            status = 1;
        }
        System.exit(status);
    }
}
