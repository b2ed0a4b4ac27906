package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.LoginMethod;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.Identity;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaContext;
import org.jtee.ta.TaSession;
import org.jtee.ta.Tee;
import org.jtee.ta.TeeProperties;
import org.junit.jupiter.api.Test;

/** {@code TEE_CheckMemoryAccessRights} as every call context answers it, in the core and in a host. */
class CallBaseTest {
    private static final int READ = Tee.MEMORY_ACCESS_READ;
    private static final int WRITE = Tee.MEMORY_ACCESS_WRITE;
    private static final int ANY_OWNER = Tee.MEMORY_ACCESS_ANY_OWNER;

    /** A call with {@code params} whose client shares {@code clientMemory} (or nothing). */
    private static CallBase call(Parameters params, MemorySegment clientMemory) {
        TaContext instance = new TaContext() {
            public UUID uuid() {
                return new UUID(1, 2);
            }

            public TeeProperties taProperties() {
                return new PropertySet(Map.of());
            }

            public TeeProperties teeProperties() {
                return new PropertySet(Map.of());
            }
        };
        Identity client = new Identity(LoginMethod.PUBLIC, new UUID(0, 0));
        return new CallBase(instance, client, PropertySet.clientProperties(client), params) {
            protected boolean sharedWithClient(MemorySegment buffer) {
                return clientMemory != null && overlaps(buffer, clientMemory);
            }

            public boolean cancellationRequested() {
                return false;
            }

            public boolean unmaskCancellation() {
                return true;
            }

            public boolean maskCancellation() {
                return false;
            }

            public void await(long timeoutMillis) {}

            public TaSession openTaSession(UUID ta, long timeoutMillis, Parameters p) {
                throw new UnsupportedOperationException();
            }

            public Instant reeTime() {
                return Instant.now();
            }

            public org.jtee.ta.TeeTime taPersistentTime() {
                throw new UnsupportedOperationException();
            }

            public void setTaPersistentTime(org.jtee.ta.TeeTime time) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static int check(CallBase call, int flags, MemorySegment buffer) {
        try {
            call.checkMemoryAccessRights(flags, buffer);
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    private static MemoryReference memref(int type, MemorySegment buffer) {
        return new MemoryReference(type, buffer, false);
    }

    @Test
    void parameterMemory_ofEveryKind_isNotTheTasOwn_withoutAnyOwner() {
        try (Arena arena = Arena.ofConfined()) {
            MemoryReference temp = memref(ParamTypes.MEMREF_INPUT, MemorySegment.ofArray(new byte[32]));
            MemoryReference shared = memref(ParamTypes.MEMREF_INOUT, arena.allocate(64));
            CallBase call = call(new Parameters(temp, shared, null, null), null);
            assertEquals(TeeResult.ACCESS_DENIED, check(call, READ, temp.buffer()), "a temporary reference (OP-TEE: xtest 1006)");
            assertEquals(TeeResult.SUCCESS, check(call, READ | ANY_OWNER, temp.buffer()));
            assertEquals(TeeResult.ACCESS_DENIED, check(call, WRITE | ANY_OWNER, temp.buffer()), "an input is read-only");
            assertEquals(TeeResult.ACCESS_DENIED, check(call, READ, shared.buffer().asSlice(10, 4)), "a slice of a parameter");
            assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE | ANY_OWNER, shared.buffer()));
        }
    }

    @Test
    void theTasOwnMemory_isAllowed_readOnlyMemoryOnlyForReading() {
        MemoryReference temp = memref(ParamTypes.MEMREF_INPUT, MemorySegment.ofArray(new byte[32]));
        CallBase call = call(new Parameters(temp, null, null, null), null);
        MemorySegment copy = MemorySegment.ofArray(temp.toByteArray());
        assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, copy), "a private copy of a parameter");
        MemorySegment constant = MemorySegment.ofArray(new byte[16]).asReadOnly();
        assertEquals(TeeResult.SUCCESS, check(call, READ, constant));
        assertEquals(TeeResult.ACCESS_DENIED, check(call, WRITE, constant));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, arena.allocate(16)), "native memory of the TA's own");
        }
    }

    @Test
    void theClientsSharedMemory_isNotTheTasOwn() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment client = arena.allocate(4096);
            CallBase call = call(Parameters.none(), client);
            assertEquals(TeeResult.ACCESS_DENIED, check(call, READ, client.asSlice(100, 8)));
            assertEquals(TeeResult.SUCCESS, check(call, READ | ANY_OWNER, client.asSlice(100, 8)));
        }
    }

    @Test
    void bareAddresses_andMemoryThatIsGone_areDenied_whateverTheFlags() {
        CallBase call = call(Parameters.none(), null);
        assertEquals(TeeResult.ACCESS_DENIED, check(call, READ | ANY_OWNER, MemorySegment.NULL));
        assertEquals(TeeResult.ACCESS_DENIED, check(call, READ | ANY_OWNER, MemorySegment.ofAddress(256 * 1024)));
        MemorySegment gone;
        try (Arena arena = Arena.ofConfined()) {
            gone = arena.allocate(16);
        }
        assertEquals(TeeResult.ACCESS_DENIED, check(call, READ | ANY_OWNER, gone));
    }

    @Test
    void emptyBuffers_thatAreMemory_areAllowed_asOpTeeAllowsLength0() {
        try (Arena arena = Arena.ofConfined()) {
            MemoryReference empty = memref(ParamTypes.MEMREF_OUTPUT, arena.allocate(8).asSlice(8, 0));
            CallBase call = call(new Parameters(empty, null, null, null), null);
            assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, empty.buffer()), "an empty reference");
            assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, MemorySegment.ofArray(new byte[0])));
        }
    }

    @Test
    void emptySlicesOfTheTasOwnMemory_areAllowed_asOpTeeAllowsLength0() {
        CallBase call = call(Parameters.none(), null);
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, arena.allocate(8).asSlice(0, 0)));
            assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, arena.allocate(8).asSlice(8, 0)), "just past the end");
        }
        assertEquals(TeeResult.SUCCESS, check(call, READ | WRITE, Arena.ofAuto().allocate(8).asSlice(4, 0)));
        assertEquals(TeeResult.SUCCESS, check(call, WRITE, MemorySegment.ofArray(new byte[8]).asReadOnly().asSlice(0, 0)),
                "no byte to write");
    }

    @Test
    void undefinedFlags_badParameters() {
        assertEquals(TeeResult.BAD_PARAMETERS, check(call(Parameters.none(), null), 0x100, MemorySegment.ofArray(new byte[1])));
        assertThrows(TeeException.class, () -> call(Parameters.none(), null).checkMemoryAccessRights(0x8, MemorySegment.NULL));
    }
}
