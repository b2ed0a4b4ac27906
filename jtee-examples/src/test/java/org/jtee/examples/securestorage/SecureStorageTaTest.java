package org.jtee.examples.securestorage;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.Core;
import org.jtee.core.CoreConfig;
import org.jtee.examples.ExamplesTee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secure_storage TA in a real core, on the core's trusted storage (REE FS through the
 * supplicant): its client's output run after run, the objects surviving a restart of the TEE,
 * and each command's results, sizes and errors as OP-TEE's TA gives them.
 */
class SecureStorageTaTest {
    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    /** OP-TEE's host's output up to object#2's line. */
    private static final String OBJECT_1_LINES = """
            Prepare session with the TA

            Test on object "object#1"
            - Create and load object in the TA secure storage
            - Read back the object
            - Delete the object

            Test on object "object#2"
            """;
    private static final String DONE_LINES = """

            We're done, close and release TEE resources
            """;
    static final String CREATED = OBJECT_1_LINES + "- Object not found in TA secure storage, create it.\n" + DONE_LINES;
    static final String FOUND = OBJECT_1_LINES + "- Object found in TA secure storage, delete it.\n" + DONE_LINES;

    @Test
    void client_createsObject2_thenTheNextRunFindsAndDeletesIt_thenCreatesItAgain() throws Exception {
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            SecureStorageClient.delete(s, SecureStorageClient.OBJECT_2, System.out); // whatever an earlier test left
        }
        assertClientRun(tee.context(), CREATED, false);
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            assertArrayEquals(SecureStorageClient.OBJECT_2_DATA, readRaw(s, ascii(SecureStorageClient.OBJECT_2), 100),
                    "OP-TEE's string and its NUL");
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(s, ascii(SecureStorageClient.OBJECT_1), 100));
        }
        assertClientRun(tee.context(), FOUND, true);
        assertClientRun(tee.context(), CREATED, false);
    }

    @Test
    void object2_survivesARestartOfTheTee() throws Exception {
        Path home = Files.createTempDirectory("jtee-secure-storage-");
        try {
            CoreConfig config = ExamplesTee.config(home);
            try (Core core = Core.start(config, getClass().getClassLoader());
                    TeeContext ctx = TeeContext.open(config.clientSocket())) {
                assertClientRun(ctx, CREATED, false);
            }
            try (Core core = Core.start(config, getClass().getClassLoader());
                    TeeContext ctx = TeeContext.open(config.clientSocket())) {
                assertClientRun(ctx, FOUND, true);
            }
        } finally {
            ExamplesTee.deleteTree(home);
        }
    }

    @Test
    void writeRaw_thenReadRaw_returnsTheData_andAnotherWriteReplacesIt() throws Exception {
        byte[] id = ascii("replace me");
        byte[] first = pattern(3000, 7);
        byte[] second = pattern(10, 99);
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            writeRaw(s, id, first);
            assertArrayEquals(first, readRaw(s, id, 4096));
            writeRaw(s, id, second);
            assertArrayEquals(second, readRaw(s, id, 4096), "OVERWRITE: the old object and its size are gone");
            writeRaw(s, id, new byte[0]);
            assertArrayEquals(new byte[0], readRaw(s, id, 16), "an empty object reads as 0 bytes");
            delete(s, id);
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(s, id, 16));
        }
    }

    @Test
    void readRaw_intoASmallerBuffer_shortBufferWithTheObjectsSize() throws Exception {
        byte[] id = ascii("short");
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            writeRaw(s, id, pattern(100, 1));
            TempMemory small = TempMemory.output(99);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(SecureStorageContract.CMD_READ_RAW,
                    Operation.of(TempMemory.input(id), small)));
            assertEquals(100, small.size());
            TempMemory none = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(SecureStorageContract.CMD_READ_RAW,
                    Operation.of(TempMemory.input(id), none)));
            assertEquals(100, none.size());
            assertArrayEquals(pattern(100, 1), readRaw(s, id, 100), "exactly the object's size fits");
            delete(s, id);
        }
    }

    @Test
    void readOrDelete_ofNoSuchObject_itemNotFound() throws Exception {
        byte[] id = ascii("never written");
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(s, id, 16));
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> delete(s, id));
        }
    }

    @Test
    void objectIds_areBytes_upTo64() throws Exception {
        byte[] longest = pattern(64, 3);
        byte[] prefix = Arrays.copyOf(longest, 63);
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            writeRaw(s, longest, pattern(5, 5));
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(s, prefix, 16)); // another id, not a prefix
            assertArrayEquals(pattern(5, 5), readRaw(s, longest, 16));
            delete(s, longest);
        }
    }

    @Test
    void objectIdOf65Bytes_panicsTheTa_asOpteesTaDoes() throws Exception {
        TeeSession s = tee.open(SecureStorageContract.UUID);
        try {
            TeeException e = assertThrows(TeeException.class, () -> readRaw(s, new byte[65], 16));
            assertEquals(TeeResult.TARGET_DEAD, e.result(), e.getMessage());
            assertEquals(ReturnOrigin.TEE, e.origin(), e.getMessage());
        } finally {
            s.close();
        }
        try (TeeSession again = tee.open(SecureStorageContract.UUID)) {
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(again, ascii("after the panic"), 16));
        }
    }

    @Test
    void wrongParameterTypes_badParameters_andAnotherCommand_notSupported() throws Exception {
        byte[] id = ascii("types");
        try (TeeSession s = tee.open(SecureStorageContract.UUID)) {
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(SecureStorageContract.CMD_WRITE_RAW,
                    Operation.of(TempMemory.input(id))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(SecureStorageContract.CMD_READ_RAW,
                    Operation.of(TempMemory.input(id), TempMemory.inout(new byte[8]))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(SecureStorageContract.CMD_DELETE,
                    Operation.of(TempMemory.input(id), ValueParameter.input(0, 0))));
            assertTaResult(TeeResult.NOT_SUPPORTED, () -> s.invokeCommand(3, Operation.of(TempMemory.input(id))));
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(s, id, 8)); // none of the above stored anything
        }
    }

    @Test
    void singleInstanceSingleSession_aSecondSessionIsBusy() throws Exception {
        try (TeeSession first = tee.open(SecureStorageContract.UUID)) {
            TeeException e = assertThrows(TeeException.class, () -> tee.open(SecureStorageContract.UUID).close());
            assertEquals(TeeResult.BUSY, e.result(), e.getMessage());
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> readRaw(first, new byte[] {1}, 8)); // the first still works
        }
    }

    private static void assertClientRun(TeeContext ctx, String expectedOut, boolean expectedFound) {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        ExamplesTee.Captured err = new ExamplesTee.Captured();
        SecureStorageClient.Outcome outcome = SecureStorageClient.run(ctx, out.out, err.out);
        assertEquals("", err.toString());
        assertEquals(expectedOut, out.toString());
        assertEquals(0, outcome.status());
        assertEquals(expectedFound, outcome.foundObject2());
    }

    private static void writeRaw(TeeSession s, byte[] id, byte[] data) throws TeeException {
        s.invokeCommand(SecureStorageContract.CMD_WRITE_RAW, Operation.of(TempMemory.input(id), TempMemory.input(data)));
    }

    private static byte[] readRaw(TeeSession s, byte[] id, int bufferBytes) throws TeeException {
        TempMemory out = TempMemory.output(bufferBytes);
        s.invokeCommand(SecureStorageContract.CMD_READ_RAW, Operation.of(TempMemory.input(id), out));
        assertTrue(out.size() <= bufferBytes);
        return out.data();
    }

    private static void delete(TeeSession s, byte[] id) throws TeeException {
        s.invokeCommand(SecureStorageContract.CMD_DELETE, Operation.of(TempMemory.input(id)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + 31 * i);
        }
        assertFalse(length > 0 && Arrays.equals(b, new byte[length]));
        return b;
    }
}
