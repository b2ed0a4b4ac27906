package org.jtee.xtest.ta.ostest;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * The floating-point part of BASIC: arithmetic, comparisons and conversions on doubles and
 * floats, through methods that only see their arguments at run time (os_test keeps its subjects
 * in a file of their own for the same reason), checked against the expected values within a
 * precision. C's unsigned conversions are Java's with the unsigned reading of the bits.
 */
final class FloatCheck {
    private static final double DPREC = 0.000000000000001;
    private static final float FPREC = 0.000001f;
    /** The operands: fields, read when the check runs. */
    private static double val1 = 2.6;
    private static double val2 = 5.3;
    private static int val1Int = 2;

    private FloatCheck() {}

    static void run() throws TeeException {
        double v1 = val1;
        double v2 = val2;
        float f1 = (float) v1;
        float f2 = (float) v2;
        int i = val1Int;
        expect(near(dadd(v1, v2), 2.6 + 5.3) && near(ddiv(v1, v2), 2.6 / 5.3) && near(dmul(v1, v2), 2.6 * 5.3)
                && near(drsub(v1, v2), 5.3 - 2.6) && near(dsub(v1, v2), 2.6 - 5.3), "double arithmetic");
        expect(v1 == val1 && v1 < v2 && v1 <= val1 && v1 >= val1 && v2 > v1, "double comparisons");
        expect(near(fadd(f1, f2), 2.6f + 5.3f) && near(fdiv(f1, f2), 2.6f / 5.3f) && near(fmul(f1, f2), 2.6f * 5.3f)
                && near(frsub(f1, f2), 5.3f - 2.6f) && near(fsub(f1, f2), 2.6f - 5.3f), "float arithmetic");
        expect(f1 == (float) val1 && f1 < f2 && f1 <= (float) val1 && f1 >= (float) val1 && f2 > f1, "float comparisons");
        expect((int) v1 == 2 && Integer.toUnsignedLong((int) (long) v1) == 2 && (long) v1 == 2
                && Long.compareUnsigned((long) v1, 2) == 0, "double to integer conversions");
        expect((int) f1 == 2 && Integer.toUnsignedLong((int) (long) f1) == 2 && (long) f1 == 2
                && Long.compareUnsigned((long) f1, 2) == 0, "float to integer conversions");
        expect(near((double) (float) v1, 2.6, FPREC) && near((double) f1, 2.6, FPREC), "double and float conversions");
        expect(near((double) i, 2) && near((double) Integer.toUnsignedLong(i), 2) && near((double) (long) i, 2)
                && near(unsignedToDouble(i), 2), "integer to double conversions");
        expect(near((float) i, 2f) && near((float) Integer.toUnsignedLong(i), 2f) && near((float) (long) i, 2f)
                && near((float) unsignedToDouble(i), 2f), "integer to float conversions");
    }

    private static double dadd(double a, double b) {
        return a + b;
    }

    private static double ddiv(double n, double d) {
        return n / d;
    }

    private static double dmul(double a, double b) {
        return a * b;
    }

    private static double drsub(double a, double b) {
        return b - a;
    }

    private static double dsub(double a, double b) {
        return a - b;
    }

    private static float fadd(float a, float b) {
        return a + b;
    }

    private static float fdiv(float n, float d) {
        return n / d;
    }

    private static float fmul(float a, float b) {
        return a * b;
    }

    private static float frsub(float a, float b) {
        return b - a;
    }

    private static float fsub(float a, float b) {
        return a - b;
    }

    /** An unsigned 64-bit integer as a double ({@code (double) (uint64_t) x}). */
    private static double unsignedToDouble(long x) {
        return x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1);
    }

    private static boolean near(double v, double expected) {
        return near(v, expected, DPREC);
    }

    private static boolean near(double v, double expected, double precision) {
        return v > expected - precision && v < expected + precision;
    }

    private static boolean near(float v, float expected) {
        return v > expected - FPREC && v < expected + FPREC;
    }

    private static void expect(boolean condition, String what) throws TeeException {
        if (!condition) {
            throw new TeeException(TeeResult.GENERIC, "floating point: " + what);
        }
    }
}
