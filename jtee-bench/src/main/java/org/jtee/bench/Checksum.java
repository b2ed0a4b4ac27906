package org.jtee.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;

/**
 * The commands both benchmark TAs share: READ computes a checksum over a buffer so that reading
 * it cannot be optimised away; FILL and SLEEP serve the abuse mix ({@code org.jtee.bench.abuse}).
 */
public final class Checksum {
    private Checksum() {}

    /**
     * The benchmark TAs' READ command: {@code p0 MEMREF_INPUT} is read whole, its checksum goes
     * to {@code p1 VALUE_OUTPUT} (a = low, b = high 32 bits).
     */
    static void read(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_INPUT, ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE);
        long sum = of(params.memref(0).buffer());
        params.value(1).setA((int) sum);
        params.value(1).setB((int) (sum >>> 32));
    }

    /**
     * The benchmark TAs' FILL command: {@code p0 MEMREF_OUTPUT} gets byte {@code i} =
     * {@code (p1.a + i) mod 256} in every byte, {@code p1 VALUE_INPUT}; the size written back is
     * the whole buffer.
     */
    static void fill(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_OUTPUT, ParamTypes.VALUE_INPUT, ParamTypes.NONE, ParamTypes.NONE);
        MemorySegment out = params.memref(0).buffer();
        int seed = params.value(1).a();
        for (long i = 0; i < out.byteSize(); i++) {
            out.set(ValueLayout.JAVA_BYTE, i, fillByte(seed, i));
        }
    }

    /** Byte {@code i} of what FILL writes for {@code seed}. */
    public static byte fillByte(int seed, long i) {
        return (byte) (seed + i);
    }

    /**
     * The benchmark TAs' SLEEP command: {@code p0 VALUE_INPUT}, a = milliseconds; cancellable
     * (TEE_ERROR_CANCEL when the client cancels the call, or goes away).
     */
    static void sleep(CallContext call, Parameters params) throws TeeException {
        params.expect(ParamTypes.VALUE_INPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
        call.unmaskCancellation();
        call.await(params.value(0).a());
    }

    /** XOR of every aligned long plus the tail bytes: reads the whole segment once. */
    static long of(MemorySegment m) {
        long n = m.byteSize();
        long words = n & ~7L;
        long acc = 0;
        for (long i = 0; i < words; i += 8) {
            acc ^= m.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        for (long i = words; i < n; i++) {
            acc ^= m.get(ValueLayout.JAVA_BYTE, i);
        }
        return acc;
    }
}
