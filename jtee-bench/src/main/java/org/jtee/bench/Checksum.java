package org.jtee.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What the benchmark TAs compute over a buffer so that reading it cannot be optimised away. */
final class Checksum {
    private Checksum() {}

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
