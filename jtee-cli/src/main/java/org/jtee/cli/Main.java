package org.jtee.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jtee} command. */
@Command(name = "jtee", mixinStandardHelpOptions = true, version = "jtee 0.1.0",
        description = "A Trusted Execution Environment on the JVM, after OP-TEE and the GlobalPlatform TEE specifications.",
        subcommands = {DemoCommand.class, UpCommand.class, StatusCommand.class, BenchCommand.class,
            CoreCommand.class, KeysCommand.class, TaCommand.class, StorageCommand.class,
            Pkcs11Command.class, SdkCommand.class, NewTaCommand.class, CallCommand.class, LogsCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %3$s %4$s: %5$s%6$s%n");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
