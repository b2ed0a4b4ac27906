package org.jtee.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;

/**
 * Benchmarks of TA hosts, through {@link IsolatedBenchTa}: how long opening a session to a TA that
 * is not running takes (a new instance, so a new host), and what an idle host costs in memory.
 * The core's warm pool is watched through the system PTA's HOST_POOL command.
 */
public final class HostBenchmarks {
    /** Opens measured by {@code open} with the warm pool. */
    public static final int WARM_OPENS = 30;
    /** Opens measured by {@code open} against a core without a pool: each boots a JVM. */
    public static final int COLD_OPENS = 10;
    /**
     * How long {@code memory} leaves the host idle before it asks: past the JVM's periodic clean-up
     * of its compiler arenas (every 5 s) and the trim of the native heap that follows, so what is
     * measured is what an idle host keeps, not what loading the TA briefly used.
     */
    static final long IDLE_MILLIS = 7_000;
    private static final long POLL_MILLIS = 2;
    /** Bound on waiting for the pool to refill, or for a closed host to exit. */
    private static final long WAIT_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    private HostBenchmarks() {}

    /** Bare JVM starts measured for {@code open}'s baseline. */
    public static final int JVM_STARTS = 5;

    /**
     * {@code open} (warm): before each open, waits until the pool is full again, so the open takes
     * a booted host; then opens, invokes NOOP once, closes, and waits for the host to exit. Then
     * {@code baseline}: the median time to start a bare JVM to its first line of output, what a
     * host boot costs at the least (the pool hides it from {@code open}; {@code open-cold} pays it).
     *
     * @throws IllegalStateException if the core keeps no pool, or it does not refill in time
     */
    public static List<Measurement> openWarm(TeeContext ctx) throws TeeException, IOException {
        try (TeeSession system = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            if (hostPool(system).b() == 0) {
                throw new IllegalStateException("the core keeps no warm pool of TA hosts (--host-pool 0)");
            }
            long[] nanos = new long[WARM_OPENS];
            for (int i = 0; i < WARM_OPENS; i++) {
                awaitFullPool(system);
                nanos[i] = openInvokeClose(ctx);
            }
            List<Measurement> m = new ArrayList<>(openLatency("open", nanos));
            m.add(new Measurement("open", "baseline", "ms", new Percentiles(Floors.jvmStartNanos(JVM_STARTS)).millis(50)));
            return m;
        }
    }

    /** Second-session opens measured (after as many untimed). */
    public static final int SECOND_OPENS = 2_000;

    /**
     * {@code open-second}: opening a session to a TA whose instance already runs in its host
     * ({@link SessionBenchTa}: one instance, many sessions, kept alive), while a first session
     * holds it; each open is closed again. Then {@code invoke-p50}, a NOOP on the same instance,
     * and {@code ratio} = p50 / invoke-p50: what an open costs beyond a call, which is one round
     * trip to the host more than nothing.
     */
    public static List<Measurement> openSecond(TeeContext ctx) throws TeeException {
        try (TeeSession first = ctx.openSession(SessionBenchTa.UUID, LoginMethod.PUBLIC, null)) {
            long[] nanos = new long[SECOND_OPENS];
            for (int i = -SECOND_OPENS; i < SECOND_OPENS; i++) {
                long t0 = System.nanoTime();
                TeeSession s = ctx.openSession(SessionBenchTa.UUID, LoginMethod.PUBLIC, null);
                long t = System.nanoTime() - t0;
                s.close();
                if (i >= 0) {
                    nanos[i] = t;
                }
            }
            long[] calls = new long[SECOND_OPENS];
            Operation noop = Operation.of(ValueParameter.inout(1, 2));
            for (int i = -SECOND_OPENS; i < SECOND_OPENS; i++) {
                long t0 = System.nanoTime();
                first.invokeCommand(SessionBenchTa.CMD_NOOP, noop);
                if (i >= 0) {
                    calls[i] = System.nanoTime() - t0;
                }
            }
            Percentiles open = new Percentiles(nanos);
            double invoke = new Percentiles(calls).micros(50);
            return List.of(new Measurement("open-second", "p50", "us", open.micros(50)),
                    new Measurement("open-second", "p90", "us", open.micros(90)),
                    new Measurement("open-second", "invoke-p50", "us", invoke),
                    new Measurement("open-second", "ratio", "x", open.micros(50) / invoke));
        }
    }

