package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.jtee.tapkg.TaVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee ta reset-floor UUID}: a running development core forgets the version floor of a TA
 * (the highest version of it that it has loaded), so that an older build loads again. A core that
 * does not trust the development key refuses ({@link CoreAdmin}: the core's own user only; the
 * rule and why it is sound: {@code docs/ta-hosts.md}, "Version floors while developing").
 */
@Command(name = "reset-floor", mixinStandardHelpOptions = true,
        description = {"Make a running development core forget a TA's version floor, so an older version loads again.",
            "A core that does not trust the development key refuses: its floors are rollback protection."})
final class TaResetFloorCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "UUID", description = "The TA's UUID.")
    UUID uuid;

    @Option(names = "--home", paramLabel = "DIR", description = "The home of the running TEE (its socket is DIR/client.sock).")
    Path home;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Override
    int run() throws CommandFailure, IOException {
        if (home != null && socket != null) {
            throw CommandFailure.usage("--home and --socket both name the core: give one");
        }
        try (CoreAdmin core = CoreAdmin.connect(home != null ? home.resolve("client.sock") : socket)) {
            long old = core.resetVersionFloor(uuid);
            System.out.println(old == 0
                    ? "the core at " + core.socket() + " had no version floor for TA " + uuid + ": any version of it loads"
                    : "the core at " + core.socket() + " forgot the version floor of TA " + uuid + " (it was "
                            + TaVersions.format(old) + "): any version of it loads again");
        }
        return 0;
    }
}
