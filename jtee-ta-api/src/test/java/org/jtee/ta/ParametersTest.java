package org.jtee.ta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static MemoryReference memref(int type, int size) {
        return new MemoryReference(type, MemorySegment.ofArray(new byte[size]), false);
    }

    @Test
    void types_packedAsTeeParamTypes() {
        Parameters p = new Parameters(new Value(ParamTypes.VALUE_INOUT, 1, 2), null, memref(ParamTypes.MEMREF_OUTPUT, 4), null);
        assertEquals(ParamTypes.of(3, 0, 6, 0), p.types());
        assertEquals(0x0603, p.types());
    }

    @Test
    void expect_mismatch_badParametersNamingBoth() {
        Parameters p = new Parameters(new Value(ParamTypes.VALUE_INPUT, 1, 2), null, null, null);
        TeeException e = assertThrows(TeeException.class,
                () -> p.expect(ParamTypes.VALUE_INOUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
        assertTrue(e.getMessage().contains("VALUE_INPUT") && e.getMessage().contains("VALUE_INOUT"), e.getMessage());
    }

    @Test
    void accessWrongKind_badParameters() {
        Parameters p = new Parameters(memref(ParamTypes.MEMREF_INPUT, 4), null, null, null);
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> p.value(0)).result());
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> p.memref(1)).result());
    }

    @Test
    void inputValue_cannotBeWritten() {
        Value v = new Value(ParamTypes.VALUE_INPUT, 1, 2);
        assertThrows(IllegalStateException.class, () -> v.setA(3));
    }

    @Test
    void inputMemref_isReadOnlyAndSizeFixed() {
        MemoryReference m = memref(ParamTypes.MEMREF_INPUT, 8);
        assertTrue(m.buffer().isReadOnly());
        assertThrows(IllegalStateException.class, () -> m.setSize(2));
    }

    @Test
    void write_tooLarge_setsNeededSizeAndThrowsShortBuffer() {
        MemoryReference m = memref(ParamTypes.MEMREF_OUTPUT, 4);
        TeeException e = assertThrows(TeeException.class, () -> m.write(new byte[10]));
        assertEquals(TeeResult.SHORT_BUFFER, e.result());
        assertEquals(10, m.size());
    }

    @Test
    void write_fits_copiesAndSetsSize() throws Exception {
        MemoryReference m = memref(ParamTypes.MEMREF_INOUT, 8);
        m.write(new byte[] {1, 2, 3});
        assertEquals(3, m.size());
        assertArrayEquals(new byte[] {1, 2, 3}, m.toByteArray());
        assertEquals(3, m.buffer().get(ValueLayout.JAVA_BYTE, 2));
    }

    @Test
    void panic_throwsTaPanicWithCode() {
        TaPanic p = assertThrows(TaPanic.class, () -> Tee.panic(0xbad));
        assertEquals(0xbad, p.code());
    }

    @Test
    void random_differsBetweenCalls() {
        assertTrue(!java.util.Arrays.equals(Tee.random(32), Tee.random(32)));
    }
}
