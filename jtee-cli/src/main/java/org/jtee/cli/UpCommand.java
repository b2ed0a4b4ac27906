package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jtee.common.DefaultLocations;
import org.jtee.core.CoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee up}: the TEE in the foreground until SIGTERM or Ctrl-C. A supplicant that dies is
 * restarted; when the core exits, the supplicant is stopped too, and a core that failed makes
 * the status non-zero.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the core and the supplicant in the foreground (state under $JTEE_HOME or the XDG state directory).")
final class UpCommand implements Callable<Integer> {
    @Option(names = "--home", description = "State directory (default: $JTEE_HOME, else $XDG_STATE_HOME/jtee).")
    Path home;

    @Option(names = "--client-socket", description = "Where clients connect (default: $JTEE_SOCKET, else <home>/client.sock).")
    Path clientSocket;

    @Option(names = "--call-slots", description = "Calls that run at once (default: ${DEFAULT-VALUE}).")
    int callSlots = CoreConfig.DEFAULT_CALL_SLOTS;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = home != null ? home : DefaultLocations.home();
        Path socket = clientSocket != null ? clientSocket
                : home != null ? dir.resolve("client.sock") : DefaultLocations.clientSocket();
        CoreConfig config = new CoreConfig(dir.resolve("core"), socket, callSlots, true);
        TeeProcesses tee = TeeProcesses.start(config, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(tee::close, "jtee-up-stop"));
        System.out.println("jtee is up: clients connect to " + socket + " (Ctrl-C stops it)");
        int status = tee.superviseUntilCoreExits();
        tee.close();
        System.err.println("jtee: the core exited with status " + status);
        return status == 0 || status == 143 ? 0 : 1;
    }
}
