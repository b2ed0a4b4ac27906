package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The floors run for real: a second JVM, a socket, a mapped read. No figure is judged. */
class FloorsTest {
    @Test
    void invokeFrames_are52BytesEachWay_asDocsBenchSays() {
        assertEquals(52, Benchmarks.INVOKE_REQUEST_BYTES);
        assertEquals(52, Benchmarks.INVOKE_REPLY_BYTES);
    }

    @Test
    void roundTrip_toASecondJvm_timesEveryCall() throws Exception {
        long[] nanos = Floors.roundTripNanos(52, 1_000, 10, 50);
        assertEquals(50, nanos.length);
        assertTrue(Arrays.stream(nanos).allMatch(n -> n > 0), Arrays.toString(nanos));
    }

    @Test
    void jvmStart_timesEachStartToItsFirstLine() throws Exception {
        long[] nanos = Floors.jvmStartNanos(1);
        assertEquals(1, nanos.length);
        assertTrue(nanos[0] > 0);
    }

    @Test
    void read_ofAMappedSegment_givesAPositiveRate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(1 << 16);
            assertTrue(Floors.readMibPerSecond(m, 1, 10) > 0);
        }
    }
}
