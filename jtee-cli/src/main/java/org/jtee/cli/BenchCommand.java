package org.jtee.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jtee.bench.Benchmarks;
import org.jtee.bench.Measurement;
import org.jtee.client.TeeContext;
import org.jtee.common.TeeException;
import org.jtee.core.CoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jtee bench}: end-to-end benchmarks against a real core process started for the purpose
 * (or a running one with {@code --socket}). See docs/bench.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the TEE: invoke, shm, or all.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "Benchmarks to run: invoke, shm (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Option(names = "--socket", description = "Measure a running core instead of starting one (it must have the bench TA).")
    Path socket;

    @Override
    public Integer call() throws IOException {
        List<String> run = names.isEmpty() ? List.of("invoke", "shm") : names;
        for (String n : run) {
            if (!n.equals("invoke") && !n.equals("shm")) {
                System.err.println("jtee bench: unknown benchmark '" + n + "'; choose from invoke, shm");
                return 2;
            }
        }
        if (socket != null) {
            return measure(socket, run);
        }
        Path home = Files.createTempDirectory("jtee-bench-");
        try (TeeProcesses tee = TeeProcesses.start(CoreConfig.under(home), LogSink.discard())) {
            return measure(home.resolve("client.sock"), run);
        } finally {
            DemoCommand.deleteTree(home);
        }
    }

    private int measure(Path path, List<String> run) {
        List<Measurement> all = new ArrayList<>();
        try (TeeContext ctx = TeeContext.open(path)) {
            for (String n : run) {
                if (!json) {
                    System.err.println("jtee bench: running " + n + " …");
                }
                all.addAll(n.equals("invoke") ? Benchmarks.invoke(ctx) : Benchmarks.shm(ctx));
            }
        } catch (TeeException e) {
            System.err.println("jtee bench: " + e.getMessage());
            return 1;
        }
        print(all);
        return 0;
    }

    private void print(List<Measurement> all) {
        if (json) {
            all.forEach(m -> System.out.println(m.json()));
            return;
        }
        System.out.printf("%-8s %-12s %12s  %s%n", "bench", "metric", "value", "unit");
        for (Measurement m : all) {
            System.out.printf(Locale.ROOT, "%-8s %-12s %12.1f  %s%n", m.bench(), m.metric(), m.value(), m.unit());
        }
    }
}
