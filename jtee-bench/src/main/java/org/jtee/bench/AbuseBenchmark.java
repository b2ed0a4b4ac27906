package org.jtee.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jtee.bench.abuse.AbuseMix;
import org.jtee.bench.abuse.AbuseMixProcess;
import org.jtee.bench.abuse.Misbehaviour;
import org.jtee.bench.abuse.WellBehavedClient;
import org.jtee.common.TeeException;

/**
 * {@code abuse}: a well-behaved client's NOOP latency with the core idle, then with the whole
 * abuse mix running against the same core ({@link AbuseMix}), in the same run.
 * The mix runs in a process of its own ({@link AbuseMixProcess}), as attackers do. Reports
 * {@code idle-p99}, {@code abused-p99} and {@code ratio} = abused-p99 / idle-p99; a core that
 * keeps one misbehaving party from affecting the others keeps the ratio small (the target is 5).
 */
public final class AbuseBenchmark {
    /** Calls before each timed run: as {@code invoke}'s, past the core's JIT compilation. */
    static final int WARMUP = Benchmarks.INVOKE_WARMUP;
    /** Timed calls, idle and abused each: as {@code invoke}'s. */
    public static final int CALLS = Benchmarks.INVOKE_CALLS;
    /** The most the mix may take to be at full strength ({@link AbuseMix#awaitEngaged}) before the abused calls start. */
    static final long ENGAGE_BOUND_MILLIS = 60_000;
    /** The abused run fails, naming what the mix did, if it has not finished by then. */
    static final long ABUSED_BOUND_SECONDS = 120;

    private AbuseBenchmark() {}

    /** Runs against the core at {@code socket}, which must serve the bench's TAs. */
    public static List<Measurement> run(Path socket, AbuseMix.Options options) throws TeeException, IOException {
        double idle;
        double abused;
        try (WellBehavedClient client = WellBehavedClient.open(socket)) {
            idle = p99(client);
            try (AbuseMixProcess mix = AbuseMixProcess.start(socket, parts(), options, ENGAGE_BOUND_MILLIS)) {
                abused = boundedP99(client);
                mixReport = mix.stop();
            }
        }
        return List.of(new Measurement("abuse", "idle-p99", "us", idle),
                new Measurement("abuse", "abused-p99", "us", abused),
                new Measurement("abuse", "ratio", "x", abused / idle));
    }

    /** What each part of the mix did in the last {@link #run}, one line each. */
    public static List<String> lastMixReport() {
        return mixReport;
    }

    private static volatile List<String> mixReport = List.of();

    /**
     * The parts of the mix: all of them, or those named in {@code -Djtee.abuse.parts=A,B} (through
     * {@code JTEE_JAVA_OPTS}), to tell which part costs the well-behaved client what.
     */
    static Set<Misbehaviour> parts() {
        String named = System.getProperty("jtee.abuse.parts", "").trim();
        if (named.isEmpty()) {
            return EnumSet.allOf(Misbehaviour.class);
        }
        Set<Misbehaviour> parts = EnumSet.noneOf(Misbehaviour.class);
        for (String part : named.split(",")) {
            parts.add(Misbehaviour.valueOf(part.trim().toUpperCase(java.util.Locale.ROOT)));
        }
        return parts;
    }

    private static double p99(WellBehavedClient client) throws TeeException {
        for (int i = 0; i < WARMUP; i++) {
            client.noop();
        }
        long[] nanos = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            client.noop();
            nanos[i] = System.nanoTime() - t0;
        }
        return new Percentiles(nanos).micros(99);
    }

    /** {@link #p99} on another thread; closes the client (failing a stuck call) if it takes too long. */
    private static double boundedP99(WellBehavedClient client) throws TeeException {
        CompletableFuture<Double> run = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("abuse-well-behaved").start(() -> {
            try {
                run.complete(p99(client));
            } catch (TeeException | RuntimeException e) {
                run.completeExceptionally(e);
            }
        });
        try {
            return run.get(ABUSED_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            client.close();
            throw new IllegalStateException("a well-behaved client did not finish " + CALLS + " calls within "
                    + ABUSED_BOUND_SECONDS + " s under the abuse mix");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TeeException t) {
                throw t;
            }
            throw new IllegalStateException("a well-behaved call failed under the abuse mix: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
