package org.jtee.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * End-to-end call benchmarks against a running core, through the public client API and the real
 * socket: what an application sees. Session opening and TA host memory: {@link HostBenchmarks}.
 */
public final class Benchmarks {
    /** Calls measured by {@code invoke}. */
    public static final int INVOKE_CALLS = 10_000;
    static final int INVOKE_WARMUP = 20_000;
    /** Bytes of the shared buffer {@code shm} reads: 1 MiB. */
    public static final int SHM_BYTES = 1 << 20;
    static final int SHM_CALLS = 2_000;
    static final int SHM_WARMUP = 1_000;

    private Benchmarks() {}

    /** {@code invoke}: a no-op command to {@code ta}, after warm-up. */
    public static List<Measurement> invoke(TeeContext ctx, TargetTa ta) throws TeeException {
        String bench = ta.benchName("invoke");
        try (TeeSession s = ctx.openSession(ta.uuid(), LoginMethod.PUBLIC, null)) {
            Operation op = Operation.of(ValueParameter.inout(1, 2));
            for (int i = 0; i < INVOKE_WARMUP; i++) {
                s.invokeCommand(BenchTa.CMD_NOOP, op);
            }
            long[] nanos = new long[INVOKE_CALLS];
            long start = System.nanoTime();
            for (int i = 0; i < INVOKE_CALLS; i++) {
                long t0 = System.nanoTime();
                s.invokeCommand(BenchTa.CMD_NOOP, op);
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return latency(bench, nanos, new Measurement(bench, "throughput", "calls/s", INVOKE_CALLS / seconds));
        }
    }

    /** {@code shm}: {@code ta} reads all of a registered 1 MiB shared-memory buffer. */
    public static List<Measurement> shm(TeeContext ctx, TargetTa ta) throws TeeException {
        String bench = ta.benchName("shm");
        try (TeeSession s = ctx.openSession(ta.uuid(), LoginMethod.PUBLIC, null);
                SharedMemory shm = ctx.allocateSharedMemory(SHM_BYTES, SharedMemory.INPUT)) {
            ByteBuffer b = shm.buffer();
            for (int i = 0; i < SHM_BYTES; i++) {
                b.put(i, (byte) (i * 31));
            }
            Operation op = Operation.of(SharedMemoryReference.whole(shm), ValueParameter.output());
            for (int i = 0; i < SHM_WARMUP; i++) {
                s.invokeCommand(BenchTa.CMD_READ, op);
            }
            long[] nanos = new long[SHM_CALLS];
            long start = System.nanoTime();
            for (int i = 0; i < SHM_CALLS; i++) {
                long t0 = System.nanoTime();
                s.invokeCommand(BenchTa.CMD_READ, op);
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double mib = (double) SHM_CALLS * SHM_BYTES / (1 << 20);
            return latency(bench, nanos, new Measurement(bench, "throughput", "MiB/s", mib / seconds));
        }
    }

    private static List<Measurement> latency(String bench, long[] nanos, Measurement throughput) {
        Percentiles p = new Percentiles(nanos);
        List<Measurement> m = new ArrayList<>();
        m.add(new Measurement(bench, "p50", "us", p.micros(50)));
        m.add(new Measurement(bench, "p90", "us", p.micros(90)));
        m.add(new Measurement(bench, "p99", "us", p.micros(99)));
        m.add(throughput);
        return m;
    }
}
