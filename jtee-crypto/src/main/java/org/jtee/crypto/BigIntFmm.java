package org.jtee.crypto;

import java.util.Objects;
import org.jtee.ta.TaPanic;

/**
 * A {@code TEE_BigIntFMM}: a value in the fast-modular-multiplication representation of GP TEE
 * Internal Core API 1.3.1 §8.
 *
 * <p>The representation is plain reduction, as OP-TEE's (no Montgomery form): a BigIntFmm holds
 * the residue x mod n itself, in [0, n − 1], with the capacity of a {@link BigInt} of the same
 * length. {@link #convertToFmm} reduces, {@link #computeFmm} multiplies and reduces,
 * {@link BigInt#convertFromFmm} copies the residue back. Panics as {@link BigInt}: a modulus below
 * 2, or a result beyond the capacity.
 */
public final class BigIntFmm {
    private final BigInt residue;

    private BigIntFmm(BigInt residue) {
        this.residue = residue;
    }

    /**
     * {@code TEE_BigIntFMMSizeInU32}: the words an FMM value for a modulus of
     * {@code modulusSizeInBits} bits takes, as many as a {@link BigInt} of that size.
     */
    public static int sizeInU32(int modulusSizeInBits) {
        return BigInt.sizeInU32(modulusSizeInBits);
    }

    /**
     * {@code TEE_BigIntInitFMM(bigIntFMM, len)}: an FMM value of {@code lenInU32} words, holding 0.
     *
     * @throws TaPanic as {@link BigInt#init}
     */
    public static BigIntFmm init(int lenInU32) {
        return new BigIntFmm(BigInt.init(lenInU32, "TEE_BigIntInitFMM"));
    }

    /** {@code TEE_BigIntInitFMM(bigIntFMM, TEE_BigIntFMMSizeInU32(modulusBits))}. */
    public static BigIntFmm ofBits(int modulusBits) {
        return init(sizeInU32(modulusBits));
    }

    /**
     * {@code TEE_BigIntConvertToFMM(this, src, n, context)}: this = src mod n.
     *
     * @throws TaPanic if n is below 2
     */
    public void convertToFmm(BigInt src, BigInt n, FmmContext context) {
        Objects.requireNonNull(context, "context");
        String f = "TEE_BigIntConvertToFMM";
        residue.put(src.value().mod(BigInt.modulus(n, f)), f);
    }

    /**
     * {@code TEE_BigIntComputeFMM(this, op1, op2, n, context)}: this = op1 × op2 mod n.
     *
     * @throws TaPanic if n is below 2
     */
    public void computeFmm(BigIntFmm op1, BigIntFmm op2, BigInt n, FmmContext context) {
        Objects.requireNonNull(context, "context");
        String f = "TEE_BigIntComputeFMM";
        residue.put(op1.residue.value().multiply(op2.residue.value()).mod(BigInt.modulus(n, f)), f);
    }

    /** The words this value was created with. */
    public int sizeInU32() {
        return residue.sizeInU32();
    }

    BigInt residue() {
        return residue;
    }
}
