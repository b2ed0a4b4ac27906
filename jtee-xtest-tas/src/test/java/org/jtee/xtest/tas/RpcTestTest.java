package org.jtee.xtest.tas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.jtee.xtest.ta.common.XtestTaUuids;
import org.jtee.xtest.ta.rpctest.RpcTestContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rpc_test forwarding to crypt as xtest 1011 drives it, with {@link CryptStandInTa} under crypt's
 * UUID (signed by a key made for the test, which this core also trusts): both with the client's
 * parameters and with private copies.
 */
class RpcTestTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path home;
    static XtestTee tee;

    @BeforeAll
    static void start() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path trust = home.resolve("test-signer.pem");
        Pem.writePublicKey(key.getPublic(), trust);
        Path standIns = Files.createDirectories(home.resolve("stand-in-ta"));
        UUID crypt = UUID.fromString(XtestTaUuids.CRYPT);
        Files.write(standIns.resolve(crypt + ".ta"),
                TaSigner.withKey(key.getPrivate()).sign(crypt, 0x100, TaJar.of(CryptStandInTa.class)));
        tee = XtestTee.start(home, List.of(standIns), loading -> loading.withTrust(List.of(trust)));
    }

    @AfterAll
    static void stop() {
        tee.close();
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
