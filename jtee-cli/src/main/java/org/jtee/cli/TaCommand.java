package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtee.common.DefaultLocations;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jtee ta}: build, check and install signed dynamic TAs ({@code <uuid>.ta} files). */
@Command(name = "ta", mixinStandardHelpOptions = true,
        description = "Signed TA images: sign, verify, inspect, install, uninstall, list; reset a development core's version floor.",
        subcommands = {TaSignCommand.class, TaVerifyCommand.class, TaInspectCommand.class,
            TaInstallCommand.class, TaUninstallCommand.class, TaListCommand.class, TaResetFloorCommand.class})
final class TaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where installed TAs live by default: {@code <jtee home>/ta} ({@link DefaultLocations#home()}). */
    static Path defaultTaDirectory() {
        return taDirectory(DefaultLocations.home());
    }

    /** The installed TAs of the TEE whose home is {@code home}. */
    static Path taDirectory(Path home) {
        return home.resolve("ta");
    }

    /**
     * The directories a TEE with home {@code home} serves TAs from when none are named: its
     * installed TAs, then the example TAs bundled with this build (if there are any).
     */
    static List<Path> servedDirectories(Path home) {
        List<Path> dirs = new ArrayList<>(List.of(taDirectory(home)));
        Path bundled = BundledTas.directory();
        if (bundled != null) {
            dirs.add(bundled);
        }
        return dirs;
    }

    /**
     * The bytes of an image file, with a clear failure for a directory, a missing file, or a JAR
     * that has not been signed into an image yet.
     */
    static byte[] readImage(Path file) throws CommandFailure, IOException {
        if (Files.isDirectory(file)) {
            throw CommandFailure.failed(file + " is a directory, not a .ta file");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (isZip(bytes)) {
            throw CommandFailure.failed(file + " is a JAR, not a signed TA image: sign it first: jtee ta sign --jar " + file
                    + " --out DIR");
        }
        return bytes;
    }

    /** A ZIP file (so a JAR) begins with a local file header, "PK\3\4". */
    private static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }
}
