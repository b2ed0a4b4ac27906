package org.jtee.xtest.ta.common;

import static org.jtee.common.ParamTypes.MEMREF_INOUT;
import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TrustedApplication;

/**
 * OP-TEE's concurrent test TA ({@link ConcurrentContract}), for concurrent and concurrent_large.
 * With no instance flags, each session has an instance of its own, in a TA host of its own, so
 * calls of different sessions run in parallel; the count they share lives in the client's shared
 * memory, which a host maps: it is updated there atomically. A count the TA sees only as a copy
 * (a temporary reference) is updated in the copy, so the client reads back 1.
 */
public abstract class ConcurrentTa implements TrustedApplication<Void> {
    private static final VarHandle COUNT = ValueLayout.JAVA_INT.varHandle();

    /** Where spin results go, so that the loop cannot be optimised away. */
    private static volatile long sink;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case ConcurrentContract.CMD_BUSY_LOOP -> {
                params.expect(MEMREF_INOUT, VALUE_INOUT, NONE, NONE);
                MemorySegment count = countIn(params.memref(0));
                params.value(1).setB(add(count, 1));
                try {
                    spin(Integer.toUnsignedLong(params.value(1).a()) * ConcurrentContract.ROUNDS_PER_UNIT);
                } finally {
                    add(count, -1);
                }
            }
            case ConcurrentContract.CMD_SHA256 -> sha256(params);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
    }

    private static void sha256(Parameters params) throws TeeException {
        params.expect(MEMREF_INOUT, VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT);
        MemorySegment count = countIn(params.memref(0));
        MemoryReference digestOut = params.memref(3);
        if (digestOut.capacity() < ConcurrentContract.DIGEST_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "the digest needs 32 bytes, got " + digestOut.capacity());
        }
        params.value(1).setB(add(count, 1));
        try {
            byte[] message = params.memref(2).toByteArray();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(message);
            for (long i = 1; i < Integer.toUnsignedLong(params.value(1).a()); i++) {
                sha256.reset();
                digest = sha256.digest(message);
            }
            digestOut.write(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "no SHA-256: " + e.getMessage());
        } finally {
            add(count, -1);
        }
    }

    private static MemorySegment countIn(MemoryReference m) throws TeeException {
        if (m.size() < ConcurrentContract.SHM_BYTES || m.capacity() < ConcurrentContract.SHM_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "the shared count needs 4 bytes, got " + m.size());
        }
        return m.buffer();
    }

    /** Adds {@code delta} to the count and returns the sum: atomically where the memory allows it. */
    private static int add(MemorySegment count, int delta) {
        if (count.isNative() && count.address() % Integer.BYTES == 0) {
            return (int) COUNT.getAndAdd(count, 0L, delta) + delta;
        }
        int sum = count.get(ValueLayout.JAVA_INT_UNALIGNED, 0) + delta;
        count.set(ValueLayout.JAVA_INT_UNALIGNED, 0, sum);
        return sum;
    }

    private static void spin(long rounds) {
        long x = rounds;
        for (long i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
