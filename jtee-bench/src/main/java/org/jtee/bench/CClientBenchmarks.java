package org.jtee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code invoke} and {@code shm} through the C client library, libteec.so.2: the same calls as
 * {@link Benchmarks#invoke} and {@link Benchmarks#shm}, made by {@code teec_bench}
 * (native/bench/teec_bench.c) in a process of its own against the same core, timed per call in
 * C and summed up here with the same percentiles. Each result carries the ratio to the Java
 * client's figure of the same run: C p50 / Java p50 for {@code invoke}, C / Java throughput for
 * {@code shm}.
 */
public final class CClientBenchmarks {
    private static final long TIMEOUT_SECONDS = 600;

    private CClientBenchmarks() {}

    /**
     * {@code invoke-c}: C p50, p90, p99, throughput; {@code ratio} = C p50 / the floor the Java run
     * measured ({@code baseline-p50}); {@code vs-java} = C p50 / Java p50. Then
     * {@code invoke-memref-c}: the same no-op with the PKCS#11 module's parameters (three partial
     * references into one allocated segment), with its {@code ratio} to the same floor and
     * {@code vs-value} = its p50 / {@code invoke-c} p50.
     *
     * @param java the Java client's {@link Benchmarks#invoke} measurements of this run
     */
    public static List<Measurement> invoke(Path teecBench, Path socket, TargetTa ta, List<Measurement> java)
            throws IOException {
        String bench = ta.benchName("invoke") + "-c";
        double javaP50Micros = value(java, ta.benchName("invoke"), "p50");
        double floorMicros = value(java, ta.benchName("invoke"), "baseline-p50");
        List<Measurement> m = noop(teecBench, socket, ta, "invoke", bench);
        m.add(new Measurement(bench, "ratio", "x", m.getFirst().value() / floorMicros));
        m.add(new Measurement(bench, "vs-java", "x", m.getFirst().value() / javaP50Micros));
        String memrefBench = ta.benchName("invoke") + "-memref-c";
        List<Measurement> memref = noop(teecBench, socket, ta, "invoke-memref", memrefBench);
        memref.add(new Measurement(memrefBench, "ratio", "x", memref.getFirst().value() / floorMicros));
        memref.add(new Measurement(memrefBench, "vs-value", "x", memref.getFirst().value() / m.getFirst().value()));
        m.addAll(memref);
        return m;
    }

    /** {@code teec_bench mode} of NOOP calls: latency and throughput as {@code bench}. */
    private static List<Measurement> noop(Path teecBench, Path socket, TargetTa ta, String mode, String bench)
            throws IOException {
        Timed t = run(teecBench, socket, List.of(mode, ta.uuid().toString(), Integer.toString(BenchTa.CMD_NOOP),
                Integer.toString(Benchmarks.INVOKE_WARMUP), Integer.toString(Benchmarks.INVOKE_CALLS)));
        return Benchmarks.latency(bench, t.nanos, new Measurement(bench, "throughput", "calls/s", t.nanos.length / t.seconds));
    }

    /**
     * {@code shm-c}: C latency and MiB/s; {@code ratio} = the Java run's floor ({@code baseline}, the
     * bare read of the buffer) / C MiB/s; {@code vs-java} = C MiB/s / Java MiB/s.
     *
     * @param java the Java client's {@link Benchmarks#shm} measurements of this run
     */
    public static List<Measurement> shm(Path teecBench, Path socket, TargetTa ta, List<Measurement> java)
            throws IOException {
        String bench = ta.benchName("shm") + "-c";
        double javaMibPerSecond = value(java, ta.benchName("shm"), "throughput");
        double floorMibPerSecond = value(java, ta.benchName("shm"), "baseline");
        Timed t = run(teecBench, socket, List.of("shm", ta.uuid().toString(), Integer.toString(BenchTa.CMD_READ),
                Integer.toString(Benchmarks.SHM_BYTES), Integer.toString(Benchmarks.SHM_WARMUP),
                Integer.toString(Benchmarks.SHM_CALLS)));
        double mibPerSecond = (double) t.nanos.length * Benchmarks.SHM_BYTES / (1 << 20) / t.seconds;
        List<Measurement> m = Benchmarks.latency(bench, t.nanos,
                new Measurement(bench, "throughput", "MiB/s", mibPerSecond));
        m.add(new Measurement(bench, "ratio", "x", floorMibPerSecond / mibPerSecond));
        m.add(new Measurement(bench, "vs-java", "x", mibPerSecond / javaMibPerSecond));
        return m;
    }

    /** The figure {@code metric} of {@code bench} in {@code all}. */
    static double value(List<Measurement> all, String bench, String metric) {
        for (Measurement m : all) {
            if (m.bench().equals(bench) && m.metric().equals(metric)) {
                return m.value();
            }
        }
        throw new IllegalStateException("no " + metric + " of " + bench + " was measured");
    }

    private record Timed(double seconds, long[] nanos) {}

    private static Timed run(Path binary, Path socket, List<String> args) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IOException(binary + " is missing: build the native code (native/build.sh)");
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        NativeProgram.Result r = NativeProgram.run("teec_bench", command, Map.of("JTEE_SOCKET", socket.toString()),
                line -> {}, TIMEOUT_SECONDS);
        if (r.exit() != 0 || r.out().isEmpty()) {
            throw new IOException("teec_bench " + args.getFirst() + " failed (exit " + r.exit() + "): "
                    + String.join("\n", r.err()).strip());
        }
        long[] nanos = r.out().stream().skip(1).mapToLong(Long::parseLong).toArray();
        return new Timed(Double.parseDouble(r.out().getFirst()), nanos);
    }
}
