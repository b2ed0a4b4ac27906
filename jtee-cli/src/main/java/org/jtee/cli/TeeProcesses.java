package org.jtee.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jtee.core.ClientLimits;
import org.jtee.core.CoreConfig;
import org.jtee.core.CoreMain;
import org.jtee.core.InstanceLimits;
import org.jtee.core.SupplicantSettings;
import org.jtee.core.TaLoading;
import org.jtee.supplicant.SupplicantMain;

/**
 * Starts and stops a running TEE: the core, in a hardened JVM (no attach, no heap dumps, not
 * dumpable) of the same JDK and class path as this command. The core starts its supplicant (and
 * restarts it) itself; the log lines of both go to {@code log}.
 */
final class TeeProcesses implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process core;
    /** Copies the core's output to the log; it ends when the core and everything it started have exited. */
    private final Thread output;

    private TeeProcesses(Process core, Thread output) {
        this.core = core;
        this.output = output;
    }

    /** Starts the core, with the supplicant {@code config} describes, and waits until it serves clients. */
    static TeeProcesses start(CoreConfig config, PrintStream log) throws IOException {
        return start(config, config.supplicant().taDirectories(), log);
    }

    /**
     * Starts the core, whose supplicant serves TA images from {@code taDirectories}, and waits
     * until it serves clients (the core waits for its supplicant before it does).
     */
    static TeeProcesses start(CoreConfig config, List<Path> taDirectories, PrintStream log) throws IOException {
        return start(config, taDirectories, List.of(), log);
    }

    /**
     * As {@link #start(CoreConfig, List, PrintStream)}, with {@code extraCoreClassPath} after this
     * command's class path in the core's only: how {@code jtee bench} gives its core built-in TAs
     * that no other core has.
     */
    static TeeProcesses start(CoreConfig config, List<Path> taDirectories, List<Path> extraCoreClassPath, PrintStream log)
            throws IOException {
        CoreConfig withTas = config.withSupplicant(config.supplicant().withTaDirectories(taDirectories));
        List<String> args = new ArrayList<>(coreArguments(withTas));
        args.addAll(supplicantArguments(withTas));
        Process core = launch(CoreMain.class.getName(), args, hardenedJvmOptions(), classPath(extraCoreClassPath));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread output = pump(core, "jtee core ready", ready, log);
        awaitReady(core, ready, "the core");
        return new TeeProcesses(core, output);
    }

    /** Waits for {@code ready}; kills {@code p} if it does not come. */
    private static void awaitReady(Process p, CompletableFuture<Void> ready, String what) throws IOException {
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            throw new IOException(what + " did not become ready: " + (e.getCause() != null ? e.getCause().getMessage() : "timeout"));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + what);
        }
    }

    /** {@code config} as the core's command line ({@link CoreMain}). */
    static List<String> coreArguments(CoreConfig config) {
        List<String> args = new ArrayList<>(List.of("--state-dir", config.stateDirectory().toString(),
                "--client-socket", config.clientSocket().toString(),
                "--call-slots", Integer.toString(config.callSlots())));
        TaLoading ta = config.taLoading();
        for (Path trust : ta.trustFiles()) {
            args.addAll(List.of("--trust", trust.toString()));
        }
        if (ta.devKeysDirectory() != null) {
            args.addAll(List.of("--dev-keys", ta.devKeysDirectory().toString()));
        } else {
            args.add("--no-dev-key");
        }
        if (ta.encryptionKeyFile() != null) {
            args.addAll(List.of("--ta-encryption-key", ta.encryptionKeyFile().toString()));
        }
        args.addAll(List.of("--host-pool", Integer.toString(ta.hostPoolSize()),
                "--cancel-hard-limit-ms", Long.toString(ta.cancelHardLimitMillis())));
        args.addAll(ta.debug().coreArguments());
        ClientLimits limits = config.clientLimits();
        args.addAll(List.of("--max-calls-per-connection", Integer.toString(limits.callsPerConnection()),
                "--max-connections-per-uid", Integer.toString(limits.connectionsPerUid()),
                "--max-connections", Integer.toString(limits.connections()),
                "--reply-buffer-bytes", Long.toString(limits.replyBufferBytes()),
                "--reply-budget-bytes", Long.toString(limits.replyBudgetBytes()),
                "--write-timeout-ms", Long.toString(limits.writeTimeoutMillis()),
                "--frame-budget-bytes", Long.toString(limits.frameBudgetBytes()),
                "--frame-budget-wait-ms", Long.toString(limits.frameBudgetWaitMillis())));
        if (ta.allowWeakIsolation()) {
            args.add("--allow-weak-isolation");
        }
        InstanceLimits instances = ta.instanceLimits();
        args.addAll(List.of("--max-ta-instances-per-uid", Integer.toString(instances.instancesPerUid()),
                "--max-ta-instances", Integer.toString(instances.instances()),
                "--max-ta-hosts-per-uid", Integer.toString(instances.hostsPerUid()),
                "--max-ta-hosts", Integer.toString(instances.hosts())));
        return args;
    }

    /** What the core passes on to the supplicant it starts, and the link's time limits. */
    static List<String> supplicantArguments(CoreConfig config) {
        SupplicantSettings s = config.supplicant();
        List<String> args = new ArrayList<>();
        for (Path dir : s.taDirectories()) {
            args.addAll(List.of("--ta-dir", dir.toString()));
        }
        if (s.storageDirectory() != null) {
            args.addAll(List.of("--storage-dir", s.storageDirectory().toString()));
        }
        args.addAll(List.of("--supplicant-timeout-ms", Long.toString(s.rpcTimeoutMillis()),
                "--supplicant-write-timeout-ms", Long.toString(s.writeTimeoutMillis())));
        return args;
    }

    /** Waits for the core to exit (the core itself restarts a supplicant that dies or hangs); returns its exit status. */
    int superviseUntilCoreExits() throws InterruptedException {
        return core.waitFor();
    }

    /**
     * JVM options of the core: the secure world's process refuses debuggers and dumps, and ends
     * on its first {@link OutOfMemoryError} rather than run on half-dead ({@code jtee up} then
     * reports the exit).
     */
    static List<String> hardenedJvmOptions() {
        return List.of("-XX:+DisableAttachMechanism", "-XX:-HeapDumpOnOutOfMemoryError", "-XX:+ExitOnOutOfMemoryError",
                "-Xmx512m");
    }

    /** This command's class path, then {@code extra}. */
    private static String classPath(List<Path> extra) {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        extra.forEach(p -> cp.append(java.io.File.pathSeparatorChar).append(p.toAbsolutePath()));
        return cp.toString();
    }

    private static Process launch(String mainClass, List<String> args, List<String> jvmOptions, String classPath)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Copies a child's output to {@code log}; completes {@code ready} when {@code marker} appears. */
    private static Thread pump(Process p, String marker, CompletableFuture<Void> ready, PrintStream log) {
        return Thread.ofPlatform().daemon().name("jtee-log-" + p.pid()).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (ready != null && marker != null && line.startsWith(marker)) {
                        ready.complete(null);
                    }
                    log.println(line);
                }
            } catch (IOException e) {
                log.println("jtee: lost the output of process " + p.pid() + ": " + e.getMessage());
            }
            if (ready != null) {
                ready.completeExceptionally(new IOException("it exited with status " + exitCode(p)));
            }
        });
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    Process core() {
        return core;
    }

    /** The supplicant the core runs now, if any (a new process after each restart). */
    Optional<ProcessHandle> supplicant() {
        return core.toHandle().children()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(SupplicantMain.class.getName()))
                .findFirst();
    }

    /** SIGTERM to the core, which ends its supplicant and TA hosts, then SIGKILL after 10 s. */
    @Override
    public void close() {
        stop(core);
        awaitOutput();
    }

    /**
     * Waits (5 s at most) until the core's last lines ("jtee core stopped") are in the log: a
     * shutdown hook that returned before would let the JVM end with them unread.
     */
    private void awaitOutput() {
        try {
            output.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process p) {
        // SIGTERM through the handle: Process.destroy() would also close the pipe and lose the last lines
        p.toHandle().destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
