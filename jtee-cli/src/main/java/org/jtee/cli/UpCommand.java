package org.jtee.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jtee.common.DefaultLocations;
import org.jtee.core.ClientLimits;
import org.jtee.core.CoreConfig;
import org.jtee.core.InstanceLimits;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaDebug;
import org.jtee.core.TaLoading;
import org.jtee.tapkg.DevKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee up}: the TEE in the foreground until SIGTERM or Ctrl-C. The core starts the
 * supplicant, passing it the TA directories, and restarts it when it dies or stops answering; a
 * core that failed makes the status non-zero.
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

    @Option(names = "--ta-dir", description = "A directory of signed <uuid>.ta images the supplicant serves (the core "
            + "passes it on to the supplicant it starts); "
            + "repeatable, searched in order (default: <home>/ta, then the bundled example TAs).")
    List<Path> taDirectories = new ArrayList<>();

    @Option(names = "--trust", description = "A PEM file of TA signing keys or root certificates the core trusts; repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--no-dev-key", description = "Do not trust the development signing key (production).")
    boolean noDevKey;

    @Option(names = "--ta-encryption-key", description = "The AES-256 key (32 raw bytes) that decrypts encrypted TAs "
            + "(default: the development key's, if trusted).")
    Path encryptionKey;

    @Option(names = "--host-pool", description = "TA hosts kept booted ahead of need (default: ${DEFAULT-VALUE}).")
    int hostPool = TaLoading.DEFAULT_HOST_POOL;

    @Option(names = "--cancel-hard-limit-ms", description = "How long a cancelled call may run on before its TA host "
            + "is killed (default: ${DEFAULT-VALUE}).")
    long cancelHardLimitMillis = TaLoading.DEFAULT_CANCEL_HARD_LIMIT_MILLIS;

    @Option(names = "--ta-debug", arity = "0..1", fallbackValue = TaDebug.EVERY_TA_VALUE,
            paramLabel = "UUID[:PORT][:suspend]",
            description = "Let a debugger attach to the hosts of TA UUID, always on PORT (default: 5005 for the first "
            + "--ta-debug, 5006 for the second...); suspend: each host waits for the debugger before it runs. "
            + "Repeatable. Without a value (or =all): every TA host, on ports from 5005. Development only: such "
            + "hosts are neither confined nor protected (docs/debugging.md).")
    List<String> taDebug = new ArrayList<>();

    @Option(names = "--supplicant-timeout-ms", description = "How long an RPC to the supplicant (REE time, TA load) waits "
            + "for its reply; after one goes unanswered, RPCs fail at once until the supplicant answers again or the core "
            + "has replaced it (default: ${DEFAULT-VALUE}).")
    long supplicantTimeoutMillis = SupplicantSettings.DEFAULT_RPC_TIMEOUT_MILLIS;

    @Option(names = "--supplicant-write-timeout-ms", description = "How long the supplicant may take to accept a request "
            + "before the core kills and restarts it (default: ${DEFAULT-VALUE}).")
    long supplicantWriteTimeoutMillis = SupplicantSettings.DEFAULT_WRITE_TIMEOUT_MILLIS;

    @Option(names = "--max-calls-per-connection", description = "OPEN_SESSION and INVOKE calls of one connection "
            + "running or queued; at the limit the core stops reading it (default: ${DEFAULT-VALUE}).")
    int callsPerConnection = ClientLimits.DEFAULTS.callsPerConnection();

    @Option(names = "--max-connections-per-uid", description = "Connections of one user; more are closed at once "
            + "(default: ${DEFAULT-VALUE}).")
    int connectionsPerUid = ClientLimits.DEFAULTS.connectionsPerUid();

    @Option(names = "--max-connections", description = "Connections of all users together (default: ${DEFAULT-VALUE}).")
    int connections = ClientLimits.DEFAULTS.connections();

    @Option(names = "--reply-buffer-bytes", description = "Unread reply bytes the core keeps for one connection; "
            + "over it the client is disconnected (default: ${DEFAULT-VALUE}).")
    long replyBufferBytes = ClientLimits.DEFAULTS.replyBufferBytes();

    @Option(names = "--reply-budget-bytes", description = "Unread reply bytes the core keeps for all connections "
            + "together; a client whose reply does not fit is disconnected (default: ${DEFAULT-VALUE}).")
    long replyBudgetBytes = ClientLimits.DEFAULTS.replyBudgetBytes();

    @Option(names = "--write-timeout-ms", description = "How long a client may take to accept one reply before it "
            + "is disconnected (default: ${DEFAULT-VALUE}).")
    long writeTimeoutMillis = ClientLimits.DEFAULTS.writeTimeoutMillis();

    @Option(names = "--frame-budget-bytes", description = "Memory for request frames over 64 KiB, all clients "
            + "together (default: ${DEFAULT-VALUE}).")
    long frameBudgetBytes = ClientLimits.DEFAULTS.frameBudgetBytes();

    @Option(names = "--frame-budget-wait-ms", description = "How long a connection waits for frame memory before it "
            + "is disconnected (default: ${DEFAULT-VALUE}).")
    long frameBudgetWaitMillis = ClientLimits.DEFAULTS.frameBudgetWaitMillis();

    @Option(names = "--allow-weak-isolation", description = "Run TA hosts even where the kernel lacks Landlock or "
            + "seccomp, with what it has (logged at start and for every host); without it such hosts refuse to run.")
    boolean allowWeakIsolation;

    @Option(names = "--max-ta-instances-per-uid", description = "TA instances one client uid may create "
            + "(default: ${DEFAULT-VALUE}).")
    int maxInstancesPerUid = InstanceLimits.DEFAULTS.instancesPerUid();

    @Option(names = "--max-ta-instances", description = "TA instances in all (default: ${DEFAULT-VALUE}).")
    int maxInstances = InstanceLimits.DEFAULTS.instances();

    @Option(names = "--max-ta-hosts-per-uid", description = "TA hosts running instances one client uid created "
            + "(default: ${DEFAULT-VALUE}).")
    int maxHostsPerUid = InstanceLimits.DEFAULTS.hostsPerUid();

    @Option(names = "--max-ta-hosts", description = "TA hosts running an instance, in all (default: ${DEFAULT-VALUE}).")
    int maxHosts = InstanceLimits.DEFAULTS.hosts();

    /** Set by the shutdown hook: the core exits because it was told to, and its own last line says so. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = home != null ? home : DefaultLocations.home();
        Path socket = clientSocket != null ? clientSocket
                : home != null ? dir.resolve("client.sock") : DefaultLocations.clientSocket();
        TaDebug debug;
        try {
            debug = TaDebug.parse(taDebug);
        } catch (IllegalArgumentException e) {
            System.err.println("jtee up: " + e.getMessage());
            return 2;
        }
        TaLoading ta = new TaLoading(trust, noDevKey ? null : DevKeys.defaultDirectory(), encryptionKey, hostPool,
                cancelHardLimitMillis, debug, allowWeakIsolation,
                new InstanceLimits(maxInstancesPerUid, maxInstances, maxHostsPerUid, maxHosts));
        ClientLimits limits = new ClientLimits(callsPerConnection, connectionsPerUid, connections, replyBufferBytes,
                replyBudgetBytes, writeTimeoutMillis, frameBudgetBytes, frameBudgetWaitMillis);
        CoreConfig config = new CoreConfig(dir.resolve("core"), socket, callSlots, true, ta)
                .withSupplicant(SupplicantSettings.defaults().withRpcTimeout(supplicantTimeoutMillis)
                        .withWriteTimeout(supplicantWriteTimeoutMillis))
                .withClientLimits(limits);
        String running = RunningTee.conflict(config, dir);
        if (running != null) {
            System.err.println("jtee up: " + running);
            return 1;
        }
        // the terminal's lines, also kept in <home>/log (jtee logs); open until this process exits, for the last lines
        PrintStream log = LogFile.open(LogFile.under(dir), LogFile.DEFAULT_CAP_BYTES).alongside(System.err);
        TeeProcesses tee;
        try {
            tee = TeeProcesses.start(config, taDirectories(dir), log);
        } catch (IOException e) {
            log.println("jtee up: " + e.getMessage()); // the core's own line, above, says why
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            tee.close();
        }, "jtee-up-stop"));
        System.out.println("jtee is up: clients connect to " + socket + " (Ctrl-C stops it)");
        int status = tee.superviseUntilCoreExits();
        tee.close();
        if (!stopping) { // stopped by a signal, the JVM ends with the hook: a line now might reach the terminal only
            log.println("jtee: the core exited with status " + status);
        }
        return status == 0 || status == 143 ? 0 : 1;
    }

    private List<Path> taDirectories(Path home) {
        return taDirectories.isEmpty() ? TaCommand.servedDirectories(home) : taDirectories;
    }
}
