package org.jtee.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.ta.Parameters;

/** What the benchmark TAs compute over a buffer so that reading it cannot be optimised away. */
final class Checksum {
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
