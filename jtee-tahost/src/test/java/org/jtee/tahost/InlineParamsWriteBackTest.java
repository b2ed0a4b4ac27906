package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jtee.common.ParamTypes;
import org.jtee.protocol.WireParam;
import org.jtee.ta.MemoryReference;
import org.junit.jupiter.api.Test;

/** The write-back of a shared-memory reference: only its size travels, the memory is not read. */
class InlineParamsWriteBackTest {
    @Test
    void sharedMemoryOutput_memoryGoneAfterTheCall_onlyTheSizeTravelsBack() {
        MemorySegment memory;
        try (Arena arena = Arena.ofConfined()) {
            memory = arena.allocate(64);
        }
        // any read of this segment now fails, as a read of a segment the client shrank would
        MemoryReference ta = new MemoryReference(ParamTypes.MEMREF_OUTPUT, memory, false);
        ta.setSize(16);
        WireParam request = new WireParam.ShmRef(WireParam.RMEM_OUT, 7, 128, 64);
        assertEquals(new WireParam.ShmRef(WireParam.RMEM_OUT, 7, 128, 16), InlineParams.writeBack(request, ta));
    }
}
