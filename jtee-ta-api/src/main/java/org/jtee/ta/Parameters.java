package org.jtee.ta;

import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The four parameters of an entry point ({@code paramTypes} and {@code TEE_Param[4]}). Access
 * checks the type: asking slot 1 for a value when it holds a memory reference fails with
 * {@code TEE_ERROR_BAD_PARAMETERS}, as does {@link #expect} on any mismatch.
 */
public final class Parameters {
    private static final Object[] NONE = new Object[4];

    private final Object[] slots;

    /** Each slot is {@code null} (NONE), a {@link Value} or a {@link MemoryReference}. */
    public Parameters(Object p0, Object p1, Object p2, Object p3) {
        this.slots = new Object[] {p0, p1, p2, p3};
        for (Object p : slots) {
            if (p != null && !(p instanceof Value) && !(p instanceof MemoryReference)) {
                throw new IllegalArgumentException("not a parameter: " + p.getClass().getName());
            }
        }
    }

    /** Four NONE parameters. */
    public static Parameters none() {
        return new Parameters(NONE[0], NONE[1], NONE[2], NONE[3]);
    }

    /** The packed types, as {@code TEE_PARAM_TYPES}. */
    public int types() {
        int t = 0;
        for (int i = 0; i < 4; i++) {
            t |= typeOf(slots[i]) << (4 * i);
        }
        return t;
    }

    /** The type of slot {@code index}. */
    public int type(int index) {
        return typeOf(slots[index]);
    }

    private static int typeOf(Object p) {
        if (p instanceof Value v) {
            return v.type();
        }
        return p instanceof MemoryReference m ? m.type() : ParamTypes.NONE;
    }

    /**
     * Fails unless the types are exactly {@code (t0, t1, t2, t3)}.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} naming both type lists
     */
    public void expect(int t0, int t1, int t2, int t3) throws TeeException {
        int expected = ParamTypes.of(t0, t1, t2, t3);
        if (types() != expected) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP,
                    "parameter types " + ParamTypes.describe(types()) + ", expected " + ParamTypes.describe(expected));
        }
    }

    /** Slot {@code index} as a value. */
    public Value value(int index) throws TeeException {
        if (slots[index] instanceof Value v) {
            return v;
        }
        throw wrongType(index, "a value");
    }

    /** Slot {@code index} as a memory reference. */
    public MemoryReference memref(int index) throws TeeException {
        if (slots[index] instanceof MemoryReference m) {
            return m;
        }
        throw wrongType(index, "a memory reference");
    }

    private TeeException wrongType(int index, String wanted) {
        return new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TRUSTED_APP,
                "parameter " + index + " is " + ParamTypes.name(type(index)) + ", not " + wanted);
    }

    /** Slot {@code index} as it is: null, a {@link Value} or a {@link MemoryReference}. */
    public Object get(int index) {
        return slots[index];
    }
}
