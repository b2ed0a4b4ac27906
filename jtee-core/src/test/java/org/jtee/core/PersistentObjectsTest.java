package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GP persistent-object API end to end, in a core with its real store over an in-process
 * supplicant: a TA in a TA host (over RPC STORAGE) and the same TA built into the core (over its
 * in-core channel) create, write, close, reopen and read objects, keep an AES key that a later
 * instance opens and encrypts with, and panic on an object id in the client's memory; neither
 * sees the other's objects.
 */
class PersistentObjectsTest {
    @TempDir
    static Path home;
    static DynamicTas tas;
    static TeeContext ctx;

    @BeforeAll
    static void start() throws Exception {
        tas = new DynamicTas(home, 1);
        tas.install(DynamicStorageKeyTa.class, DynamicStorageKeyTa.UUID, 0x10000, StorageKeyTa.class);
        ctx = tas.context();
    }

    @AfterAll
    static void stop() {
        ctx.close();
        tas.close();
    }

    private static UUID ta(boolean inHost) {
        return inHost ? DynamicStorageKeyTa.UUID : StorageKeyTa.UUID;
    }

    /** A new session, and so a new instance (the TA is not single instance). */
    private static TeeSession session(boolean inHost) throws TeeException {
        return ctx.openSession(ta(inHost), LoginMethod.PUBLIC, null);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] id(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] read(boolean inHost, String name, int capacity) throws TeeException {
        try (TeeSession s = session(inHost)) {
            TempMemory out = TempMemory.output(capacity);
            s.invokeCommand(StorageKeyTa.CMD_READ, Operation.of(TempMemory.input(id(name)), out));
            return out.data();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void dataWritten_isReadBack_thenByAnotherInstance(boolean inHost) throws TeeException {
        byte[] data = bytes(3000, 1);
        try (TeeSession s = session(inHost)) {
            TempMemory back = TempMemory.output(data.length);
            s.invokeCommand(StorageKeyTa.CMD_WRITE_AND_READ_BACK, Operation.of(TempMemory.input(id("notes")),
                    TempMemory.input(data), back));
            assertArrayEquals(data, back.data());
        }
        assertArrayEquals(data, read(inHost, "notes", data.length));
    }

    @Test
    void moreThanAMib_crossesTheHostLinkInParts() throws TeeException {
        byte[] data = bytes((1 << 20) + (1 << 18), 2);
        try (TeeSession s = session(true)) {
            TempMemory back = TempMemory.output(data.length);
            s.invokeCommand(StorageKeyTa.CMD_WRITE_AND_READ_BACK, Operation.of(TempMemory.input(id("big")),
                    TempMemory.input(data), back));
            assertArrayEquals(data, back.data());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aKeyKeptInStorage_encryptsInALaterInstance(boolean inHost) throws Exception {
        byte[] key = bytes(32, 3);
        byte[] plain = bytes(64, 4);
        try (TeeSession s = session(inHost)) {
            s.invokeCommand(StorageKeyTa.CMD_STORE_KEY, Operation.of(TempMemory.input(key)));
        }
        byte[] sealed;
        try (TeeSession s = session(inHost)) {
            TempMemory out = TempMemory.output(plain.length);
            s.invokeCommand(StorageKeyTa.CMD_ENCRYPT_WITH_STORED_KEY, Operation.of(TempMemory.input(plain), out));
            sealed = out.data();
        }
        Cipher jdk = Cipher.getInstance("AES/CBC/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        assertArrayEquals(jdk.doFinal(plain), sealed);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anObjectIdInTheClientsMemory_panicsTheTa(boolean inHost) throws TeeException {
        try (TeeSession s = session(inHost)) {
            TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(StorageKeyTa.CMD_OPEN_ID_IN_CLIENT_MEMORY,
                    Operation.of(TempMemory.input(id("notes")))));
            assertEquals(TeeResult.TARGET_DEAD, e.result(), e.getMessage());
            assertEquals(ReturnOrigin.TEE, e.origin());
        }
    }

    @Test
    void theTaInAHost_andTheBuiltInTa_doNotSeeEachOthersObjects() throws TeeException {
        byte[] data = bytes(10, 5);
        try (TeeSession s = session(false)) {
            s.invokeCommand(StorageKeyTa.CMD_WRITE_AND_READ_BACK, Operation.of(TempMemory.input(id("only built in")),
                    TempMemory.input(data), TempMemory.output(10)));
        }
        TeeException e = assertThrows(TeeException.class, () -> read(true, "only built in", 10));
        assertEquals(TeeResult.ITEM_NOT_FOUND, e.result(), e.getMessage());
        assertArrayEquals(data, read(false, "only built in", 10));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 16 << 10, 40000})
    void readsInALoop_whileAnotherInstanceHoldsTheObjectSharedForReading_getTheData(int size) throws TeeException {
        byte[] data = bytes(size, 6);
        byte[] name = id("shared " + size);
        int shared = org.jtee.crypto.TeeStorage.DATA_FLAG_ACCESS_READ | org.jtee.crypto.TeeStorage.DATA_FLAG_SHARE_READ;
        try (TeeSession s = session(true)) {
            s.invokeCommand(StorageKeyTa.CMD_WRITE_AND_READ_BACK, Operation.of(TempMemory.input(name), TempMemory.input(data),
                    TempMemory.output(size)));
        }
        try (TeeSession holder = session(true); TeeSession reader = session(true)) {
            holder.invokeCommand(StorageKeyTa.CMD_OPEN_WITH_FLAGS_AND_KEEP, Operation.of(TempMemory.input(name),
                    ValueParameter.input(shared, 0)));
            TempMemory out = TempMemory.output(size);
            // more rounds than an instance may hold handles: each close must reach the core
            reader.invokeCommand(StorageKeyTa.CMD_READ_LOOP, Operation.of(TempMemory.input(name),
                    ValueParameter.input(1100, shared), out));
            assertArrayEquals(data, out.data());
        }
    }

    @Test
    void aCloseInAHost_reachesTheCoreBeforeTheInvokeReturns() throws TeeException {
        byte[] name = id("closed at the entry's end");
        try (TeeSession first = session(true)) {
            first.invokeCommand(StorageKeyTa.CMD_WRITE_AND_READ_BACK, Operation.of(TempMemory.input(name),
                    TempMemory.input(new byte[3]), TempMemory.output(3)));
            first.invokeCommand(StorageKeyTa.CMD_READ, Operation.of(TempMemory.input(name), TempMemory.output(3)));
            try (TeeSession second = session(true)) {
                second.invokeCommand(StorageKeyTa.CMD_OPEN_AND_KEEP, Operation.of(TempMemory.input(name)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aHandleLeftOpen_locksOtherInstances_untilItsInstanceEnds_byCloseOrPanic(boolean inHost) throws TeeException {
        byte[] name = id("kept");
        try (TeeSession s = session(inHost)) {
            s.invokeCommand(StorageKeyTa.CMD_WRITE_AND_READ_BACK, Operation.of(TempMemory.input(name), TempMemory.input(new byte[1]),
                    TempMemory.output(1)));
        }
        for (boolean panic : new boolean[] {false, true}) {
            TeeSession holder = session(inHost);
            holder.invokeCommand(StorageKeyTa.CMD_OPEN_AND_KEEP, Operation.of(TempMemory.input(name)));
            TeeException e = assertThrows(TeeException.class, () -> read(inHost, "kept", 1));
            assertEquals(TeeResult.ACCESS_CONFLICT, e.result(), e.getMessage());
            if (panic) {
                assertThrows(TeeException.class, () -> holder.invokeCommand(StorageKeyTa.CMD_OPEN_ID_IN_CLIENT_MEMORY,
                        Operation.of(TempMemory.input(name))));
                assertArrayEquals(new byte[1], read(inHost, "kept", 1), "after a panic, its session still open");
                holder.close();
            } else {
                holder.close();
                assertArrayEquals(new byte[1], read(inHost, "kept", 1), "after the session closed");
            }
        }
    }
}
