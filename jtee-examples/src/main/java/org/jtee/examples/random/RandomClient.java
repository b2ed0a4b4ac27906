package org.jtee.examples.random;

import java.io.PrintStream;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/** The random client application: the same calls and output as {@code optee_example_random}. */
public final class RandomClient {
    private RandomClient() {}

    /** Asks the TA for 16 random bytes and prints them as OP-TEE's host does ({@code %x} per byte). */
    public static void run(TeeContext ctx, PrintStream out) throws TeeException {
        try (TeeSession session = ctx.openSession(RandomContract.UUID, LoginMethod.PUBLIC, null)) {
            TempMemory uuid = TempMemory.output(16);
            out.println("Invoking TA to generate random UUID... ");
            session.invokeCommand(RandomContract.CMD_GENERATE, Operation.of(uuid));
            StringBuilder s = new StringBuilder("TA generated UUID value = 0x");
            for (byte b : uuid.buffer()) {
                s.append(Integer.toHexString(b & 0xff));
            }
            out.println(s);
        }
    }

    public static void main(String[] args) {
        try (TeeContext ctx = TeeContext.open()) {
            run(ctx, System.out);
        } catch (TeeException e) {
            System.err.println("optee_example_random: " + e.getMessage());
            System.exit(1);
        }
    }
}
