package org.jtee.examples.sha;

import java.util.UUID;

/**
 * The sha TA's contract, the same as OP-TEE's {@code optee_examples/sha}: a MAC operation per
 * session (HMAC or AES-CMAC) and one-shot digests. Algorithms are GP ids ({@code TEE_ALG_*}).
 * Open session takes any parameters.
 *
 * <table>
 * <caption>commands (unused slots NONE)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>PREPARE</td><td>0</td><td>p0 VALUE_INPUT a = MAC algorithm; p1 VALUE_INPUT a = key
 *     bytes; p2 VALUE_INPUT a = {@code TYPE_*}</td><td>replaces the session's MAC operation;
 *     loads an all-zero key of that size</td></tr>
 * <tr><td>SET_KEY</td><td>1</td><td>p0 MEMREF_INPUT key, exactly the prepared size</td>
 *     <td>resets the operation and sets the key</td></tr>
 * <tr><td>SET_IV</td><td>2</td><td>p0 MEMREF_INPUT IV (NULL for HMAC and CMAC)</td>
 *     <td>{@code TEE_MACInit}</td></tr>
 * <tr><td>COMPUTE_MAC</td><td>3</td><td>p0 MEMREF_INPUT message; p1 MEMREF_OUTPUT</td><td>the
 *     MAC of the message <em>fed twice</em> (update, then final with the same bytes), as OP-TEE's
 *     TA does; p1.size = MAC length, also with {@code TEE_ERROR_SHORT_BUFFER}</td></tr>
 * <tr><td>COMPARE_MAC</td><td>4</td><td>p0 MEMREF_INPUT message; p1 MEMREF_INPUT expected MAC</td>
 *     <td>the same double feed, compared: {@code TEE_ERROR_MAC_INVALID} if it differs</td></tr>
 * <tr><td>COMPUTE_DIGEST</td><td>5</td><td>p0 MEMREF_INPUT message; p1 MEMREF_OUTPUT; p2
 *     VALUE_INPUT a = digest algorithm</td><td>the digest; p1.size = its length (SHAKE: the
 *     whole buffer)</td></tr>
 * </table>
 * Errors: an unknown key type or a key of the wrong size, or wrong parameter types:
 * {@code TEE_ERROR_BAD_PARAMETERS}; SET_KEY, SET_IV or a MAC command before PREPARE:
 * {@code TEE_ERROR_BAD_STATE}; an algorithm the TEE lacks: its GP error; other ids:
 * {@code TEE_ERROR_NOT_SUPPORTED}.
 */
public final class ShaContract {
    public static final String UUID_STRING = "1dc6a16b-2fba-4aa1-9519-ea8a6c8c16e5";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_PREPARE = 0;
    public static final int CMD_SET_KEY = 1;
    public static final int CMD_SET_IV = 2;
    public static final int CMD_COMPUTE_MAC = 3;
    public static final int CMD_COMPARE_MAC = 4;
    public static final int CMD_COMPUTE_DIGEST = 5;

    /** Key object types for PREPARE's p2. */
    public static final int TYPE_HMAC_SHA256 = 0;
    public static final int TYPE_HMAC_SHA1 = 1;
    public static final int TYPE_HMAC_SHA224 = 2;
    public static final int TYPE_HMAC_SHA384 = 3;
    public static final int TYPE_HMAC_SHA512 = 4;
    public static final int TYPE_AES = 5;

    private ShaContract() {}
}
