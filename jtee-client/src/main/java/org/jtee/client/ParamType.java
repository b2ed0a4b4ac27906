package org.jtee.client;

/** Client parameter types, with the values of {@code TEEC_*} in GP TEE Client API §4.5.6. */
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
}
