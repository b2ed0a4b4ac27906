package org.jtee.protocol;

/**
 * One of the four parameter slots of OPEN_SESSION, INVOKE and RPC, in the request or in the reply.
 *
 * <p>Slot types follow OP-TEE's message protocol ({@code OPTEE_MSG_ATTR_TYPE_*}):
 * <pre>
 *   NONE 0 | VALUE  in 1, out 2, inout 3 | RMEM in 5, out 6, inout 7 | TMEM in 9, out 10, inout 11
 * </pre>
 * VALUE carries three u64 words; RMEM names a registered shared-memory segment by id, offset and
 * size; TMEM ("temporary memory") carries its bytes inline in the frame.
 */
public sealed interface WireParam {
    int NONE = 0;
    int VALUE_IN = 1;
    int VALUE_OUT = 2;
    int VALUE_INOUT = 3;
    int RMEM_IN = 5;
    int RMEM_OUT = 6;
    int RMEM_INOUT = 7;
    int TMEM_IN = 9;
    int TMEM_OUT = 10;
    int TMEM_INOUT = 11;

    /** The slot type. */
    int type();

    static boolean isValue(int type) {
        return type >= VALUE_IN && type <= VALUE_INOUT;
    }

    static boolean isRmem(int type) {
        return type >= RMEM_IN && type <= RMEM_INOUT;
    }

    static boolean isTmem(int type) {
        return type >= TMEM_IN && type <= TMEM_INOUT;
    }

    /** True for the *_OUT and *_INOUT types: those the reply writes back. */
    static boolean isOutput(int type) {
        return type != NONE && (type & 3) >= 2;
    }

    /** True for the *_IN and *_INOUT types: those whose content the request carries. */
    static boolean isInput(int type) {
        return type != NONE && (type & 3) != 2;
    }

    /** An empty slot. */
    record None() implements WireParam {
        public static final None INSTANCE = new None();

        @Override
        public int type() {
            return NONE;
        }
    }

    /** A value slot: three 64-bit words (the GP client API uses the low 32 bits of a and b). */
    record Value(int type, long a, long b, long c) implements WireParam {
        public Value {
            if (!isValue(type)) {
                throw new IllegalArgumentException("not a value type: " + type);
            }
        }
    }

    /**
     * A temporary memory reference. In a request, {@code data} holds the content of an input
     * buffer ({@code size} bytes) and is empty for an output-only buffer; {@code size} is the
     * buffer's size. In a reply, {@code size} is the size the TA wrote back and {@code data} the
     * bytes to copy out (at most the original size). {@code isNull} marks a NULL buffer, whose
     * size is 0.
     */
    record TempMem(int type, boolean isNull, long size, byte[] data) implements WireParam {
        public TempMem {
            if (!isTmem(type)) {
                throw new IllegalArgumentException("not a temporary memory type: " + type);
            }
            if (data == null) {
                throw new IllegalArgumentException("data must not be null");
            }
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
        }
    }

    /** A reference into registered shared memory: {@code size} bytes at {@code offset} of segment {@code shmId}. */
    record ShmRef(int type, int shmId, long offset, long size) implements WireParam {
        public ShmRef {
            if (!isRmem(type)) {
                throw new IllegalArgumentException("not a shared-memory reference type: " + type);
            }
            if (offset < 0 || size < 0) {
                throw new IllegalArgumentException("negative offset or size");
            }
        }
    }
}
