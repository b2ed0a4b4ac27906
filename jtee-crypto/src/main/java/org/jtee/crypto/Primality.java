package org.jtee.crypto;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * The primality test behind {@link BigInt#isProbablePrime} ({@code TEE_BigIntIsProbablePrime},
 * GP TEE Internal Core API 1.3.1 §8), which answers 0 (composite), 1 (prime, certain) or −1
 * (probably prime).
 *
 * <ul>
 *   <li>Below 2: composite.
 *   <li>Below 2<sup>32</sup>: trial division by every prime up to 2<sup>16</sup>, a proof either
 *       way: 1 or 0.
 *   <li>Larger: trial division by the primes below {@value #QUICK_TRIAL_BOUND} (a divisor means
 *       0), then {@link BigInteger#isProbablePrime(int)} with certainty {@code c}: false means
 *       composite (0), true that the probability of a composite passing is at most
 *       2<sup>−c</sup> (−1). That is GP's meaning of the confidence level, so {@code c} is the
 *       level, at least 80 (GP treats lower levels as 80) and at most {@value #MAX_CERTAINTY}
 *       (the JDK caps its rounds well below that anyway). The JDK runs Miller–Rabin with random
 *       bases and, from 100 bits, a Lucas test.
 * </ul>
 */
final class Primality {
    static final int COMPOSITE = 0;
    static final int PRIME = 1;
    static final int PROBABLY_PRIME = -1;

    /** GP's floor for the confidence level. */
    static final int MIN_CONFIDENCE = 80;
    /** Keeps the JDK's round arithmetic, {@code (certainty + 1) / 2}, from overflowing. */
    static final int MAX_CERTAINTY = 1 << 16;

    private static final int QUICK_TRIAL_BOUND = 1 << 10;
    private static final int[] PRIMES = primesBelow(1 << 16);

    private Primality() {}

    static int classify(BigInteger magnitude, int confidenceLevel) {
        if (magnitude.compareTo(BigInteger.TWO) < 0) {
            return COMPOSITE;
        }
        if (magnitude.bitLength() <= 32) {
            return isPrimeByTrialDivision(magnitude.longValue()) ? PRIME : COMPOSITE;
        }
        for (int i = 0; i < PRIMES.length && PRIMES[i] < QUICK_TRIAL_BOUND; i++) {
            if (magnitude.mod(BigInteger.valueOf(PRIMES[i])).signum() == 0) {
                return COMPOSITE;
            }
        }
        return magnitude.isProbablePrime(certainty(confidenceLevel)) ? PROBABLY_PRIME : COMPOSITE;
    }

    /** The JDK certainty for a GP confidence level (unsigned). */
    static int certainty(int confidenceLevel) {
        long level = Integer.toUnsignedLong(confidenceLevel);
        return Math.clamp(level, MIN_CONFIDENCE, MAX_CERTAINTY);
    }

    /** For 2 ≤ n &lt; 2<sup>32</sup>: no prime up to √n divides it, or n is that prime. */
    private static boolean isPrimeByTrialDivision(long n) {
        for (int p : PRIMES) {
            if ((long) p * p > n) {
                return true;
            }
            if (n % p == 0) {
                return n == p;
            }
        }
        return true;
    }

    private static int[] primesBelow(int bound) {
        BitSet composite = new BitSet(bound);
        for (int i = 2; (long) i * i < bound; i++) {
            if (!composite.get(i)) {
                for (int j = i * i; j < bound; j += i) {
                    composite.set(j);
                }
            }
        }
        return IntStream.range(2, bound).filter(i -> !composite.get(i)).toArray();
    }
}
