package org.jtee.xtest.ta.ostest;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;
import static org.jtee.xtest.ta.ostest.OsTestContract.*;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TaProperty.Type;
import org.jtee.ta.TaSession;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;
import org.jtee.xtest.ta.common.TeeUuidStruct;

/**
 * OP-TEE's os_test TA: the "OS features" a TA relies on — properties, memory access rights, time,
 * floating point, heap, panics and faults, {@code TEE_Wait} and cancellation, TA-to-TA calls,
 * shared libraries and {@code dlopen}, ELF constructors, the client's identity — under OP-TEE's
 * UUID, flags (none: an instance per session), sizes and custom properties. Commands:
 * {@link OsTestContract}. C-only features are done the Java way: a library is a class of the TA's
 * JAR, {@code dlopen} loads one by name, constructors are static initialisers ({@link Linker}),
 * faults are what the JVM refuses; thread-local storage, C++, pointer authentication, memory
 * tagging and ASan answer NOT_SUPPORTED, as OP-TEE built without them does.
 */
@Ta(uuid = OsTestContract.UUID_STRING, version = "1.0", stackSize = 8 * 1024, dataSize = 900 * 1024,
        description = "xtest: os_test, OS features")
@TaProperty(name = "myprop.true", type = Type.BOOL, bool = true)
@TaProperty(name = "myprop.42", type = Type.U32, u32 = 42)
@TaProperty(name = "myprop.123", type = Type.UUID, string = "00000001-0002-0003-0000-000000000000")
@TaProperty(name = "myprop.1234", type = Type.IDENTITY, string = "1:00000002-0003-0004-0000-000000000000")
@TaProperty(name = "myprop.hello", string = Basic.HELLO)
@TaProperty(name = "myprop.binaryblock", type = Type.BINARY_BLOCK, string = "SGVsbG8gd29ybGQh")
@TaProperty(name = "myprop.binaryblock.1byte-ones", type = Type.BINARY_BLOCK, string = "/w==")
@TaProperty(name = "myprop.binaryblock.2byte-ones", type = Type.BINARY_BLOCK, string = "//8=")
@TaProperty(name = "myprop.binaryblock.3byte-ones", type = Type.BINARY_BLOCK, string = "////")
@TaProperty(name = "myprop.binaryblock.4byte-ones", type = Type.BINARY_BLOCK, string = "/////w==")
@TaProperty(name = "myprop.binaryblock.empty1", type = Type.BINARY_BLOCK, string = "")
@TaProperty(name = "myprop.binaryblock.empty2", type = Type.BINARY_BLOCK, string = "====")
@TaProperty(name = "myprop.binaryblock.empty3", type = Type.BINARY_BLOCK, string = "-%@&")
public final class OsTestTa implements TrustedApplication<Void> {
    static final java.util.UUID SELF = java.util.UUID.fromString(OsTestContract.UUID_STRING);
    /** OP-TEE's attestation pseudo TA and its HASH_TA_MEMORY command. */
    private static final java.util.UUID ATTESTATION_PTA = java.util.UUID.fromString("39800861-182a-4720-9b67-2bcd622bc0b5");
    private static final int ATTESTATION_HASH_TA_MEMORY = 2;

