package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtee.common.DefaultLocations;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jtee ta}: build, check and install signed dynamic TAs ({@code <uuid>.ta} files). */
@Command(name = "ta", mixinStandardHelpOptions = true,
        description = "Signed TA images: sign, verify, inspect, install, list.",
        subcommands = {TaSignCommand.class, TaVerifyCommand.class, TaInspectCommand.class,
            TaInstallCommand.class, TaListCommand.class})
final class TaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where installed TAs live by default: {@code <jtee home>/ta} ({@link DefaultLocations#home()}). */
    static Path defaultTaDirectory() {
        return DefaultLocations.home().resolve("ta");
    }

    /** The bytes of an image file, with a clear failure for a directory or a missing file. */
    static byte[] readImage(Path file) throws CommandFailure, IOException {
        if (Files.isDirectory(file)) {
            throw CommandFailure.failed(file + " is a directory, not a .ta file");
        }
        return Files.readAllBytes(file);
    }
}
