package org.jtee.xtest.tas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.xtest.ta.common.XtestTaUuids;
import org.jtee.xtest.ta.rpctest.RpcTestContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rpc_test forwarding to crypt as xtest 1011 drives it (the crypt port of this module, served
 * from {@code target/ta}): both with the client's parameters and with private copies.
 */
class RpcTestTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    static XtestTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.shared();
    }

    private static byte[] call(TeeSession rpc, int command, byte[] in, int outBytes) throws Exception {
        TempMemory out = TempMemory.output(outBytes);
        rpc.invokeCommand(command, Operation.of(TempMemory.input(in), out));
        assertEquals(outBytes, out.size(), "crypt does not update the output size");
        return out.buffer();
    }

    private static byte[] aes256Ecb(byte[] in) throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return aes.doFinal(in);
    }

    /** One rpc_test session; each forwarded command opens a crypt session, so starts a TA host, of its own. */
    @Test
    void cryptCommands_throughTheClientsParametersAndThroughPrivateCopies_giveCryptsResults() throws Exception {
        byte[] plain = new byte[32];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) i;
        }
        try (TeeSession rpc = tee.open(XtestTaUuids.RPC_TEST)) {
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ABC), call(rpc, RpcTestContract.CMD_CRYPT_SHA256, ABC, 32));
            byte[] cipher = call(rpc, RpcTestContract.CMD_CRYPT_PRIVMEM_AES256ECB_ENC, plain, 32);
            assertArrayEquals(aes256Ecb(plain), cipher);
            assertArrayEquals(plain, call(rpc, RpcTestContract.CMD_CRYPT_AES256ECB_DEC, cipher, 32));
        }
    }
}
