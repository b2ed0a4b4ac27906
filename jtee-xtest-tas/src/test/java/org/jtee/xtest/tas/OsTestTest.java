package org.jtee.xtest.tas;

import static org.jtee.xtest.tas.XtestTee.assertTaResult;
import static org.jtee.xtest.tas.XtestTee.assertTargetDead;

import static org.jtee.xtest.ta.ostest.OsTestContract.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.common.Uuids;
import org.jtee.os.Hardening;
import org.jtee.xtest.ta.common.TeeUuidStruct;
import org.jtee.xtest.ta.ostest.OsTestContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * os_test driven as xtest drives it (1006–1010, 1016–1019, 1022, 1023, 1025–1031, 1036, 1038,
 * 1042). os_test has an instance, so a TA host, per session, and its TA-to-TA commands open
 * more: the tests group commands into few sessions.
 */
class OsTestTest {
    private static final UUID OS_TEST = UUID.fromString(OsTestContract.UUID_STRING);
    static XtestTee tee;

    @TempDir
    static Path home;

    /**
     * A core of its own, whose pool keeps three hosts booted: os_test takes a host per session and
     * per call it makes to itself, often several in a row, and the shared core's pool of one
     * would make most of them wait for a JVM to boot.
     */
    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.start(home, List.of(), loading -> loading.withHostPool(3));
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    private static TeeSession open() throws TeeException {
        return tee.open(OsTestContract.UUID_STRING);
    }

