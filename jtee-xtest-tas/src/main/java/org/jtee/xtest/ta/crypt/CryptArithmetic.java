package org.jtee.xtest.ta.crypt;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.BigInt;
import org.jtee.crypto.BigIntFmm;
import org.jtee.crypto.FmmContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Value;

/**
 * The arithmetic commands of OP-TEE's crypt TA (ids 46–76 and 81–84; xtest 4101–4117), over the
 * GP {@code TEE_BigInt} API of {@link BigInt}. One instance per TA instance holds its handles.
 *
 * <p><b>Handles.</b> Big integers, FMM contexts and FMM values share one table; a handle is the
 * slot index (from 0, freed slots reused lowest first) OR'ed with its kind's tag:
 * {@link #TAG_BIGINT}, {@link #TAG_FMM_CONTEXT} or {@link #TAG_FMM_VALUE}. A handle with another
 * tag, or naming no entry of that kind, makes a command fail with {@code TEE_ERROR_BAD_PARAMETERS}.
 * {@link #INVALID_HANDLE} is "none" where a command allows it (EXPMOD's context, EGCD's u and v).
 *
 * <p><b>Parameters.</b> Every command first checks the four types, then looks its handles up.
 * "VI" is VALUE_INPUT, "VO" VALUE_OUTPUT; a.b is value a or b of that slot; all values u32.
 * <table>
 * <caption>commands</caption>
 * <tr><th>id</th><th>types</th><th>parameters</th><th>GP function</th></tr>
 * <tr><td>46, 48 NEW_VAR, NEW_FMM_VAR</td><td>VI, VO</td><td>[0].a bits; out [1].a handle</td>
 *     <td>Init, InitFMM (OUT_OF_MEMORY past {@value #HEAP_WORDS} words in all)</td></tr>
 * <tr><td>47 NEW_FMM_CTX</td><td>VI, VO</td><td>[0].a bits, [0].b modulus; out [1].a handle</td>
 *     <td>InitFMMContext</td></tr>
 * <tr><td>49 FREE_HANDLE</td><td>VI</td><td>[0].a handle, its tag ignored</td><td>—</td></tr>
 * <tr><td>50 FROM_OCTET_STRING</td><td>VI, MEMREF_INPUT</td><td>[0].a h, [0].b sign (s32); [1] magnitude</td>
 *     <td>ConvertFromOctetString</td></tr>
 * <tr><td>51 FROM_S32</td><td>VI</td><td>[0].a h, [0].b s32</td><td>ConvertFromS32</td></tr>
 * <tr><td>52 GET_VALUE</td><td>VI, VO, MEMREF_OUTPUT</td><td>[0].a h; out [1].a sign (−1 or 1),
 *     [2] magnitude and its size (SHORT_BUFFER: the size needed)</td><td>CmpS32, ConvertToOctetString</td></tr>
 * <tr><td>53 GET_VALUE_S32</td><td>VI, VO</td><td>[0].a h; out [1].a</td><td>ConvertToS32</td></tr>
 * <tr><td>54, 55 GET_BIT, GET_BIT_COUNT</td><td>VI, VO</td><td>[0].a h, [0].b index; out [1].a</td>
 *     <td>GetBit, GetBitCount</td></tr>
 * <tr><td>82 SET_BIT</td><td>VI, VI</td><td>[0].a h, [0].b index, [1].a bit</td><td>SetBit</td></tr>
 * <tr><td>56 SHIFT_RIGHT</td><td>VI, VI</td><td>[0].a op, [0].b bits, [1].a dest</td><td>ShiftRight</td></tr>
 * <tr><td>57, 58 CMP, CMP_S32</td><td>VI, VO</td><td>[0].a op1, [0].b op2 (h or s32); out [1].a</td>
 *     <td>Cmp, CmpS32</td></tr>
 * <tr><td>59–61, 65, 69, 70 ADD, SUB, MUL, MOD, SQRMOD, INVMOD</td><td>VI, VI</td>
 *     <td>[0].a op1, [0].b op2 or n, [1].a dest</td><td>Add … InvMod</td></tr>
 * <tr><td>62, 63, 81, 83 NEG, SQR, ABS, ASSIGN</td><td>VI</td><td>[0].a op, [0].b dest</td>
 *     <td>Neg, Square, Abs, Assign</td></tr>
 * <tr><td>64 DIV</td><td>VI, VI</td><td>[0].a op1, [0].b op2, [1].a quotient, [1].b remainder</td><td>Div</td></tr>
 * <tr><td>66–68 ADDMOD, SUBMOD, MULMOD</td><td>VI, VI</td><td>[0].a op1, [0].b op2, [1].a n, [1].b dest</td>
 *     <td>AddMod, SubMod, MulMod</td></tr>
 * <tr><td>84 EXPMOD</td><td>VI, VI, VI</td><td>[0].a base, [0].b exponent, [1].a n, [1].b context (any
 *     handle not naming one is none), [2].a dest</td><td>ExpMod</td></tr>
 * <tr><td>71 IS_RELATIVE_PRIME</td><td>VI, VO</td><td>[0].a op1, [0].b op2; out [1].a 0 or 1</td><td>RelativePrime</td></tr>
 * <tr><td>72 COMPUTE_EGCD</td><td>VI, VI, VI</td><td>[0].a op1, [0].b op2, [1].a u, [1].b v (either may be
 *     none), [2].a gcd</td><td>ComputeExtendedGcd</td></tr>
 * <tr><td>73 IS_PRIME</td><td>VI, VO</td><td>[0].a op, [0].b confidence level; out [1].a 0, 1 or −1</td>
 *     <td>IsProbablePrime</td></tr>
 * <tr><td>74, 75 TO_FMM, FROM_FMM</td><td>VI, VI</td><td>[0].a src, [0].b n, [1].a context, [1].b dest</td>
 *     <td>ConvertToFMM, ConvertFromFMM</td></tr>
 * <tr><td>76 COMPUTE_FMM</td><td>VI, VI, VI</td><td>[0].a op1, [0].b op2, [1].a n, [1].b context, [2].a dest</td>
 *     <td>ComputeFMM</td></tr>
 * </table>
 * A command returns the GP function's result; where the GP function panics, so does the TA.
 */
