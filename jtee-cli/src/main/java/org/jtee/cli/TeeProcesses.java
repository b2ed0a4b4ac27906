package org.jtee.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jtee.core.CoreConfig;
import org.jtee.core.CoreMain;
import org.jtee.core.InstanceLimits;
import org.jtee.core.TaLoading;
import org.jtee.supplicant.SupplicantMain;

/**
 * Starts and stops the two processes of a running TEE: the core, in a hardened JVM (no attach,
 * no heap dumps, not dumpable), and the supplicant. Both run the same JDK and class path as this
 * command; their log lines go to {@code log}.
 */
final class TeeProcesses implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process core;
    private final CoreConfig config;
    private final PrintStream log;
    private volatile Process supplicant;
    /** Completes when the supplicant running now has said it is connected. */
    private volatile CompletableFuture<Void> supplicantReady;
    private volatile boolean stopping;

    private final List<Path> taDirectories;

    private TeeProcesses(Process core, CoreConfig config, List<Path> taDirectories, PrintStream log) throws IOException {
        this.core = core;
        this.config = config;
        this.taDirectories = List.copyOf(taDirectories);
        this.log = log;
        this.supplicant = startSupplicant();
    }

    /** Starts the core, waits until it serves clients, then starts a supplicant with no TA directory. */
    static TeeProcesses start(CoreConfig config, PrintStream log) throws IOException {
        return start(config, List.of(), log);
    }

    /**
     * Starts the core, waits until it serves clients, then starts the supplicant, which serves
     * TA images from {@code taDirectories}.
     */
    static TeeProcesses start(CoreConfig config, List<Path> taDirectories, PrintStream log) throws IOException {
        Process core = launch(CoreMain.class.getName(), coreArguments(config), hardenedJvmOptions());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        pump(core, "jtee core ready", ready, log);
        awaitReady(core, ready, "the core");
        TeeProcesses tee = new TeeProcesses(core, config, taDirectories, log);
        tee.awaitSupplicant();
        return tee;
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

    /** Returns once the supplicant has connected to the core, so the first TA load finds it. */
    private void awaitSupplicant() throws IOException {
        try {
            awaitReady(supplicant, supplicantReady, "the supplicant");
        } catch (IOException e) {
            close();
            throw e;
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
        if (ta.debug()) {
            args.add("--ta-debug");
        }
        InstanceLimits limits = ta.instanceLimits();
        args.addAll(List.of("--max-ta-instances-per-uid", Integer.toString(limits.instancesPerUid()),
                "--max-ta-instances", Integer.toString(limits.instances()),
                "--max-ta-hosts-per-uid", Integer.toString(limits.hostsPerUid()),
                "--max-ta-hosts", Integer.toString(limits.hosts())));
        return args;
    }

    private Process startSupplicant() throws IOException {
        List<String> args = new ArrayList<>(List.of("--core-socket", config.supplicantSocket().toString()));
        for (Path dir : taDirectories) {
            args.addAll(List.of("--ta-dir", dir.toString()));
        }
        Process p = launch(SupplicantMain.class.getName(), args, List.of("-Xmx64m"));
        supplicantReady = new CompletableFuture<>();
        pump(p, "jtee supplicant connected", supplicantReady, log);
        return p;
    }

    /**
     * Waits for the core to exit, restarting the supplicant whenever it dies (at most once a
     * second). Returns the core's exit status.
     */
    int superviseUntilCoreExits() throws InterruptedException, IOException {
        while (!core.waitFor(1, TimeUnit.SECONDS)) {
            if (!supplicant.isAlive() && !stopping) {
                log.println("jtee: the supplicant exited with status " + supplicant.exitValue() + "; restarting it");
                supplicant = startSupplicant();
            }
        }
        return core.exitValue();
    }

    /** JVM options of the core: the secure world's process refuses debuggers and dumps. */
    private static List<String> hardenedJvmOptions() {
        return List.of("-XX:+DisableAttachMechanism", "-XX:-HeapDumpOnOutOfMemoryError", "-Xmx512m");
    }

    private static Process launch(String mainClass, List<String> args, List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Copies a child's output to {@code log}; completes {@code ready} when {@code marker} appears. */
    private static void pump(Process p, String marker, CompletableFuture<Void> ready, PrintStream log) {
        Thread.ofPlatform().daemon().name("jtee-log-" + p.pid()).start(() -> {
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

    /** The supplicant running now (a new process after each restart). */
    Process supplicant() {
        return supplicant;
    }

    /** SIGTERM to both (supplicant first), then SIGKILL after 10 s. */
    @Override
    public void close() {
        stopping = true;
        stop(supplicant);
        stop(core);
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