    /** {@code open-cold}: as {@link #openWarm}, against a core without a pool (not checked). */
    public static List<Measurement> openCold(TeeContext ctx) throws TeeException {
        long[] nanos = new long[COLD_OPENS];
        for (int i = 0; i < COLD_OPENS; i++) {
            nanos[i] = openInvokeClose(ctx);
        }
        return openLatency("open-cold", nanos);
    }

    /** One open, timed; the NOOP and close after it are not, and the host has exited on return. */
    private static long openInvokeClose(TeeContext ctx) throws TeeException {
        long t0 = System.nanoTime();
        TeeSession s = ctx.openSession(IsolatedBenchTa.UUID, LoginMethod.PUBLIC, null);
        long nanos = System.nanoTime() - t0;
        ValueParameter pid = ValueParameter.output();
        try (s) {
            s.invokeCommand(IsolatedBenchTa.CMD_NOOP, Operation.of(ValueParameter.inout(1, 2)));
            s.invokeCommand(IsolatedBenchTa.CMD_PID, Operation.of(pid));
        }
        awaitExit(pid.a());
        return nanos;
    }

    /**
     * {@code memory}: opens a session, leaves the host idle, then asks it for its unique and
     * resident set sizes; also reports how many hosts ran then (this one and the pooled ones).
     */
    public static List<Measurement> memory(TeeContext ctx) throws TeeException {
        try (TeeSession system = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null);
                TeeSession s = ctx.openSession(IsolatedBenchTa.UUID, LoginMethod.PUBLIC, null)) {
            sleep(IDLE_MILLIS);
            ValueParameter kib = ValueParameter.output();
            s.invokeCommand(IsolatedBenchTa.CMD_USS, Operation.of(kib));
            int hosts = 1 + hostPool(system).a();
            return List.of(new Measurement("memory", "uss", "MiB", kib.a() / 1024.0),
                    new Measurement("memory", "rss", "MiB", kib.b() / 1024.0),
                    new Measurement("memory", "hosts", "count", hosts));
        }
    }

    private static List<Measurement> openLatency(String bench, long[] nanos) {
        Percentiles p = new Percentiles(nanos);
        return List.of(new Measurement(bench, "p50", "ms", p.millis(50)),
                new Measurement(bench, "p90", "ms", p.millis(90)),
                new Measurement(bench, "max", "ms", p.maxMillis()));
    }

    private static ValueParameter hostPool(TeeSession system) throws TeeException {
        ValueParameter v = ValueParameter.output();
        system.invokeCommand(SystemPtaContract.CMD_HOST_POOL, Operation.of(v));
        return v;
    }

    /**
     * Waits until the core can load dynamic TAs and is idle: its supplicant link is up (REE_TIME
     * answers) and its warm pool full (at once if it keeps none), so no host boots meanwhile.
     *
     * @throws IllegalStateException if that takes more than 30 s
     */
    public static void awaitReady(TeeContext ctx) throws TeeException {
        try (TeeSession system = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            awaitSupplicant(system);
            awaitFullPool(system);
        }
    }

    private static void awaitSupplicant(TeeSession system) throws TeeException {
        long deadline = System.nanoTime() + WAIT_BOUND_NANOS;
        while (true) {
            try {
                system.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(ValueParameter.output()));
                return;
            } catch (TeeException e) {
                if (e.result() != TeeResult.COMMUNICATION) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the core has had no supplicant for 30 s");
                }
                sleep(POLL_MILLIS);
            }
        }
    }

    private static void awaitFullPool(TeeSession system) throws TeeException {
        long deadline = System.nanoTime() + WAIT_BOUND_NANOS;
        ValueParameter v;
        while ((v = hostPool(system)).a() < v.b()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool did not refill within 30 s (" + v.a() + " of " + v.b() + " ready)");
            }
            sleep(POLL_MILLIS);
        }
    }

    /** Waits until the host that ran a closed session has exited (its JVM's exit costs CPU too). */
    private static void awaitExit(long pid) {
        Optional<ProcessHandle> host = ProcessHandle.of(pid);
        if (host.isEmpty()) {
            return;
        }
        try {
            host.get().onExit().get(WAIT_BOUND_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("TA host " + pid + " did not exit within 30 s of its session's close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
