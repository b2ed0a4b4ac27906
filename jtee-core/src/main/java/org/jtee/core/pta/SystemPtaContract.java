package org.jtee.core.pta;

import java.util.UUID;

/**
 * The contract of jtee's system pseudo TA.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>p0</th><th>behaviour</th></tr>
 * <tr><td>PING</td><td>0</td><td>VALUE_OUTPUT</td><td>a = protocol version, b = core uptime in seconds</td></tr>
 * <tr><td>REE_TIME</td><td>1</td><td>VALUE_OUTPUT</td><td>a = REE seconds (u32), b = nanoseconds,
 *     fetched from the supplicant; TEE_ERROR_COMMUNICATION (origin TEE) without one</td></tr>
 * <tr><td>HOST_POOL</td><td>2</td><td>VALUE_OUTPUT</td><td>a = TA hosts booted and waiting in the warm
 *     pool now, b = the size the pool is kept at (the core's {@code --host-pool}); a refill
 *     runs in the background, so a is below b for about a JVM boot after each open</td></tr>
 * </table>
 * p1..p3 are NONE. Other command ids: {@code TEE_ERROR_NOT_SUPPORTED}.
 */
public final class SystemPtaContract {
    public static final String UUID_STRING = "2dc603b0-683e-4547-ab7a-0c78503d811f";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_PING = 0;
    public static final int CMD_REE_TIME = 1;
    public static final int CMD_HOST_POOL = 2;

    private SystemPtaContract() {}
}
