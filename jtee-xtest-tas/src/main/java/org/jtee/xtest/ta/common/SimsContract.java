package org.jtee.xtest.ta.common;

/**
 * The commands of OP-TEE's sims test TA, shared by sims, sims_keepalive and miss
 * ({@link SimsTa}). Other command ids: {@code TEE_ERROR_BAD_PARAMETERS}. Open session takes any
 * parameters.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>READ</td><td>1</td><td>VALUE_INPUT, MEMREF_OUTPUT</td><td>[0].a slot (0..3, else
 *     BAD_PARAMETERS); copies the slot's bytes into [1], whose size is unchanged;
 *     TEE_ERROR_OVERFLOW if the slot holds more than [1] takes</td></tr>
 * <tr><td>WRITE</td><td>2</td><td>VALUE_INPUT, MEMREF_INPUT</td><td>[0].a slot; the slot becomes
 *     a copy of [1]</td></tr>
 * <tr><td>GET_COUNTER</td><td>3</td><td>VALUE_OUTPUT</td><td>[0].a = the number of sessions the
 *     instance had opened before this one</td></tr>
 * <tr><td>PANIC</td><td>4</td><td>MEMREF_INPUT</td><td>empty ([0] NULL or size 0): the TA panics
 *     (code 0xBEEF). A 16-byte {@link TeeUuidStruct}: as OPEN_TA_SESSION, then PANIC with an empty
 *     reference on that session, whose result is ignored: SUCCESS</td></tr>
 * <tr><td>OPEN_TA_SESSION</td><td>5</td><td>MEMREF_INPUT</td><td>[0] a {@link TeeUuidStruct}
 *     (exactly 16 bytes): opens a session to that TA, kept until this session closes, and adds
 *     one to this session's counter; the open's error otherwise</td></tr>
 * </table>
 * Parameters not named are NONE; other types: BAD_PARAMETERS.
 */
public final class SimsContract {
    public static final int CMD_READ = 1;
    public static final int CMD_WRITE = 2;
    public static final int CMD_GET_COUNTER = 3;
    public static final int CMD_PANIC = 4;
    public static final int CMD_OPEN_TA_SESSION = 5;

    /** Storage slots of an instance. */
    public static final int SLOTS = 4;
    /** The code PANIC panics with. */
    public static final int PANIC_CODE = 0xBEEF;

    private SimsContract() {}
}
