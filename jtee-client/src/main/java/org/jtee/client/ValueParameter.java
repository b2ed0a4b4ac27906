package org.jtee.client;

import org.jtee.protocol.WireParam;

/**
 * A value parameter ({@code TEEC_Value}): two 32-bit words {@code a} and {@code b}, unsigned for
 * the TA (read them with {@link Integer#toUnsignedLong(int)} if they may exceed
 * {@link Integer#MAX_VALUE}). Input and inout values travel to the TA (an output value travels as
 * zeros); output and inout values are written back after the call, whatever its result. Not
 * thread-safe (see {@link Parameter}).
 */
public final class ValueParameter extends Parameter {
    private static final long U32 = 0xFFFF_FFFFL;

    private final int type;
    private int a;
    private int b;

    private ValueParameter(int type, int a, int b) {
        this.type = type;
        this.a = a;
        this.b = b;
    }

    /** {@code TEEC_VALUE_INPUT}. */
    public static ValueParameter input(int a, int b) {
        return new ValueParameter(ParamType.VALUE_INPUT, a, b);
    }

    /** {@code TEEC_VALUE_OUTPUT}: a and b start at 0 and hold the TA's values after the call. */
    public static ValueParameter output() {
        return new ValueParameter(ParamType.VALUE_OUTPUT, 0, 0);
    }

    /** {@code TEEC_VALUE_INOUT}. */
    public static ValueParameter inout(int a, int b) {
        return new ValueParameter(ParamType.VALUE_INOUT, a, b);
    }

    @Override
    public int type() {
        return type;
    }

    public int a() {
        return a;
    }

    public int b() {
        return b;
    }

    public void setA(int a) {
        this.a = a;
    }

    public void setB(int b) {
        this.b = b;
    }

    @Override
    WireParam encode(TeeContext context) {
        // client codes 1..3 are the wire's VALUE codes; c is unused by the client API, and an
        // output value carries nothing in (zeros, as docs/protocol.md states)
        if (type == ParamType.VALUE_OUTPUT) {
            return new WireParam.Value(type, 0, 0, 0);
        }
        return new WireParam.Value(type, a & U32, b & U32, 0);
    }

    @Override
    void writeBack(WireParam sent, WireParam reply) {
        if (type != ParamType.VALUE_INPUT && reply instanceof WireParam.Value) {
            WireParam.Value v = (WireParam.Value) reply;
            a = (int) v.a();
            b = (int) v.b();
        }
    }

    @Override
    public String toString() {
        return ParamType.name(type) + "(a=" + Integer.toUnsignedString(a) + ", b=" + Integer.toUnsignedString(b) + ")";
    }
}
