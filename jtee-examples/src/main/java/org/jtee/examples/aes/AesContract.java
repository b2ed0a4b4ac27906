package org.jtee.examples.aes;

import java.util.UUID;

/**
 * The aes TA's contract, the same as OP-TEE's {@code optee_examples/aes}: AES in ECB, CBC or CTR
 * mode, or authenticated with CCM or GCM, one operation per session. Open session takes any
 * parameters.
 *
 * <table>
 * <caption>commands (unused slots NONE)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>PREPARE</td><td>0</td><td>p0 VALUE_INPUT a = {@code ALGO_*}; p1 VALUE_INPUT a = key
 *     bytes (16 or 32); p2 VALUE_INPUT a = {@link #MODE_ENCODE} or {@link #MODE_DECODE}</td>
 *     <td>replaces the session's operation; loads an all-zero key</td></tr>
 * <tr><td>SET_KEY</td><td>1</td><td>p0 MEMREF_INPUT key, exactly the prepared size</td>
 *     <td>resets the operation and sets the key</td></tr>
 * <tr><td>SET_IV</td><td>2</td><td>p0 MEMREF_INPUT IV (NULL for ECB)</td>
 *     <td>{@code TEE_CipherInit}</td></tr>
 * <tr><td>CIPHER</td><td>3</td><td>p0 MEMREF_INPUT data; p1 MEMREF_OUTPUT, at least as large</td>
 *     <td>{@code TEE_CipherUpdate}; p1.size = bytes produced</td></tr>
 * <tr><td>AUTHENC</td><td>4</td><td>p0 MEMREF_INPUT data; p1 MEMREF_OUTPUT; p2 VALUE_INPUT a:
 *     non-zero encrypt, 0 decrypt; p3 MEMREF_INOUT tag</td><td>CCM or GCM with the nonce
 *     {@link #aeNonce()}, no AAD, a tag of p3.size bytes: encrypt writes the ciphertext to p1 and
 *     the tag to p3; decrypt checks the tag in p3 ({@code TEE_ERROR_MAC_INVALID})</td></tr>
 * </table>
 * Errors: unknown algorithm, key size or mode, a key of the wrong size, an output smaller than
 * the input, or wrong parameter types: {@code TEE_ERROR_BAD_PARAMETERS}; CIPHER, AUTHENC, SET_KEY
 * or SET_IV before PREPARE: {@code TEE_ERROR_BAD_STATE}; other ids: {@code TEE_ERROR_NOT_SUPPORTED}.
 */
public final class AesContract {
    public static final String UUID_STRING = "5dbac793-f574-4871-8ad3-04331ec17f24";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_PREPARE = 0;
    public static final int CMD_SET_KEY = 1;
    public static final int CMD_SET_IV = 2;
    public static final int CMD_CIPHER = 3;
    public static final int CMD_AUTHENC = 4;

    public static final int ALGO_ECB = 0;
    public static final int ALGO_CBC = 1;
    public static final int ALGO_CTR = 2;
    public static final int ALGO_CCM = 3;
    public static final int ALGO_GCM = 4;

    public static final int KEY_SIZE_128_BYTES = 16;
    public static final int KEY_SIZE_256_BYTES = 32;

    public static final int MODE_DECODE = 0;
    public static final int MODE_ENCODE = 1;

    /** The AUTHENC nonce: the 12 bytes 00 01 02 … 0B. */
    public static final int AE_NONCE_BYTES = 12;

    private AesContract() {}

    /** The AUTHENC nonce, a fresh copy: 00 01 02 … 0B. */
    public static byte[] aeNonce() {
        byte[] nonce = new byte[AE_NONCE_BYTES];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) i;
        }
        return nonce;
    }
}
