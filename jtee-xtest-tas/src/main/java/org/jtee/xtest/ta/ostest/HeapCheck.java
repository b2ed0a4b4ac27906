package org.jtee.xtest.ta.ostest;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaSession;
import org.jtee.ta.Value;

/**
 * The allocator part of BASIC, os_test's bget test: blocks of random sizes allocated, filled,
 * grown and released in random order, each checked to hold what was written, on the Java heap and
 * in native memory of the TA's own. As os_test, it first asks OP-TEE's stats pseudo TA whether
 * the pager's pool is too small for it; jtee has no such TA, so the test runs.
 */
final class HeapCheck {
    private static final UUID STATS_PTA = UUID.fromString("d96a5b40-e2c7-b1af-8794-1002a5d5c61b");
    private static final int STATS_CMD_PAGER_STATS = 0;
    private static final long POOL_PAGES_THRESHOLD = (128 * 1024) / 4096;
    private static final int SLOTS = 32;
    private static final int ROUNDS = 600;
    private static final int MAX_BLOCK = 2048;

    private HeapCheck() {}

    static void run(CallContext call) throws TeeException {
        if (pagerPoolTooSmall(call)) {
            return;
        }
        SplittableRandom random = new SplittableRandom(0x6765);
        byte[][] blocks = new byte[SLOTS][];
        Arena[] arenas = new Arena[SLOTS];
        MemorySegment[] nativeBlocks = new MemorySegment[SLOTS];
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int slot = random.nextInt(SLOTS);
                check(blocks[slot], slot);
                check(nativeBlocks[slot], slot);
                int action = random.nextInt(3); // 0 free, 1 allocate anew, 2 reallocate
                int size = random.nextInt(1, MAX_BLOCK);
                blocks[slot] = action == 0 ? null
                        : fill(action == 1 || blocks[slot] == null ? new byte[size] : Arrays.copyOf(blocks[slot], size), slot);
                if (arenas[slot] != null) {
                    arenas[slot].close();
                    arenas[slot] = null;
                    nativeBlocks[slot] = null;
                }
                if (action != 0) {
                    arenas[slot] = Arena.ofConfined();
                    nativeBlocks[slot] = fill(arenas[slot].allocate(size), slot);
                }
            }
        } finally {
            for (Arena a : arenas) {
                if (a != null) {
                    a.close();
                }
            }
        }
    }

    /**
     * As os_test: true if the stats PTA answers PAGER_STATS with a pool of 1 to 32 pages (under
     * 128 KiB), too small for the test; jtee has no stats PTA, so the open fails and the test runs.
     */
    private static boolean pagerPoolTooSmall(CallContext call) {
        try (TaSession stats = call.openTaSession(STATS_PTA, Parameters.none())) {
            Value pool = new Value(ParamTypes.VALUE_OUTPUT, 0, 0);
            stats.invoke(STATS_CMD_PAGER_STATS, new Parameters(pool, new Value(ParamTypes.VALUE_OUTPUT, 0, 0),
                    new Value(ParamTypes.VALUE_OUTPUT, 0, 0), null));
            return pool.b() != 0 && Integer.toUnsignedLong(pool.b()) <= POOL_PAGES_THRESHOLD;
        } catch (TeeException e) {
            return false;
        }
    }

    private static byte[] fill(byte[] block, int slot) {
        for (int i = 0; i < block.length; i++) {
            block[i] = pattern(slot, i);
        }
        return block;
    }

    private static MemorySegment fill(MemorySegment block, int slot) {
        for (long i = 0; i < block.byteSize(); i++) {
            block.set(ValueLayout.JAVA_BYTE, i, pattern(slot, i));
        }
        return block;
    }

    private static byte pattern(int slot, long i) {
        return (byte) (slot * 31 + i * 7);
    }

    private static void check(byte[] block, int slot) throws TeeException {
        for (int i = 0; block != null && i < block.length; i++) {
            if (block[i] != pattern(slot, i)) {
                throw new TeeException(TeeResult.GENERIC, "heap block " + slot + " changed at byte " + i);
            }
        }
    }

    private static void check(MemorySegment block, int slot) throws TeeException {
        for (long i = 0; block != null && i < block.byteSize(); i++) {
            if (block.get(ValueLayout.JAVA_BYTE, i) != pattern(slot, i)) {
                throw new TeeException(TeeResult.GENERIC, "native block " + slot + " changed at byte " + i);
            }
        }
    }
}
