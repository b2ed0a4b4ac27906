package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * A reader of one serialised mechanism parameter (optee-pkcs11-ta-abi.md §4.6): little-endian
 * u32 words and byte strings back to back, read front to back and consumed exactly. A read past
 * the end, a length larger than what is left, and bytes left over all fail with the code the
 * reference TA gives for that mechanism ({@code CKR_ARGUMENTS_BAD} for most; the RSA PSS/OAEP
 * family, whose parameters the reference checks while picking the algorithm, folds every fault
 * into {@code CKR_FUNCTION_FAILED}). The caller's buffer is not moved.
 */
final class Params {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ByteBuffer buf;
    private final int failure;
    private final int mechanism;

    private Params(ByteBuffer params, int mechanism, int failure) {
        this.buf = (params == null ? EMPTY : params).slice().order(ByteOrder.LITTLE_ENDIAN);
        this.failure = failure;
        this.mechanism = mechanism;
    }

    /** A reader that fails with {@code CKR_ARGUMENTS_BAD}. */
    static Params of(ByteBuffer params, int mechanism) {
        return new Params(params, mechanism, Ck.CKR_ARGUMENTS_BAD);
    }

    /** A reader that fails with {@code failure}. */
    static Params of(ByteBuffer params, int mechanism, int failure) {
        return new Params(params, mechanism, failure);
    }

    /** The parameter's size in bytes (all of it, whatever was read). */
    int size() {
        return buf.limit();
    }

    /** The next u32. */
    int u32() throws CkException {
        if (buf.remaining() < 4) {
            throw fail("truncated before a 32-bit field");
        }
        return buf.getInt();
    }

    /** The next {@code length} bytes, {@code length} read as unsigned. */
    byte[] bytes(int length) throws CkException {
        if (length < 0 || length > buf.remaining()) {
            throw fail("a length of " + Integer.toUnsignedString(length) + " bytes overruns the parameter");
        }
        byte[] b = new byte[length];
        buf.get(b);
        return b;
    }

    /** A u32 length followed by that many bytes. */
    byte[] lengthPrefixed() throws CkException {
        return bytes(u32());
    }

    /** Fails unless every byte was read. */
    void end() throws CkException {
        if (buf.hasRemaining()) {
            throw fail(buf.remaining() + " trailing bytes");
        }
    }

    /** Fails unless the parameter is empty ({@code CKR_MECHANISM_PARAM_INVALID}). */
    static void none(ByteBuffer params, int mechanism) throws CkException {
        if (params != null && params.hasRemaining()) {
            throw new CkException(Ck.CKR_MECHANISM_PARAM_INVALID, "mechanism 0x" + Integer.toHexString(mechanism)
                    + " takes no parameter");
        }
    }

    private CkException fail(String what) {
        return new CkException(failure, "parameter of mechanism 0x" + Integer.toHexString(mechanism) + ": " + what);
    }
}
