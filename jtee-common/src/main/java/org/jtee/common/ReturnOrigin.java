package org.jtee.common;

/** Where a result came from (GP TEE Client API §4.4.3: {@code TEEC_ORIGIN_*}). */
public final class ReturnOrigin {
    /** The client library itself refused the call. */
    public static final int API = 1;
    /** The link to the TEE failed: no core, a broken connection, a protocol error. */
    public static final int COMMS = 2;
    /** The TEE core answered, not the TA (unknown TA, bad parameters, a dead TA). */
    public static final int TEE = 3;
    /** The trusted application's entry point returned the result. */
    public static final int TRUSTED_APP = 4;

    private ReturnOrigin() {}

    public static String name(int origin) {
        return switch (origin) {
            case API -> "API";
            case COMMS -> "COMMS";
            case TEE -> "TEE";
            case TRUSTED_APP -> "TRUSTED_APP";
            default -> "origin " + origin;
        };
    }
}
