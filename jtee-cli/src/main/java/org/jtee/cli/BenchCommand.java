package org.jtee.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jtee.bench.AbuseBenchmark;
import org.jtee.bench.Benchmarks;
import org.jtee.bench.BuiltInBenchTa;
import org.jtee.bench.CClientBenchmarks;
import org.jtee.bench.CryptoBenchmarks;
import org.jtee.bench.HostBenchmarks;
import org.jtee.bench.IsolatedTaImage;
import org.jtee.bench.Measurement;
import org.jtee.bench.Pkcs11Benchmarks;
import org.jtee.bench.StorageBenchmarks;
import org.jtee.bench.abuse.AbuseMix;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee bench}: end-to-end benchmarks against a real core process started for the purpose
 * (or a running one with {@code --socket}), each beside its floor measured in the same run. The
 * core it starts is the only one with the bench's TAs: the built-in one comes from a class-path
 * entry only this command adds ({@link BuiltInBenchTa}), the dynamic ones are signed by a key
 * made for the run. See docs/bench.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the TEE: invoke, shm, open, memory, abuse, crypto, storage, pkcs11; no names: all but abuse, "
                + "crypto, storage and pkcs11.")
final class BenchCommand implements Callable<Integer> {
    /** The C client's benchmark program in the native build. */
    static final String TEEC_BENCH = "bench/teec_bench";
    /** The PKCS#11 consumer of {@code bench pkcs11} in the native build. */
    static final String P11_BENCH = "bench/p11_bench";

    @Parameters(arity = "0..*", description = "Benchmarks to run: invoke, shm, open, memory, abuse, crypto, storage, "
            + "pkcs11 (default: all but abuse, crypto, storage and pkcs11).")
    List<String> names = new ArrayList<>();

    @Option(names = "--ta", paramLabel = "TA",
            description = "The TA invoke and shm call: builtin (in the core; the default) or isolated (in a TA host).")
    String ta;

    @Option(names = "--client", paramLabel = "CLIENT", description = "java (the default) or c: with c, invoke and shm "
            + "are measured through the Java client and then through the C library libteec.so.2 in the same run, "
            + "with the ratio of the two (vs-java).")
    String client = "java";

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Option(names = "--socket", description = "Measure a running core instead of starting one (it must have the bench TAs, "
            + "which no core but bench's own has).")
    Path socket;

    @Option(names = "--log", description = "Show the log of the core, supplicant and TA hosts on standard error.")
    boolean log;

    /** Set when a benchmark measured part of what it should and failed the rest ({@code storage}). */
    private boolean partlyFailed;

    @Override
    public Integer call() throws IOException {
        BenchPlan plan;
        try {
            plan = BenchPlan.of(names, ta, socket == null);
        } catch (IllegalArgumentException e) {
            System.err.println("jtee bench: " + e.getMessage());
            return 2;
        }
        if (!client.equals("java") && !client.equals("c")) {
            System.err.println("jtee bench: --client is java or c, not " + client);
            return 2;
        }
        if (client.equals("c") && NativeBuild.program(TEEC_BENCH) == null) {
            System.err.println("jtee bench: --client c needs the native build (native/build.sh; bin/jtee builds it): "
                    + "no " + TEEC_BENCH + " under " + NativeBuild.release());
            return 2;
        }
        if (socket != null && !plan.needingOwnTee().isEmpty()) {
            String n = plan.needingOwnTee().getFirst();
            System.err.println("jtee bench: " + n + " needs a TEE of its own (" + BenchPlan.whyOwnTee(n) + "); not with --socket");
            return 2;
        }
        if (plan.includes("pkcs11") && NativeBuild.program(P11_BENCH) == null) {
            System.err.println("jtee bench: pkcs11 needs the native build (native/build.sh; bin/jtee builds it): "
                    + "no " + P11_BENCH + " under " + NativeBuild.release());
            return 2;
        }
        if (socket != null && plan.needsColdTee() && !json) {
            System.err.println("jtee bench: open-cold needs a TEE of its own; not measured with --socket");
        }
        List<Measurement> all = new ArrayList<>();
        int status = socket != null ? measure(socket, null, plan, all) : measureOwnTees(plan, all);
        if (status == 0 || !all.isEmpty()) {
            print(all);
        }
        return status;
    }

