package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Value;
import org.junit.jupiter.api.Test;

class InlineParamsTest {
    @Test
    void callee_getsCopies_andTheCallerSeesWhatItWroteBack() throws Exception {
        byte[] callerBuffer = {1, 2, 3, 4};
        Value v = new Value(ParamTypes.VALUE_INOUT, 5, 6);
        MemoryReference m = new MemoryReference(ParamTypes.MEMREF_INOUT, MemorySegment.ofArray(callerBuffer), false);
        Parameters caller = new Parameters(v, m, null, null);
        WireParams request = InlineParams.toWire(caller);
        Parameters callee = InlineParams.toTa(request);
        callee.memref(1).buffer().set(ValueLayout.JAVA_BYTE, 0, (byte) 9);
        assertEquals(1, callerBuffer[0], "the callee wrote its own copy");
        callee.memref(1).setSize(2);
        callee.value(0).setA(50);
        InlineParams.applyReply(caller, InlineParams.writeBack(request, callee));
        assertArrayEquals(new byte[] {9, 2, 3, 4}, callerBuffer);
        assertEquals(2, m.size());
        assertEquals(50, v.a());
    }

    @Test
    void reply_withMoreBytesThanTheBuffer_isAProtocolError() {
        MemoryReference m = new MemoryReference(ParamTypes.MEMREF_OUTPUT, MemorySegment.ofArray(new byte[2]), false);
        WireParams reply = WireParams.of(null, null, new WireParam.TempMem(WireParam.TMEM_OUT, false, 3, new byte[3]), null);
        assertThrows(ProtocolException.class, () -> InlineParams.applyReply(new Parameters(null, null, m, null), reply));
    }

    @Test
    void sharedMemorySlot_onAnInlineLink_isAProtocolError() {
        assertThrows(ProtocolException.class, () -> InlineParams.checkInline(
                WireParams.of(new WireParam.ShmRef(WireParam.RMEM_IN, 1, 0, 8), null, null, null)));
    }
}
