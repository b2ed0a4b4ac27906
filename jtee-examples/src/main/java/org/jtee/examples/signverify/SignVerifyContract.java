package org.jtee.examples.signverify;

import java.util.UUID;

/**
 * The sign_verify TA's contract, the same as OP-TEE's {@code optee_examples/sign_verify}: RSA
 * signatures with a fresh key pair each call. Open session takes any parameters.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>SIGN_VERIFY</td><td>0</td><td>p0 MEMREF_INPUT message; p1 MEMREF_OUTPUT signature;
 *     p2 VALUE_INPUT a = {@code ALGO_*}; p3 VALUE_INPUT a = key size in bits</td><td>generates an
 *     RSA key pair (e = 65537), hashes the message with the algorithm's hash, signs the digest
 *     (PSS: salt as long as the digest) and verifies it with the public key; p1 = the signature,
 *     p1.size = its length, also with {@code TEE_ERROR_SHORT_BUFFER}. The key pair is not kept.</td></tr>
 * </table>
 * An unknown algorithm index, wrong parameter types or another id: {@code TEE_ERROR_BAD_PARAMETERS};
 * a key size the TEE does not support: its GP error.
 */
public final class SignVerifyContract {
    public static final String UUID_STRING = "f066f150-42af-404f-ae32-c8e6cd117e70";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_SIGN_VERIFY = 0;

    /** Algorithm indices for p2.a: RSASSA-PSS with MGF1 and PKCS#1 v1.5, by hash. */
    public static final int ALGO_PSS_MGF1_SHA1 = 0;
    public static final int ALGO_PSS_MGF1_SHA224 = 1;
    public static final int ALGO_PSS_MGF1_SHA256 = 2;
    public static final int ALGO_PSS_MGF1_SHA384 = 3;
    public static final int ALGO_PSS_MGF1_SHA512 = 4;
    public static final int ALGO_PKCS1_V1_5_SHA1 = 5;
    public static final int ALGO_PKCS1_V1_5_SHA224 = 6;
    public static final int ALGO_PKCS1_V1_5_SHA256 = 7;
    public static final int ALGO_PKCS1_V1_5_SHA384 = 8;
    public static final int ALGO_PKCS1_V1_5_SHA512 = 9;

    private SignVerifyContract() {}
}
