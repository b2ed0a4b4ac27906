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
 *
 * <p>Administration commands, for client applications of the core's own user only (by the
 * connection's peer credentials; {@link StorageAdmin}); a TA, or a client of another user, gets
 * {@code TEE_ERROR_ACCESS_DENIED} (origin TEE). Reply layouts: {@link SystemPtaReplies}.
 * <table>
 * <caption>administration commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>INSTALL_TA</td><td>3</td><td>p0 MEMREF_INPUT: a signed TA image (at most 4 MiB, what
 *     one commit stores); p1 VALUE_OUTPUT: a = its version</td><td>verifies the image as a load does
 *     (signature, UUID, decryption, version floor, the TA class's UUID) and stores it in the
 *     core's secure storage, replacing an installed copy; TEE_ERROR_BAD_PARAMETERS if it is not
 *     an image, TEE_ERROR_SECURITY if it fails verification or its UUID is the nil UUID,
 *     TEE_ERROR_ACCESS_CONFLICT if the installed copy is newer, TEE_ERROR_STORAGE_NO_SPACE if it is
 *     larger than 4 MiB</td></tr>
 * <tr><td>UNINSTALL_TA</td><td>4</td><td>p0 MEMREF_INPUT: the TA's UUID, 16 bytes (RFC 9562
 *     order)</td><td>removes it from secure storage; TEE_ERROR_ITEM_NOT_FOUND if it is not
 *     there</td></tr>
 * <tr><td>STORAGE_USAGE</td><td>5</td><td>p0 MEMREF_OUTPUT</td><td>objects and bytes per owner
 *     and store, and each store's commit count; never an object id or content.
 *     TEE_ERROR_SHORT_BUFFER with the size needed</td></tr>
 * <tr><td>SECURE_TAS</td><td>6</td><td>p0 MEMREF_OUTPUT</td><td>the TAs installed in secure
 *     storage: UUID, version, image size, algorithm, encrypted. TEE_ERROR_SHORT_BUFFER with the
 *     size needed</td></tr>
 * <tr><td>RESET_VERSION_FLOOR</td><td>7</td><td>p0 MEMREF_INPUT: the TA's UUID, 16 bytes (RFC 9562
 *     order); p1 VALUE_OUTPUT: a = the floor it had (a TA version, 0 if none)</td><td>forgets the
 *     TA's version floor, so that an older version of it loads again — on a development core only
 *     (it trusts the development key, or debugs TAs); a production core answers
 *     TEE_ERROR_ACCESS_DENIED and keeps every floor</td></tr>
 * </table>
 * Unused parameters are NONE. The store's errors pass through (TEE_ERROR_STORAGE_NOT_AVAILABLE
 * until the supplicant answers).
 */
public final class SystemPtaContract {
    public static final String UUID_STRING = "2dc603b0-683e-4547-ab7a-0c78503d811f";
    public static final UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_PING = 0;
    public static final int CMD_REE_TIME = 1;
    public static final int CMD_HOST_POOL = 2;
    public static final int CMD_INSTALL_TA = 3;
    public static final int CMD_UNINSTALL_TA = 4;
    public static final int CMD_STORAGE_USAGE = 5;
    public static final int CMD_SECURE_TAS = 6;
    public static final int CMD_RESET_VERSION_FLOOR = 7;

    private SystemPtaContract() {}
}
