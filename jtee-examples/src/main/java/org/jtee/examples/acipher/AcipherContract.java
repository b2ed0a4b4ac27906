package org.jtee.examples.acipher;

import java.util.UUID;

/**
 * The acipher TA's contract, the same as OP-TEE's {@code optee_examples/acipher}: RSA encryption
 * and decryption with a key pair the TA generates and keeps for the session. Open session takes
 * any parameters.
 *
 * <table>
 * <caption>commands (unused slots NONE)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>GEN_KEY</td><td>0</td><td>p0 VALUE_INPUT a = key size in bits</td><td>a new RSA key
 *     pair, public exponent 65537, replaces the session's; the GP error for a size the TEE does
 *     not support</td></tr>
 * <tr><td>ENCRYPT_DECRYPT</td><td>1</td><td>p0 MEMREF_INPUT data; p1 MEMREF_OUTPUT; p2
 *     VALUE_INPUT a: non-zero encrypt, 0 decrypt; p3 VALUE_INPUT a = GP algorithm id
 *     ({@code ALG_*})</td><td>{@code TEE_AsymmetricEncrypt}/{@code Decrypt} with no attributes;
 *     p1.size = bytes produced, or bytes needed with {@code TEE_ERROR_SHORT_BUFFER} (the
 *     modulus size to encrypt, the exact plaintext length to decrypt); no key yet:
 *     {@code TEE_ERROR_BAD_STATE}</td></tr>
 * </table>
 * Wrong parameter types: {@code TEE_ERROR_BAD_PARAMETERS}; other ids: {@code TEE_ERROR_NOT_SUPPORTED}.
 */
public final class AcipherContract {
    public static final String UUID_STRING = "a734eed9-d6a1-4244-aa50-7c99719e7b7b";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_GEN_KEY = 0;
    public static final int CMD_ENCRYPT_DECRYPT = 1;

    /** p2.a of ENCRYPT_DECRYPT. */
    public static final int DECRYPT = 0;
    public static final int ENCRYPT = 1;

    /** GP algorithm ids for p3.a ({@code TEE_ALG_RSAES_*}). */
    public static final int ALG_PKCS1_V1_5 = 0x60000130;
    public static final int ALG_OAEP_MGF1_SHA1 = 0x60210230;
    public static final int ALG_OAEP_MGF1_SHA224 = 0x60310230;
    public static final int ALG_OAEP_MGF1_SHA256 = 0x60410230;
    public static final int ALG_OAEP_MGF1_SHA384 = 0x60510230;
    public static final int ALG_OAEP_MGF1_SHA512 = 0x60610230;

    private AcipherContract() {}
}