    /** The plan on a TEE with the default warm pool, then {@code open-cold} on one without. */
    private int measureOwnTees(BenchPlan plan, List<Measurement> all) throws IOException {
        int status = withOwnTee(TaLoading.DEFAULT_HOST_POOL, config -> measure(config.clientSocket(),
                config.supplicant().storageDirectoryBeside(config.stateDirectory()), plan, all));
        if (status != 0 || !plan.needsColdTee()) {
            return status;
        }
        List<Measurement> cold = new ArrayList<>();
        status = withOwnTee(0, config -> measureCold(config.clientSocket(), cold));
        all.addAll(afterLast(all, "open"), cold);
        return status;
    }

    private interface Measuring {
        int on(CoreConfig tee) throws IOException;
    }

    /** Runs {@code m} on a throw-away TEE of the bench's own ({@link #startOwnTee}). */
    private int withOwnTee(int hostPool, Measuring m) throws IOException {
        Path home = Files.createTempDirectory("jtee-bench-");
        try (OwnTee tee = startOwnTee(home, hostPool, log ? System.err : LogSink.discard())) {
            return m.on(tee.config());
        } finally {
            DemoCommand.deleteTree(home);
        }
    }

    /** A running TEE of the bench's own, and how it was configured. */
    record OwnTee(TeeProcesses processes, CoreConfig config) implements AutoCloseable {
        @Override
        public void close() {
            processes.close();
        }
    }

    /**
     * Starts a TEE under {@code home} (which must exist) that has the bench's TAs: the built-in
     * {@code BenchTa}, through a class-path entry written under {@code home} and added to this
     * core's alone, and the dynamic ones, signed by a fresh key that the core trusts (and no
     * other key: no development key).
     */
    static OwnTee startOwnTee(Path home, int hostPool, PrintStream sink) throws IOException {
        IsolatedTaImage.Installed ta = IsolatedTaImage.installUnder(home);
        Path builtIn = BuiltInBenchTa.classPathEntryUnder(home.resolve("built-in"));
        CoreConfig config = CoreConfig.under(home).withTaLoading(new TaLoading(List.of(ta.trustFile()), null, null,
                hostPool, TaLoading.DEFAULT_CANCEL_HARD_LIMIT_MILLIS, false));
        return new OwnTee(TeeProcesses.start(config, List.of(ta.taDirectory()), List.of(builtIn), sink), config);
    }

    /** {@code abuse}, then what the mix did, on standard error. */
    private static List<Measurement> abuse(Path socket) throws TeeException, IOException {
        List<Measurement> m = AbuseBenchmark.run(socket, AbuseMix.Options.defaults());
        AbuseBenchmark.lastMixReport().forEach(line -> System.err.println("jtee bench: abuse mix: " + line));
        return m;
    }

    /**
     * Runs {@code plan} against the core at {@code path}; {@code storage} is the directory its
     * supplicant stores into (null when the core is not the command's own: then no {@code storage}).
     */
    private int measure(Path path, Path storage, BenchPlan plan, List<Measurement> all) {
        try (TeeContext ctx = TeeContext.open(path)) {
            HostBenchmarks.awaitReady(ctx);
            for (BenchPlan.Run r : plan.runs()) {
                progress(r.ta().benchName(r.name()));
                all.addAll(switch (r.name()) {
                    case "invoke" -> withC(ctx, Benchmarks.invoke(ctx, r.ta()), m -> {
                        progress(r.ta().benchName("invoke") + "-c");
                        return CClientBenchmarks.invoke(NativeBuild.program(TEEC_BENCH), path, r.ta(), m);
                    });
                    case "shm" -> withC(ctx, Benchmarks.shm(ctx, r.ta()), m -> {
                        progress(r.ta().benchName("shm") + "-c");
                        return CClientBenchmarks.shm(NativeBuild.program(TEEC_BENCH), path, r.ta(), m);
                    });
                    case "open" -> {
                        List<Measurement> open = new java.util.ArrayList<>(HostBenchmarks.openWarm(ctx));
                        progress("open-second");
                        open.addAll(HostBenchmarks.openSecond(ctx));
                        yield open;
                    }
                    case "memory" -> HostBenchmarks.memory(ctx);
                    case "abuse" -> abuse(path);
                    case "crypto" -> CryptoBenchmarks.run(ctx, this::progress);
                    case "storage" -> storage(path, storage);
                    case "pkcs11" -> pkcs11(path);
                    default -> throw new IllegalStateException("no benchmark " + r.name());
                });
            }
            return partlyFailed ? 1 : 0;
        } catch (TeeException | IOException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("jtee bench: " + e.getMessage());
            return 1;
        }
    }

