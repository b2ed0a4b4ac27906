package org.jtee.xtest.ta.common;

/**
 * The commands of OP-TEE's concurrent test TA, shared by concurrent and concurrent_large
 * ({@link ConcurrentTa}). Both count, in memory the client shares with every session, how many
 * calls run at once: {@code struct ta_concurrent_shm { u32 active_count; }}, native byte order.
 *
 * <table>
 * <caption>commands (open session takes any parameters)</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>BUSY_LOOP</td><td>0</td><td>MEMREF_INOUT, VALUE_INOUT</td><td>[0] the shared count
 *     (at least 4 bytes); adds one to it, sets [1].b to the count after the addition, spins
 *     [1].a &times; 1000 rounds, takes the one away</td></tr>
 * <tr><td>SHA256</td><td>1</td><td>MEMREF_INOUT, VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT</td>
 *     <td>counts as BUSY_LOOP does; in between, [1].a times, the SHA-256 of [2]; writes the digest
 *     to [3] (at least 32 bytes) and sets its size to 32</td></tr>
 * </table>
 * Other command ids, other types, a count shorter than 4 bytes or a digest buffer shorter than
 * 32: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class ConcurrentContract {
    public static final int CMD_BUSY_LOOP = 0;
    public static final int CMD_SHA256 = 1;

    /** Size of {@code struct ta_concurrent_shm}. */
    public static final int SHM_BYTES = 4;
    /** Size of a SHA-256 digest. */
    public static final int DIGEST_BYTES = 32;
    /** Spin rounds per unit of [1].a. */
    public static final int ROUNDS_PER_UNIT = 1000;

    private ConcurrentContract() {}
}
