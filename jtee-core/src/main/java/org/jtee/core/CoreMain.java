package org.jtee.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the core process: {@code CoreMain --state-dir DIR --client-socket PATH
 * [--call-slots N] [--trust PEM]... [--dev-keys DIR | --no-dev-key] [--ta-encryption-key FILE]
 * [--host-pool N] [--cancel-hard-limit-ms N] [--ta-debug | --ta-debug=UUID[:PORT][:suspend]...]
 * [--allow-weak-isolation] [--ta-dir DIR]... [--storage-dir DIR]
 * [--supplicant-timeout-ms N]
 * [--supplicant-write-timeout-ms N] [--max-calls-per-connection N] [--max-connections-per-uid N]
 * [--max-connections N] [--reply-buffer-bytes N] [--reply-budget-bytes N] [--write-timeout-ms N]
 * [--frame-budget-bytes N] [--frame-budget-wait-ms N] [--max-ta-instances-per-uid N] [--max-ta-instances N]
 * [--max-ta-hosts-per-uid N] [--max-ta-hosts N]}. The core starts the supplicant itself, passing
 * it the TA directories and the storage directory (default: {@code ree} beside the state
 * directory). SIGTERM runs a clean shutdown. The process is started by {@code jtee up}
 * with attach and heap dumps disabled and {@code -XX:+ExitOnOutOfMemoryError}
 * ({@code docs/limits.md} lists the limits).
 */
public final class CoreMain {
    /** The exit status of a core that could not boot; its one line on standard error says why. */
    public static final int EXIT_CANNOT_START = 1;

    private CoreMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-core %4$s: %5$s%6$s%n");
        CoreConfig config = parse(args);
        Core core;
        try {
            core = Core.start(config, CoreMain.class.getClassLoader());
        } catch (IOException e) {
            // another core on this state directory, a socket another process serves, a state directory
            // open to others: the message says what; a stack trace would only bury it
            System.err.println("jtee-core: cannot start: " + e.getMessage());
            System.exit(EXIT_CANNOT_START);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            core.close();
            // java.util.logging is already shut down when hooks run, so say it directly
            System.out.println("jtee core stopped");
        }, "jtee-shutdown"));
        System.out.println("jtee core ready on " + core.clientSocket());
        System.out.flush();
        core.awaitShutdown();
    }

    /** The options; see {@code jtee core --help}. */
    static CoreConfig parse(String[] args) {
        CoreConfig config = CoreConfig.defaults();
        TaLoading ta = config.taLoading();
        ClientLimits limits = config.clientLimits();
        List<Path> trust = new ArrayList<>();
        List<Path> taDirectories = new ArrayList<>();
        List<String> debug = new ArrayList<>();
        SupplicantSettings supplicant = config.supplicant();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].startsWith("--ta-debug=")) {
                debug.add(args[i].substring("--ta-debug=".length()));
                continue;
            }
            switch (args[i]) {
                case "--state-dir" -> config = config.withStateDirectory(Path.of(require(args[i], value)));
                case "--client-socket" -> config = config.withClientSocket(Path.of(require(args[i], value)));
                case "--call-slots" -> config = config.withCallSlots(Integer.parseInt(require(args[i], value)));
                case "--trust" -> trust.add(Path.of(require(args[i], value)));
                case "--dev-keys" -> ta = ta.withDevKeys(Path.of(require(args[i], value)));
                case "--ta-encryption-key" -> ta = ta.withEncryptionKey(Path.of(require(args[i], value)));
                case "--host-pool" -> ta = ta.withHostPool(Integer.parseInt(require(args[i], value)));
                case "--cancel-hard-limit-ms" -> ta = ta.withCancelHardLimit(Long.parseLong(require(args[i], value)));
                case "--ta-dir" -> taDirectories.add(Path.of(require(args[i], value)));
                case "--storage-dir" -> supplicant = supplicant.withStorageDirectory(Path.of(require(args[i], value)));
                case "--supplicant-timeout-ms" -> supplicant = supplicant.withRpcTimeout(Long.parseLong(require(args[i], value)));
                case "--supplicant-write-timeout-ms" ->
                        supplicant = supplicant.withWriteTimeout(Long.parseLong(require(args[i], value)));
                case "--max-calls-per-connection" -> limits = limits.withCallsPerConnection(Integer.parseInt(require(args[i], value)));
                case "--max-connections-per-uid" -> limits = limits.withConnectionsPerUid(Integer.parseInt(require(args[i], value)));
                case "--max-connections" -> limits = limits.withConnections(Integer.parseInt(require(args[i], value)));
                case "--reply-buffer-bytes" -> limits = limits.withReplyBufferBytes(Long.parseLong(require(args[i], value)));
                case "--reply-budget-bytes" -> limits = limits.withReplyBudgetBytes(Long.parseLong(require(args[i], value)));
                case "--write-timeout-ms" -> limits = limits.withWriteTimeoutMillis(Long.parseLong(require(args[i], value)));
                case "--frame-budget-bytes" -> limits = limits.withFrameBudgetBytes(Long.parseLong(require(args[i], value)));
                case "--frame-budget-wait-ms" -> limits = limits.withFrameBudgetWaitMillis(Long.parseLong(require(args[i], value)));
                case "--max-ta-instances-per-uid" -> ta = ta.withInstanceLimits(
                        ta.instanceLimits().withInstancesPerUid(Integer.parseInt(require(args[i], value))));
                case "--max-ta-instances" -> ta = ta.withInstanceLimits(
                        ta.instanceLimits().withInstances(Integer.parseInt(require(args[i], value))));
                case "--max-ta-hosts-per-uid" -> ta = ta.withInstanceLimits(
                        ta.instanceLimits().withHostsPerUid(Integer.parseInt(require(args[i], value))));
                case "--max-ta-hosts" -> ta = ta.withInstanceLimits(
                        ta.instanceLimits().withHosts(Integer.parseInt(require(args[i], value))));
                case "--no-dev-key" -> {
                    ta = ta.withDevKeys(null);
                    i--;
                }
                case "--ta-debug" -> {
                    debug.add(TaDebug.EVERY_TA_VALUE);
                    i--;
                }
                case "--allow-weak-isolation" -> {
                    ta = ta.withWeakIsolationAllowed(true);
                    i--;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        return config.withTaLoading(ta.withTrust(trust).withDebug(TaDebug.parse(debug)))
                .withSupplicant(supplicant.withTaDirectories(taDirectories))
                .withClientLimits(limits);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