    /**
     * {@code storage}: what it measured; a backend or session count that failed is named on
     * standard error, and makes the command fail once the rest is measured and printed.
     */
    private List<Measurement> storage(Path path, Path storage) throws IOException {
        StorageBenchmarks.Result r = StorageBenchmarks.run(path, storage, this::progress,
                note -> System.err.println("jtee bench: " + note));
        for (String failure : r.failures()) {
            System.err.println("jtee bench: " + failure);
            partlyFailed = true;
        }
        return r.measurements();
    }

    /** {@code pkcs11}: jtee's PKCS#11 module against SoftHSM2, through {@code p11_bench} (checked by {@link #call}). */
    private List<Measurement> pkcs11(Path path) throws IOException {
        Path driver = NativeBuild.program(P11_BENCH);
        Path work = Files.createTempDirectory("jtee-bench-pkcs11-");
        try {
            return Pkcs11Benchmarks.run(driver, NativeBuild.release().resolve(Pkcs11Command.MODULE), path, work,
                    this::progress, note -> System.err.println("jtee bench: " + note));
        } finally {
            DemoCommand.deleteTree(work);
        }
    }

    private interface CRun {
        List<Measurement> after(List<Measurement> java) throws IOException;
    }

    /**
     * The Java client's measurements, then, with {@code --client c}, the C library's of the same
     * bench, once the core is idle again: the Java run's TA host has gone and the warm pool is
     * refilled, so no JVM boots during the C run that did not boot during the Java one.
     */
    private List<Measurement> withC(TeeContext ctx, List<Measurement> java, CRun c) throws IOException, TeeException {
        if (!client.equals("c")) {
            return java;
        }
        HostBenchmarks.awaitReady(ctx);
        List<Measurement> both = new ArrayList<>(java);
        both.addAll(c.after(java));
        return both;
    }

    private int measureCold(Path path, List<Measurement> cold) {
        progress("open-cold");
        try (TeeContext ctx = TeeContext.open(path)) {
            HostBenchmarks.awaitReady(ctx);
            cold.addAll(HostBenchmarks.openCold(ctx));
            return 0;
        } catch (TeeException | IllegalStateException e) {
            System.err.println("jtee bench: " + e.getMessage());
            return 1;
        }
    }

    private void progress(String bench) {
        if (!json) {
            System.err.println("jtee bench: running " + bench + " …");
        }
    }

    /** The index after the last measurement of {@code bench} (the end if there is none). */
    private static int afterLast(List<Measurement> all, String bench) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).bench().equals(bench)) {
                return i + 1;
            }
        }
        return all.size();
    }

    private void print(List<Measurement> all) {
        if (json) {
            all.forEach(m -> System.out.println(m.json()));
            return;
        }
        int width = Math.max(16, all.stream().mapToInt(m -> m.bench().length()).max().orElse(0));
        System.out.printf("%-" + width + "s %-12s %12s  %s%n", "bench", "metric", "value", "unit");
        for (Measurement m : all) {
            // below 1, one decimal would hide the figure (a ratio of 0.025 would read 0.0)
            String value = String.format(Locale.ROOT, Math.abs(m.value()) < 1 ? "%12.3f" : "%12.1f", m.value());
            System.out.printf(Locale.ROOT, "%-" + width + "s %-12s %s  %s%n", m.bench(), m.metric(), value, m.unit());
        }
    }
}