    /**
     * xtest 1006: properties, access rights on a temporary reference, a TA-to-TA PARAMS_ACCESS,
     * persistent time (with its 1 s wait and the overflow), floating point, non-local exit, heap.
     */
    @Test
    void basic_everyCheckPasses() throws Exception {
        try (TeeSession s = open()) {
            s.invokeCommand(CMD_BASIC, Operation.of(TempMemory.input(new byte[32])));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_BASIC, null));
            TeeException init = assertThrows(TeeException.class, () -> s.invokeCommand(CMD_INIT, null));
            assertEquals(TeeResult.OVERFLOW, init.result(), "BASIC left the TA's time just past the 32-bit wrap");
            assertEquals(ReturnOrigin.TRUSTED_APP, init.origin());
        }
    }

    /** xtest 1007: a panic is TARGET_DEAD from the TEE, and so is every later call on the session. */
    @Test
    void panic_killsTheInstance() throws Exception {
        try (TeeSession s = open()) {
            assertTargetDead(() -> s.invokeCommand(CMD_PANIC, null));
            assertTargetDead(() -> s.invokeCommand(CMD_INIT, null));
        }
    }

    /**
     * xtest 1008: CLIENT_WITH_TIMEOUT's callee waits [0].a ms and is cancelled after half; CLIENT
     * has the crypt TA (its port in this module) hash a buffer TA to TA and checks the digest.
     */
    @Test
    void taToTa_withATimeout_cancelsTheCallee_andClientHashesThroughCrypt() throws Exception {
        try (TeeSession s = open()) {
            long start = System.nanoTime();
            s.invokeCommand(CMD_CLIENT_WITH_TIMEOUT, Operation.of(ValueParameter.input(1_000, 0)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 500, "the callee's wait was cancelled after 500 ms, not after " + millis);
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_CLIENT_WITH_TIMEOUT, null));
            s.invokeCommand(CMD_CLIENT, null);
        }
    }

    /** xtest 1009: TEE_Wait waits, and a client's cancellation ends it. */
    @Test
    void wait_waitsItsTime_andEndsCancelledWhenTheClientCancels() throws Exception {
        try (TeeSession s = open()) {
            long start = System.nanoTime();
            s.invokeCommand(CMD_WAIT, Operation.of(ValueParameter.input(100, 0)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
            Operation op = Operation.of(ValueParameter.input(20_000, 0));
            CompletableFuture<TeeException> call = CompletableFuture.supplyAsync(() -> {
                try {
                    s.invokeCommand(CMD_WAIT, op);
                    return null;
                } catch (TeeException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            op.requestCancellation();
            TeeException e = call.get(10, TimeUnit.SECONDS);
            assertEquals(TeeResult.CANCEL, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
        }
    }

    /** xtest 1010: every fault is a panic; a value that selects none, or the wrong types, are not. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void badMemAccess_everyFaultKillsTheInstance(int fault) throws Exception {
        try (TeeSession s = open()) {
            assertTargetDead(() -> s.invokeCommand(CMD_BAD_MEM_ACCESS, Operation.of(ValueParameter.input(fault, 0))));
        }
    }

    /** xtest 1010, second part: the faults with the client's shared memory passed along (1 KiB and 64 KiB). */
    @Test
    void badMemAccess_withSharedMemory_killsTheInstance_andNoFaultIsNone() throws Exception {
        for (int bytes : new int[] {1024, 65536}) {
            try (SharedMemory shm = tee.context().allocateSharedMemory(bytes, SharedMemory.INPUT | SharedMemory.OUTPUT);
                    TeeSession s = open()) {
                s.invokeCommand(CMD_BAD_MEM_ACCESS, Operation.of(ValueParameter.input(0, 0), SharedMemoryReference.whole(shm)));
                assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_BAD_MEM_ACCESS,
                        Operation.of(ValueParameter.input(1, 0), TempMemory.input(new byte[4]))));
                assertTargetDead(() -> s.invokeCommand(CMD_BAD_MEM_ACCESS,
                        Operation.of(ValueParameter.input(bytes == 1024 ? 1 : 5, 0), SharedMemoryReference.whole(shm))));
            }
        }
    }

    /**
     * xtest 1016 (memory references between instances, and empty ones passed on), 1017 (partial
     * references into one shared memory), 1018 (a partial reference out of bounds never reaches
     * the TA), 1025 (NULL and empty references) and direct calls of the commands that os_test
     * calls on itself.
     */
    @Test
    void memoryReferences_inEveryShape() throws Exception {
        try (TeeSession s = open(); SharedMemory shm = tee.context().allocateSharedMemory(8 * 4096,
                SharedMemory.INPUT | SharedMemory.OUTPUT)) {
            s.invokeCommand(CMD_TA2TA_MEMREF, null);
            s.invokeCommand(CMD_TA2TA_MEMREF_SIZE0, Operation.of(TempMemory.input(new byte[0]),
                    TempMemory.inout(new byte[0]), TempMemory.output(0)));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_TA2TA_MEMREF_SIZE0, Operation.of(
                    TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT), TempMemory.inout(new byte[0]), TempMemory.output(0))));

            byte[] in = {1, 2, 3};
            byte[] inout = {10, 20, 30};
            TempMemory out = TempMemory.output(3);
            TempMemory inoutRef = TempMemory.inout(inout);
            s.invokeCommand(CMD_TA2TA_MEMREF_MIX, Operation.of(TempMemory.input(in), inoutRef, out));
            assertArrayEquals(new byte[] {11, 21, 31}, inoutRef.buffer());
            assertArrayEquals(new byte[] {12, 23, 34}, out.buffer());

            s.invokeCommand(CMD_PARAMS, Operation.of(SharedMemoryReference.partialInput(shm, 0, 4096),
                    SharedMemoryReference.partialInput(shm, 4096, 4096), SharedMemoryReference.partialOutput(shm, 4 * 4096, 4096),
                    SharedMemoryReference.partialOutput(shm, 6 * 4096, 2 * 4096)));
            TeeException outOfBounds = assertThrows(TeeException.class, () -> s.invokeCommand(CMD_PARAMS, Operation.of(
                    SharedMemoryReference.partialInput(shm, 0, 4096), SharedMemoryReference.partialInput(shm, 4096, 4096),
                    SharedMemoryReference.partialOutput(shm, 4 * 4096, 4096),
                    SharedMemoryReference.partialOutput(shm, 6 * 4096, 3 * 4096))));
            assertTrue(outOfBounds.origin() != ReturnOrigin.TRUSTED_APP, outOfBounds.getMessage());
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_PARAMS, Operation.of(
                    TempMemory.input(new byte[1]), TempMemory.input(new byte[0]), TempMemory.output(1), TempMemory.output(1))));

            s.invokeCommand(CMD_NULL_MEMREF_PARAMS, nullMemrefs(0));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_NULL_MEMREF_PARAMS, nullMemrefs(1)));

            s.invokeCommand(CMD_PARAMS_ACCESS, Operation.of(TempMemory.input(new byte[8]),
                    TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT)));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_PARAMS_ACCESS,
                    Operation.of(TempMemory.input(new byte[8]), TempMemory.input(new byte[0]))));
        }
    }

    /** xtest 1025's operation: [0] and [2] empty buffers, [1] and [3] NULL; [0] of {@code firstSize} bytes. */
    private static Operation nullMemrefs(int firstSize) {
        return Operation.of(TempMemory.input(new byte[firstSize]), TempMemory.nullBuffer(ParamType.MEMREF_TEMP_INPUT),
                TempMemory.output(0), TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT));
    }

    /**
     * xtest 1019, 1022, 1023, 1030: the global is 21 once loaded and 213 after the first dlopen;
     * the libraries add; two modules, then three. Then the commands of features os_test was built
     * without (1029, 1031, 1036, 1038, 1042), the attestation PTA jtee does not have (1037), and an
     * unknown command.
     */
    @Test
    void libraries_constructorsAndDlopen_thenFeaturesNotBuiltIn() throws Exception {
        try (TeeSession s = open()) {
            assertEquals(21, globalVar(s), "os_test_lib's constructor, then the TA's");
            s.invokeCommand(CMD_CALL_LIB, null);
            s.invokeCommand(CMD_DL_PHDR, null);
            assertEquals(21, globalVar(s));
            s.invokeCommand(CMD_CALL_LIB_DL, null);
            assertEquals(213, globalVar(s), "os_test_lib_dl's constructor, at its first dlopen");
            s.invokeCommand(CMD_CALL_LIB_DL, null);
            s.invokeCommand(CMD_DL_PHDR_DL, null);
            assertEquals(213, globalVar(s), "constructors run once");
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_CALL_LIB, Operation.of(ValueParameter.input(1, 2))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(CMD_GET_GLOBAL_VAR, null));
            for (int command : new int[] {CMD_TLS_TEST_MAIN, CMD_TLS_TEST_SHLIB, CMD_CXX_CTOR_MAIN, CMD_CXX_CTOR_SHLIB,
                CMD_CXX_CTOR_SHLIB_DL, CMD_CXX_EXC_MAIN, CMD_CXX_EXC_MIXED, CMD_PAUTH_NOP, CMD_PAUTH_CORRUPT_PAC,
                CMD_MEMTAG_USE_AFTER_FREE, CMD_MEMTAG_INVALID_TAG, CMD_MEMTAG_DOUBLE_FREE, CMD_MEMTAG_BUFFER_OVERRUN,
                CMD_ASAN_STACK, CMD_ASAN_GLOBAL, CMD_ASAN_MALLOC, CMD_ASAN_UAF, CMD_ASAN_MEMFUNC}) {
                assertTaResult(TeeResult.NOT_SUPPORTED, () -> s.invokeCommand(command, null));
            }
            assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> s.invokeCommand(CMD_ATTESTATION, null));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(2, null));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(43, null));
        }
    }

    private static int globalVar(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(CMD_GET_GLOBAL_VAR, Operation.of(v));
        return v.a();
    }

    /** xtest 1019 and 1022: a panic in either library is the TA's panic. */
    @ParameterizedTest
    @ValueSource(ints = {CMD_CALL_LIB_PANIC, CMD_CALL_LIB_DL_PANIC})
    void aLibrarysPanic_killsTheInstance(int command) throws Exception {
        try (TeeSession s = open()) {
            assertTargetDead(() -> s.invokeCommand(command, null));
        }
    }

    /** xtest 1026–1028: the login and client UUID the TA sees, public, user and group; a short buffer learns 16. */
    @Test
    void clientIdentity_publicUserAndGroup() throws Exception {
        assertEquals(new UUID(0, 0), identity(LoginMethod.PUBLIC, 0));
        long uid = Hardening.uid();
        long gid = Hardening.gid();
        assertEquals(Uuids.clientUuid(LoginMethod.USER, uid, gid), identity(LoginMethod.USER, 0));
        assertEquals(Uuids.clientUuid(LoginMethod.GROUP, uid, gid), identity(LoginMethod.GROUP, (int) gid));
    }

    private static UUID identity(int login, int group) throws TeeException {
        try (TeeSession s = tee.context().openSession(OS_TEST, login, group, null)) {
            ValueParameter who = ValueParameter.output();
            TempMemory shortBuffer = TempMemory.output(15);
            assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(CMD_CLIENT_IDENTITY, Operation.of(who, shortBuffer)));
            assertEquals(TeeUuidStruct.BYTES, shortBuffer.size());
            TempMemory uuid = TempMemory.output(TeeUuidStruct.BYTES);
            s.invokeCommand(CMD_CLIENT_IDENTITY, Operation.of(who, uuid));
            assertEquals(login, who.a());
            return TeeUuidStruct.decode(java.lang.foreign.MemorySegment.ofArray(uuid.buffer()));
        }
    }
}
