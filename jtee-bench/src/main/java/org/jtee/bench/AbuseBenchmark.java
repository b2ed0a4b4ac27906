package org.jtee.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jtee.bench.abuse.AbuseMix;
import org.jtee.bench.abuse.Misbehaviour;
import org.jtee.bench.abuse.WellBehavedClient;
import org.jtee.common.TeeException;

/**
 * {@code abuse}: a well-behaved client's NOOP latency with the core idle, then with the whole
 * abuse mix running against the same core ({@link AbuseMix}), in the same run. Reports
 * {@code idle-p99}, {@code abused-p99} and {@code ratio} = abused-p99 / idle-p99; a core that
 * keeps one misbehaving party from affecting the others keeps the ratio small (the target is 5).
 */
public final class AbuseBenchmark {
    /** Calls before each timed run. */
    static final int WARMUP = 5_000;
    /** Timed calls, idle and abused each. */
    public static final int CALLS = 5_000;
    /** The most the mix may take to be at full strength ({@link AbuseMix#awaitEngaged}) before the abused calls start. */
    static final long ENGAGE_BOUND_MILLIS = 60_000;
    /** The abused run fails, naming what the mix did, if it has not finished by then. */
    static final long ABUSED_BOUND_SECONDS = 60;

    private AbuseBenchmark() {}

    /** Runs against the core at {@code socket}, which must serve the bench's TAs. */
    public static List<Measurement> run(Path socket, AbuseMix.Options options) throws TeeException {
        double idle;
        double abused;
        try (WellBehavedClient client = WellBehavedClient.open(socket)) {
            idle = p99(client);
            try (AbuseMix mix = AbuseMix.start(socket, EnumSet.allOf(Misbehaviour.class), options)) {
                awaitEngaged(mix);
                abused = boundedP99(client, mix);
            }
        }
        return List.of(new Measurement("abuse", "idle-p99", "us", idle),
                new Measurement("abuse", "abused-p99", "us", abused),
                new Measurement("abuse", "ratio", "x", abused / idle));
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
    private static double boundedP99(WellBehavedClient client, AbuseMix mix) throws TeeException {
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
                    + ABUSED_BOUND_SECONDS + " s under the abuse mix; the mix: " + describe(mix));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TeeException t) {
                throw t;
            }
            throw new IllegalStateException("a well-behaved call failed under the abuse mix: " + e.getCause()
                    + "; the mix: " + describe(mix), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** One line per part: what it last saw. */
    public static String describe(AbuseMix mix) {
        return mix.reports().stream().map(r -> r.part() + ": " + r.note()
                + (r.failure() != null ? " (failed: " + r.failure() + ")" : "")).collect(Collectors.joining("; "));
    }

    private static void awaitEngaged(AbuseMix mix) {
        try {
            mix.awaitEngaged(ENGAGE_BOUND_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
