package org.jtee.client;

import java.util.Arrays;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.WireParam;

/**
 * A temporary memory reference ({@code TEEC_TempMemoryReference}): a byte array copied to the TA
 * for the call (input) and back (output). After a call {@link #size()} is the size the TA
 * returned, which may exceed the buffer (then the TA failed with {@code TEE_ERROR_SHORT_BUFFER}
 * and the size is what it needs); at most the buffer's length is copied back.
 */
public final class TempMemory extends Parameter {
    private final int type;
    private final byte[] buffer;
    private long size;

    private TempMemory(int type, byte[] buffer) {
        this.type = type;
        this.buffer = buffer;
        this.size = buffer == null ? 0 : buffer.length;
    }

    public static TempMemory input(byte[] data) {
        return new TempMemory(ParamType.MEMREF_TEMP_INPUT, data.clone());
    }

    /** An output buffer the caller owns: the TA's bytes land in it. */
    public static TempMemory output(byte[] buffer) {
        return new TempMemory(ParamType.MEMREF_TEMP_OUTPUT, buffer);
    }

    /** An output buffer of {@code size} bytes. */
    public static TempMemory output(int size) {
        return new TempMemory(ParamType.MEMREF_TEMP_OUTPUT, new byte[size]);
    }

    /** A buffer sent to the TA and overwritten with what it returns. */
    public static TempMemory inout(byte[] buffer) {
        return new TempMemory(ParamType.MEMREF_TEMP_INOUT, buffer);
    }

    /** A NULL buffer of size 0 (OP-TEE's "memref null"), of type MEMREF_TEMP_INPUT, _OUTPUT or _INOUT. */
    public static TempMemory nullBuffer(int type) {
        if (type < ParamType.MEMREF_TEMP_INPUT || type > ParamType.MEMREF_TEMP_INOUT) {
            throw new IllegalArgumentException("not a temporary memory type: " + type);
        }
        return new TempMemory(type, null);
    }

    @Override
    public int type() {
        return type;
    }

    /** The buffer itself (null for a NULL buffer). */
    public byte[] buffer() {
        return buffer;
    }

    public boolean isNull() {
        return buffer == null;
    }

    /** The size: the buffer's length before a call, the TA's returned size after. */
    public long size() {
        return size;
    }

    /** A copy of the first {@code min(size, buffer length)} bytes. */
    public byte[] data() {
        return buffer == null ? new byte[0] : Arrays.copyOf(buffer, (int) Math.min(size, buffer.length));
    }

    @Override
    WireParam toWire(TeeContext context) throws TeeException {
        int wireType = type + 4;
        if (buffer == null) {
            return new WireParam.TempMem(wireType, true, 0, new byte[0]);
        }
        if (buffer.length > context.maxInlineBytes()) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, "a temporary buffer of "
                    + buffer.length + " bytes exceeds the frame bound; use shared memory");
        }
        byte[] data = type == ParamType.MEMREF_TEMP_OUTPUT ? new byte[0] : buffer;
        return new WireParam.TempMem(wireType, false, buffer.length, data);
    }

    @Override
    void writeBack(WireParam reply) {
        if (type == ParamType.MEMREF_TEMP_INPUT || !(reply instanceof WireParam.TempMem t)) {
            return;
        }
        size = t.size();
        if (buffer != null) {
            byte[] data = t.data();
            System.arraycopy(data, 0, buffer, 0, Math.min(data.length, buffer.length));
        }
    }
}
