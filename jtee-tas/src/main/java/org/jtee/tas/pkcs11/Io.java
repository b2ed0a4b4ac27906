package org.jtee.tas.pkcs11;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jtee.common.ParamTypes;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;

/**
 * The data parameters of a command (optee-pkcs11-ta-abi.md §2.1, §2.3, §2.4): p1 an input, p2
 * an output (or, for VERIFY_FINAL/ONESHOT, the signature), p3 always NONE. A memref that is
 * present is a buffer, possibly empty; only a NONE parameter is "absent" (null here). Fixed-size
 * outputs need p2 of exactly their size; variable outputs follow the short-buffer protocol:
 * too small, p2's size becomes the size needed and the command fails with BUFFER_TOO_SMALL.
 */
final class Io {
    private Io() {}

    static final int NONE = ParamTypes.NONE;
    static final int IN = ParamTypes.MEMREF_INPUT;
    static final int OUT = ParamTypes.MEMREF_OUTPUT;

    /** Fails with ARGUMENTS_BAD unless p1 and p2 have these types and p3 is NONE. */
    static void expect(Parameters p, int p1, int p2) throws CkException {
        if (p.type(1) != p1 || p.type(2) != p2 || p.type(3) != NONE) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "parameter types " + ParamTypes.describe(p.types()));
        }
    }

    /** p3 must be NONE (the step commands take p1 and p2 as they come). */
    static void expectNoP3(Parameters p) throws CkException {
        if (p.type(3) != NONE) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "parameter 3 is not NONE");
        }
    }

    /** p{index} as a memref, or null when NONE; ARGUMENTS_BAD for a value. */
    static MemoryReference memref(Parameters p, int index) throws CkException {
        Object o = p.get(index);
        if (o == null) {
            return null;
        }
        if (o instanceof MemoryReference m) {
            return m;
        }
        throw new CkException(Ck.CKR_ARGUMENTS_BAD, "parameter " + index + " is a value");
    }

    /** An input memref's bytes as a read-only buffer (no copy), or null when absent. */
    static ByteBuffer input(Parameters p, int index) throws CkException {
        MemoryReference m = memref(p, index);
        if (m == null) {
            return null;
        }
        return m.buffer().asSlice(0, Math.min(m.size(), m.capacity())).asByteBuffer().asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An input memref's bytes, copied; null when absent. */
    static byte[] inputCopy(Parameters p, int index) throws CkException {
        MemoryReference m = memref(p, index);
        return m == null ? null : m.toByteArray();
    }

    /** p2 as an output memref; ARGUMENTS_BAD if it is not one. */
    static MemoryReference output(Parameters p) throws CkException {
        MemoryReference m = memref(p, 2);
        if (m == null || !ParamTypes.isOutput(m.type())) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "parameter 2 is not an output buffer");
        }
        return m;
    }

    /** p2's whole capacity as a writable buffer at position 0. */
    static ByteBuffer outputBuffer(MemoryReference m) {
        return m.buffer().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fails with ARGUMENTS_BAD unless p2 is an output of exactly {@code size} bytes. */
    static MemoryReference fixed(Parameters p, int size) throws CkException {
        MemoryReference m = output(p);
        if (m.capacity() != size) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "output of " + m.capacity() + " bytes, " + size + " expected");
        }
        return m;
    }

    /** Writes {@code data} into a fixed-size output already checked with {@link #fixed}. */
    static void writeFixed(MemoryReference m, byte[] data) {
        MemorySegment.copy(data, 0, m.buffer(), ValueLayout.JAVA_BYTE, 0, data.length);
        m.setSize(data.length);
    }

    /** Writes {@code data} into p2, or reports the size needed. */
    static void writeVariable(MemoryReference m, byte[] data) throws CkException {
        m.setSize(data.length);
        if (data.length > m.capacity()) {
            throw CkException.shortBuffer(data.length);
        }
        MemorySegment.copy(data, 0, m.buffer(), ValueLayout.JAVA_BYTE, 0, data.length);
    }

    static byte[] u32s(int... values) {
        byte[] b = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            Template.putU32(b, 4 * i, values[i]);
        }
        return b;
    }
}
