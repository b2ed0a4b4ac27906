package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.Parameter;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code CallContext.deriveTaUniqueKey} (OP-TEE's {@code PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY}) of a TA
 * in a TA host, over RPC DERIVE_TA_UNIQUE_KEY, and of a TA built into the core, in one core; and
 * {@code Tee.addEntropy} in both.
 */
class TaUniqueKeyTest {
    private static final byte[] EXTRA = "My dummy data".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path home;
    static DynamicTas tas;
    static TeeContext ctx;
    static TeeSession dynamic;
    static TeeSession builtIn;

    @BeforeAll
    static void start() throws Exception {
        tas = new DynamicTas(home, 1);
        tas.install(DynamicUniqueKeyTa.class, DynamicUniqueKeyTa.UUID, 0x10000, UniqueKeyTa.class);
        ctx = tas.context();
        dynamic = ctx.openSession(DynamicUniqueKeyTa.UUID, LoginMethod.PUBLIC, null);
        builtIn = ctx.openSession(UniqueKeyTa.UUID, LoginMethod.PUBLIC, null);
    }

    @AfterAll
    static void stop() {
        ctx.close();
        tas.close();
    }

    /** The session to the TA in a host (true) or to the built-in one (false). */
    private static TeeSession session(boolean inHost) {
        return inHost ? dynamic : builtIn;
    }

    private static UUID uuid(boolean inHost) {
        return inHost ? DynamicUniqueKeyTa.UUID : UniqueKeyTa.UUID;
    }

    /** The key the TA derives for {@code extra} (null: none), {@code keyBytes} long, into its own heap or native memory. */
    private static byte[] derive(TeeSession s, byte[] extra, int keyBytes, boolean nativeMemory) throws TeeException {
        TempMemory key = TempMemory.output(64);
        Parameter extraParam = extra == null ? null : TempMemory.input(extra);
        s.invokeCommand(UniqueKeyTa.CMD_DERIVE, Operation.of(extraParam, ValueParameter.input(keyBytes, nativeMemory ? 1 : 0), key));
        return key.data();
    }

    private static byte[] derive(TeeSession s, byte[] extra, int keyBytes) throws TeeException {
        return derive(s, extra, keyBytes, false);
    }

    private static int deriveResult(TeeSession s, byte[] extra, int keyBytes) {
        try {
            derive(s, extra, keyBytes);
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    private static byte[] huk() throws Exception {
        return Files.readAllBytes(tas.tee.config.stateDirectory().resolve("huk"));
    }

    /** The KDF as docs/architecture.md states it: SP 800-108 counter mode, HMAC-SHA-256 keyed with the HUK. */
    static byte[] documentedKdf(byte[] huk, UUID ta, byte[] extra, int keyBytes) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(huk, "HmacSHA256"));
        mac.update(new byte[] {0, 0, 0, 1});
        mac.update("jtee ta unique key".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        mac.update(Uuids.toBytes(ta));
        mac.update(extra);
        mac.update(ByteBuffer.allocate(4).putInt(8 * keyBytes).array());
        return Arrays.copyOf(mac.doFinal(), keyBytes);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sameTa_sameExtra_sameKey_whateverMemoryTheTaOwns_theDocumentedKdf(boolean inHost) throws Exception {
        TeeSession s = session(inHost);
        byte[] key = derive(s, EXTRA, 32);
        assertEquals(32, key.length);
        assertArrayEquals(key, derive(s, EXTRA, 32));
        assertArrayEquals(key, derive(s, EXTRA, 32, true), "into native memory of the TA's");
        assertArrayEquals(documentedKdf(huk(), uuid(inHost), EXTRA, 32), key);
        assertArrayEquals(documentedKdf(huk(), uuid(inHost), new byte[0], 16), derive(s, null, 16));
    }

    @Test
    void sameTa_anotherInstance_sameKey() throws Exception {
        try (TeeSession second = ctx.openSession(DynamicUniqueKeyTa.UUID, LoginMethod.PUBLIC, null)) {
            assertArrayEquals(derive(dynamic, EXTRA, 24), derive(second, EXTRA, 24), "another host, the same key");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void otherExtraData_orAnotherSize_anotherKey(boolean inHost) throws Exception {
        TeeSession s = session(inHost);
        byte[] none = derive(s, null, 32);
        assertFalse(Arrays.equals(none, derive(s, EXTRA, 32)), "extra data changes the key");
        byte[] flipped = EXTRA.clone();
        flipped[EXTRA.length - 1] ^= 1;
        assertFalse(Arrays.equals(derive(s, EXTRA, 32), derive(s, flipped, 32)), "one bit of it does");
        assertArrayEquals(none, derive(s, new byte[0], 32), "no extra data is empty extra data");
        assertFalse(Arrays.equals(Arrays.copyOf(none, 16), derive(s, null, 16)), "a shorter key is not a prefix of the longer");
    }

    @Test
    void anotherTa_anotherKey() throws Exception {
        assertFalse(Arrays.equals(derive(dynamic, EXTRA, 32), derive(builtIn, EXTRA, 32)));
        assertFalse(Arrays.equals(derive(dynamic, null, 32), derive(builtIn, null, 32)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theKey_isNotTheHuk(boolean inHost) throws Exception {
        byte[] huk = huk();
        assertEquals(32, huk.length);
        assertFalse(Arrays.equals(huk, derive(session(inHost), null, 32)));
        assertFalse(Arrays.equals(huk, derive(session(inHost), new byte[0], 32)));
        assertFalse(Arrays.equals(Arrays.copyOf(huk, 16), derive(session(inHost), null, 16)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void extraDataPast1024_orAKeyOutside16To32Bytes_badParameters(boolean inHost) {
        TeeSession s = session(inHost);
        assertEquals(TeeResult.BAD_PARAMETERS, deriveResult(s, new byte[1025], 32));
        assertEquals(TeeResult.BAD_PARAMETERS, deriveResult(s, EXTRA, 15));
        assertEquals(TeeResult.BAD_PARAMETERS, deriveResult(s, EXTRA, 33));
        assertEquals(TeeResult.BAD_PARAMETERS, deriveResult(s, null, 0));
        assertEquals(TeeResult.SUCCESS, deriveResult(s, new byte[1024], 16));
        assertEquals(TeeResult.SUCCESS, deriveResult(s, new byte[1024], 32));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aParametersBufferAsTheKey_security_nothingWritten(boolean inHost) throws Exception {
        TeeSession s = session(inHost);
        TempMemory temp = TempMemory.inout(new byte[32]);
        TeeException e = assertThrows(TeeException.class,
                () -> s.invokeCommand(UniqueKeyTa.CMD_DERIVE_INTO_PARAMETER, Operation.of(temp)));
        assertEquals(TeeResult.SECURITY, e.result(), "a temporary reference");
        try (SharedMemory shm = ctx.allocateSharedMemory(32, SharedMemory.INPUT | SharedMemory.OUTPUT)) {
            e = assertThrows(TeeException.class, () -> s.invokeCommand(UniqueKeyTa.CMD_DERIVE_INTO_PARAMETER,
                    Operation.of(SharedMemoryReference.whole(shm))));
            assertEquals(TeeResult.SECURITY, e.result(), "the client's shared memory");
            byte[] back = new byte[32];
            shm.buffer().get(0, back);
            assertArrayEquals(new byte[32], back, "no key reached the client");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void addEntropy_mixedIn_randomGoesOn_emptyIsBadParameters(boolean inHost) throws Exception {
        TeeSession s = session(inHost);
        TempMemory first = TempMemory.output(32);
        TempMemory second = TempMemory.output(32);
        s.invokeCommand(UniqueKeyTa.CMD_ADD_ENTROPY, Operation.of(TempMemory.input(new byte[32]), first));
        s.invokeCommand(UniqueKeyTa.CMD_ADD_ENTROPY, Operation.of(TempMemory.input(new byte[32]), second));
        assertEquals(32, first.data().length);
        assertFalse(Arrays.equals(first.data(), second.data()), "the same bytes added twice do not repeat the output");
        TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(UniqueKeyTa.CMD_ADD_ENTROPY,
                Operation.of(TempMemory.input(new byte[0]), TempMemory.output(32))));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
    }
}
