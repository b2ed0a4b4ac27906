package org.jtee.examples.ecdh;

import java.util.UUID;

/**
 * The ecdh TA's contract, the same as OP-TEE's {@code optee_examples/ecdh}: an ECDH self-test.
 * Open session takes any parameters; the TA keeps no state.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>DERIVE_SELFTEST</td><td>0</td><td>p0 VALUE_INPUT a = {@code CURVE_*}; p1, p2 NONE;
 *     p3 MEMREF_OUTPUT secret</td><td>generates two key pairs on the curve, derives the shared
 *     secret (the x-coordinate, the curve's size) from each side and compares them
 *     ({@code TEE_ERROR_GENERIC} if they differ); p3 = the secret, p3.size = its length, also
 *     with {@code TEE_ERROR_SHORT_BUFFER}. A key generation or derivation that fails is a panic
 *     ({@code TEE_ERROR_TARGET_DEAD}).</td></tr>
 * </table>
 * An unknown curve, wrong parameter types or another id: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class EcdhContract {
    public static final String UUID_STRING = "50c82425-94da-4072-a3e0-58ef063767c0";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public static final int CMD_DERIVE_SELFTEST = 0;

    public static final int CURVE_P192 = 0;
    public static final int CURVE_P224 = 1;
    public static final int CURVE_P256 = 2;
    public static final int CURVE_P384 = 3;

    private EcdhContract() {}
}
