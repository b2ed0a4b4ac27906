package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.Arrays;
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
    /** What the fake core's derived keys are filled with, plus the length of the extra data. */
    private static final int DERIVED = 0x40;

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

            protected byte[] deriveKey(byte[] extra, int keyBytes) {
                byte[] key = new byte[keyBytes];
                Arrays.fill(key, (byte) (DERIVED + extra.length));
                return key;
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

    private static int derive(CallBase call, MemorySegment extra, MemorySegment key) {
        try {
            call.deriveTaUniqueKey(extra, key);
            return TeeResult.SUCCESS;
        } catch (TeeException e) {
            return e.result();
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void deriveTaUniqueKey_intoTheTasOwnMemory_copiesTheCoresKey_extraFromAnyMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemoryReference input = memref(ParamTypes.MEMREF_INPUT, arena.allocate(5));
            CallBase call = call(new Parameters(input, null, null, null), null);
            MemorySegment onHeap = MemorySegment.ofArray(new byte[16]);
            assertEquals(TeeResult.SUCCESS, derive(call, MemorySegment.NULL, onHeap));
            assertArrayEquals(filled(16, DERIVED), onHeap.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment native32 = arena.allocate(32);
            assertEquals(TeeResult.SUCCESS, derive(call, input.buffer(), native32), "extra data may be a parameter's");
            assertArrayEquals(filled(32, DERIVED + 5), native32.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void deriveTaUniqueKey_sizesOutOfRange_badParameters_beforeTheMemoryIsLookedAt() {
        try (Arena arena = Arena.ofConfined()) {
            MemoryReference shared = memref(ParamTypes.MEMREF_INOUT, arena.allocate(64));
            CallBase call = call(new Parameters(shared, null, null, null), shared.buffer());
            MemorySegment key = MemorySegment.ofArray(new byte[32]);
            assertEquals(TeeResult.BAD_PARAMETERS, derive(call, MemorySegment.ofArray(new byte[1025]), key));
            assertEquals(TeeResult.BAD_PARAMETERS, derive(call, MemorySegment.NULL, MemorySegment.ofArray(new byte[15])));
            assertEquals(TeeResult.BAD_PARAMETERS, derive(call, MemorySegment.NULL, MemorySegment.ofArray(new byte[33])));
            assertEquals(TeeResult.BAD_PARAMETERS, derive(call, MemorySegment.NULL, shared.buffer()),
                    "64 bytes: the size is checked first, as in OP-TEE");
            assertArrayEquals(new byte[32], key.toArray(ValueLayout.JAVA_BYTE), "no key on failure");
            assertEquals(TeeResult.SUCCESS, derive(call, MemorySegment.ofArray(new byte[1024]), key));
        }
    }

    @Test
    void deriveTaUniqueKey_intoMemoryNotTheTasOwnOrReadOnly_security_keyUntouched() {
        try (Arena arena = Arena.ofConfined()) {
            MemoryReference temp = memref(ParamTypes.MEMREF_OUTPUT, MemorySegment.ofArray(new byte[32]));
            MemoryReference shared = memref(ParamTypes.MEMREF_INOUT, arena.allocate(64));
            CallBase call = call(new Parameters(temp, shared, null, null), shared.buffer());
            assertEquals(TeeResult.SECURITY, derive(call, MemorySegment.NULL, temp.buffer()), "a temporary reference");
            assertEquals(TeeResult.SECURITY, derive(call, MemorySegment.NULL, shared.buffer().asSlice(8, 32)),
                    "the client's shared memory");
            assertEquals(TeeResult.SECURITY, derive(call, MemorySegment.NULL, MemorySegment.ofArray(new byte[32]).asReadOnly()));
            assertArrayEquals(new byte[32], temp.buffer().toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new byte[64], shared.buffer().toArray(ValueLayout.JAVA_BYTE));
        }
        MemorySegment gone;
        try (Arena arena = Arena.ofConfined()) {
            gone = arena.allocate(32);
        }
        assertEquals(TeeResult.SECURITY, derive(call(Parameters.none(), null), MemorySegment.NULL, gone), "memory that is gone");
    }

    @Test
    void deriveTaUniqueKey_extraDataGone_accessDenied() {
        MemorySegment gone;
        try (Arena arena = Arena.ofConfined()) {
            gone = arena.allocate(4);
        }
        MemorySegment key = MemorySegment.ofArray(new byte[16]);
        assertEquals(TeeResult.ACCESS_DENIED, derive(call(Parameters.none(), null), gone, key));
        assertArrayEquals(new byte[16], key.toArray(ValueLayout.JAVA_BYTE));
    }
}
