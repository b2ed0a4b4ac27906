package org.jtee.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.client.Operation;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;

/**
 * {@code jtee bench crypto}: each {@link CryptoCases} case through {@link CryptoBenchTa} in a TA
 * host, on the client's shared memory, beside the same case run in this process by the same code
 * on the same backend (its physical floor: the TA cannot do the operation faster than
 * the library does), and the ratio TA / in-process.
 *
 * <p>Bulk cases run once per call on 1 KiB and on 1 MiB of shared memory: a call's cost is in
 * the figure ({@code ta}); {@code ta-batched} runs them k times per call, as the single
 * operations are, which leaves the crypto's own rate in the TA. Single operations (signatures, KEM) run {@code k} times per call, {@code k} chosen
 * so a call takes about 10 ms: the figure is the TA's crypto rate, and a call's own cost is what
 * {@code jtee bench invoke} measures. Both sides first run for {@value #WARMUP_MILLIS} ms, long
 * enough for the TA host to compile the case and for the host the pool boots in its place to
 * finish its own crypto warm-up, which would otherwise share the CPU with the measurement. Then
 * the two sides alternate, {@value #ROUNDS} rounds of
 * {@value #ROUND_MILLIS} ms each, and each reports its best round: the machines are shared and
 * noisy, and the best round is the one least disturbed.
 *
 * <p>The steady figures come from one TA instance, one host JVM, that runs every case in the
 * order the bench's own JVM does, so that the JIT of each has seen the same code.
 * {@code first-us} is the first operation in a new TA instance, in a host the pool warmed up
 * ({@code CryptoWarmup}): what a TA's first seconds of crypto cost, beside {@code steady-us}, the
 * same call once warm.
 */
public final class CryptoBenchmarks {
    static final int ROUNDS = 3;
    static final int ROUND_MILLIS = 400;
    static final int WARMUP_MILLIS = 2500;
    static final int KIB = 1024;
    static final int MIB = 1 << 20;
    /** jtee-crypto's switch for its OpenSSL fast path ({@code docs/ta-crypto.md}, "Native fast path"). */
    static final String NATIVE_CRYPTO = "jtee.crypto.native";

    private CryptoBenchmarks() {}

    /** Every case; {@code progress} is told the name of each before it runs. */
    public static List<Measurement> run(TeeContext ctx, java.util.function.Consumer<String> progress)
            throws TeeException {
        List<Measurement> all = new ArrayList<>();
        // Same code, same backend: a TA host cannot load the system's OpenSSL (its Landlock domain
        // does not let it read the library), so its RSA and ECDSA run on the JDK and Bouncy
        // Castle; the in-process side does too, or the ratio would compare two backends.
        String nativeCrypto = System.getProperty(NATIVE_CRYPTO);
        System.setProperty(NATIVE_CRYPTO, "false");
        try {
            runAll(ctx, progress, all);
        } finally {
            if (nativeCrypto == null) {
                System.clearProperty(NATIVE_CRYPTO);
            } else {
                System.setProperty(NATIVE_CRYPTO, nativeCrypto);
            }
        }
        return all;
    }

    private static void runAll(TeeContext ctx, java.util.function.Consumer<String> progress, List<Measurement> all)
            throws TeeException {
        // one TA instance (one host JVM) for every steady figure, as the bench's own JVM is one:
        // both sides run the same sequence of cases, so both JITs have seen the same code
        try (TeeSession steady = ctx.openSession(CryptoBenchTa.UUID, LoginMethod.PUBLIC, null)) {
            for (String name : CryptoCases.BULK) {
                for (int size : new int[] {KIB, MIB}) {
                    String bench = "crypto-" + name + (size == KIB ? "-1k" : "-1m");
                    progress.accept(bench);
                    all.addAll(measure(ctx, steady, bench, name, size, true));
                }
            }
            for (String name : CryptoCases.SINGLE) {
                String bench = "crypto-" + name;
                progress.accept(bench);
                all.addAll(measure(ctx, steady, bench, name, 32, false));
            }
        }
    }

