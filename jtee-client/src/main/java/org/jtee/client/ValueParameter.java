package org.jtee.client;

import org.jtee.protocol.WireParam;

/** A value parameter: two unsigned 32-bit words ({@code TEEC_Value}). */
public final class ValueParameter extends Parameter {
    private final int type;
    private int a;
    private int b;

    private ValueParameter(int type, int a, int b) {
        this.type = type;
        this.a = a;
        this.b = b;
    }

    public static ValueParameter input(int a, int b) {
        return new ValueParameter(ParamType.VALUE_INPUT, a, b);
    }

    public static ValueParameter output() {
        return new ValueParameter(ParamType.VALUE_OUTPUT, 0, 0);
    }

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
    WireParam toWire(TeeContext context) {
        return new WireParam.Value(type, Integer.toUnsignedLong(a), Integer.toUnsignedLong(b), 0);
    }

    @Override
    void writeBack(WireParam reply) {
        if (type != ParamType.VALUE_INPUT && reply instanceof WireParam.Value v) {
            a = (int) v.a();
            b = (int) v.b();
        }
    }
}
