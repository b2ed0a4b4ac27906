package org.jtee.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the core process: {@code CoreMain --state-dir DIR --client-socket PATH
 * [--call-slots N] [--trust PEM]... [--dev-keys DIR | --no-dev-key] [--ta-encryption-key FILE]
 * [--host-pool N] [--cancel-hard-limit-ms N] [--ta-debug] [--max-ta-instances-per-uid N]
 * [--max-ta-instances N] [--max-ta-hosts-per-uid N] [--max-ta-hosts N]}. SIGTERM runs a clean shutdown.
 * The process is started by {@code jtee up}
 * with attach and heap dumps disabled.
 */
public final class CoreMain {
    private CoreMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-core %4$s: %5$s%6$s%n");
        CoreConfig config = parse(args);
        Core core = Core.start(config, CoreMain.class.getClassLoader());
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
        List<Path> trust = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--state-dir" -> config = config.withStateDirectory(Path.of(require(args[i], value)));
                case "--client-socket" -> config = config.withClientSocket(Path.of(require(args[i], value)));
                case "--call-slots" -> config = config.withCallSlots(Integer.parseInt(require(args[i], value)));
                case "--trust" -> trust.add(Path.of(require(args[i], value)));
                case "--dev-keys" -> ta = ta.withDevKeys(Path.of(require(args[i], value)));
                case "--ta-encryption-key" -> ta = ta.withEncryptionKey(Path.of(require(args[i], value)));
                case "--host-pool" -> ta = ta.withHostPool(Integer.parseInt(require(args[i], value)));
                case "--cancel-hard-limit-ms" -> ta = ta.withCancelHardLimit(Long.parseLong(require(args[i], value)));
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
                    ta = ta.withDebug(true);
                    i--;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        return config.withTaLoading(ta.withTrust(trust));
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
