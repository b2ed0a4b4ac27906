package org.jtee.xtest.ta.ostest;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.Tee;
import org.jtee.ta.TeeTime;
import org.jtee.ta.TimeOverflowException;
import org.jtee.xtest.ta.common.TeeUuidStruct;

/**
 * BASIC (xtest 1006): the heap, the property sets ({@link PropertyCheck}), memory access rights,
 * TA persistent time, floating point ({@link FloatCheck}), a non-local exit, and a heap allocator
 * test ({@link HeapCheck}), in that order; the first failure is the command's result.
 */
final class Basic {
    /** myprop.hello: longer than 80 characters, so that a truncation shows. */
    static final String HELLO = "hello property, larger than 80 characters, so that it checks that it is not truncated"
            + " by anything in the source code which may be wrong";

    /** The TA's constant data: os_test's UUID as a {@code TEE_UUID}, read-only like {@code .rodata}. */
    private static final MemorySegment CONSTANT = MemorySegment.ofArray(TeeUuidStruct.encode(OsTestTa.SELF)).asReadOnly();

    private Basic() {}

    static void run(CallContext call, Parameters params) throws TeeException {
        heap();
        PropertyCheck.run(call);
        accessRights(call, params);
        time(call);
        FloatCheck.run();
        nonLocalExit();
        HeapCheck.run(call);
    }

    /** {@code TEE_Malloc(4)} and {@code TEE_Free}: memory of the TA's own, native here. */
    private static void heap() throws TeeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(4);
            if (p.byteSize() != 4) {
                throw new TeeException(TeeResult.OUT_OF_MEMORY, "TEE_Malloc(4) failed");
            }
        }
    }

    /** The result of {@code TEE_CheckMemoryAccessRights(flags, buffer)}: 0 if allowed. */
    static int accessResult(CallContext call, int flags, MemorySegment buffer) {
        try {
            call.checkMemoryAccessRights(flags, buffer);
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    /**
     * The parameter is the client's, readable only with ANY_OWNER; constant data reads but does
     * not write; the TA's own locals and heap do both; NULL and a bare address do neither; then
     * PARAMS_ACCESS in another instance, with a local buffer and a NULL one.
     */
    private static void accessRights(CallContext call, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, NONE, NONE, NONE);
        int read = Tee.MEMORY_ACCESS_READ;
        int write = Tee.MEMORY_ACCESS_WRITE;
        MemorySegment in = params.memref(0).buffer();
        call.checkMemoryAccessRights(read | Tee.MEMORY_ACCESS_ANY_OWNER, in);
        expect(accessResult(call, read, in) == TeeResult.ACCESS_DENIED, "the client's buffer passed as the TA's own");
        call.checkMemoryAccessRights(read, CONSTANT);
        expect(accessResult(call, write, CONSTANT) != TeeResult.SUCCESS, "constant data is writable");
        call.checkMemoryAccessRights(read | write, MemorySegment.ofArray(new int[1]));
        try (Arena arena = Arena.ofConfined()) {
            call.checkMemoryAccessRights(read | write, arena.allocate(TeeUuidStruct.BYTES));
        }
        expect(accessResult(call, read, MemorySegment.NULL) != TeeResult.SUCCESS, "NULL is readable");
        expect(accessResult(call, read, MemorySegment.ofAddress(256 * 1024)) != TeeResult.SUCCESS,
                "address 256 KiB is readable");
        try (TaSession self = call.openTaSession(OsTestTa.SELF, Tee.TIMEOUT_INFINITE, Parameters.none())) {
            self.invoke(Tee.TIMEOUT_INFINITE, OsTestContract.CMD_PARAMS_ACCESS, new Parameters(
                    new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(new byte[32]), false),
                    new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(new byte[0]), true), null, null));
        }
    }

    /**
     * The clocks, then persistent time: set to 0 it reads under a minute later; set to the last
     * second before the 32-bit wrap, one second later it reads as OVERFLOW with the seconds wrapped.
     */
    private static void time(CallContext call) throws TeeException {
        call.systemTime();
        try {
            call.reeTime();
        } catch (TeeException e) {
            throw Tee.panic(e.result()); // TEE_GetREETime panics when it fails
        }
        try {
            call.taPersistentTime();
        } catch (TimeOverflowException e) {
            // stored, and overflowed
        } catch (TeeException e) {
            if (e.result() != TeeResult.TIME_NOT_SET && e.result() != TeeResult.TIME_NEEDS_RESET) {
                throw e;
            }
        }
        call.setTaPersistentTime(new TeeTime(0, 0));
        expect(call.taPersistentTime().seconds() <= 60, TeeResult.BAD_STATE, "TA time set to 0 reads over a minute");
        call.setTaPersistentTime(new TeeTime(TeeTime.MAX_SECONDS, 999));
        try {
            call.await(1000);
        } catch (TeeException e) {
            // as os_test: a cancelled wait is logged, and the test goes on
        }
        try {
            call.taPersistentTime();
            throw new TeeException(TeeResult.BAD_STATE, "the TA time did not overflow");
        } catch (TimeOverflowException e) {
            expect(e.time().seconds() <= 60, TeeResult.BAD_STATE, "unexpected wrapped time " + e.time());
        } catch (TeeException e) {
            throw new TeeException(TeeResult.BAD_STATE, "the TA time did not overflow: " + e.getMessage());
        }
    }

    /** setjmp/longjmp: a jump out of a nested call, back to where it was armed. */
    private static void nonLocalExit() throws TeeException {
        try {
            longJump();
            throw new TeeException(TeeResult.GENERIC, "longjmp returned to its caller");
        } catch (LongJump j) {
            // returned through the jump
        }
    }

    private static void longJump() {
        throw new LongJump();
    }

    /** The jump of {@link #nonLocalExit}: no stack trace, as a longjmp keeps none. */
    private static final class LongJump extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LongJump() {
            super(null, null, false, false);
        }
    }

    private static void expect(boolean condition, String otherwise) throws TeeException {
        expect(condition, TeeResult.GENERIC, otherwise);
    }

    private static void expect(boolean condition, int result, String otherwise) throws TeeException {
        if (!condition) {
            throw new TeeException(result, otherwise);
        }
    }
}