public final class CryptArithmetic {
    public static final int CMD_NEW_VAR = 46;
    public static final int CMD_NEW_FMM_CTX = 47;
    public static final int CMD_NEW_FMM_VAR = 48;
    public static final int CMD_FREE_HANDLE = 49;
    public static final int CMD_FROM_OCTET_STRING = 50;
    public static final int CMD_FROM_S32 = 51;
    public static final int CMD_GET_VALUE = 52;
    public static final int CMD_GET_VALUE_S32 = 53;
    public static final int CMD_GET_BIT = 54;
    public static final int CMD_GET_BIT_COUNT = 55;
    public static final int CMD_SHIFT_RIGHT = 56;
    public static final int CMD_CMP = 57;
    public static final int CMD_CMP_S32 = 58;
    public static final int CMD_ADD = 59;
    public static final int CMD_SUB = 60;
    public static final int CMD_MUL = 61;
    public static final int CMD_NEG = 62;
    public static final int CMD_SQR = 63;
    public static final int CMD_DIV = 64;
    public static final int CMD_MOD = 65;
    public static final int CMD_ADDMOD = 66;
    public static final int CMD_SUBMOD = 67;
    public static final int CMD_MULMOD = 68;
    public static final int CMD_SQRMOD = 69;
    public static final int CMD_INVMOD = 70;
    public static final int CMD_IS_RELATIVE_PRIME = 71;
    public static final int CMD_COMPUTE_EGCD = 72;
    public static final int CMD_IS_PRIME = 73;
    public static final int CMD_TO_FMM = 74;
    public static final int CMD_FROM_FMM = 75;
    public static final int CMD_COMPUTE_FMM = 76;
    public static final int CMD_ABS = 81;
    public static final int CMD_SET_BIT = 82;
    public static final int CMD_ASSIGN = 83;
    public static final int CMD_EXPMOD = 84;

