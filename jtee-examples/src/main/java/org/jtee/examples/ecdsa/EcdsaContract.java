package org.jtee.examples.ecdsa;

import java.util.UUID;

/**
 * The ecdsa TA's contract, the same as OP-TEE's {@code optee_examples/ecdsa}: a digest, a key
 * pair on the curve that suits it, and a signature of the digest, in that order, in one session.
 * Open session takes any parameters.
 *
 * <table>
 * <caption>commands (unused slots NONE)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>COMPUTE_DIGEST</td><td>0</td><td>p0 MEMREF_INPUT message; p1 MEMREF_OUTPUT digest; p2
 *     VALUE_INPUT a = {@code ALG_ECDSA_*}</td><td>records the algorithm; p1 = the message's
 *     digest with the algorithm's hash, p1.size = its length</td></tr>
 * <tr><td>GEN_KEY</td><td>1</td><td>none</td><td>a key pair on the recorded algorithm's curve
 *     (SHA1: P-192, SHA224: P-224, SHA256: P-256, SHA384: P-384, SHA512: P-521); none recorded:
 *     {@code TEE_ERROR_BAD_PARAMETERS}</td></tr>
 * <tr><td>SIGN_VERIFY_DIGEST</td><td>2</td><td>p0 MEMREF_INPUT digest; p1 MEMREF_OUTPUT signature</td>
 *     <td>signs the digest, verifies the signature with the public key; p1 = the signature, raw
 *     r ‖ s of the curve's size each, p1.size = its length, also with
 *     {@code TEE_ERROR_SHORT_BUFFER}; no key yet: {@code TEE_ERROR_BAD_STATE}</td></tr>
 * </table>
 * An unknown algorithm, wrong parameter types or another id: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class EcdsaContract {
    public static final String UUID_STRING = "1945e8e7-0278-4bfb-bb99-af1080b2a934";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_COMPUTE_DIGEST = 0;
    public static final int CMD_GEN_KEY = 1;
    public static final int CMD_SIGN_VERIFY_DIGEST = 2;

    /** GP algorithm ids for COMPUTE_DIGEST's p2 ({@code TEE_ALG_ECDSA_SHA*}). */
    public static final int ALG_ECDSA_SHA1 = 0x70001042;
    public static final int ALG_ECDSA_SHA224 = 0x70002042;
    public static final int ALG_ECDSA_SHA256 = 0x70003042;
    public static final int ALG_ECDSA_SHA384 = 0x70004042;
    public static final int ALG_ECDSA_SHA512 = 0x70005042;

    private EcdsaContract() {}
}
