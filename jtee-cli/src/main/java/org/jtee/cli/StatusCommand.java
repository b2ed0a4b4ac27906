package org.jtee.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.core.pta.SystemPtaContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtee status}: pings the core's system PTA and asks it for the REE time (via the supplicant). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Ping a running core.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--socket", description = "The core's client socket (default: $JTEE_SOCKET, else the state directory's).")
    Path socket;

    @Override
    public Integer call() {
        Path path = socket != null ? socket : DefaultLocations.clientSocket();
        try (TeeContext ctx = TeeContext.open(path);
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = ValueParameter.output();
            long t0 = System.nanoTime();
            s.invokeCommand(SystemPtaContract.CMD_PING, Operation.of(v));
            long micros = (System.nanoTime() - t0) / 1000;
            System.out.printf("core: up %d s at %s, protocol %d, ping %d us%n", Integer.toUnsignedLong(v.b()), path, v.a(), micros);
            System.out.println("supplicant: " + supplicant(s));
            return 0;
        } catch (TeeException e) {
            System.err.println("jtee status: " + e.getMessage());
            return 1;
        }
    }

    private static String supplicant(TeeSession s) {
        ValueParameter t = ValueParameter.output();
        try {
            s.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(t));
            return "connected, REE time " + Instant.ofEpochSecond(Integer.toUnsignedLong(t.a()), t.b());
        } catch (TeeException e) {
            return "not answering (" + e.getMessage() + ")";
        }
    }
}
