package org.jtee.client;

/**
 * The parameter types of the client API, with the values of {@code TEEC_NONE} …
 * {@code TEEC_MEMREF_PARTIAL_INOUT} (GP TEE Client API §4.5.6), as {@link Operation#paramTypes()}
 * packs them. Constants only.
 */
public final class ParamType {
    public static final int NONE = 0x0;
    public static final int VALUE_INPUT = 0x1;
    public static final int VALUE_OUTPUT = 0x2;
    public static final int VALUE_INOUT = 0x3;
    public static final int MEMREF_TEMP_INPUT = 0x5;
    public static final int MEMREF_TEMP_OUTPUT = 0x6;
    public static final int MEMREF_TEMP_INOUT = 0x7;
    public static final int MEMREF_WHOLE = 0xC;
    public static final int MEMREF_PARTIAL_INPUT = 0xD;
    public static final int MEMREF_PARTIAL_OUTPUT = 0xE;
    public static final int MEMREF_PARTIAL_INOUT = 0xF;

    private ParamType() {}

    /** {@code TEEC_PARAM_TYPES(t0, t1, t2, t3)}: four types, 4 bits each. */
    public static int pack(int t0, int t1, int t2, int t3) {
        return (t0 & 0xf) | (t1 & 0xf) << 4 | (t2 & 0xf) << 8 | (t3 & 0xf) << 12;
    }

    /** {@code TEEC_PARAM_TYPE_GET(types, index)}. */
    public static int get(int types, int index) {
        return (types >>> (4 * index)) & 0xf;
    }

    /** The GP name without its {@code TEEC_} prefix, e.g. {@code MEMREF_TEMP_OUTPUT}. */
    public static String name(int type) {
        switch (type) {
            case NONE: return "NONE";
            case VALUE_INPUT: return "VALUE_INPUT";
            case VALUE_OUTPUT: return "VALUE_OUTPUT";
            case VALUE_INOUT: return "VALUE_INOUT";
            case MEMREF_TEMP_INPUT: return "MEMREF_TEMP_INPUT";
            case MEMREF_TEMP_OUTPUT: return "MEMREF_TEMP_OUTPUT";
            case MEMREF_TEMP_INOUT: return "MEMREF_TEMP_INOUT";
            case MEMREF_WHOLE: return "MEMREF_WHOLE";
            case MEMREF_PARTIAL_INPUT: return "MEMREF_PARTIAL_INPUT";
            case MEMREF_PARTIAL_OUTPUT: return "MEMREF_PARTIAL_OUTPUT";
            case MEMREF_PARTIAL_INOUT: return "MEMREF_PARTIAL_INOUT";
            default: return String.format("0x%x", type);
        }
    }
}
