package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BigIntTest {
    /** A 2048-bit BigInt holding {@code hex}, which may start with '-'. */
    static BigInt big(String hex) {
        return big(2048, new BigInteger(hex, 16));
    }

    static BigInt big(int bits, BigInteger v) {
        BigInt b = BigInt.ofBits(bits);
        b.put(v, "test");
        return b;
    }

    static BigInteger hex(String s) {
        return new BigInteger(s, 16);
    }

    static void assertPanics(String function, Executable call) {
        TaPanic p = assertThrows(TaPanic.class, call);
        assertEquals(BigInt.PANIC_CODE, p.code());
        assertTrue(p.getMessage().contains(function), p.getMessage());
    }

    static void assertResult(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.name(result), TeeResult.name(e.result()));
    }

    @Nested
    class Sizes {
        @ParameterizedTest
        @CsvSource({"0, 2", "1, 3", "32, 3", "33, 4", "2048, 66", "4096, 130"})
        void sizeInU32_bits_isWordsPlusHeader(int bits, int words) {
            assertEquals(words, BigInt.sizeInU32(bits));
            assertEquals(words, BigIntFmm.sizeInU32(bits));
        }

        @Test
        void sizeInU32_negative_isRefused() {
            assertThrows(IllegalArgumentException.class, () -> BigInt.sizeInU32(-1));
        }

        @Test
        void ofBits_oneBit_holdsAWholeWord() {
            BigInt b = BigInt.ofBits(1);
            assertEquals(32, b.capacityBits());
            assertEquals(3, b.sizeInU32());
            b.convertFromS32(-1);
            assertEquals(-1, b.cmpS32(0));
        }

        @Test
        void ofBits_zero_holdsOnlyZero() {
            BigInt b = BigInt.ofBits(0);
            b.convertFromS32(0);
            assertEquals(0, b.cmpS32(0));
            assertPanics("TEE_BigIntConvertFromS32", () -> b.convertFromS32(1));
        }

        @Test
        void init_outsideTwoToMax_panics() {
            assertPanics("TEE_BigIntInit", () -> BigInt.init(1));
            assertPanics("TEE_BigIntInit", () -> BigInt.init(BigInt.MAX_SIZE_IN_U32 + 1));
            assertEquals((BigInt.MAX_SIZE_IN_U32 - 2) * 32, BigInt.init(BigInt.MAX_SIZE_IN_U32).capacityBits());
        }
    }

    @Nested
    class Conversions {
        @Test
        void octetString_withLeadingZerosAndSign_roundTrips() throws TeeException {
            BigInt b = BigInt.ofBits(512);
            b.convertFromOctetString(new byte[] {0, 1, 2, 3, 4}, -1);
            assertEquals(hex("-01020304"), b.value());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, b.convertToOctetString());
        }

        @Test
        void convertFromOctetString_positiveOrZeroSign_isNonNegative() throws TeeException {
            BigInt b = BigInt.ofBits(64);
            b.convertFromOctetString(new byte[] {(byte) 0x80}, 0);
            assertEquals(BigInteger.valueOf(128), b.value());
        }

        @Test
        void convertFromOctetString_tooLarge_overflowsAndKeepsTheValue() throws TeeException {
            BigInt b = BigInt.ofBits(32);
            b.convertFromOctetString(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 1);
            assertResult(TeeResult.OVERFLOW, () -> b.convertFromOctetString(new byte[] {1, 0, 0, 0, 0}, 1));
            assertEquals(hex("FFFFFFFF"), b.value());
        }

        @Test
        void convertToOctetString_zero_isEmpty() {
            assertEquals(0, BigInt.ofBits(64).convertToOctetString().length);
        }

        @Test
        void convertToOctetString_intoArray_writesAtOffset() throws TeeException {
            byte[] out = new byte[6];
            assertEquals(3, big("-ABCDEF").convertToOctetString(out, 2, 4));
            assertArrayEquals(new byte[] {0, 0, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 0}, out);
        }

        @Test
        void convertToOctetString_shortArray_reportsTheSizeNeeded() {
            ShortBufferException e = assertThrows(ShortBufferException.class,
                    () -> big("1020304050").convertToOctetString(new byte[8], 4, 4));
            assertEquals(5, e.required());
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
        }

        @Test
        void convertToOctetString_intoByteBuffer_advancesOrReportsTheSize() throws TeeException {
            ByteBuffer buf = ByteBuffer.allocate(3);
            assertEquals(2, big("1234").convertToOctetString(buf));
            assertEquals(2, buf.position());
            ShortBufferException e = assertThrows(ShortBufferException.class, () -> big("1234").convertToOctetString(buf));
            assertEquals(2, e.required());
            assertEquals(2, buf.position());
        }

        @ParameterizedTest
        @CsvSource({"1", "-1", "123", "-123", "2147483647", "-2147483648", "0"})
        void s32_inRange_roundTrips(int v) throws TeeException {
            BigInt b = BigInt.ofBits(512);
            b.convertFromS32(v);
            assertEquals(0, b.cmpS32(v));
            assertEquals(v, b.convertToS32());
        }

        @ParameterizedTest
        @CsvSource({"80000000", "-80000001", "1FFFFFFFFF", "-1FFFFFFFFF"})
        void convertToS32_outOfRange_overflows(String value) {
            assertResult(TeeResult.OVERFLOW, () -> big(value).convertToS32());
        }
    }

    @Nested
    class Logical {
        @ParameterizedTest
        @CsvSource({"0, 1, -1", "1, 0, 1", "-1, FFFFFFFFFF, -1", "1, -FFFFFFFFFF, 1", "1, 100000000, -1",
            "-1, -1, 0", "-2, -1, -1"})
        void cmp_orders(String a, String b, int expected) {
            assertEquals(expected, big(a).cmp(big(b)));
        }

        @ParameterizedTest
        @CsvSource({"7FFFFFFF, 2147483647, 0", "-7FFFFFFF, -2147483648, 1", "-80000000, -2147483648, 0",
            "80000000, 2147483647, 1", "-80000001, -2147483648, -1", "-1FFFFFFFF, 1, -1"})
        void cmpS32_orders(String a, int b, int expected) {
            assertEquals(expected, big(a).cmpS32(b));
        }

        @ParameterizedTest
        @CsvSource({"7FFFFFFF, 31, 0", "7FFFFFFF, 65, 0", "-2, 1, -1", "-1, 1, 0", "1, 0, 1",
            "FFFFFFFF0000000000000000, 64, FFFFFFFF", "1FFFFFFFE0000000000000000, 65, FFFFFFFF",
            "-12345678, 4, -1234567", "12345678, -1, 0"})
        void shiftRight_shiftsTheMagnitude(String op, int bits, String expected) {
            BigInt dest = BigInt.ofBits(2048);
            dest.shiftRight(big(op), bits);
            assertEquals(hex(expected), dest.value());
        }

        @Test
        void shiftRight_intoItself_shifts() {
            BigInt b = big("100");
            b.shiftRight(b, 4);
            assertEquals(hex("10"), b.value());
        }

        @Test
        void shiftRight_resultTooLarge_panics() {
            assertPanics("TEE_BigIntShiftRight", () -> BigInt.ofBits(32).shiftRight(big("1FFFFFFFFF"), 1));
        }

        @Test
        void bits_setGetAndClear_actOnTheMagnitude() throws TeeException {
            BigInt b = BigInt.ofBits(1024);
            for (int i : new int[] {1, 4, 9, 113, 1013, 1023}) {
                assertFalse(b.getBit(i));
                b.setBit(i, true);
                assertTrue(b.getBit(i));
                assertEquals(i + 1, b.getBitCount());
                b.setBit(i, false);
                assertFalse(b.getBit(i));
            }
            assertEquals(0, b.getBitCount());
        }

        @Test
        void setBit_onNegative_keepsTheSign() throws TeeException {
            BigInt b = big("-10");
            assertTrue(b.getBit(4));
            b.setBit(0, true);
            assertEquals(hex("-11"), b.value());
            assertEquals(5, b.getBitCount());
            assertFalse(b.getBit(-1));
        }

        @Test
        void setBit_beyondCapacity_overflowsUnlessClearing() throws TeeException {
            BigInt b = BigInt.ofBits(1024);
            assertResult(TeeResult.OVERFLOW, () -> b.setBit(1024, true));
            assertResult(TeeResult.OVERFLOW, () -> b.setBit(-1, true));
            b.setBit(5000, false);
            assertEquals(0, b.getBitCount());
        }

        @Test
        void assignAndAbs_fit_copy() throws TeeException {
            BigInt d = BigInt.ofBits(64);
            d.assign(big("-1234"));
            assertEquals(hex("-1234"), d.value());
            d.abs(d);
            assertEquals(hex("1234"), d.value());
            d.assign(d);
            assertEquals(hex("1234"), d.value());
        }

        @Test
        void assignAndAbs_tooLarge_overflowAndKeepTheValue() {
            BigInt d = big(32, BigInteger.TEN);
            assertResult(TeeResult.OVERFLOW, () -> d.assign(big("100000000")));
            assertResult(TeeResult.OVERFLOW, () -> d.abs(big("-100000000")));
            assertEquals(BigInteger.TEN, d.value());
        }
    }

    @Nested
    class Arithmetic {
        @ParameterizedTest
        @CsvSource({"FFFFFFFF, 100000000FFFFFFFFFFFFFFFF, 10000000100000000FFFFFFFE",
            "-FFFFFFFF, -1FFFFFFFF, -2FFFFFFFE", "FFFF, -FF, FF00", "-FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, "
            + "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE, -1"})
        void addAndSub_matchBigInteger(String s, String t, String sum) {
            BigInt c = BigInt.ofBits(1024);
            c.add(big(s), big(t));
            assertEquals(hex(sum), c.value());
            c.sub(c, big(t));
            assertEquals(hex(s), c.value());
        }

        @Test
        void add_operandIsDestination_works() {
            BigInt a = big("FF");
            a.add(a, a);
            assertEquals(hex("1FE"), a.value());
        }

        @Test
        void negAndSquare_compute() {
            BigInt d = BigInt.ofBits(256);
            d.neg(big("123456789123456789"));
            assertEquals(hex("-123456789123456789"), d.value());
            d.square(d);
            assertEquals(hex("123456789123456789").pow(2), d.value());
        }

        @Test
        void mul_signsAndSize_matchBigInteger() {
            BigInteger a = hex("-4F239BBAE89A447149CDB0B50A103C69591DD9E0C91A57955A6C266C7ED42A5ED5F4");
            BigInteger b = hex("44FF5A67036657E041D55AE42AE25517A1");
            BigInt c = BigInt.ofBits(a.bitLength() + b.bitLength());
            c.mul(big(512, a), big(512, b));
            assertEquals(a.multiply(b), c.value());
        }

        @Test
        void mulAndNeg_resultTooLarge_panic() {
            BigInt small = BigInt.ofBits(32);
            assertPanics("TEE_BigIntMul", () -> small.mul(big("FFFFFFFF"), big("FFFFFFFF")));
            assertPanics("TEE_BigIntSquare", () -> small.square(big("10000")));
            assertPanics("TEE_BigIntAdd", () -> small.add(big("FFFFFFFF"), big("1")));
            assertPanics("TEE_BigIntSub", () -> small.sub(big("-FFFFFFFF"), big("1")));
            assertPanics("TEE_BigIntNeg", () -> small.neg(big("100000000")));
            assertEquals(0, small.getBitCount());
        }

        @ParameterizedTest
        @CsvSource({"53, 7, B, 6", "-53, 7, -B, -6", "53, -7, -B, 6", "-53, -7, B, -6", "0, 1, 0, 0",
            "b7fb, 5, 24CB, 4"})
        void div_truncatesTowardsZero(String n, String d, String q, String r) {
            BigInt dq = BigInt.ofBits(2048);
            BigInt dr = BigInt.ofBits(2048);
            BigInt.div(dq, dr, big(n), big(d));
            assertEquals(hex(q), dq.value());
            assertEquals(hex(r), dr.value());
        }

        @Test
        void div_eitherDestinationNull_computesTheOther() {
            BigInt dq = BigInt.ofBits(64);
            BigInt dr = BigInt.ofBits(64);
            BigInt.div(dq, null, big("64"), big("7"));
            BigInt.div(null, dr, big("64"), big("7"));
            assertEquals(BigInteger.valueOf(14), dq.value());
            assertEquals(BigInteger.valueOf(2), dr.value());
        }

        @Test
        void div_byZero_panics() {
            assertPanics("TEE_BigIntDiv", () -> BigInt.div(BigInt.ofBits(64), BigInt.ofBits(64), big("5"), big("0")));
        }

        @Test
        void div_quotientTooLarge_panicsAndWritesNothing() {
            BigInt dq = BigInt.ofBits(32);
            BigInt dr = big(32, BigInteger.TEN);
            assertPanics("TEE_BigIntDiv", () -> BigInt.div(dq, dr, big("1000000000000"), big("3")));
            assertEquals(BigInteger.TEN, dr.value());
        }
    }

    @Nested
    class Modular {
        @ParameterizedTest
        @CsvSource({"10, A, 6", "10, 20, 10", "-1, 123, 122", "-122, 123, 1",
            "-1, 100000000000000000000, FFFFFFFFFFFFFFFFFFFF"})
        void mod_isInZeroToNMinusOne(String op, String n, String expected) {
            BigInt d = BigInt.ofBits(2048);
            d.mod(big(op), big(n));
            assertEquals(hex(expected), d.value());
        }

        @ParameterizedTest
        @CsvSource({"0, 0, 2, 0, 0", "1, 1, 2, 0, 1", "2, 2, 9, 4, 4", "123, 123, 200, 46, C9", "0, 123, 200, 123, 0"})
        void addSubMulMod_matchReference(String a, String b, String n, String sum, String product) {
            BigInt d = BigInt.ofBits(2048);
            d.addMod(big(a), big(b), big(n));
            assertEquals(hex(sum), d.value());
            d.subMod(d, big(b), big(n));
            assertEquals(hex(a), d.value());
            d.mulMod(big(a), big(b), big(n));
            assertEquals(hex(product), d.value());
            d.squareMod(big(a), big(n));
            assertEquals(hex(a).pow(2).mod(hex(n)), d.value());
        }

        @Test
        void subMod_negativeDifference_wrapsToNonNegative() {
            BigInt d = BigInt.ofBits(64);
            d.subMod(big("3"), big("5"), big("7"));
            assertEquals(BigInteger.valueOf(5), d.value());
        }

        @Test
        void modularFunctions_modulusBelowTwo_panic() {
            BigInt d = BigInt.ofBits(64);
            for (String n : List.of("1", "0", "-7")) {
                assertPanics("TEE_BigIntMod", () -> d.mod(big("5"), big(n)));
                assertPanics("TEE_BigIntAddMod", () -> d.addMod(big("5"), big("1"), big(n)));
                assertPanics("TEE_BigIntSubMod", () -> d.subMod(big("5"), big("1"), big(n)));
                assertPanics("TEE_BigIntMulMod", () -> d.mulMod(big("5"), big("1"), big(n)));
                assertPanics("TEE_BigIntSquareMod", () -> d.squareMod(big("5"), big(n)));
                assertPanics("TEE_BigIntInvMod", () -> d.invMod(big("5"), big(n)));
            }
        }

        @Test
        void mod_resultTooLarge_panics() {
            assertPanics("TEE_BigIntMod", () -> BigInt.ofBits(32).mod(big("-1"), big("10000000000")));
        }

        @ParameterizedTest
        @CsvSource({"2, 3, 2", "3, 7, 5", "5, 7, 3", "7B, FA1, 8E5", "462D578CF0F88, AB54A98CEB1F0AD3, 5ABBF22B54DBD000",
            "-3, 7, 2"})
        void invMod_invertible_inverts(String op, String n, String expected) {
            BigInt d = BigInt.ofBits(2048);
            d.invMod(big(op), big(n));
            assertEquals(hex(expected), d.value());
        }

        @Test
        void invMod_zeroOrNoInverse_panics() {
            BigInt d = BigInt.ofBits(64);
            assertPanics("TEE_BigIntInvMod", () -> d.invMod(big("0"), big("7")));
            assertPanics("TEE_BigIntInvMod", () -> d.invMod(big("2"), big("4")));
            assertPanics("TEE_BigIntInvMod", () -> d.invMod(big("7"), big("7")));
        }

        @Test
        void expMod_oddModulus_computes() throws TeeException {
            BigInt d = BigInt.ofBits(1024);
            d.expMod(big("4"), big("D"), big("1F1"), null);
            assertEquals(BigInteger.valueOf(445), d.value());
            BigInteger n = BigInteger.ONE.shiftLeft(1000).add(BigInteger.valueOf(297));
            d.expMod(big("-3"), big("10001"), big(1024, n), FmmContext.init(1, big(1024, n)));
            assertEquals(BigInteger.valueOf(-3).modPow(BigInteger.valueOf(0x10001), n), d.value());
        }

        @Test
        void expMod_evenModulus_isNotSupported() {
            assertResult(TeeResult.NOT_SUPPORTED, () -> BigInt.ofBits(64).expMod(big("3"), big("5"), big("10"), null));
        }

        @Test
        void expMod_modulusBelowThreeOrNegativeExponent_panics() {
            BigInt d = BigInt.ofBits(64);
            assertPanics("TEE_BigIntExpMod", () -> d.expMod(big("3"), big("5"), big("2"), null));
            assertPanics("TEE_BigIntExpMod", () -> d.expMod(big("3"), big("5"), big("-7"), null));
            assertPanics("TEE_BigIntExpMod", () -> d.expMod(big("3"), big("-1"), big("7"), null));
        }
    }

    @Nested
    class Gcd {
        @ParameterizedTest
        @CsvSource({"0, 0", "0, 123", "1, 1", "1, -1", "-2, 2", "-2, -4", "400, 800", "261, 2B5", "F, A", "165D662, 1664FEA",
            "AB59CDFD83CE2B24, 4961BF04008953A7F9567AAFBA94D4AF55F473F14FD68AA022982F0FE",
            "5D0A380DC40EDE5E036FA051FC6D7F93, 3277FD425328576569AFB2EAC6B1430578099CA8ADA4BC73"})
        void computeExtendedGcd_satisfiesBezout(String x, String y) {
            assertBezout(hex(x), hex(y));
        }

        @Test
        void computeExtendedGcd_randomOperands_satisfiesBezout() {
            SplittableRandom rnd = new SplittableRandom(4114);
            for (int i = 0; i < 200; i++) {
                BigInteger x = random(rnd, 1 + rnd.nextInt(90));
                BigInteger y = random(rnd, 1 + rnd.nextInt(90));
                assertBezout(rnd.nextBoolean() ? x : x.negate(), rnd.nextBoolean() ? y : y.negate());
            }
        }

        private static BigInteger random(SplittableRandom rnd, int bytes) {
            byte[] b = new byte[bytes];
            rnd.nextBytes(b);
            return new BigInteger(1, b);
        }

        @Test
        void computeExtendedGcd_powersOfTwo_giveTheSmaller() {
            BigInteger x = BigInteger.ONE.shiftLeft(773);
            BigInteger y = BigInteger.ONE.shiftLeft(854);
            assertBezout(x, y);
        }

        private void assertBezout(BigInteger x, BigInteger y) {
            BigInt gcd = BigInt.ofBits(2048);
            BigInt u = BigInt.ofBits(2048);
            BigInt v = BigInt.ofBits(2048);
            gcd.computeExtendedGcd(u, v, big(2048, x), big(2048, y));
            assertEquals(x.gcd(y), gcd.value());
            assertEquals(gcd.value(), u.value().multiply(x).add(v.value().multiply(y)), x + ", " + y);
            BigInt plain = BigInt.ofBits(2048);
            plain.computeExtendedGcd(null, null, big(2048, x), big(2048, y));
            assertEquals(gcd.value(), plain.value());
        }

        @Test
        void computeExtendedGcd_zeroAndZero_isZeroWithUOne() {
            BigInt gcd = BigInt.ofBits(64);
            BigInt u = BigInt.ofBits(64);
            BigInt v = BigInt.ofBits(64);
            gcd.computeExtendedGcd(u, v, big("0"), big("0"));
            assertEquals(BigInteger.ZERO, gcd.value());
            assertEquals(BigInteger.ONE, u.value());
            assertEquals(BigInteger.ZERO, v.value());
        }

        @Test
        void computeExtendedGcd_coefficientTooLarge_panicsAndWritesNothing() {
            BigInt gcd = big(64, BigInteger.TEN);
            BigInt u = BigInt.ofBits(0);
            assertPanics("TEE_BigIntComputeExtendedGcd", () -> gcd.computeExtendedGcd(u, null, big("F"), big("A")));
            assertEquals(BigInteger.TEN, gcd.value());
        }

        @ParameterizedTest
        @CsvSource({"F, A, false", "F, 8, true", "0, 1, true", "0, 0, false", "-3, 9, false", "-3, -8, true"})
        void relativePrime_isGcdOne(String a, String b, boolean expected) {
            assertEquals(expected, BigInt.relativePrime(big(a), big(b)));
        }
    }

    @Nested
    class IsProbablePrime {
        @ParameterizedTest
        @CsvSource({"0, 0", "1, 0", "2, 1", "3, 1", "17, 1", "FA1, 1", "FA0, 0", "-7, 1", "-1, 0", "231, 0",
            "FFFFFFFB, 1", "FFE200E1, 0", "FFE000FF, 0", "1FFFFFFFFFFFFFFF, -1", "136233FDE5569, 0", "177B96388FD94D5D7EC9AE513, 0",
            "136A352B2C7A5, -1"})
        void isProbablePrime_classifies(String value, int expected) {
            assertEquals(expected, big(value).isProbablePrime(80));
        }

        @Test
        void confidenceLevel_belowEighty_countsAsEighty() {
            assertEquals(80, Primality.certainty(0));
            assertEquals(80, Primality.certainty(80));
            assertEquals(200, Primality.certainty(200));
            assertEquals(Primality.MAX_CERTAINTY, Primality.certainty(-1));
            assertEquals(0, big("FFE200E1").isProbablePrime(0));
            assertEquals(-1, big("1FFFFFFFFFFFFFFF").isProbablePrime(-1));
        }

        static Stream<Arguments> wycheproof() {
            Map<String, Object> file = VectorFiles.wycheproofJson("primality_test.json");
            List<Arguments> cases = new ArrayList<>();
            for (Object group : (List<?>) file.get("testGroups")) {
                for (Object test : (List<?>) ((Map<?, ?>) group).get("tests")) {
                    Map<?, ?> t = (Map<?, ?>) test;
                    cases.add(Arguments.of(t.get("tcId"), t.get("value"), t.get("result"), t.get("comment")));
                }
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "tcId {0}: {3}")
        @MethodSource("wycheproof")
        void wycheproof_validPrime_invalidComposite(Object tcId, String value, String result, String comment)
                throws TeeException {
            BigInteger v = new BigInteger(HexFormat.of().parseHex(value));
            BigInt b = BigInt.ofBits(value.length() * 4);
            b.convertFromOctetString(v.abs().toByteArray(), v.signum());
            int answer = b.isProbablePrime(80);
            switch (result) {
                case "valid" -> assertNotEquals(0, answer, "a prime reported composite");
                case "invalid" -> assertEquals(0, answer, "a composite reported prime");
                default -> assertEquals("acceptable", result);
            }
        }
    }

    @Nested
    class Fmm {
        @Test
        void sizes_contextIsOneWordValueIsABigInt() {
            assertEquals(1, FmmContext.sizeInU32(2048));
            assertEquals(BigInt.sizeInU32(2048), BigIntFmm.sizeInU32(2048));
            assertEquals(66, BigIntFmm.ofBits(2048).sizeInU32());
        }

        @Test
        void fmm_convertComputeConvertBack_isMulMod() {
            BigInteger n = hex("F9000000000000000000000000000000000000000000000000000000000000000000000000000000000000011");
            BigInt modulus = big(2048, n);
            FmmContext ctx = FmmContext.init(FmmContext.sizeInU32(n.bitLength()), modulus);
            BigIntFmm a = BigIntFmm.ofBits(2048);
            BigIntFmm b = BigIntFmm.ofBits(2048);
            BigIntFmm r = BigIntFmm.ofBits(2048);
            a.convertToFmm(big("-123456789ABCDEF"), modulus, ctx);
            b.convertToFmm(big(2048, n.add(BigInteger.TEN)), modulus, ctx);
            r.computeFmm(a, b, modulus, ctx);
            BigInt out = BigInt.ofBits(2048);
            out.convertFromFmm(r, modulus, ctx);
            assertEquals(hex("-123456789ABCDEF").multiply(BigInteger.TEN).mod(n), out.value());
        }

        @Test
        void fmm_modulusBelowTwo_panics() {
            FmmContext ctx = FmmContext.init(1, big("1"));
            BigIntFmm a = BigIntFmm.ofBits(64);
            assertPanics("TEE_BigIntConvertToFMM", () -> a.convertToFmm(big("5"), big("1"), ctx));
            assertPanics("TEE_BigIntComputeFMM", () -> a.computeFmm(a, a, big("0"), ctx));
        }

        @Test
        void fmm_resultTooLarge_panics() {
            FmmContext ctx = FmmContext.init(1, big("100000000001"));
            assertPanics("TEE_BigIntConvertToFMM",
                    () -> BigIntFmm.ofBits(32).convertToFmm(big("-1"), big("100000000001"), ctx));
            BigIntFmm wide = BigIntFmm.ofBits(64);
            wide.convertToFmm(big("-1"), big("100000000001"), ctx);
            assertPanics("TEE_BigIntConvertFromFMM", () -> BigInt.ofBits(32).convertFromFmm(wide, big("100000000001"), ctx));
        }

        @Test
        void initFmmContext1_modulusBelowTwo_isNotSupported() throws TeeException {
            assertResult(TeeResult.NOT_SUPPORTED, () -> FmmContext.init1(1, big("1")));
            FmmContext.init1(1, big("3"));
        }

        @Test
        void initFmmContext_noWords_panics() {
            assertPanics("TEE_BigIntInitFMMContext", () -> FmmContext.init(0, big("3")));
            assertPanics("TEE_BigIntInitFMM", () -> BigIntFmm.init(1));
        }
    }
}
