package org.jtee.examples.helloworld;

import java.util.UUID;

/**
 * The hello_world TA's contract, the same as OP-TEE's {@code optee_examples/hello_world}.
 *
 * <table>
 * <caption>commands (open session: parameter types must all be NONE)</caption>
 * <tr><th>command</th><th>id</th><th>p0</th><th>behaviour</th></tr>
 * <tr><td>INC_VALUE</td><td>0</td><td>VALUE_INOUT a = n</td><td>a = n + 1 (wraps at 2^32)</td></tr>
 * <tr><td>DEC_VALUE</td><td>1</td><td>VALUE_INOUT a = n</td><td>a = n - 1</td></tr>
 * </table>
 * p1..p3 NONE. Other ids or other parameter types: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class HelloWorldContract {
    public static final String UUID_STRING = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_INC_VALUE = 0;
    public static final int CMD_DEC_VALUE = 1;

    private HelloWorldContract() {}
}
