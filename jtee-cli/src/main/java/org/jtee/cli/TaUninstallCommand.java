package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee ta uninstall UUID}: removes {@code <uuid>.ta} from the TA directory; with
 * {@code --secure}, removes the TA from the running core's secure storage instead
 * ({@link CoreAdmin}: the core's own user only). The version floor the core keeps for the TA
 * stays: an older image of it is still refused.
 */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = {"Remove a TA from the TA directory (<uuid>.ta),", "or (--secure) from a running core's secure storage."})
final class TaUninstallCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "UUID", description = "The TA's UUID.")
    UUID uuid;

    @Option(names = "--secure", description = "Remove it from the running core's secure storage.")
    boolean secure;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "With --secure: the core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Option(names = "--ta-dir", paramLabel = "DIR", description = "The TA directory (default: <jtee home>/ta).")
    Path taDir;

    @Override
    int run() throws CommandFailure, IOException {
        if (secure) {
            if (taDir != null) {
                throw CommandFailure.usage("--ta-dir does not go with --secure");
            }
            try (CoreAdmin core = CoreAdmin.connect(socket)) {
                core.uninstall(uuid);
                System.out.println("removed " + uuid + " from the secure storage of the core at " + core.socket());
            }
            return 0;
        }
        if (socket != null) {
            throw CommandFailure.usage("--socket goes with --secure");
        }
        Path file = (taDir != null ? taDir : TaCommand.defaultTaDirectory()).resolve(uuid + ".ta");
        if (!Files.deleteIfExists(file)) {
            throw CommandFailure.failed("no " + file + " to remove");
        }
        System.out.println("removed " + file);
        return 0;
    }
}
