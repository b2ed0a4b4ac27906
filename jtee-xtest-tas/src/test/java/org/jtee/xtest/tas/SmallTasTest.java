package org.jtee.xtest.tas;

import static org.jtee.xtest.ta.common.XtestTaUuids.LARGE;
import static org.jtee.xtest.ta.common.XtestTaUuids.SIMS;
import static org.jtee.xtest.ta.common.XtestTaUuids.SUBKEY1;
import static org.jtee.xtest.ta.common.XtestTaUuids.SUBKEY2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.xtest.ta.common.XtestTaUuids;
import org.jtee.xtest.ta.large.LargeTa;
import org.jtee.xtest.ta.rpctest.RpcTestContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** large (xtest 1034), subkey1 and subkey2 (1039), and rpc_test (1011) forwarding to the crypt port. */
class SmallTasTest {
    private static final int[] CRYPT_COMMANDS = {RpcTestContract.CMD_CRYPT_SHA224, RpcTestContract.CMD_CRYPT_SHA256,
        RpcTestContract.CMD_CRYPT_AES256ECB_ENC, RpcTestContract.CMD_CRYPT_AES256ECB_DEC,
        RpcTestContract.CMD_CRYPT_PRIVMEM_SHA224, RpcTestContract.CMD_CRYPT_PRIVMEM_SHA256,
        RpcTestContract.CMD_CRYPT_PRIVMEM_AES256ECB_ENC, RpcTestContract.CMD_CRYPT_PRIVMEM_AES256ECB_DEC};

    static XtestTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.shared();
    }

    private static TeeException failure(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(TeeException.class, call);
    }

    @Test
    void large_imageHoldsAMebibyte_opens_andEveryCommandFailsGeneric() throws Exception {
        assertTrue(Files.size(XtestTee.TA_DIR.resolve(LARGE + ".ta")) > LargeTa.DATA_BYTES, "a large image");
        try (TeeSession s = tee.open(LARGE)) {
            TeeException e = failure(() -> s.invokeCommand(0, null));
            assertEquals(TeeResult.GENERIC, e.result(), e.getMessage());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
            assertEquals(TeeResult.GENERIC, failure(() -> s.invokeCommand(1, Operation.of(ValueParameter.input(1, 2)))).result());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SUBKEY1, SUBKEY2})
    void subkey_everyEntryPointSucceeds(String ta) throws Exception {
        ValueParameter open = ValueParameter.inout(1, 2);
        try (TeeSession s = tee.context().openSession(UUID.fromString(ta), 0, Operation.of(open))) {
            s.invokeCommand(0, null);
            s.invokeCommand(42, Operation.of(ValueParameter.input(1, 2), TempMemory.output(8)));
        }
    }

    /**
     * One session for every command (rpc_test has an instance, so a TA host, per session): each
     * crypt command reaches the crypt port, with the client's buffers and with private copies;
     * other commands are BAD_PARAMETERS.
     */
    @Test
    void rpcTest_forwardsEveryCryptCommand_otherCommandsBadParameters() throws Exception {
        byte[] in = new byte[16];
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] encrypted = aes.doFinal(in);
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] decrypted = aes.doFinal(in);
        try (TeeSession s = tee.open(XtestTaUuids.RPC_TEST)) {
            for (int command : CRYPT_COMMANDS) {
                TempMemory out = TempMemory.output(32);
                s.invokeCommand(command, Operation.of(TempMemory.input(in), out));
                byte[] expected = switch (command) {
                    case RpcTestContract.CMD_CRYPT_SHA224, RpcTestContract.CMD_CRYPT_PRIVMEM_SHA224 ->
                        MessageDigest.getInstance("SHA-224").digest(in);
                    case RpcTestContract.CMD_CRYPT_SHA256, RpcTestContract.CMD_CRYPT_PRIVMEM_SHA256 ->
                        MessageDigest.getInstance("SHA-256").digest(in);
                    case RpcTestContract.CMD_CRYPT_AES256ECB_ENC, RpcTestContract.CMD_CRYPT_PRIVMEM_AES256ECB_ENC -> encrypted;
                    default -> decrypted;
                };
                assertArrayEquals(expected, Arrays.copyOf(out.buffer(), expected.length), "command " + command);
            }
            TeeException e = failure(() -> s.invokeCommand(10, null));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
        }
    }

    @Test
    void rpcTest_open_readsTheCounterOfSims_andZeroesTheClientsOutputs() throws Exception {
        try (TeeSession rpc = tee.open(XtestTaUuids.RPC_TEST); TeeSession sims = tee.open(SIMS)) {
            ValueParameter out = ValueParameter.inout(7, 8);
            rpc.invokeCommand(RpcTestContract.CMD_OPEN, Operation.of(out));
            assertEquals(0, out.a());
            assertEquals(0, out.b());
            assertEquals(0, Sims.counter(sims));
            try (TeeSession later = tee.open(SIMS)) {
                assertEquals(2, Sims.counter(later), "rpc_test's session to sims was the instance's second");
            }
        }
    }
}
