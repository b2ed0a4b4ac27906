package org.jtee.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/** A multi-instance TA that misbehaves on request, for the core's tests. */
@Ta(uuid = ProbeTa.UUID_STRING, description = "core test probe")
public final class ProbeTa implements TrustedApplication<int[]> {
    public static final String UUID_STRING = "11111111-2222-3333-4444-555555555555";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_ADD = 0;
    public static final int CMD_WAIT = 1;
    public static final int CMD_PANIC = 2;
    public static final int CMD_THROW = 3;
    /** Writes value(1).a bytes of zeros to memref(0), after sleeping value(1).b ms. */
    public static final int CMD_WRITE = 4;
    public static final int CMD_SUM = 5;
    public static final int CMD_IDENTITY = 6;
    /** Counts {@link #ENTERED} down, waits for {@link #RESUME}, then sums memref 0 into value 1. */
    public static final int CMD_SUM_WHEN_RESUMED = 7;
    /** As {@link FaultTa#CMD_TA_TIME}. */
    public static final int CMD_TA_TIME = 8;
    /** As {@link FaultTa#CMD_SLEEP_WITH_TIMEOUT}, calling this TA's CMD_WAIT. */
    public static final int CMD_WAIT_WITH_TIMEOUT = 9;

    public static volatile CountDownLatch ENTERED = new CountDownLatch(1);
    public static volatile CountDownLatch RESUME = new CountDownLatch(1);

    public static final AtomicInteger OPENED = new AtomicInteger();
    public static final AtomicInteger CLOSED = new AtomicInteger();
    /** CMD_WRITE calls entered by every instance in this JVM, by the size asked for (tests tell their calls apart by it). */
    public static final Map<Integer, AtomicInteger> WRITES = new ConcurrentHashMap<>();

    @Override
    public int[] openSession(CallContext call, Parameters params) {
        OPENED.incrementAndGet();
        return new int[1];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void closeSession(int[] session) {
        CLOSED.incrementAndGet();
    }

    @Override
    public void invokeCommand(int[] session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case CMD_ADD -> {
                params.expect(ParamTypes.VALUE_INOUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
                params.value(0).setA(params.value(0).a() + params.value(0).b());
            }
            case CMD_WAIT -> {
                call.unmaskCancellation();
                call.await(params.value(0).a());
            }
            case CMD_PANIC -> throw Tee.panic(0xdead);
            case CMD_THROW -> throw new IllegalStateException("probe fails");
            case CMD_WRITE -> {
                WRITES.computeIfAbsent(params.value(1).a(), size -> new AtomicInteger()).incrementAndGet();
                sleep(params.value(1).b());
                params.memref(0).write(new byte[params.value(1).a()]);
            }
            case CMD_SUM_WHEN_RESUMED -> {
                ENTERED.countDown();
                try {
                    RESUME.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                invokeCommand(session, call, CMD_SUM, params);
            }
            case CMD_SUM -> {
                byte[] in = params.memref(0).toByteArray();
                int sum = 0;
                for (byte b : in) {
                    sum += b & 0xff;
                }
                params.value(1).setA(sum);
            }
            case CMD_TA_TIME -> FaultTa.taTime(call, params);
            case CMD_WAIT_WITH_TIMEOUT -> FaultTa.callWithTimeout(call, params, UUID, CMD_WAIT);
            case CMD_IDENTITY -> {
                params.memref(0).write(call.client().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + commandId);
        }
    }
}
