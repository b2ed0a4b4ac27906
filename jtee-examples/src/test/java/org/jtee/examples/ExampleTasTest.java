package org.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.jtee.examples.helloworld.HelloWorldTa;
import org.jtee.examples.random.RandomContract;
import org.jtee.examples.random.RandomTa;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.Value;
import org.junit.jupiter.api.Test;

/** The example TAs follow OP-TEE's optee_examples protocols (reference: optee-examples-protocol.md). */
class ExampleTasTest {
    private final HelloWorldTa hello = new HelloWorldTa();
    private final RandomTa random = new RandomTa();

    @Test
    void helloWorld_incAndDec_wrapAt32Bits() throws Exception {
        Value v = new Value(ParamTypes.VALUE_INOUT, -1, 0);
        hello.invokeCommand(null, null, HelloWorldContract.CMD_INC_VALUE, new Parameters(v, null, null, null));
        assertEquals(0, v.a());
        hello.invokeCommand(null, null, HelloWorldContract.CMD_DEC_VALUE, new Parameters(v, null, null, null));
        assertEquals(-1, v.a(), "0 - 1 wraps to 0xFFFFFFFF");
    }

    @Test
    void helloWorld_wrongTypesOrUnknownCommand_badParameters() {
        Parameters input = new Parameters(new Value(ParamTypes.VALUE_INPUT, 1, 0), null, null, null);
        TeeException types = assertThrows(TeeException.class,
                () -> hello.invokeCommand(null, null, HelloWorldContract.CMD_INC_VALUE, input));
        assertEquals(TeeResult.BAD_PARAMETERS, types.result());
        TeeException cmd = assertThrows(TeeException.class, () -> hello.invokeCommand(null, null, 7, input));
        assertEquals(TeeResult.BAD_PARAMETERS, cmd.result());
    }

    @Test
    void helloWorld_openSessionWithParameters_badParameters() {
        Parameters some = new Parameters(new Value(ParamTypes.VALUE_INPUT, 1, 0), null, null, null);
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> hello.openSession(null, some)).result());
    }

    @Test
    void helloWorld_declaresOpteeProperties() {
        Ta ta = HelloWorldTa.class.getAnnotation(Ta.class);
        assertEquals("8aaaf200-2450-11e4-abe2-0002a5d5c51b", ta.uuid());
        TaProperty[] extra = HelloWorldTa.class.getAnnotationsByType(TaProperty.class);
        assertEquals("Some string", extra[0].string());
        assertEquals(0x10, extra[1].u32());
    }

    @Test
    void random_fillsTheWholeBuffer_sizeUnchanged() throws Exception {
        byte[] buffer = new byte[64];
        MemoryReference out = new MemoryReference(ParamTypes.MEMREF_OUTPUT, MemorySegment.ofArray(buffer), false);
        random.invokeCommand(null, null, RandomContract.CMD_GENERATE, new Parameters(out, null, null, null));
        assertEquals(64, out.size());
        assertFalse(Arrays.equals(new byte[64], buffer), "64 random bytes are not all zero");
    }

    @Test
    void random_wrongTypes_badParameters() {
        MemoryReference in = new MemoryReference(ParamTypes.MEMREF_INPUT, MemorySegment.ofArray(new byte[4]), false);
        TeeException e = assertThrows(TeeException.class,
                () -> random.invokeCommand(null, null, RandomContract.CMD_GENERATE, new Parameters(in, null, null, null)));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
    }
}
