package org.jtee.examples.hotp;

import java.util.UUID;

/**
 * The hotp TA's contract, the same as OP-TEE's {@code optee_examples/hotp}: HOTP one-time
 * passwords (RFC 4226) from a shared key and a counter kept in the session. Open session: all
 * parameter types NONE.
 *
 * <table>
 * <caption>commands (unused slots NONE)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>REGISTER_SHARED_KEY</td><td>0</td><td>p0 MEMREF_INPUT key, at most
 *     {@link #MAX_KEY_BYTES} bytes</td><td>keeps the key; the counter is not reset</td></tr>
 * <tr><td>GET_HOTP</td><td>1</td><td>p0 VALUE_OUTPUT</td><td>a = the 6-digit HOTP of the
 *     counter, which then advances (also when the key is unusable: shorter than
 *     {@link #MIN_KEY_BYTES}, e.g. none registered, is {@code TEE_ERROR_BAD_PARAMETERS})</td></tr>
 * </table>
 * A longer key, wrong parameter types or another id: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class HotpContract {
    public static final String UUID_STRING = "484d4143-2d53-4841-3120-4a6f636b6542";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_REGISTER_SHARED_KEY = 0;
    public static final int CMD_GET_HOTP = 1;

    /** The HMAC-SHA1 key sizes the TA accepts for GET_HOTP. */
    public static final int MIN_KEY_BYTES = 10;
    public static final int MAX_KEY_BYTES = 64;

    /** Digits of each HOTP value. */
    public static final int DIGITS = 6;

    private HotpContract() {}
}
