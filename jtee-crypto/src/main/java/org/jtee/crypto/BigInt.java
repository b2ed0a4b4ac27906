package org.jtee.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * A {@code TEE_BigInt} of the TEE Arithmetical API (GP TEE Internal Core API 1.3.1 §8): a signed
 * integer whose capacity is fixed when it is created. Each public method is one GP function,
 * named in its documentation.
 *
 * <p><b>Receiver.</b> A function that produces a big integer writes it into the receiver, GP's
 * {@code dest}: {@code c.add(a, b)} is {@code TEE_BigIntAdd(c, a, b)}, that is c = a + b. Any
 * operand may be the receiver itself ({@code a.add(a, b)}). A function that only reads works on
 * the receiver: {@code a.cmp(b)} is {@code TEE_BigIntCmp(a, b)}.
 *
 * <p><b>Capacity.</b> GP measures a big integer in 32-bit words: {@link #sizeInU32(int)} gives
 * {@code ((bits + 31) / 32) + 2} for a value of {@code bits} bits, two of them header. A BigInt
 * holds any value whose magnitude fits its other words, so one made for 1 bit holds up to
 * 2<sup>32</sup> − 1 and one made for 0 bits only 0, as in OP-TEE. Values are sign and magnitude:
 * {@link #getBit}, {@link #setBit}, {@link #getBitCount}, {@link #shiftRight} and the octet
 * string conversions see the magnitude; zero is never negative.
 *
 * <p><b>Failures.</b> Where GP returns a result the method throws {@link TeeException} with it
 * ({@code TEE_ERROR_OVERFLOW}, {@code TEE_ERROR_NOT_SUPPORTED}, or {@link ShortBufferException}).
 * Where GP or OP-TEE's {@code tee_api_arith_mpi.c} panics, the method throws {@link TaPanic} with
 * {@link #PANIC_CODE} and a message naming the GP function and the problem:
 * <ul>
 *   <li>a result that does not fit its destination, in every function without an OVERFLOW result;
 *   <li>a modulus below 2 ({@link #mod}, {@link #addMod}, {@link #subMod}, {@link #mulMod},
 *       {@link #squareMod}, {@link #invMod}, the FMM conversions) or below 3 ({@link #expMod});
 *   <li>division by zero ({@link #div});
 *   <li>{@link #invMod} of a value without an inverse (0 included);
 *   <li>{@link #expMod} with a negative exponent;
 *   <li>{@link #init} with fewer than 2 or more than {@link #MAX_SIZE_IN_U32} words.
 * </ul>
 * A panic leaves every destination unchanged. {@code null} for an argument GP requires is a
 * caller bug: {@link NullPointerException}.
 *
 * <p><b>Backend.</b> Values are {@link BigInteger}s; nothing here is constant-time, and a BigInt
 * is not safe for use by several threads at once.
 */
public final class BigInt {
    /** The panic code of every arithmetic panic: OP-TEE's {@code 0xB16127} ("BIGINT"). */
    public static final int PANIC_CODE = 0x00B16127;

    /**
     * The most words {@link #init} accepts: OP-TEE's bound, {@code CFG_TA_BIGNUM_MAX_BITS / 4}
     * with its default of 2048 bits, which leaves room for 16,320-bit values.
     */
    public static final int MAX_SIZE_IN_U32 = 512;

    private static final int HEADER_WORDS = 2;

    private final int sizeInU32;
    private BigInteger value = BigInteger.ZERO;

    private BigInt(int sizeInU32) {
        this.sizeInU32 = sizeInU32;
    }

    /**
     * {@code TEE_BigIntSizeInU32(bits)}: the words a BigInt of {@code bits} bits takes.
     *
     * @throws IllegalArgumentException if {@code bits} is negative
     */
    public static int sizeInU32(int bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("negative bit count " + bits);
        }
        return (int) ((bits + 31L) / 32 + HEADER_WORDS);
    }

    /**
     * {@code TEE_BigIntInit(bigInt, len)}: a BigInt of {@code lenInU32} words, holding 0.
     *
     * @throws TaPanic if {@code lenInU32} is below 2 or above {@link #MAX_SIZE_IN_U32}
     */
    public static BigInt init(int lenInU32) {
        return init(lenInU32, "TEE_BigIntInit");
    }

    static BigInt init(int lenInU32, String function) {
        if (lenInU32 < HEADER_WORDS || lenInU32 > MAX_SIZE_IN_U32) {
            throw panic(function, "length of " + lenInU32 + " words, not in [" + HEADER_WORDS + ", "
                    + MAX_SIZE_IN_U32 + "]");
        }
        return new BigInt(lenInU32);
    }

    /** {@code TEE_BigIntInit(bigInt, TEE_BigIntSizeInU32(bits))}: a BigInt for {@code bits} bits. */
    public static BigInt ofBits(int bits) {
        return init(sizeInU32(bits));
    }

    /** The words this BigInt was created with (the {@code len} of {@code TEE_BigIntInit}). */
    public int sizeInU32() {
        return sizeInU32;
    }

    /** The largest magnitude this BigInt holds, in bits: 32 per word beyond the header. */
    public int capacityBits() {
        return (sizeInU32 - HEADER_WORDS) * 32;
    }

    /**
     * {@code TEE_BigIntConvertFromOctetString}: this = the big-endian unsigned {@code buffer},
     * negated if {@code sign < 0}. Leading zero bytes are allowed.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if the value does not fit; this is unchanged
     */
    public void convertFromOctetString(byte[] buffer, int sign) throws TeeException {
        BigInteger magnitude = new BigInteger(1, buffer);
        if (magnitude.bitLength() > capacityBits()) {
            throw new TeeException(TeeResult.OVERFLOW, "TEE_BigIntConvertFromOctetString: a value of "
                    + magnitude.bitLength() + " bits does not fit " + capacityBits());
        }
        value = sign < 0 ? magnitude.negate() : magnitude;
    }

    /**
     * {@code TEE_BigIntConvertToOctetString}: |this| big-endian, without leading zero bytes (so 0
     * is the empty string). The sign is not part of it: see {@link #cmpS32}.
     */
    public byte[] convertToOctetString() {
        byte[] b = value.abs().toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /**
     * {@code TEE_BigIntConvertToOctetString} into {@code buffer[offset .. offset + length)}.
     *
     * @return the number of bytes written at {@code offset}
     * @throws ShortBufferException if they do not fit in {@code length}, with the size needed
     */
    public int convertToOctetString(byte[] buffer, int offset, int length) throws ShortBufferException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        byte[] octets = checkedOctets(length);
        System.arraycopy(octets, 0, buffer, offset, octets.length);
        return octets.length;
    }

    /**
     * {@code TEE_BigIntConvertToOctetString} into {@code buffer} at its position, which advances.
     *
     * @return the number of bytes written
     * @throws ShortBufferException if they do not fit in what remains, with the size needed
     */
    public int convertToOctetString(ByteBuffer buffer) throws ShortBufferException {
        byte[] octets = checkedOctets(buffer.remaining());
        buffer.put(octets);
        return octets.length;
    }

    private byte[] checkedOctets(int room) throws ShortBufferException {
        byte[] octets = convertToOctetString();
        if (octets.length > room) {
            throw new ShortBufferException(octets.length, "TEE_BigIntConvertToOctetString: the value needs "
                    + octets.length + " bytes, the buffer holds " + room);
        }
        return octets;
    }

    /** {@code TEE_BigIntConvertFromS32}: this = {@code shortVal}. Panics if it does not fit. */
    public void convertFromS32(int shortVal) {
        put(BigInteger.valueOf(shortVal), "TEE_BigIntConvertFromS32");
    }

    /**
     * {@code TEE_BigIntConvertToS32}: this as a signed 32-bit integer.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if it is outside [−2<sup>31</sup>, 2<sup>31</sup> − 1]
     */
    public int convertToS32() throws TeeException {
        if (value.bitLength() > 31) {
            throw new TeeException(TeeResult.OVERFLOW, "TEE_BigIntConvertToS32: a value of "
                    + value.abs().bitLength() + " bits does not fit a signed 32-bit integer");
        }
        return value.intValue();
    }

    /** {@code TEE_BigIntCmp(this, op)}: −1, 0 or 1 as this is less than, equal to or greater than {@code op}. */
    public int cmp(BigInt op) {
        return value.compareTo(op.value);
    }

    /** {@code TEE_BigIntCmpS32(this, shortVal)}: −1, 0 or 1. */
    public int cmpS32(int shortVal) {
        return value.compareTo(BigInteger.valueOf(shortVal));
    }

    /**
     * {@code TEE_BigIntShiftRight(this, op, bits)}: |this| = |op| >> bits, with op's sign (so −2
     * shifted by 1 is −1, and −1 shifted by 1 is 0). {@code bits} is read as unsigned.
     */
    public void shiftRight(BigInt op, int bits) {
        BigInteger magnitude = op.value.abs();
        long shift = Integer.toUnsignedLong(bits);
        BigInteger shifted = shift >= magnitude.bitLength() ? BigInteger.ZERO : magnitude.shiftRight((int) shift);
        put(op.value.signum() < 0 ? shifted.negate() : shifted, "TEE_BigIntShiftRight");
    }

    /** {@code TEE_BigIntGetBit}: bit {@code bitIndex} (unsigned) of |this|. */
    public boolean getBit(int bitIndex) {
        return bitIndex >= 0 && value.abs().testBit(bitIndex);
    }

    /** {@code TEE_BigIntGetBitCount}: the bits |this| needs; 0 for 0. */
    public int getBitCount() {
        return value.abs().bitLength();
    }

    /**
     * {@code TEE_BigIntSetBit} (GP 1.3): sets bit {@code bitIndex} (unsigned) of |this| to
     * {@code bitValue}, keeping the sign. Clearing a bit beyond the capacity does nothing, as in OP-TEE.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if a set bit would be beyond the capacity
     */
    public void setBit(int bitIndex, boolean bitValue) throws TeeException {
        long index = Integer.toUnsignedLong(bitIndex);
        if (index >= capacityBits()) {
            if (bitValue) {
                throw new TeeException(TeeResult.OVERFLOW, "TEE_BigIntSetBit: bit " + index
                        + " is beyond the capacity of " + capacityBits() + " bits");
            }
            return;
        }
        BigInteger magnitude = value.abs();
        magnitude = bitValue ? magnitude.setBit((int) index) : magnitude.clearBit((int) index);
        value = value.signum() < 0 ? magnitude.negate() : magnitude;
    }

    /**
     * {@code TEE_BigIntAssign}: this = {@code src}.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if it does not fit; this is unchanged
     */
    public void assign(BigInt src) throws TeeException {
        putOrOverflow(src.value, "TEE_BigIntAssign");
    }

    /**
     * {@code TEE_BigIntAbs}: this = |src|.
     *
     * @throws TeeException {@code TEE_ERROR_OVERFLOW} if it does not fit; this is unchanged
     */
    public void abs(BigInt src) throws TeeException {
        putOrOverflow(src.value.abs(), "TEE_BigIntAbs");
    }

    /** {@code TEE_BigIntNeg}: this = −src. */
    public void neg(BigInt src) {
        put(src.value.negate(), "TEE_BigIntNeg");
    }

    /** {@code TEE_BigIntAdd}: this = op1 + op2. */
    public void add(BigInt op1, BigInt op2) {
        put(op1.value.add(op2.value), "TEE_BigIntAdd");
    }

    /** {@code TEE_BigIntSub}: this = op1 − op2. */
    public void sub(BigInt op1, BigInt op2) {
        put(op1.value.subtract(op2.value), "TEE_BigIntSub");
    }

    /** {@code TEE_BigIntMul}: this = op1 × op2. */
    public void mul(BigInt op1, BigInt op2) {
        put(op1.value.multiply(op2.value), "TEE_BigIntMul");
    }

    /** {@code TEE_BigIntSquare}: this = op × op. */
    public void square(BigInt op) {
        put(op.value.multiply(op.value), "TEE_BigIntSquare");
    }

    /**
     * {@code TEE_BigIntDiv(destQ, destR, op1, op2)}: op1 = destQ × op2 + destR, the quotient
     * rounded towards zero and the remainder with op1's sign. Either destination may be null.
     *
     * @throws TaPanic if op2 is 0, or a result does not fit its destination
     */
    public static void div(BigInt destQ, BigInt destR, BigInt op1, BigInt op2) {
        if (op2.value.signum() == 0) {
            throw panic("TEE_BigIntDiv", "division by zero");
        }
        BigInteger[] qr = op1.value.divideAndRemainder(op2.value);
        if (destQ != null) {
            destQ.checkFits(qr[0], "TEE_BigIntDiv");
        }
        if (destR != null) {
            destR.checkFits(qr[1], "TEE_BigIntDiv");
        }
        if (destQ != null) {
            destQ.value = qr[0];
        }
        if (destR != null) {
            destR.value = qr[1];
        }
    }

    /** {@code TEE_BigIntMod}: this = op mod n, in [0, n − 1]. Panics if n &lt; 2. */
    public void mod(BigInt op, BigInt n) {
        put(op.value.mod(modulus(n, "TEE_BigIntMod")), "TEE_BigIntMod");
    }

    /** {@code TEE_BigIntAddMod}: this = (op1 + op2) mod n. Panics if n &lt; 2. */
    public void addMod(BigInt op1, BigInt op2, BigInt n) {
        String f = "TEE_BigIntAddMod";
        put(op1.value.add(op2.value).mod(modulus(n, f)), f);
    }

    /** {@code TEE_BigIntSubMod}: this = (op1 − op2) mod n. Panics if n &lt; 2. */
    public void subMod(BigInt op1, BigInt op2, BigInt n) {
        String f = "TEE_BigIntSubMod";
        put(op1.value.subtract(op2.value).mod(modulus(n, f)), f);
    }

    /** {@code TEE_BigIntMulMod}: this = (op1 × op2) mod n. Panics if n &lt; 2. */
    public void mulMod(BigInt op1, BigInt op2, BigInt n) {
        String f = "TEE_BigIntMulMod";
        put(op1.value.multiply(op2.value).mod(modulus(n, f)), f);
    }

    /** {@code TEE_BigIntSquareMod}: this = op² mod n. Panics if n &lt; 2. */
    public void squareMod(BigInt op, BigInt n) {
        String f = "TEE_BigIntSquareMod";
        put(op.value.multiply(op.value).mod(modulus(n, f)), f);
    }

    /**
     * {@code TEE_BigIntInvMod}: this = op<sup>−1</sup> mod n.
     *
     * @throws TaPanic if n &lt; 2, op is 0, or op has no inverse modulo n
     */
    public void invMod(BigInt op, BigInt n) {
        String f = "TEE_BigIntInvMod";
        BigInteger modulus = modulus(n, f);
        if (op.value.signum() == 0) {
            throw panic(f, "0 has no inverse");
        }
        if (!op.value.gcd(modulus).equals(BigInteger.ONE)) {
            throw panic(f, "the operand has no inverse: it shares a factor with the modulus");
        }
        put(op.value.modInverse(modulus), f);
    }

    /**
     * {@code TEE_BigIntExpMod} (GP 1.3): this = op1<sup>op2</sup> mod n. As OP-TEE, only odd
     * moduli are supported (GP allows refusing the others); {@code context} may be null and is
     * not needed.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} if n is even
     * @throws TaPanic if n &lt; 3, or op2 is negative
     */
    public void expMod(BigInt op1, BigInt op2, BigInt n, FmmContext context) throws TeeException {
        String f = "TEE_BigIntExpMod";
        if (n.value.compareTo(BigInteger.TWO) <= 0) {
            throw panic(f, "the modulus is below 3");
        }
        if (!n.value.testBit(0)) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, f + ": even moduli are not supported");
        }
        if (op2.value.signum() < 0) {
            throw panic(f, "negative exponent");
        }
        put(op1.value.modPow(op2.value, n.value), f);
    }

    /** {@code TEE_BigIntRelativePrime}: whether gcd(op1, op2) = 1. */
    public static boolean relativePrime(BigInt op1, BigInt op2) {
        return op1.value.gcd(op2.value).equals(BigInteger.ONE);
    }

    /**
     * {@code TEE_BigIntComputeExtendedGcd(this, u, v, op1, op2)}: this = gcd(op1, op2) ≥ 0 and,
     * when given, u and v with u × op1 + v × op2 = gcd (from the extended Euclidean algorithm, so
     * |u| ≤ |op2| / gcd and |v| ≤ |op1| / gcd). gcd(0, 0) is 0, with u = 1 and v = 0.
     *
     * @throws TaPanic if a result does not fit its destination
     */
    public void computeExtendedGcd(BigInt u, BigInt v, BigInt op1, BigInt op2) {
        String f = "TEE_BigIntComputeExtendedGcd";
        BigInteger[] gcdUv = extendedGcd(op1.value.abs(), op2.value.abs());
        BigInteger coefU = op1.value.signum() < 0 ? gcdUv[1].negate() : gcdUv[1];
        BigInteger coefV = op2.value.signum() < 0 ? gcdUv[2].negate() : gcdUv[2];
        checkFits(gcdUv[0], f);
        if (u != null) {
            u.checkFits(coefU, f);
        }
        if (v != null) {
            v.checkFits(coefV, f);
        }
        value = gcdUv[0];
        if (u != null) {
            u.value = coefU;
        }
        if (v != null) {
            v.value = coefV;
        }
    }

    /** {g, s, t} with s × a + t × b = g = gcd(a, b), for a, b ≥ 0. */
    private static BigInteger[] extendedGcd(BigInteger a, BigInteger b) {
        BigInteger r0 = a;
        BigInteger r1 = b;
        BigInteger s0 = BigInteger.ONE;
        BigInteger s1 = BigInteger.ZERO;
        BigInteger t0 = BigInteger.ZERO;
        BigInteger t1 = BigInteger.ONE;
        while (r1.signum() != 0) {
            BigInteger[] qr = r0.divideAndRemainder(r1);
            BigInteger s2 = s0.subtract(qr[0].multiply(s1));
            BigInteger t2 = t0.subtract(qr[0].multiply(t1));
            r0 = r1;
            r1 = qr[1];
            s0 = s1;
            s1 = s2;
            t0 = t1;
            t1 = t2;
        }
        return new BigInteger[] {r0, s0, t0};
    }

    /**
     * {@code TEE_BigIntIsProbablePrime}: 0 if this is composite, 1 if it is certainly prime, −1 if
     * it is prime with a probability of error at most 2<sup>−confidenceLevel</sup>. Levels below
     * 80 count as 80 (GP). The test is on |this|, as in OP-TEE, so −7 is prime.
     *
     * <p>Below 2<sup>32</sup> trial division decides, for certain (1 or 0). Above, trial division
     * by the primes below 1024 finds small factors, then {@link BigInteger#isProbablePrime(int)}
     * runs with certainty = the level, clamped to [80, 65536]: the JDK's certainty c means a
     * composite passes with probability at most 2<sup>−c</sup>, GP's meaning of the level. The JDK
     * runs Miller–Rabin with random bases, and from 100 bits a Lucas test too.
     *
     * @param confidenceLevel read as unsigned
     */
    public int isProbablePrime(int confidenceLevel) {
        return Primality.classify(value.abs(), confidenceLevel);
    }

    /**
     * {@code TEE_BigIntConvertFromFMM}: this = src, the plain residue it holds (see
     * {@link BigIntFmm}). {@code n} and {@code context} are not needed, as in OP-TEE.
     */
    public void convertFromFmm(BigIntFmm src, BigInt n, FmmContext context) {
        Objects.requireNonNull(n, "n");
        Objects.requireNonNull(context, "context");
        put(src.residue().value, "TEE_BigIntConvertFromFMM");
    }

    /** The value; for this package and its tests. */
    BigInteger value() {
        return value;
    }

    /** n's value, which must be at least 2 for a modular function {@code function}. */
    static BigInteger modulus(BigInt n, String function) {
        if (n.value.compareTo(BigInteger.TWO) < 0) {
            throw panic(function, "the modulus is below 2");
        }
        return n.value;
    }

    /** this = v, or the panic GP prescribes when v does not fit. */
    void put(BigInteger v, String function) {
        checkFits(v, function);
        value = v;
    }

    private void putOrOverflow(BigInteger v, String function) throws TeeException {
        if (v.abs().bitLength() > capacityBits()) {
            throw new TeeException(TeeResult.OVERFLOW, function + ": " + overflow(v));
        }
        value = v;
    }

    private void checkFits(BigInteger v, String function) {
        if (v.abs().bitLength() > capacityBits()) {
            throw panic(function, overflow(v));
        }
    }

    private String overflow(BigInteger v) {
        return "the result needs " + v.abs().bitLength() + " bits, the destination holds " + capacityBits();
    }

    static TaPanic panic(String function, String problem) {
        return new TaPanic(PANIC_CODE, function + ": " + problem);
    }
}
