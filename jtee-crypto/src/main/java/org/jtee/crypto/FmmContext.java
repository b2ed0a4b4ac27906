package org.jtee.crypto;

import java.math.BigInteger;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * A {@code TEE_BigIntFMMContext} (GP TEE Internal Core API 1.3.1 §8): what the fast
 * modular multiplication of {@link BigIntFmm} needs to know about a modulus in advance.
 *
 * <p>jtee's FMM is plain reduction, as OP-TEE's: an FMM value is the residue itself, not a
 * Montgomery form, so there is nothing to precompute. A context only marks that
 * {@code TEE_BigIntInitFMMContext} was called; it holds no data and takes one word, OP-TEE's size.
 * The FMM functions use the modulus they are given, which GP requires to be the context's.
 */
public final class FmmContext {
    private static final int SIZE_IN_U32 = 1;

    private FmmContext() {}

    /**
     * {@code TEE_BigIntFMMContextSizeInU32}: the words a context for a modulus of
     * {@code modulusSizeInBits} bits takes; always 1 here.
     */
    public static int sizeInU32(int modulusSizeInBits) {
        if (modulusSizeInBits < 0) {
            throw new IllegalArgumentException("negative bit count " + modulusSizeInBits);
        }
        return SIZE_IN_U32;
    }

    /**
     * {@code TEE_BigIntInitFMMContext} (GP 1.1, deprecated in 1.3): a context for {@code modulus}.
     * Accepts any modulus, as OP-TEE; an FMM function given a modulus below 2 panics later.
     *
     * @param lenInU32 the words the caller reserved, from {@link #sizeInU32}
     * @throws TaPanic if {@code lenInU32} is below {@link #sizeInU32}
     */
    public static FmmContext init(int lenInU32, BigInt modulus) {
        checkLength(lenInU32, modulus, "TEE_BigIntInitFMMContext");
        return new FmmContext();
    }

    /**
     * {@code TEE_BigIntInitFMMContext1} (GP 1.3): as {@link #init}, with a result.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} if {@code modulus} is below 2, which no
     *     reduction supports (OP-TEE answers success and panics later)
     * @throws TaPanic if {@code lenInU32} is below {@link #sizeInU32}
     */
    public static FmmContext init1(int lenInU32, BigInt modulus) throws TeeException {
        checkLength(lenInU32, modulus, "TEE_BigIntInitFMMContext1");
        if (modulus.value().compareTo(BigInteger.TWO) < 0) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "TEE_BigIntInitFMMContext1: a modulus below 2");
        }
        return new FmmContext();
    }

    private static void checkLength(int lenInU32, BigInt modulus, String function) {
        if (lenInU32 < SIZE_IN_U32) {
            throw BigInt.panic(function, "length of " + lenInU32 + " words, below " + SIZE_IN_U32);
        }
        if (modulus == null) {
            throw new NullPointerException("modulus");
        }
    }
}
