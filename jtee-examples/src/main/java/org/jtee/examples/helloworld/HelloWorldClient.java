package org.jtee.examples.helloworld;

import java.io.PrintStream;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/** The hello_world client application: the same calls and output as {@code optee_example_hello_world}. */
public final class HelloWorldClient {
    private HelloWorldClient() {}

    /** Opens a session, increments 42, prints what OP-TEE's host prints. */
    public static void run(TeeContext ctx, PrintStream out) throws TeeException {
        try (TeeSession session = ctx.openSession(HelloWorldContract.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter value = ValueParameter.inout(42, 0);
            Operation op = Operation.of(value);
            out.println("Invoking TA to increment " + Integer.toUnsignedString(value.a()));
            session.invokeCommand(HelloWorldContract.CMD_INC_VALUE, op);
            out.println("TA incremented value to " + Integer.toUnsignedString(value.a()));
        }
    }

    public static void main(String[] args) {
        try (TeeContext ctx = TeeContext.open()) {
            run(ctx, System.out);
        } catch (TeeException e) {
            System.err.println("optee_example_hello_world: " + e.getMessage());
            System.exit(1);
        }
    }
}
