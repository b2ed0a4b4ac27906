package org.jtee.client;

import java.util.Arrays;
import java.util.Objects;
import org.jtee.protocol.WireParam;

/**
 * A temporary memory reference ({@code TEEC_TempMemoryReference}): a byte array the call copies
 * to the TA (input), back from it (output), or both. The bytes travel inside the request and reply
 * frames, so all temporary buffers of one call together must fit in the frame bound the core
 * announced (16 MiB at most); larger data belongs in {@link SharedMemory}.
 *
 * <p><b>Sizes.</b> Every call offers the whole array ({@code buffer().length} bytes; 0 for a
 * NULL buffer). After a call {@link #size()} is the size the TA returned, which may exceed the
 * array: then the TA usually failed with {@code TEE_ERROR_SHORT_BUFFER} and the size is the one
 * it needs. Of the TA's output, at most {@code buffer().length} bytes are copied into the array.
 * (In C, {@code tmpref.size} is both what is offered and what comes back; here what is offered
 * is always the array, so reusing a parameter after a short answer offers the full array again.)
 *
 * <p>The array is not copied: input bytes are read from it when the call is sent, output bytes
 * are written into it when the reply arrives. Not thread-safe (see {@link Parameter}).
 */
public final class TempMemory extends Parameter {
    private static final byte[] NO_BYTES = new byte[0];

    private final int type;
    private final byte[] buffer;
    private long size;

    private TempMemory(int type, byte[] buffer) {
        this.type = type;
        this.buffer = buffer;
        this.size = buffer == null ? 0 : buffer.length;
    }

    private static byte[] required(byte[] buffer) {
        return Objects.requireNonNull(buffer, "buffer is null; use TempMemory.nullBuffer(type) for a NULL buffer");
    }

    /** {@code TEEC_MEMREF_TEMP_INPUT}: the TA reads {@code data} (not copied until the call). */
    public static TempMemory input(byte[] data) {
        return new TempMemory(ParamType.MEMREF_TEMP_INPUT, required(data));
    }

    /** {@code TEEC_MEMREF_TEMP_OUTPUT} into the caller's array. */
    public static TempMemory output(byte[] buffer) {
        return new TempMemory(ParamType.MEMREF_TEMP_OUTPUT, required(buffer));
    }

    /** {@code TEEC_MEMREF_TEMP_OUTPUT} into a new array of {@code sizeBytes}. */
    public static TempMemory output(int sizeBytes) {
        return new TempMemory(ParamType.MEMREF_TEMP_OUTPUT, new byte[sizeBytes]);
    }

    /** {@code TEEC_MEMREF_TEMP_INOUT}: the TA reads {@code buffer} and its output replaces it. */
    public static TempMemory inout(byte[] buffer) {
        return new TempMemory(ParamType.MEMREF_TEMP_INOUT, required(buffer));
    }

    /**
     * A NULL buffer of size 0 (OP-TEE's null memory reference), which the TA sees as a NULL
     * pointer; with an output type, a way to ask a TA for the size it needs.
     *
     * @param type {@link ParamType#MEMREF_TEMP_INPUT}, {@code _OUTPUT} or {@code _INOUT}
     * @throws IllegalArgumentException for any other type
     */
    public static TempMemory nullBuffer(int type) {
        if (type < ParamType.MEMREF_TEMP_INPUT || type > ParamType.MEMREF_TEMP_INOUT) {
            throw new IllegalArgumentException("not a temporary memory type: " + ParamType.name(type));
        }
        return new TempMemory(type, null);
    }

    @Override
    public int type() {
        return type;
    }

    /** The array itself (not a copy), or null for a NULL buffer. */
    public byte[] buffer() {
        return buffer;
    }

    /** True for a {@linkplain #nullBuffer(int) NULL buffer}. */
    public boolean isNull() {
        return buffer == null;
    }

    /** In bytes: the array's length before the first call, the TA's returned size after a call. */
    public long size() {
        return size;
    }

    /** A copy of the first {@code min(size(), buffer().length)} bytes (empty for a NULL buffer). */
    public byte[] data() {
        return buffer == null ? NO_BYTES.clone() : Arrays.copyOf(buffer, (int) Math.min(size, buffer.length));
    }

    @Override
    WireParam encode(TeeContext context) {
        int wireType = type + (WireParam.TMEM_IN - ParamType.MEMREF_TEMP_INPUT);
        if (buffer == null) {
            return new WireParam.TempMem(wireType, true, 0, NO_BYTES);
        }
        byte[] data = type == ParamType.MEMREF_TEMP_OUTPUT ? NO_BYTES : buffer;
        return new WireParam.TempMem(wireType, false, buffer.length, data);
    }

    @Override
    void writeBack(WireParam sent, WireParam reply) {
        if (type == ParamType.MEMREF_TEMP_INPUT || !(reply instanceof WireParam.TempMem)) {
            return;
        }
        WireParam.TempMem t = (WireParam.TempMem) reply;
        size = t.size();
        if (buffer != null && t.size() <= buffer.length) {
            // as libteec's teec_post_process_tmpref: bytes come back only when they fit
            byte[] data = t.data();
            System.arraycopy(data, 0, buffer, 0, (int) Math.min(data.length, t.size()));
        }
    }

    @Override
    public String toString() {
        return ParamType.name(type) + (buffer == null ? "(NULL" : "(" + buffer.length + " bytes") + ", size=" + size + ")";
    }
}
