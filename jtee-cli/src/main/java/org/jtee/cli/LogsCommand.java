package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.jtee.common.DefaultLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee logs [-f] [-n N] [--home DIR]}: the last lines of the log that {@code jtee up}
 * writes under its home ({@link LogFile}), and with {@code -f} each new line until Ctrl-C.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show the log of the TEE that 'jtee up' runs under a home: the core's, the supplicant's and "
                + "the TA hosts' lines.",
            "The log is <home>/log/jtee.log; at " + (LogFile.DEFAULT_CAP_BYTES >> 20) + " MiB it becomes "
                + "jtee.log.1 and a new one starts."})
final class LogsCommand extends ToolCommand {
    @Option(names = {"-f", "--follow"}, description = "Go on printing new lines as they are written, across the "
            + "log's rotation, until Ctrl-C.")
    boolean follow;

    @Option(names = "-n", paramLabel = "N", description = "How many of the last lines to print (default: ${DEFAULT-VALUE}).")
    int lines = 50;

    @Option(names = "--home", paramLabel = "DIR", description = "The TEE's state directory (default: $JTEE_HOME, "
            + "else $XDG_STATE_HOME/jtee).")
    Path home;

    @Override
    int run() throws CommandFailure, IOException {
        if (lines < 0) {
            throw CommandFailure.usage("-n " + lines + ": the number of lines cannot be negative");
        }
        Path dir = home != null ? home : DefaultLocations.home();
        Path file = LogFile.under(dir);
        LogFollower log = new LogFollower(file, System.out);
        if (!log.exists()) {
            throw CommandFailure.failed("no log at " + file + ": no TEE has run under " + dir
                    + " (jtee up writes it there)");
        }
        log.printLast(lines);
        if (follow) {
            log.follow();
        }
        return 0;
    }
}