    private static List<Measurement> measure(TeeContext ctx, TeeSession s, String bench, String name, int size,
            boolean bulk) throws TeeException {
        int index = CryptoBenchTa.CASES.indexOf(name);
        try (SharedMemory in = ctx.allocateSharedMemory(size, SharedMemory.INPUT);
                SharedMemory out = ctx.allocateSharedMemory(size + 64, SharedMemory.OUTPUT);
                CryptoCases local = new CryptoCases(name)) {
            ByteBuffer data = in.buffer();
            for (int i = 0; i < size; i++) {
                data.put(i, (byte) (i * 31 + 7));
            }
            double firstMicros = firstOperationMicros(ctx, index, in, out);
            s.invokeCommand(CryptoBenchTa.CMD_PREPARE, Operation.of(ValueParameter.input(index, 0)));

            ByteBuffer localIn = ByteBuffer.allocateDirect(size);
            ByteBuffer localOut = ByteBuffer.allocateDirect(size + 64);
            localIn.put(data.duplicate().clear()).clear();
            warm(() -> invoke(s, index, 1, in, out), () -> local.run(localIn.clear(), localOut.clear()));
            // batch: operations per call for about 10 ms of work, the call's cost spread thin
            long one = System.nanoTime();
            local.run(localIn.clear(), localOut.clear());
            int batch = (int) Math.max(1, Math.min(10_000, 10_000_000L / Math.max(1, System.nanoTime() - one)));
            // bulk cases: one operation per call (the call's cost is part of the figure); others batched
            final int perCall = bulk ? 1 : batch;
            double taRate = 0;
            double batchedRate = 0;
            double localRate = 0;
            for (int r = 0; r < ROUNDS; r++) {
                taRate = Math.max(taRate, rate(() -> invoke(s, index, perCall, in, out), perCall));
                if (bulk) {
                    batchedRate = Math.max(batchedRate, rate(() -> invoke(s, index, batch, in, out), batch));
                }
                localRate = Math.max(localRate, rate(() -> {
                    for (int i = 0; i < perCall; i++) {
                        local.run(localIn.clear(), localOut.clear());
                    }
                }, perCall));
            }
            List<Measurement> m = new ArrayList<>();
            if (bulk) {
                double mb = size / 1e6;
                m.add(new Measurement(bench, "ta", "MB/s", taRate * mb));
                m.add(new Measurement(bench, "ta-batched", "MB/s", batchedRate * mb));
                m.add(new Measurement(bench, "in-process", "MB/s", localRate * mb));
            } else {
                m.add(new Measurement(bench, "ta", "ops/s", taRate));
                m.add(new Measurement(bench, "in-process", "ops/s", localRate));
            }
            m.add(new Measurement(bench, "ratio", "x", taRate / localRate));
            if (bulk) {
                m.add(new Measurement(bench, "ratio-batched", "x", batchedRate / localRate));
            }
            m.add(new Measurement(bench, "first-us", "us", firstMicros));
            m.add(new Measurement(bench, "steady-us", "us", 1e6 / taRate));
            return m;
        }
    }

    /** The first operation of case {@code index} in a new TA instance (a host from the warm pool). */
    private static double firstOperationMicros(TeeContext ctx, int index, SharedMemory in, SharedMemory out)
            throws TeeException {
        try (TeeSession fresh = ctx.openSession(CryptoBenchTa.UUID, LoginMethod.PUBLIC, null)) {
            fresh.invokeCommand(CryptoBenchTa.CMD_PREPARE, Operation.of(ValueParameter.input(index, 0)));
            long t0 = System.nanoTime();
            invoke(fresh, index, 1, in, out);
            return (System.nanoTime() - t0) / 1e3;
        }
    }

    private interface Step {
        void run() throws TeeException;
    }

    private static void invoke(TeeSession s, int index, int times, SharedMemory in, SharedMemory out) throws TeeException {
        s.invokeCommand(CryptoBenchTa.CMD_RUN, Operation.of(ValueParameter.input(index, times),
                SharedMemoryReference.whole(in), SharedMemoryReference.whole(out), ValueParameter.output()));
    }

    private static void warm(Step ta, Step local) throws TeeException {
        long end = System.nanoTime() + WARMUP_MILLIS * 1_000_000L;
        while (System.nanoTime() < end) {
            ta.run();
            local.run();
        }
    }

    /** Operations per second over one round of {@link #ROUND_MILLIS}, {@code opsPerStep} per step. */
    private static double rate(Step step, int opsPerStep) throws TeeException {
        long start = System.nanoTime();
        long end = start + ROUND_MILLIS * 1_000_000L;
        long steps = 0;
        long now;
        do {
            step.run();
            steps++;
            now = System.nanoTime();
        } while (now < end);
        return steps * opsPerStep / ((now - start) / 1e9);
    }
}
