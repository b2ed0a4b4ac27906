package org.jtee.core;

import java.nio.file.Path;

/**
 * Entry point of the core process: {@code CoreMain --state-dir DIR --client-socket PATH
 * [--call-slots N]}. SIGTERM runs a clean shutdown. The process is started by {@code jtee up}
 * with attach and heap dumps disabled.
 */
public final class CoreMain {
    private CoreMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL jtee-core %4$s: %5$s%6$s%n");
        CoreConfig config = CoreConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--state-dir" -> config = new CoreConfig(Path.of(require(args[i], value)), config.clientSocket(),
                        config.callSlots(), config.hardenProcess());
                case "--client-socket" -> config = new CoreConfig(config.stateDirectory(), Path.of(require(args[i], value)),
                        config.callSlots(), config.hardenProcess());
                case "--call-slots" -> config = config.withCallSlots(Integer.parseInt(require(args[i], value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
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

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
