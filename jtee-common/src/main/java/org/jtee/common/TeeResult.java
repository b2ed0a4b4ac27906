package org.jtee.common;

import java.util.Map;

/**
 * Result codes of the GlobalPlatform TEE Client and Internal Core APIs, with their exact values
 * (GP TEE Client API 1.0 §4.4.2, Internal Core API 1.3 §3.3, and OP-TEE's extensions).
 *
 * <p>Codes stay {@code int}s because a TA may return any 32-bit value; {@link #name(int)} gives
 * the GP name where one exists.
 */
public final class TeeResult {
    public static final int SUCCESS = 0x00000000;
    public static final int GENERIC = 0xFFFF0000;
    public static final int ACCESS_DENIED = 0xFFFF0001;
    public static final int CANCEL = 0xFFFF0002;
    public static final int ACCESS_CONFLICT = 0xFFFF0003;
    public static final int EXCESS_DATA = 0xFFFF0004;
    public static final int BAD_FORMAT = 0xFFFF0005;
    public static final int BAD_PARAMETERS = 0xFFFF0006;
    public static final int BAD_STATE = 0xFFFF0007;
    public static final int ITEM_NOT_FOUND = 0xFFFF0008;
    public static final int NOT_IMPLEMENTED = 0xFFFF0009;
    public static final int NOT_SUPPORTED = 0xFFFF000A;
    public static final int NO_DATA = 0xFFFF000B;
    public static final int OUT_OF_MEMORY = 0xFFFF000C;
    public static final int BUSY = 0xFFFF000D;
    public static final int COMMUNICATION = 0xFFFF000E;
    public static final int SECURITY = 0xFFFF000F;
    public static final int SHORT_BUFFER = 0xFFFF0010;
    public static final int EXTERNAL_CANCEL = 0xFFFF0011;
    public static final int TIMEOUT = 0xFFFF3001;
    public static final int OVERFLOW = 0xFFFF300F;
    public static final int TARGET_DEAD = 0xFFFF3024;
    public static final int STORAGE_NO_SPACE = 0xFFFF3041;
    public static final int MAC_INVALID = 0xFFFF3071;
    public static final int SIGNATURE_INVALID = 0xFFFF3072;
    /** {@code TEE_ERROR_CIPHERTEXT_INVALID} (GP Internal Core API 1.3.1; OP-TEE's value). */
    public static final int CIPHERTEXT_INVALID = 0xF0100006;
    public static final int TIME_NOT_SET = 0xFFFF5000;
    public static final int TIME_NEEDS_RESET = 0xFFFF5001;
    /** OP-TEE extension: secure storage is not reachable (tee-supplicant not running). */
    public static final int STORAGE_NOT_AVAILABLE = 0xF0100003;
    /** OP-TEE extension: the second code for storage that is not reachable. */
    public static final int STORAGE_NOT_AVAILABLE_2 = 0xF0100004;
    /** {@code TEE_ERROR_CORRUPT_OBJECT}: a persistent object failed its integrity check. */
    public static final int CORRUPT_OBJECT = 0xF0100001;
    /** {@code TEE_ERROR_CORRUPT_OBJECT_2}: a persistent object's data failed its integrity check (GP's second code). */
    public static final int CORRUPT_OBJECT_2 = 0xF0100002;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(SUCCESS, "TEE_SUCCESS"),
            Map.entry(GENERIC, "TEE_ERROR_GENERIC"),
            Map.entry(ACCESS_DENIED, "TEE_ERROR_ACCESS_DENIED"),
            Map.entry(CANCEL, "TEE_ERROR_CANCEL"),
            Map.entry(ACCESS_CONFLICT, "TEE_ERROR_ACCESS_CONFLICT"),
            Map.entry(EXCESS_DATA, "TEE_ERROR_EXCESS_DATA"),
            Map.entry(BAD_FORMAT, "TEE_ERROR_BAD_FORMAT"),
            Map.entry(BAD_PARAMETERS, "TEE_ERROR_BAD_PARAMETERS"),
            Map.entry(BAD_STATE, "TEE_ERROR_BAD_STATE"),
            Map.entry(ITEM_NOT_FOUND, "TEE_ERROR_ITEM_NOT_FOUND"),
            Map.entry(NOT_IMPLEMENTED, "TEE_ERROR_NOT_IMPLEMENTED"),
            Map.entry(NOT_SUPPORTED, "TEE_ERROR_NOT_SUPPORTED"),
            Map.entry(NO_DATA, "TEE_ERROR_NO_DATA"),
            Map.entry(OUT_OF_MEMORY, "TEE_ERROR_OUT_OF_MEMORY"),
            Map.entry(BUSY, "TEE_ERROR_BUSY"),
            Map.entry(COMMUNICATION, "TEE_ERROR_COMMUNICATION"),
            Map.entry(SECURITY, "TEE_ERROR_SECURITY"),
            Map.entry(SHORT_BUFFER, "TEE_ERROR_SHORT_BUFFER"),
            Map.entry(EXTERNAL_CANCEL, "TEE_ERROR_EXTERNAL_CANCEL"),
            Map.entry(TIMEOUT, "TEE_ERROR_TIMEOUT"),
            Map.entry(OVERFLOW, "TEE_ERROR_OVERFLOW"),
            Map.entry(TARGET_DEAD, "TEE_ERROR_TARGET_DEAD"),
            Map.entry(STORAGE_NO_SPACE, "TEE_ERROR_STORAGE_NO_SPACE"),
            Map.entry(MAC_INVALID, "TEE_ERROR_MAC_INVALID"),
            Map.entry(SIGNATURE_INVALID, "TEE_ERROR_SIGNATURE_INVALID"),
            Map.entry(CIPHERTEXT_INVALID, "TEE_ERROR_CIPHERTEXT_INVALID"),
            Map.entry(TIME_NOT_SET, "TEE_ERROR_TIME_NOT_SET"),
            Map.entry(TIME_NEEDS_RESET, "TEE_ERROR_TIME_NEEDS_RESET"),
            Map.entry(STORAGE_NOT_AVAILABLE, "TEE_ERROR_STORAGE_NOT_AVAILABLE"),
            Map.entry(STORAGE_NOT_AVAILABLE_2, "TEE_ERROR_STORAGE_NOT_AVAILABLE_2"),
            Map.entry(CORRUPT_OBJECT, "TEE_ERROR_CORRUPT_OBJECT"),
            Map.entry(CORRUPT_OBJECT_2, "TEE_ERROR_CORRUPT_OBJECT_2"));

    private TeeResult() {}

    /** The GP name of {@code code}, or its hexadecimal value when GP names none. */
    public static String name(int code) {
        String name = NAMES.get(code);
        return name != null ? name : String.format("0x%08x", code);
    }
}
