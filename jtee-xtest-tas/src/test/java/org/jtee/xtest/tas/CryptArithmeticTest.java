package org.jtee.xtest.tas;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;
import static org.jtee.xtest.ta.crypt.CryptArithmetic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.BigInt;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaPanic;
import org.jtee.ta.Value;
import org.jtee.xtest.ta.crypt.CryptArithmetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The crypt TA's arithmetic commands driven directly, in sequences like xtest 4101–4117's: values
 * go in as sign and magnitude (FROM_OCTET_STRING) and come back with GET_VALUE.
 */
class CryptArithmeticTest {
    private static final BigInteger N2048 = BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(0x1235));

    private final CryptArithmetic arith = new CryptArithmetic();

    private static Value in(int a, int b) {
        return new Value(VALUE_INPUT, a, b);
    }

    private static Value out() {
        return new Value(VALUE_OUTPUT, 0, 0);
    }

    private static Parameters params(Object p0, Object p1, Object p2) {
        return new Parameters(p0, p1, p2, null);
    }

    private int newHandle(int command, int bits, int modulus) throws TeeException {
        Value handle = out();
        arith.invoke(command, params(in(bits, modulus), handle, null));
        return handle.a();
    }

    private int newVar(int bits) throws TeeException {
        return newHandle(CMD_NEW_VAR, bits, 0);
    }

    private void set(int handle, BigInteger v) throws TeeException {
        byte[] magnitude = v.abs().toByteArray();
        MemoryReference buffer = new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(magnitude), false);
        arith.invoke(CMD_FROM_OCTET_STRING, params(in(handle, v.signum() < 0 ? -1 : 1), buffer, null));
    }

    private int var(int bits, BigInteger v) throws TeeException {
        int h = newVar(bits);
        set(h, v);
        return h;
    }

    private BigInteger get(int handle) throws TeeException {
        Value sign = out();
        MemoryReference buffer = new MemoryReference(MEMREF_OUTPUT, MemorySegment.ofArray(new byte[512]), false);
        arith.invoke(CMD_GET_VALUE, params(in(handle, 0), sign, buffer));
        BigInteger magnitude = new BigInteger(1, buffer.toByteArray());
        return sign.a() < 0 ? magnitude.negate() : magnitude;
    }

    private int answer(int command, int a, int b) throws TeeException {
        Value result = out();
        arith.invoke(command, params(in(a, b), result, null));
        return result.a();
    }

    private void run(int command, int a, int b, int c, int d) throws TeeException {
        arith.invoke(command, params(in(a, b), in(c, d), null));
    }

    private void assertFails(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.name(result), TeeResult.name(e.result()));
    }

    @Test
    void handles_arithmeticIdsOnly() {
        for (int id = 0; id < 100; id++) {
            assertEquals(id >= 46 && id <= 76 || id >= 81 && id <= 84, CryptArithmetic.handles(id), "command " + id);
        }
    }

    @Test
    void newVar_handles_areTaggedSlotsReusedLowestFirst() throws TeeException {
        assertEquals(0x80000000, newVar(512));
        assertEquals(0x80000001, newVar(0));
        assertEquals(0x20000002, newHandle(CMD_NEW_FMM_VAR, 2048, 0));
        arith.invoke(CMD_FREE_HANDLE, params(in(0x80000000, 0), null, null));
        assertEquals(0x80000000, newVar(4096));
        arith.invoke(CMD_FREE_HANDLE, params(in(0x00000002, 0), null, null)); // the tag is ignored
        assertEquals(0x80000002, newVar(2049));
    }

    @Test
    void newVar_beyondTheHeap_isOutOfMemory() {
        assertFails(TeeResult.OUT_OF_MEMORY, () -> newVar(0xFFFFFFFF));
    }

    @Test
    void octetString_signAndMagnitude_roundTrip() throws TeeException {
        int h = newVar(512);
        MemoryReference buffer = new MemoryReference(MEMREF_INPUT, MemorySegment.ofArray(new byte[] {0, 1, 2, 3, 4}), false);
        arith.invoke(CMD_FROM_OCTET_STRING, params(in(h, -1), buffer, null));
        assertEquals(BigInteger.valueOf(-0x01020304), get(h));
        int copy = var(512, get(h));
        assertEquals(0, answer(CMD_CMP, h, copy));
    }

    @Test
    void getValue_nullBuffer_isShortWithTheSizeNeeded() throws TeeException {
        int h = var(512, new BigInteger("1122445566778899", 16));
        Value sign = out();
        MemoryReference none = new MemoryReference(MEMREF_OUTPUT, MemorySegment.ofArray(new byte[0]), true);
        assertFails(TeeResult.SHORT_BUFFER, () -> arith.invoke(CMD_GET_VALUE, params(in(h, 0), sign, none)));
        assertEquals(8, none.size());
        assertEquals(1, sign.a());
    }

    @Test
    void fromOctetString_tooLarge_overflows() throws TeeException {
        int h = newVar(32);
        assertFails(TeeResult.OVERFLOW, () -> set(h, BigInteger.ONE.shiftLeft(32)));
    }

    @Test
    void s32_roundTripAndOverflow() throws TeeException {
        int h = newVar(512);
        for (int v : new int[] {1, -1, 123, Integer.MAX_VALUE, Integer.MIN_VALUE, 0}) {
            arith.invoke(CMD_FROM_S32, params(in(h, v), null, null));
            assertEquals(0, answer(CMD_CMP_S32, h, v));
            assertEquals(v, answer(CMD_GET_VALUE_S32, h, 0));
        }
        set(h, new BigInteger("-1FFFFFFFFF", 16));
        assertFails(TeeResult.OVERFLOW, () -> answer(CMD_GET_VALUE_S32, h, 0));
    }

    @Test
    void addSubNegAbsAssign_sequence() throws TeeException {
        BigInteger s = new BigInteger("-10000000FFFFFFFF00000000", 16);
        BigInteger t = new BigInteger("FFFFFFFF", 16);
        int ha = var(1024, s);
        int hb = var(1024, t);
        int hc = newVar(1024);
        run(CMD_ADD, ha, hb, hc, 0);
        assertEquals(s.add(t), get(hc));
        run(CMD_SUB, hc, hb, hc, 0);
        assertEquals(s, get(hc));
        arith.invoke(CMD_NEG, params(in(hc, hc), null, null));
        assertEquals(s.negate(), get(hc));
        arith.invoke(CMD_ABS, params(in(ha, hb), null, null));
        assertEquals(s.abs(), get(hb));
        arith.invoke(CMD_ASSIGN, params(in(ha, hc), null, null));
        assertEquals(0, answer(CMD_CMP, ha, hc));
        assertFails(TeeResult.OVERFLOW, () -> arith.invoke(CMD_ASSIGN, params(in(ha, newVar(32)), null, null)));
    }

    @Test
    void mulSqrDiv_sequence() throws TeeException {
        BigInteger n = new BigInteger("-123456789abcdef123456789abcdef", 16);
        BigInteger d = new BigInteger("fedcba98765432100", 16);
        int hn = var(2048, n);
        int hd = var(2048, d);
        int hq = newVar(2048);
        int hr = newVar(2048);
        run(CMD_DIV, hn, hd, hq, hr);
        assertEquals(-1, answer(CMD_CMP_S32, hq, 0));
        assertEquals(-1, answer(CMD_CMP_S32, hr, 0));
        run(CMD_MUL, hq, hd, hq, 0);
        run(CMD_ADD, hq, hr, hq, 0);
        assertEquals(n, get(hq));
        arith.invoke(CMD_SQR, params(in(hd, hr), null, null));
        assertEquals(d.multiply(d), get(hr));
    }

    @Test
    void modularArithmetic_2048BitOperands_matchBigInteger() throws TeeException {
        BigInteger a = N2048.subtract(BigInteger.valueOf(12345));
        BigInteger b = N2048.shiftRight(3).add(BigInteger.valueOf(77));
        int h1 = var(2048, a);
        int h2 = var(2048, b);
        int hn = var(2048, N2048);
        int hc = newVar(2048);
        run(CMD_ADDMOD, h1, h2, hn, hc);
        assertEquals(a.add(b).mod(N2048), get(hc));
        run(CMD_SUBMOD, hc, h2, hn, hc);
        assertEquals(a, get(hc));
        run(CMD_MULMOD, h1, h2, hn, hc);
        assertEquals(a.multiply(b).mod(N2048), get(hc));
        run(CMD_SQRMOD, h1, hn, hc, 0);
        assertEquals(a.multiply(a).mod(N2048), get(hc));
        run(CMD_MOD, var(2048, BigInteger.valueOf(-1)), hn, hc, 0);
        assertEquals(N2048.subtract(BigInteger.ONE), get(hc));
        run(CMD_INVMOD, h2, hn, hc, 0);
        assertEquals(b.modInverse(N2048), get(hc));
    }

    @Test
    void fmm_oddModulus_multipliesAsMulMod() throws TeeException {
        int hop1 = newHandle(CMD_NEW_FMM_VAR, 2048, 0);
        int hop2 = newHandle(CMD_NEW_FMM_VAR, 2048, 0);
        int hres = newHandle(CMD_NEW_FMM_VAR, 2048, 0);
        int hn = var(2048, N2048);
        assertEquals(1, answer(CMD_GET_BIT, hn, 0));
        int bits = answer(CMD_GET_BIT_COUNT, hn, 0);
        assertEquals(2048, bits);
        int hctx = newHandle(CMD_NEW_FMM_CTX, bits, hn);
        assertEquals(TAG_FMM_CONTEXT, hctx & 0xE0000000);
        BigInteger a = BigInteger.TEN.pow(600);
        int hc = var(2048, a);
        run(CMD_TO_FMM, hc, hn, hctx, hop1);
        set(hc, BigInteger.valueOf(-3));
        run(CMD_TO_FMM, hc, hn, hctx, hop2);
        arith.invoke(CMD_COMPUTE_FMM, params(in(hop1, hop2), in(hn, hctx), in(hres, 0)));
        run(CMD_FROM_FMM, hres, hn, hctx, hc);
        assertEquals(a.multiply(BigInteger.valueOf(-3)).mod(N2048), get(hc));
    }

    @Test
    void expMod_contextOptional_evenModulusNotSupported() throws TeeException {
        int hb = var(1024, BigInteger.valueOf(4));
        int he = var(1024, BigInteger.valueOf(13));
        int hm = var(1024, BigInteger.valueOf(497));
        int hr = newVar(1024);
        int hctx = newHandle(CMD_NEW_FMM_CTX, 1024, hm);
        arith.invoke(CMD_EXPMOD, params(in(hb, he), in(hm, hctx), in(hr, 0)));
        assertEquals(BigInteger.valueOf(445), get(hr));
        set(hr, BigInteger.ZERO);
        arith.invoke(CMD_EXPMOD, params(in(hb, he), in(hm, INVALID_HANDLE), in(hr, 0)));
        assertEquals(BigInteger.valueOf(445), get(hr));
        set(hm, BigInteger.valueOf(496));
        assertFails(TeeResult.NOT_SUPPORTED, () -> arith.invoke(CMD_EXPMOD, params(in(hb, he), in(hm, hctx), in(hr, 0))));
    }

    @Test
    void isPrime_primeAndComposite() throws TeeException {
        int h = var(2048, BigInteger.valueOf(0xFA1));
        assertEquals(1, answer(CMD_IS_PRIME, h, 80));
        set(h, new BigInteger("177B96388FD94D5D7EC9AE513", 16));
        assertEquals(0, answer(CMD_IS_PRIME, h, 80));
        set(h, BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE));
        assertTrue(answer(CMD_IS_PRIME, h, 0) != 0);
    }

    @Test
    void gcd_withAndWithoutCoefficients() throws TeeException {
        BigInteger x = new BigInteger("5D0A380DC40EDE5E036FA051FC6D7F93", 16);
        BigInteger y = new BigInteger("-3277FD425328576569AFB2EAC6B1430578099CA8ADA4BC73", 16);
        int hx = var(2048, x);
        int hy = var(2048, y);
        int ha = newVar(2048);
        int hb = newVar(2048);
        int hgcd = newVar(2048);
        arith.invoke(CMD_COMPUTE_EGCD, params(in(hx, hy), in(ha, hb), in(hgcd, 0)));
        assertEquals(x.gcd(y), get(hgcd));
        assertEquals(get(hgcd), get(ha).multiply(x).add(get(hb).multiply(y)));
        set(hgcd, BigInteger.ZERO);
        arith.invoke(CMD_COMPUTE_EGCD, params(in(hx, hy), in(INVALID_HANDLE, INVALID_HANDLE), in(hgcd, 0)));
        assertEquals(x.gcd(y), get(hgcd));
        assertEquals(x.gcd(y).equals(BigInteger.ONE) ? 1 : 0, answer(CMD_IS_RELATIVE_PRIME, hx, hy));
    }

    @Test
    void bitsAndShift_sequence() throws TeeException {
        int h = newVar(1024);
        for (int bit : new int[] {1, 4, 9, 113, 1013, 1023}) {
            assertEquals(0, answer(CMD_GET_BIT, h, bit));
            run(CMD_SET_BIT, h, bit, 1, 0);
            assertEquals(1, answer(CMD_GET_BIT, h, bit));
            run(CMD_SET_BIT, h, bit, 0, 0);
            assertEquals(0, answer(CMD_GET_BIT, h, bit));
        }
        assertFails(TeeResult.OVERFLOW, () -> run(CMD_SET_BIT, h, 1024, 1, 0));
        set(h, new BigInteger("-1FFFFFFFE0000000000000000", 16));
        int hres = newVar(1024);
        run(CMD_SHIFT_RIGHT, h, 65, hres, 0);
        assertEquals(BigInteger.valueOf(-0xFFFFFFFFL), get(hres));
    }

    @Test
    void handles_wrongTagOrUnknownSlot_areBadParameters() throws TeeException {
        int h = newVar(64);
        int fmm = newHandle(CMD_NEW_FMM_VAR, 64, 0);
        int untagged = h & ~TAG_BIGINT;
        assertFails(TeeResult.BAD_PARAMETERS, () -> answer(CMD_GET_BIT_COUNT, untagged, 0));
        assertFails(TeeResult.BAD_PARAMETERS, () -> answer(CMD_GET_BIT_COUNT, fmm, 0));
        assertFails(TeeResult.BAD_PARAMETERS, () -> answer(CMD_GET_BIT_COUNT, TAG_BIGINT | fmm & 0xFFFF, 0));
        assertFails(TeeResult.BAD_PARAMETERS, () -> answer(CMD_GET_BIT_COUNT, TAG_BIGINT | 7, 0));
        assertFails(TeeResult.BAD_PARAMETERS, () -> answer(CMD_GET_BIT_COUNT, INVALID_HANDLE, 0));
        assertFails(TeeResult.BAD_PARAMETERS, () -> newHandle(CMD_NEW_FMM_CTX, 64, fmm));
        assertFails(TeeResult.BAD_PARAMETERS, () -> run(CMD_ADD, h, h, TAG_BIGINT | 9, 0));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_COMPUTE_EGCD,
                params(in(h, h), in(TAG_BIGINT | 9, INVALID_HANDLE), in(h, 0))));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_FREE_HANDLE, params(in(TAG_BIGINT | 9, 0), null, null)));
        arith.invoke(CMD_FREE_HANDLE, params(in(h, 0), null, null));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_FREE_HANDLE, params(in(h, 0), null, null)));
    }

    @Test
    void parameterTypes_wrong_areBadParameters() throws TeeException {
        int h = newVar(64);
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_NEW_VAR, params(in(64, 0), null, null)));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_GET_BIT_COUNT, params(in(h, 0), in(0, 0), null)));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_ADD, params(in(h, h), in(h, 0), in(0, 0))));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_NEG, params(in(h, h), in(0, 0), null)));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(CMD_GET_VALUE, params(in(h, 0), out(), null)));
        assertFails(TeeResult.BAD_PARAMETERS, () -> arith.invoke(45, Parameters.none()));
    }

    @Test
    void divisionByZeroOrSmallModulus_panics() throws TeeException {
        int h = var(64, BigInteger.TEN);
        int zero = newVar(64);
        TaPanic p = assertThrows(TaPanic.class, () -> run(CMD_DIV, h, zero, h, h));
        assertEquals(BigInt.PANIC_CODE, p.code());
        assertThrows(TaPanic.class, () -> run(CMD_MOD, h, var(64, BigInteger.ONE), h, 0));
        assertThrows(TaPanic.class, () -> run(CMD_INVMOD, zero, h, h, 0));
        assertFalse(get(h).signum() == 0);
    }
}
