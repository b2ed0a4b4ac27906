package org.jtee.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand whose user errors end in one line on stderr, {@code <command>: <problem>}, and an
 * exit status (1 or 2), never a stack trace. Bugs still propagate to picocli.
 */
abstract class ToolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Does the work; returns the exit status. */
    abstract int run() throws CommandFailure, IOException;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CommandFailure e) {
            complain(e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            complain(CommandFailure.describe(e));
            return CommandFailure.FAILED;
        }
    }

    /** Prints {@code <qualified command name>: message} on stderr. */
    final void complain(String message) {
        System.err.println(spec.qualifiedName() + ": " + message);
    }
}
