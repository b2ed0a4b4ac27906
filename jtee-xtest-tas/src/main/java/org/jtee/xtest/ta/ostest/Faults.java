package org.jtee.xtest.ta.ostest;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.Parameters;

/**
 * BAD_MEM_ACCESS (xtest 1010): the faults OP-TEE's os_test makes the CPU raise, made the JVM's
 * way. Each is an access the JVM refuses with an exception the TA does not catch, so the TA
 * panics, as a C TA that faults does; the client sees TARGET_DEAD from the TEE.
 */
final class Faults {
    /** "Code" that is data: what a call to an address holding no code finds there. */
    private static volatile Object farAway = new byte[16];
    /** A function pointer that is NULL. */
    private static volatile Runnable nullFunction;

    private Faults() {}

    /** [0].a selects the fault; with an optional MIO [1], as xtest passes a shared buffer along. */
    static void badMemoryAccess(Parameters params) throws TeeException {
        int types = params.types();
        if (types != ParamTypes.of(VALUE_INPUT, NONE, NONE, NONE) && types != ParamTypes.of(VALUE_INPUT, MEMREF_INOUT, NONE, NONE)) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "parameter types " + ParamTypes.describe(types));
        }
        try (Arena local = Arena.ofConfined()) {
            MemorySegment stack = local.allocate(8);
            switch (params.value(0).a()) {
                case 1 -> MemorySegment.NULL.set(ValueLayout.JAVA_INT, 0, 0);
                case 2 -> MemorySegment.ofAddress(stack.address() + 0x4000_0000L).set(ValueLayout.JAVA_INT, 0, 0);
                case 3 -> nullFunction.run();
                case 4 -> ((Runnable) farAway).run();
                case 5 -> runUndefinedInstruction();
                case 6 -> local.allocate(0).get(ValueLayout.JAVA_BYTE, 0);
                case 7 -> local.allocate(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
                default -> {
                    // no fault asked for
                }
            }
        }
    }

    /**
     * Runs code the machine cannot run: a class file that is not one, which the JVM refuses
     * ({@link ClassFormatError}) as a CPU refuses an undefined instruction.
     */
    private static void runUndefinedInstruction() {
        byte[] notAClass = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 69, 0, 0};
        try {
            MethodHandles.lookup().defineClass(notAClass);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
