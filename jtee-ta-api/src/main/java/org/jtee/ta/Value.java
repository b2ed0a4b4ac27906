package org.jtee.ta;

import org.jtee.common.ParamTypes;

/** A value parameter ({@code TEE_Param.value}): two unsigned 32-bit words, a and b. */
public final class Value {
    private final int type;
    private int a;
    private int b;

    public Value(int type, int a, int b) {
        if (!ParamTypes.isValue(type)) {
            throw new IllegalArgumentException(ParamTypes.name(type) + " is not a value type");
        }
        this.type = type;
        this.a = a;
        this.b = b;
    }

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
        checkWritable();
        this.a = a;
    }

    public void setB(int b) {
        checkWritable();
        this.b = b;
    }

    private void checkWritable() {
        if (!ParamTypes.isOutput(type)) {
            throw new IllegalStateException("a VALUE_INPUT parameter cannot be written");
        }
    }
}