    static {
        Linker.loadTa(OsTestTa.class, OsTestContract.LIB_UUID, OsTestLib.class);
        OsTestGlobal.constructed(1); // the TA's own constructor, after its library's
    }

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        call.unmaskCancellation();
        switch (commandId) {
            case CMD_INIT -> call.taPersistentTime();
            case CMD_CLIENT_WITH_TIMEOUT -> TaToTa.clientWithTimeout(call, params);
            case CMD_BASIC -> Basic.run(call, params);
            case CMD_PANIC -> throw Tee.panic(PANIC_CODE);
            case CMD_CLIENT -> TaToTa.client(call);
            case CMD_PARAMS_ACCESS -> paramsAccess(call, params);
            case CMD_WAIT -> call.await(Integer.toUnsignedLong(params.get(0) instanceof Value v ? v.a() : 0));
            case CMD_BAD_MEM_ACCESS -> Faults.badMemoryAccess(params);
            case CMD_TA2TA_MEMREF -> TaToTa.memrefs(call, params);
            case CMD_TA2TA_MEMREF_MIX -> TaToTa.mix(params);
            case CMD_TA2TA_MEMREF_SIZE0 -> TaToTa.emptyMemrefs(call, params);
            case CMD_PARAMS -> params(params);
            case CMD_NULL_MEMREF_PARAMS -> nullMemrefParams(params);
            case CMD_CALL_LIB -> Libraries.callLib(params);
            case CMD_CALL_LIB_PANIC -> Libraries.callLibPanic(params);
            case CMD_CALL_LIB_DL -> Libraries.callLibDl(params);
            case CMD_CALL_LIB_DL_PANIC -> Libraries.callLibDlPanic(params);
            case CMD_GET_GLOBAL_VAR -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(OsTestGlobal.value());
            }
            case CMD_CLIENT_IDENTITY -> clientIdentity(call, params);
            case CMD_DL_PHDR -> Libraries.expectModules(2);
            case CMD_DL_PHDR_DL -> Libraries.expectModulesAfterDlopen(3);
            case CMD_ATTESTATION -> attestation(call, params);
            case CMD_TLS_TEST_MAIN, CMD_TLS_TEST_SHLIB, CMD_CXX_CTOR_MAIN, CMD_CXX_CTOR_SHLIB, CMD_CXX_CTOR_SHLIB_DL,
                    CMD_CXX_EXC_MAIN, CMD_CXX_EXC_MIXED, CMD_PAUTH_NOP, CMD_PAUTH_CORRUPT_PAC, CMD_MEMTAG_USE_AFTER_FREE,
                    CMD_MEMTAG_INVALID_TAG, CMD_MEMTAG_DOUBLE_FREE, CMD_MEMTAG_BUFFER_OVERRUN, CMD_ASAN_STACK,
                    CMD_ASAN_GLOBAL, CMD_ASAN_MALLOC, CMD_ASAN_UAF, CMD_ASAN_MEMFUNC ->
                throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId + " tests a feature of C builds");
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "no command " + commandId);
        }
    }

    /** PARAMS_ACCESS: [0] is memory this TA reads only with ANY_OWNER; [1] is NULL. */
    private static void paramsAccess(CallContext call, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE);
        MemoryReference in = params.memref(0);
        call.checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ | Tee.MEMORY_ACCESS_ANY_OWNER, in.buffer());
        if (Basic.accessResult(call, Tee.MEMORY_ACCESS_READ, in.buffer()) != TeeResult.ACCESS_DENIED) {
            throw new TeeException(TeeResult.GENERIC, "parameter 0 passed as the TA's own memory");
        }
        if (!params.memref(1).isNull() || params.memref(1).size() != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "parameter 1 is not NULL with size 0");
        }
    }

    /** PARAMS: MI, MI, MO, MO, none of them NULL or empty. */
    private static void params(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT);
        for (int i = 0; i < 4; i++) {
            if (params.memref(i).isNull() || params.memref(i).size() == 0) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, "parameter " + i + " is NULL or empty");
            }
        }
    }

    /** NULL_MEMREF_PARAMS: MI, MI, MO, MO, all of size 0; [0] and [2] not NULL, [1] and [3] NULL. */
    private static void nullMemrefParams(Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT);
        for (int i = 0; i < 4; i++) {
            MemoryReference m = params.memref(i);
            if (m.size() != 0 || m.isNull() != (i % 2 == 1)) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, "parameter " + i + " should be "
                        + (i % 2 == 1 ? "NULL" : "a buffer") + " of size 0");
            }
        }
    }

    /** CLIENT_IDENTITY: the client's login and UUID, as {@code gpd.client.identity} has them. */
    private static void clientIdentity(CallContext call, Parameters params) throws TeeException {
        params.expect(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE);
        MemoryReference out = params.memref(1);
        if (out.size() < TeeUuidStruct.BYTES) {
            out.setSize(TeeUuidStruct.BYTES);
            throw new TeeException(TeeResult.SHORT_BUFFER, "a TEE_UUID takes 16 bytes");
        }
        Identity client = call.clientProperties().getIdentity("gpd.client.identity");
        params.value(0).setA(client.login());
        out.write(TeeUuidStruct.encode(client.uuid()));
    }

    /** ATTESTATION: the parameters, to the attestation PTA (which jtee does not have). */
    private static void attestation(CallContext call, Parameters params) throws TeeException {
        try (TaSession pta = call.openTaSession(ATTESTATION_PTA, Parameters.none())) {
            pta.invoke(ATTESTATION_HASH_TA_MEMORY, params);
        }
    }
}
