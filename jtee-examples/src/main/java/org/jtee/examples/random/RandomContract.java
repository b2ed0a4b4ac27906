package org.jtee.examples.random;

import java.util.UUID;

/**
 * The random TA's contract, the same as OP-TEE's {@code optee_examples/random}.
 *
 * <table>
 * <caption>commands (open session: parameter types must all be NONE)</caption>
 * <tr><th>command</th><th>id</th><th>p0</th><th>behaviour</th></tr>
 * <tr><td>GENERATE</td><td>0</td><td>MEMREF_OUTPUT, any size</td><td>fills every byte with random data;
 *     the size is unchanged</td></tr>
 * </table>
 * p1..p3 NONE. Other ids or other parameter types: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class RandomContract {
    public static final String UUID_STRING = "b6c53aba-9669-4668-a7f2-205629d00f86";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_GENERATE = 0;

    private RandomContract() {}
}
