package org.jtee.bench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
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
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * End-to-end call benchmarks against a running core, through the public client API and the real
 * socket: what an application sees. Each reports its floor, measured right after it in the same
 * run ({@link Floors}), and the ratio of the two. Session opening and TA host memory:
 * {@link HostBenchmarks}.
 */
public final class Benchmarks {
    /** Calls measured by {@code invoke}. */
    public static final int INVOKE_CALLS = 10_000;
    static final int INVOKE_WARMUP = 20_000;
    /** Bytes of the shared buffer {@code shm} reads: 1 MiB. */
    public static final int SHM_BYTES = 1 << 20;
    static final int SHM_CALLS = 2_000;
    static final int SHM_WARMUP = 1_000;
    /** The bytes on the socket of {@code invoke}'s request frame: header and an INVOKE with one VALUE_INOUT. */
    static final int INVOKE_REQUEST_BYTES = Wire.HEADER_BYTES
            + new Message.Invoke(1, BenchTa.CMD_NOOP, noopParams()).bodySize();
    /** The bytes of its reply frame: header and an INVOKE reply writing the value back. */
    static final int INVOKE_REPLY_BYTES = Wire.HEADER_BYTES
            + new Message.InvokeReply(0, 0, noopParams()).bodySize();

    private Benchmarks() {}

    /**
     * {@code invoke}: a no-op command to {@code ta}, after warm-up; then {@code baseline-p50}, the
     * median of a bare round trip between two JVMs with frames of the same sizes, and
     * {@code ratio} = p50 / baseline-p50. The floor is the same for both TAs: the client reaches
     * the core in one hop, and a TA host's extra hop is what {@code invoke-isolated} adds.
     */
    public static List<Measurement> invoke(TeeContext ctx, TargetTa ta) throws TeeException, IOException {
        List<Measurement> m = timeInvoke(ctx, ta);
        double p50 = m.getFirst().value();
        double floor = new Percentiles(Floors.roundTripNanos(INVOKE_REQUEST_BYTES, INVOKE_REPLY_BYTES, INVOKE_WARMUP,
                INVOKE_CALLS)).micros(50);
        m.add(new Measurement(m.getFirst().bench(), "baseline-p50", "us", floor));
        m.add(new Measurement(m.getFirst().bench(), "ratio", "x", p50 / floor));
        return m;
    }

    private static WireParams noopParams() {
        return WireParams.of(new WireParam.Value(WireParam.VALUE_INOUT, 1, 2, 0), null, null, null);
    }

    private static List<Measurement> timeInvoke(TeeContext ctx, TargetTa ta) throws TeeException {
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

    /**
     * {@code shm}: {@code ta} reads all of a registered 1 MiB shared-memory buffer; then
     * {@code baseline}, the same read of the same mapped buffer in this process (MiB/s), and
     * {@code ratio} = baseline / throughput: how many times the bare read one call costs.
     */
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
            double mibPerSecond = (double) SHM_CALLS * SHM_BYTES / (1 << 20) / seconds;
            List<Measurement> m = latency(bench, nanos, new Measurement(bench, "throughput", "MiB/s", mibPerSecond));
            double floor = Floors.readMibPerSecond(MemorySegment.ofBuffer(b), SHM_WARMUP, SHM_CALLS);
            m.add(new Measurement(bench, "baseline", "MiB/s", floor));
            m.add(new Measurement(bench, "ratio", "x", floor / mibPerSecond));
            return m;
        }
    }

    /** p50, p90, p99 of {@code nanos} in µs, then {@code throughput}. */
    static List<Measurement> latency(String bench, long[] nanos, Measurement throughput) {
        Percentiles p = new Percentiles(nanos);
        List<Measurement> m = new ArrayList<>();
        m.add(new Measurement(bench, "p50", "us", p.micros(50)));
        m.add(new Measurement(bench, "p90", "us", p.micros(90)));
        m.add(new Measurement(bench, "p99", "us", p.micros(99)));
        m.add(throughput);
        return m;
    }
}