    /** {@code TA_CRYPT_ARITH_INVALID_HANDLE}: no handle. */
    public static final int INVALID_HANDLE = 0xFFFFFFFF;
    /** The tag of a big integer's handle. */
    public static final int TAG_BIGINT = 0x80000000;
    /** The tag of an FMM context's handle. */
    public static final int TAG_FMM_CONTEXT = 0x40000000;
    /** The tag of an FMM value's handle. */
    public static final int TAG_FMM_VALUE = 0x20000000;
    private static final int TAG_MASK = TAG_BIGINT | TAG_FMM_CONTEXT | TAG_FMM_VALUE;

    /** The words all live entries may take: 1 MiB, where OP-TEE's crypt TA has a 32 KiB heap. */
    static final int HEAP_WORDS = 256 * 1024;

    private record Entry(Object value, int words) {}

    private final List<Entry> slots = new ArrayList<>();
    private long wordsInUse;

    /** Whether {@code commandId} is one of the arithmetic commands. */
    public static boolean handles(int commandId) {
        return commandId >= CMD_NEW_VAR && commandId <= CMD_COMPUTE_FMM
                || commandId >= CMD_ABS && commandId <= CMD_EXPMOD;
    }

    /**
     * Runs arithmetic command {@code commandId}.
     *
     * @throws TeeException the command's result when not SUCCESS; BAD_PARAMETERS for wrong types,
     *     wrong handles or a command id {@link #handles} refuses
     */
    public void invoke(int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case CMD_NEW_VAR, CMD_NEW_FMM_VAR, CMD_NEW_FMM_CTX -> allocate(commandId, params);
            case CMD_FREE_HANDLE -> free(params);
            case CMD_FROM_OCTET_STRING, CMD_FROM_S32, CMD_GET_VALUE, CMD_GET_VALUE_S32 -> convert(commandId, params);
            case CMD_GET_BIT, CMD_GET_BIT_COUNT, CMD_SET_BIT, CMD_CMP, CMD_CMP_S32 -> query(commandId, params);
            case CMD_IS_RELATIVE_PRIME, CMD_IS_PRIME -> query(commandId, params);
            case CMD_SHIFT_RIGHT -> shiftRight(params);
            case CMD_NEG -> unary(params, BigInt::neg);
            case CMD_SQR -> unary(params, BigInt::square);
            case CMD_ABS -> unary(params, BigInt::abs);
            case CMD_ASSIGN -> unary(params, BigInt::assign);
            case CMD_ADD -> binary(params, BigInt::add);
            case CMD_SUB -> binary(params, BigInt::sub);
            case CMD_MUL -> binary(params, BigInt::mul);
            case CMD_MOD -> binary(params, BigInt::mod);
            case CMD_SQRMOD -> binary(params, BigInt::squareMod);
            case CMD_INVMOD -> binary(params, BigInt::invMod);
            case CMD_ADDMOD -> ternary(params, BigInt::addMod);
            case CMD_SUBMOD -> ternary(params, BigInt::subMod);
            case CMD_MULMOD -> ternary(params, BigInt::mulMod);
            case CMD_DIV -> div(params);
            case CMD_EXPMOD -> expMod(params);
            case CMD_COMPUTE_EGCD -> extendedGcd(params);
            case CMD_TO_FMM, CMD_FROM_FMM, CMD_COMPUTE_FMM -> fmm(commandId, params);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "not an arithmetic command: " + commandId);
        }
    }

    private void allocate(int commandId, Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
        Value in = params.value(0);
        int bits = in.a() >= 0 ? in.a() : Integer.MAX_VALUE; // u32 bits; beyond 2^31 cannot be had anyway
        int handle = switch (commandId) {
            case CMD_NEW_VAR -> register(TAG_BIGINT, BigInt.sizeInU32(bits), BigInt::init);
            case CMD_NEW_FMM_VAR -> register(TAG_FMM_VALUE, BigIntFmm.sizeInU32(bits), BigIntFmm::init);
            default -> {
                BigInt modulus = bigInt(in.b());
                yield register(TAG_FMM_CONTEXT, FmmContext.sizeInU32(bits), len -> FmmContext.init(len, modulus));
            }
        };
        params.value(1).setA(handle);
    }

    private int register(int tag, int words, IntFunction<Object> create) throws TeeException {
        if (wordsInUse + words > HEAP_WORDS) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, words + " words do not fit the "
                    + (HEAP_WORDS - wordsInUse) + " words left");
        }
        Entry entry = new Entry(create.apply(words), words);
        wordsInUse += words;
        int slot = slots.indexOf(null);
        if (slot < 0) {
            slot = slots.size();
            slots.add(entry);
        } else {
            slots.set(slot, entry);
        }
        return slot | tag;
    }

    private void free(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, NONE, NONE, NONE);
        int handle = params.value(0).a();
        int slot = handle & ~TAG_MASK;
        if (slot >= slots.size() || slots.get(slot) == null) {
            throw badHandle("any", handle);
        }
        wordsInUse -= slots.get(slot).words();
        slots.set(slot, null);
    }

    private void convert(int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case CMD_FROM_OCTET_STRING -> {
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                Value in = params.value(0);
                bigInt(in.a()).convertFromOctetString(params.memref(1).toByteArray(), in.b());
            }
            case CMD_FROM_S32 -> {
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                bigInt(params.value(0).a()).convertFromS32(params.value(0).b());
            }
            case CMD_GET_VALUE -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, MEMREF_OUTPUT, NONE);
                BigInt op = bigInt(params.value(0).a());
                params.value(1).setA(op.cmpS32(0) < 0 ? -1 : 1);
                params.memref(2).write(op.convertToOctetString());
            }
            default -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                params.value(1).setA(bigInt(params.value(0).a()).convertToS32());
            }
        }
    }

    private void query(int commandId, Parameters params) throws TeeException {
        if (commandId == CMD_SET_BIT) {
            params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
            bigInt(params.value(0).a()).setBit(params.value(0).b(), params.value(1).a() != 0);
            return;
        }
        params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
        Value in = params.value(0);
        BigInt op = bigInt(in.a());
        int answer = switch (commandId) {
            case CMD_GET_BIT -> op.getBit(in.b()) ? 1 : 0;
            case CMD_GET_BIT_COUNT -> op.getBitCount();
            case CMD_CMP -> op.cmp(bigInt(in.b()));
            case CMD_CMP_S32 -> op.cmpS32(in.b());
            case CMD_IS_RELATIVE_PRIME -> BigInt.relativePrime(op, bigInt(in.b())) ? 1 : 0;
            default -> op.isProbablePrime(in.b());
        };
        params.value(1).setA(answer);
    }

    private void shiftRight(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
        Value in = params.value(0);
        BigInt op = bigInt(in.a());
        bigInt(params.value(1).a()).shiftRight(op, in.b());
    }

    @FunctionalInterface
    private interface Unary {
        void apply(BigInt dest, BigInt op) throws TeeException;
    }

    @FunctionalInterface
    private interface Binary {
        void apply(BigInt dest, BigInt op1, BigInt op2);
    }

    @FunctionalInterface
    private interface Ternary {
        void apply(BigInt dest, BigInt op1, BigInt op2, BigInt n);
    }

    /** [0].a op, [0].b dest. */
    private void unary(Parameters params, Unary function) throws TeeException {
        params.expect(VALUE_INPUT, NONE, NONE, NONE);
        Value in = params.value(0);
        BigInt op = bigInt(in.a());
        function.apply(bigInt(in.b()), op);
    }

    /** [0].a op1, [0].b op2, [1].a dest. */
    private void binary(Parameters params, Binary function) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
        Value in = params.value(0);
        BigInt op1 = bigInt(in.a());
        BigInt op2 = bigInt(in.b());
        function.apply(bigInt(params.value(1).a()), op1, op2);
    }

    /** [0].a op1, [0].b op2, [1].a n, [1].b dest. */
    private void ternary(Parameters params, Ternary function) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
        Value in = params.value(0);
        Value in1 = params.value(1);
        BigInt op1 = bigInt(in.a());
        BigInt op2 = bigInt(in.b());
        BigInt n = bigInt(in1.a());
        function.apply(bigInt(in1.b()), op1, op2, n);
    }

    private void div(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
        Value in = params.value(0);
        Value out = params.value(1);
        BigInt op1 = bigInt(in.a());
        BigInt op2 = bigInt(in.b());
        BigInt.div(bigInt(out.a()), bigInt(out.b()), op1, op2);
    }

    private void expMod(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, NONE);
        Value in = params.value(0);
        Value in1 = params.value(1);
        BigInt base = bigInt(in.a());
        BigInt exponent = bigInt(in.b());
        BigInt n = bigInt(in1.a());
        FmmContext context = find(TAG_FMM_CONTEXT, in1.b(), FmmContext.class);
        bigInt(params.value(2).a()).expMod(base, exponent, n, context);
    }

    private void extendedGcd(Parameters params) throws TeeException {
        params.expect(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, NONE);
        Value in = params.value(0);
        Value coefficients = params.value(1);
        BigInt op1 = bigInt(in.a());
        BigInt op2 = bigInt(in.b());
        BigInt gcd = bigInt(params.value(2).a());
        BigInt u = coefficients.a() == INVALID_HANDLE ? null : bigInt(coefficients.a());
        BigInt v = coefficients.b() == INVALID_HANDLE ? null : bigInt(coefficients.b());
        gcd.computeExtendedGcd(u, v, op1, op2);
    }

    private void fmm(int commandId, Parameters params) throws TeeException {
        if (commandId == CMD_COMPUTE_FMM) {
            params.expect(VALUE_INPUT, VALUE_INPUT, VALUE_INPUT, NONE);
        } else {
            params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
        }
        Value in = params.value(0);
        Value in1 = params.value(1);
        BigInt n = bigInt(commandId == CMD_COMPUTE_FMM ? in1.a() : in.b());
        FmmContext context = lookup(TAG_FMM_CONTEXT, commandId == CMD_COMPUTE_FMM ? in1.b() : in1.a(), FmmContext.class);
        switch (commandId) {
            case CMD_TO_FMM -> fmmValue(in1.b()).convertToFmm(bigInt(in.a()), n, context);
            case CMD_FROM_FMM -> bigInt(in1.b()).convertFromFmm(fmmValue(in.a()), n, context);
            default -> fmmValue(params.value(2).a()).computeFmm(fmmValue(in.a()), fmmValue(in.b()), n, context);
        }
    }

    private BigInt bigInt(int handle) throws TeeException {
        return lookup(TAG_BIGINT, handle, BigInt.class);
    }

    private BigIntFmm fmmValue(int handle) throws TeeException {
        return lookup(TAG_FMM_VALUE, handle, BigIntFmm.class);
    }

    private <T> T lookup(int tag, int handle, Class<T> kind) throws TeeException {
        T value = find(tag, handle, kind);
        if (value == null) {
            throw badHandle(kind.getSimpleName(), handle);
        }
        return value;
    }

    /** The entry {@code handle} names if it has {@code tag} and is a {@code kind}; else null. */
    private <T> T find(int tag, int handle, Class<T> kind) {
        int slot = handle & ~TAG_MASK;
        if ((handle & TAG_MASK) != tag || slot >= slots.size() || slots.get(slot) == null) {
            return null;
        }
        Object value = slots.get(slot).value();
        return kind.isInstance(value) ? kind.cast(value) : null;
    }

    private static TeeException badHandle(String kind, int handle) {
        return new TeeException(TeeResult.BAD_PARAMETERS, String.format("invalid %s handle 0x%08x", kind, handle));
    }
}
