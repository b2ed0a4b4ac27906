package org.jtee.common;

/**
 * Parameter types as a trusted application sees them (GP Internal Core API §4.3.5,
 * {@code TEE_PARAM_TYPE_*}), and the packing of four of them into one 16-bit word.
 */
public final class ParamTypes {
    public static final int NONE = 0;
    public static final int VALUE_INPUT = 1;
    public static final int VALUE_OUTPUT = 2;
    public static final int VALUE_INOUT = 3;
    public static final int MEMREF_INPUT = 5;
    public static final int MEMREF_OUTPUT = 6;
    public static final int MEMREF_INOUT = 7;

    /** Number of parameters of every operation ({@code TEEC_CONFIG_PAYLOAD_REF_COUNT}). */
    public static final int COUNT = 4;

    private ParamTypes() {}

    /** {@code TEE_PARAM_TYPES(t0, t1, t2, t3)}. */
    public static int of(int t0, int t1, int t2, int t3) {
        return (t0 & 0xf) | (t1 & 0xf) << 4 | (t2 & 0xf) << 8 | (t3 & 0xf) << 12;
    }

    /** {@code TEE_PARAM_TYPE_GET(types, index)}. */
    public static int get(int types, int index) {
        return (types >>> (index * 4)) & 0xf;
    }

    public static boolean isValue(int type) {
        return type >= VALUE_INPUT && type <= VALUE_INOUT;
    }

    public static boolean isMemref(int type) {
        return type >= MEMREF_INPUT && type <= MEMREF_INOUT;
    }

    public static boolean isOutput(int type) {
        return type == VALUE_OUTPUT || type == VALUE_INOUT || type == MEMREF_OUTPUT || type == MEMREF_INOUT;
    }

    public static boolean isInput(int type) {
        return type == VALUE_INPUT || type == VALUE_INOUT || type == MEMREF_INPUT || type == MEMREF_INOUT;
    }

    public static String name(int type) {
        return switch (type) {
            case NONE -> "NONE";
            case VALUE_INPUT -> "VALUE_INPUT";
            case VALUE_OUTPUT -> "VALUE_OUTPUT";
            case VALUE_INOUT -> "VALUE_INOUT";
            case MEMREF_INPUT -> "MEMREF_INPUT";
            case MEMREF_OUTPUT -> "MEMREF_OUTPUT";
            case MEMREF_INOUT -> "MEMREF_INOUT";
            default -> "type " + type;
        };
    }

    /** Readable form of a packed word, e.g. {@code (VALUE_INOUT, NONE, NONE, NONE)}. */
    public static String describe(int types) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < COUNT; i++) {
            s.append(i == 0 ? "" : ", ").append(name(get(types, i)));
        }
        return s.append(')').toString();
    }
}
