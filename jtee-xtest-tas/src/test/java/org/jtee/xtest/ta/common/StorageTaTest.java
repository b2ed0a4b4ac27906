package org.jtee.xtest.ta.common;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.VALUE_INOUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;
import static org.jtee.xtest.ta.common.StorageContract.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectInfo;
import org.jtee.crypto.TeeType;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaPanic;
import org.jtee.ta.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storage TA driven directly, without a core: its parameter checks, the handles it hands
 * out and takes back, what it does with {@code TEE_HANDLE_NULL} and with handles that name
 * nothing, its commands on transient objects, and the byte layouts it writes. Nothing here
 * reaches persistent storage: every call either fails or panics before it would, or works on
 * transient objects and enumerator handles alone.
 */
class StorageTaTest {
    private static final int BAD_HANDLE = 0xFFFFBAD0;

    private final StorageTa ta = new StorageTa() {};

    @Test
    void unknownCommand_isBadParameters() {
        assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(27, new Parameters(in(0, 0), null, null, null)));
        assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(-1, Parameters.none()));
    }

    /** Every command but NEXT_ENUM (checked apart) and CLEAR_STORAGE (checks nothing) wants parameter 0. */
    @ParameterizedTest
    @ValueSource(ints = {CMD_OPEN, CMD_CLOSE, CMD_READ, CMD_WRITE, CMD_CREATE, CMD_SEEK, CMD_UNLINK, CMD_RENAME,
            CMD_TRUNC, CMD_ALLOC_ENUM, CMD_FREE_ENUM, CMD_RESET_ENUM, CMD_START_ENUM, CMD_CREATE_OVERWRITE,
            CMD_KEY_IN_PERSISTENT, CMD_LOOP, CMD_RESTRICT_USAGE, CMD_ALLOC_OBJ, CMD_FREE_OBJ, CMD_RESET_OBJ,
            CMD_GET_OBJ_INFO, CMD_OPEN_ID_IN_SHM, CMD_CREATE_ID_IN_SHM, CMD_CREATEOVER_ID_IN_SHM,
            CMD_RENAME_ID_IN_SHM, CMD_NEXT_ENUM})
    void command_withNoParameters_isBadParameters(int command) {
        assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(command, Parameters.none()));
    }

    @Test
    void handleCommands_withAnExtraParameter_areBadParametersBeforeTheHandleIsUsed() {
        Parameters extra = new Parameters(in(BAD_HANDLE, 0), in(0, 0), null, null);
        for (int command : new int[] {CMD_CLOSE, CMD_UNLINK, CMD_TRUNC, CMD_RESTRICT_USAGE, CMD_FREE_OBJ,
                CMD_RESET_OBJ, CMD_FREE_ENUM, CMD_RESET_ENUM, CMD_START_ENUM}) {
            assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(command, extra));
        }
    }

    @Test
    void read_withAnInoutBuffer_isBadParameters() {
        Parameters p = new Parameters(memref(MEMREF_INOUT, 10), new Value(VALUE_INOUT, BAD_HANDLE, 0), null, null);
        assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_READ, p));
    }

    @Test
    void open_withValueInputForFlags_isBadParameters() {
        Parameters p = new Parameters(memref(MEMREF_INPUT, 3), in(0, 0), in(1, 0), null);
        assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_OPEN, p));
    }

    @ParameterizedTest
    @ValueSource(ints = {CMD_CLOSE, CMD_UNLINK, CMD_FREE_OBJ, CMD_RESET_OBJ, CMD_FREE_ENUM, CMD_RESET_ENUM})
    void nullHandle_isNothingToDo(int command) {
        assertDoesNotThrow(() -> invoke(command, new Parameters(in(0, 0), null, null, null)));
    }

    @ParameterizedTest
    @ValueSource(ints = {CMD_TRUNC, CMD_RESTRICT_USAGE, CMD_START_ENUM, CMD_CLOSE, CMD_UNLINK, CMD_FREE_OBJ,
            CMD_RESET_OBJ, CMD_FREE_ENUM, CMD_RESET_ENUM})
    void handleNamingNothing_panics(int command) {
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(command, new Parameters(in(BAD_HANDLE, 0), null, null, null)));
    }

    @Test
    void seek_ofBadHandle_panicsAsXtest6010Expects() {
        assertPanics(TeeResult.BAD_PARAMETERS,
                () -> invoke(CMD_SEEK, new Parameters(in(BAD_HANDLE, 5), inout(0, 0), null, null)));
    }

    @Test
    void dataCommands_onNullHandle_panic() {
        assertPanics(TeeResult.BAD_PARAMETERS,
                () -> invoke(CMD_SEEK, new Parameters(in(0, 5), inout(0, 0), null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS,
                () -> invoke(CMD_READ, new Parameters(memref(MEMREF_OUTPUT, 10), inout(0, 0), null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS,
                () -> invoke(CMD_WRITE, new Parameters(memref(MEMREF_INPUT, 10), in(0, 0), null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_TRUNC, new Parameters(in(0, 5), null, null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_GET_OBJ_INFO,
                new Parameters(in(0, 0), memref(MEMREF_OUTPUT, OBJ_INFO_BYTES), null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_RESTRICT_USAGE, new Parameters(in(0, -1), null, null, null)));
    }

    @Test
    void rename_ofNullHandle_panicsWithItemNotFound() {
        assertPanics(TeeResult.ITEM_NOT_FOUND,
                () -> invoke(CMD_RENAME, new Parameters(in(0, 0), memref(MEMREF_INPUT, 3), null, null)));
        assertPanics(TeeResult.ITEM_NOT_FOUND,
                () -> invoke(CMD_RENAME_ID_IN_SHM, new Parameters(in(0, 0), memref(MEMREF_INPUT, 3), null, null)));
    }

    @Test
    void create_withAttributesHandleNamingNothing_panicsBeforeStorage() {
        Parameters p = new Parameters(memref(MEMREF_INPUT, 3), inout(0, 7), in(BAD_HANDLE, 1), memref(MEMREF_INPUT, 0));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_CREATE, p));
    }

    @Test
    void allocObj_givesAHandleAndGetObjInfoWritesTheSevenWordStruct() throws TeeException {
        int handle = allocateAes();
        assertNotEquals(0, handle);
        MemoryReference out = memref(MEMREF_OUTPUT, 40);
        invoke(CMD_GET_OBJ_INFO, new Parameters(in(handle, 0), out, null, null));
        assertEquals(OBJ_INFO_BYTES, out.size());
        ByteBuffer b = out.buffer().asByteBuffer().order(ByteOrder.nativeOrder());
        assertEquals(TeeType.AES, b.getInt(0));
        assertEquals(0, b.getInt(4));
        assertEquals(256, b.getInt(8));
        assertEquals(0xFFFFFFFF, b.getInt(12));
        assertEquals(0, b.getInt(16));
        assertEquals(0, b.getInt(20));
        assertEquals(0, b.getInt(24));
    }

    @Test
    void getObjInfo_withRoomForLessThanTheStruct_isShortBufferBeforeTheHandleIsUsed() {
        MemoryReference out = memref(MEMREF_OUTPUT, OBJ_INFO_BYTES - 1);
        assertResult(TeeResult.SHORT_BUFFER, () -> invoke(CMD_GET_OBJ_INFO, new Parameters(in(BAD_HANDLE, 0), out, null, null)));
        assertEquals(OBJ_INFO_BYTES - 1, out.size());
    }

    @Test
    void allocObj_ofDataType_isNotSupportedWithHandleZero() {
        Value handle = new Value(VALUE_OUTPUT, 0x1234, 0);
        assertResult(TeeResult.NOT_SUPPORTED,
                () -> invoke(CMD_ALLOC_OBJ, new Parameters(in(TeeType.DATA, 0), handle, null, null)));
        assertEquals(0, handle.a());
    }

    @Test
    void seek_onTransientObject_panicsAsXtest6010Expects() throws TeeException {
        int handle = allocateAes();
        assertPanics(TeeResult.BAD_STATE, () -> invoke(CMD_SEEK, new Parameters(in(handle, 5), inout(0, 0), null, null)));
    }

    @Test
    void persistentOnlyCommands_onTransientObject_panic() throws TeeException {
        int handle = allocateAes();
        assertPanics(TeeResult.BAD_STATE, () -> invoke(CMD_TRUNC, new Parameters(in(handle, 5), null, null, null)));
        assertPanics(TeeResult.BAD_STATE, () -> invoke(CMD_UNLINK, new Parameters(in(handle, 0), null, null, null)));
        assertPanics(TeeResult.BAD_STATE,
                () -> invoke(CMD_WRITE, new Parameters(memref(MEMREF_INPUT, 4), in(handle, 0), null, null)));
        assertPanics(TeeResult.BAD_STATE,
                () -> invoke(CMD_RENAME, new Parameters(in(handle, 0), memref(MEMREF_INPUT, 3), null, null)));
    }

    @Test
    void restrictUsage_onTransientObject_narrowsItsUsage() throws TeeException {
        int handle = allocateAes();
        invoke(CMD_RESTRICT_USAGE, new Parameters(in(handle, ~1), null, null, null));
        invoke(CMD_RESTRICT_USAGE, new Parameters(in(handle, ~2), null, null, null));
        assertEquals(~3, objectInfoWords(handle)[3]);
    }

    @Test
    void freeObj_forgetsTheHandleAndTheNextAllocationReusesIt() throws TeeException {
        int handle = allocateAes();
        invoke(CMD_FREE_OBJ, new Parameters(in(handle, 0), null, null, null));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> objectInfoWords(handle));
        assertEquals(handle, allocateAes());
    }

    @Test
    void close_ofTransientObject_freesIt() throws TeeException {
        int handle = allocateAes();
        invoke(CMD_CLOSE, new Parameters(in(handle, 0), null, null, null));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> objectInfoWords(handle));
    }

    @Test
    void resetObj_onTransientObject_succeeds() throws TeeException {
        int handle = allocateAes();
        invoke(CMD_RESTRICT_USAGE, new Parameters(in(handle, 0), null, null, null));
        invoke(CMD_RESET_OBJ, new Parameters(in(handle, 0), null, null, null));
        assertEquals(0xFFFFFFFF, objectInfoWords(handle)[3]);
    }

    @Test
    void enumeratorCommands_onAnObjectHandle_panic() throws TeeException {
        int handle = allocateAes();
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_FREE_ENUM, new Parameters(in(handle, 0), null, null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_START_ENUM, new Parameters(in(handle, 1), null, null, null)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_NEXT_ENUM,
                new Parameters(in(handle, 0), null, memref(MEMREF_OUTPUT, OBJECT_ID_MAX_BYTES), null)));
    }

    @Test
    void nextEnum_withIdBufferUnder64Bytes_isShortBufferBeforeTheEnumeratorIsUsed() {
        MemoryReference info = memref(MEMREF_OUTPUT, 200);
        Parameters p = new Parameters(in(BAD_HANDLE, 0), info, memref(MEMREF_OUTPUT, OBJECT_ID_MAX_BYTES - 1), null);
        assertResult(TeeResult.SHORT_BUFFER, () -> invoke(CMD_NEXT_ENUM, p));
        assertEquals(200, info.size());
    }

    @Test
    void nextEnum_withInfoBufferUnderTheNativeStruct_isShortBufferWithTheSizeNeeded() {
        MemoryReference info = memref(MEMREF_OUTPUT, NATIVE_OBJECT_INFO_BYTES - 1);
        Parameters p = new Parameters(in(BAD_HANDLE, 0), info, memref(MEMREF_OUTPUT, 200), null);
        assertResult(TeeResult.SHORT_BUFFER, () -> invoke(CMD_NEXT_ENUM, p));
        assertEquals(NATIVE_OBJECT_INFO_BYTES, info.size());
    }

    @Test
    void nextEnum_withOtherShapes_isBadParameters() {
        MemoryReference id = memref(MEMREF_OUTPUT, 200);
        assertResult(TeeResult.BAD_PARAMETERS,
                () -> invoke(CMD_NEXT_ENUM, new Parameters(in(BAD_HANDLE, 0), in(0, 0), id, null)));
        assertResult(TeeResult.BAD_PARAMETERS,
                () -> invoke(CMD_NEXT_ENUM, new Parameters(in(BAD_HANDLE, 0), null, id, in(0, 0))));
        assertResult(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_NEXT_ENUM,
                new Parameters(in(BAD_HANDLE, 0), null, memref(MEMREF_INOUT, 200), null)));
    }

    @Test
    void nextEnum_inBothShapes_usesTheEnumeratorAfterTheChecks() {
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_NEXT_ENUM,
                new Parameters(in(0, 0), null, memref(MEMREF_OUTPUT, OBJECT_ID_MAX_BYTES), null)));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> invoke(CMD_NEXT_ENUM, new Parameters(in(BAD_HANDLE, 0),
                memref(MEMREF_OUTPUT, 200), memref(MEMREF_OUTPUT, 200), null)));
    }

    @Test
    void open_withoutStorage_failsAndWritesHandleZero() {
        Value handle = inout(0x00C0FFEE, 0x1234);
        Parameters p = new Parameters(memref(MEMREF_INPUT, 3), handle, in(1, 0), null);
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> invoke(CMD_OPEN, p));
        assertEquals(0, handle.b());
    }

    @Test
    void create_withoutStorage_failsAndWritesHandleZero() {
        Value handle = inout(0x7, 0x1234);
        Parameters p = new Parameters(new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(new byte[0]), true),
                handle, in(0, 1), memref(MEMREF_INPUT, 32));
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> invoke(CMD_CREATE, p));
        assertEquals(0, handle.b());
    }

    @Test
    void allocEnum_withoutStorage_failsAndWritesHandleZero() {
        Value handle = new Value(VALUE_OUTPUT, 0x1234, 0);
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE,
                () -> invoke(CMD_ALLOC_ENUM, new Parameters(handle, null, null, null)));
        assertEquals(0, handle.a());
    }

    @Test
    void clearStorage_takesAnyParameters() {
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE, () -> invoke(CMD_CLEAR_STORAGE, Parameters.none()));
        assertResult(TeeResult.STORAGE_NOT_AVAILABLE,
                () -> invoke(CMD_CLEAR_STORAGE, new Parameters(in(1, 2), memref(MEMREF_OUTPUT, 4), null, null)));
    }

    @Test
    void destroy_freesEveryHandle() throws TeeException {
        int handle = allocateAes();
        ta.destroy();
        assertPanics(TeeResult.BAD_PARAMETERS, () -> objectInfoWords(handle));
    }

    @Test
    void objInfo_isSevenWordsInTheMachinesOrder() {
        ObjectInfo info = new ObjectInfo(0xA0000010, 128, 256, 0x7FFFFFFE, 0x1_0000_0020L, 5, 0x00070007);
        ByteBuffer b = ByteBuffer.wrap(StorageTa.objInfo(info)).order(ByteOrder.nativeOrder());
        assertEquals(OBJ_INFO_BYTES, b.capacity());
        int[] words = new int[7];
        for (int i = 0; i < 7; i++) {
            words[i] = b.getInt(4 * i);
        }
        assertArrayEquals(new int[] {0xA0000010, 128, 256, 0x7FFFFFFE, 0x20, 5, 0x00070007}, words);
    }

    @Test
    void nativeObjectInfo_isThe64BitTeeObjectInfo() {
        ObjectInfo info = new ObjectInfo(0xA00000BF, 0, 0, -1, 0x1_0000_0020L, 0xFFFF_FFFFL, 0x00030007);
        ByteBuffer b = ByteBuffer.wrap(StorageTa.nativeObjectInfo(info)).order(ByteOrder.nativeOrder());
        assertEquals(NATIVE_OBJECT_INFO_BYTES, b.capacity());
        assertEquals(0xA00000BF, b.getInt(0));
        assertEquals(-1, b.getInt(12));
        assertEquals(0x1_0000_0020L, b.getLong(16));
        assertEquals(0xFFFF_FFFFL, b.getLong(24));
        assertEquals(0x00030007, b.getInt(32));
        assertEquals(0, b.getInt(36));
    }

    // --- helpers ---

    private int allocateAes() throws TeeException {
        Value handle = new Value(VALUE_OUTPUT, 0, 0);
        invoke(CMD_ALLOC_OBJ, new Parameters(in(TeeType.AES, 256), handle, null, null));
        return handle.a();
    }

    private int[] objectInfoWords(int handle) throws TeeException {
        MemoryReference out = memref(MEMREF_OUTPUT, OBJ_INFO_BYTES);
        invoke(CMD_GET_OBJ_INFO, new Parameters(in(handle, 0), out, null, null));
        ByteBuffer b = out.buffer().asByteBuffer().order(ByteOrder.nativeOrder());
        int[] words = new int[7];
        for (int i = 0; i < 7; i++) {
            words[i] = b.getInt(4 * i);
        }
        return words;
    }

    private void invoke(int command, Parameters params) throws TeeException {
        ta.invokeCommand(null, null, command, params);
    }

    private static Value in(int a, int b) {
        return new Value(VALUE_INPUT, a, b);
    }

    private static Value inout(int a, int b) {
        return new Value(VALUE_INOUT, a, b);
    }

    private static MemoryReference memref(int type, int size) {
        return new MemoryReference(type, MemorySegment.ofArray(new byte[size]), false);
    }

    private static void assertResult(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), e.getMessage());
    }

    private static void assertPanics(int code, Executable call) {
        TaPanic panic = assertThrows(TaPanic.class, call);
        assertEquals(code, panic.code(), panic.getMessage());
    }
}
