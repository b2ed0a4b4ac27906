package org.jtee.xtest.ta.rpctest;

import java.util.UUID;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's rpc_test TA: TA-to-TA calls into crypt ({@link XtestTaUuids#CRYPT}) and sims
 * (xtest 1011). Open session takes any parameters. No command checks the parameter types: they
 * are crypt's to check.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>behaviour</th></tr>
 * <tr><td>CRYPT_SHA224, CRYPT_SHA256, CRYPT_AES256ECB_ENC, CRYPT_AES256ECB_DEC</td><td>1, 2, 3, 4</td>
 *     <td>opens a session to crypt, invokes its command of the same id (SHA224 1, SHA256 2,
 *     AES256ECB_ENC 3, AES256ECB_DEC 4) with the client's parameters as they are, closes the
 *     session; returns crypt's result, or the open's error</td></tr>
 * <tr><td>OPEN</td><td>5</td><td>opens a session to sims, reads its counter (GET_COUNTER) into a
 *     variable of its own, closes the session; once sims is open, the client's output values and
 *     output reference sizes become 0; returns the open's or the invoke's result</td></tr>
 * <tr><td>CRYPT_PRIVMEM_SHA224 … _AES256ECB_DEC</td><td>6, 7, 8, 9</td><td>as 1–4, with every
 *     memory reference and value copied into memory of this TA first, and outputs and sizes copied
 *     back after</td></tr>
 * </table>
 * Other command ids: {@code TEE_ERROR_BAD_PARAMETERS}.
 */
public final class RpcTestContract {
    public static final UUID UUID = java.util.UUID.fromString(XtestTaUuids.RPC_TEST);

    public static final int CMD_CRYPT_SHA224 = 1;
    public static final int CMD_CRYPT_SHA256 = 2;
    public static final int CMD_CRYPT_AES256ECB_ENC = 3;
    public static final int CMD_CRYPT_AES256ECB_DEC = 4;
    public static final int CMD_OPEN = 5;
    public static final int CMD_CRYPT_PRIVMEM_SHA224 = 6;
    public static final int CMD_CRYPT_PRIVMEM_SHA256 = 7;
    public static final int CMD_CRYPT_PRIVMEM_AES256ECB_ENC = 8;
    public static final int CMD_CRYPT_PRIVMEM_AES256ECB_DEC = 9;

    /** What a PRIVMEM command's id is beyond its plain counterpart's. */
    static final int PRIVMEM_OFFSET = 5;

    /** crypt's commands that rpc_test forwards to. */
    public static final int CRYPT_CMD_SHA224 = 1;
    public static final int CRYPT_CMD_SHA256 = 2;
    public static final int CRYPT_CMD_AES256ECB_ENC = 3;
    public static final int CRYPT_CMD_AES256ECB_DEC = 4;

    /** sims's GET_COUNTER, which OPEN invokes. */
    static final int SIMS_CMD_GET_COUNTER = 3;

    private RpcTestContract() {}
}
