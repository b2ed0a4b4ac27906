package org.jtee.client;

import java.util.Objects;
import org.jtee.client.internal.BadArgument;
import org.jtee.protocol.WireParam;

/**
 * A reference to {@link SharedMemory} ({@code TEEC_RegisteredMemoryReference}): the whole of it
 * ({@code TEEC_MEMREF_WHOLE}, direction from the memory's flags) or a range of it
 * ({@code TEEC_MEMREF_PARTIAL_*}, direction from the type, which the flags must allow).
 *
 * <p>Checked when a call starts, as libteec does (failing with {@code TEE_ERROR_BAD_PARAMETERS},
 * origin API): the memory must belong to the call's context and not be released; a partial
 * range needs flags that cover its direction and must fit, {@code offset + size ≤ memory size}
 * (no overflow, nothing negative).
 *
 * <p><b>Sizes.</b> Every call offers the range given at creation (the whole memory for WHOLE).
 * After a call {@link #size()} is the size the TA returned — for WHOLE only if the memory has
 * {@link SharedMemory#OUTPUT}, for PARTIAL only for the output and inout types — which may exceed
 * the range when the TA answers {@code TEE_ERROR_SHORT_BUFFER}. Not thread-safe (see
 * {@link Parameter}).
 */
public final class SharedMemoryReference extends Parameter {
    private final int type;
    private final SharedMemory parent;
    private final long offsetBytes;
    private final long rangeBytes;
    private long size;

    private SharedMemoryReference(int type, SharedMemory parent, long offsetBytes, long rangeBytes) {
        this.type = type;
        this.parent = Objects.requireNonNull(parent, "parent shared memory is null");
        this.offsetBytes = offsetBytes;
        this.rangeBytes = rangeBytes;
        this.size = rangeBytes;
    }

    /** {@code TEEC_MEMREF_WHOLE}: all of {@code parent}, in the directions of its flags. */
    public static SharedMemoryReference whole(SharedMemory parent) {
        return new SharedMemoryReference(ParamType.MEMREF_WHOLE, parent, 0, parent.size());
    }

    /** {@code TEEC_MEMREF_PARTIAL_INPUT}: {@code sizeBytes} at {@code offsetBytes}; needs INPUT. */
    public static SharedMemoryReference partialInput(SharedMemory parent, long offsetBytes, long sizeBytes) {
        return new SharedMemoryReference(ParamType.MEMREF_PARTIAL_INPUT, parent, offsetBytes, sizeBytes);
    }

    /** {@code TEEC_MEMREF_PARTIAL_OUTPUT}: {@code sizeBytes} at {@code offsetBytes}; needs OUTPUT. */
    public static SharedMemoryReference partialOutput(SharedMemory parent, long offsetBytes, long sizeBytes) {
        return new SharedMemoryReference(ParamType.MEMREF_PARTIAL_OUTPUT, parent, offsetBytes, sizeBytes);
    }

    /** {@code TEEC_MEMREF_PARTIAL_INOUT}: {@code sizeBytes} at {@code offsetBytes}; needs INPUT and OUTPUT. */
    public static SharedMemoryReference partialInout(SharedMemory parent, long offsetBytes, long sizeBytes) {
        return new SharedMemoryReference(ParamType.MEMREF_PARTIAL_INOUT, parent, offsetBytes, sizeBytes);
    }

    @Override
    public int type() {
        return type;
    }

    /** The memory referenced. */
    public SharedMemory parent() {
        return parent;
    }

    /** Where the range starts, in bytes (0 for WHOLE). */
    public long offset() {
        return offsetBytes;
    }

    /** In bytes: the range's size before the first call, the TA's returned size after (see above). */
    public long size() {
        return size;
    }

    private boolean isOutput() {
        return type == ParamType.MEMREF_WHOLE ? parent.allows(SharedMemory.OUTPUT)
                : type != ParamType.MEMREF_PARTIAL_INPUT;
    }

    @Override
    WireParam encode(TeeContext context) throws BadArgument {
        parent.checkUsableBy(context);
        long total = parent.size();
        if (type == ParamType.MEMREF_WHOLE) {
            if (parent.allows(SharedMemory.INPUT)) {
                parent.copyIn(0, total);
            }
            // flags 1, 2, 3 → RMEM_IN, RMEM_OUT, RMEM_INOUT
            return new WireParam.ShmRef(WireParam.RMEM_IN - 1 + parent.flags(), parent.id(), 0, total);
        }
        int needed = type == ParamType.MEMREF_PARTIAL_INPUT ? SharedMemory.INPUT
                : type == ParamType.MEMREF_PARTIAL_OUTPUT ? SharedMemory.OUTPUT
                : SharedMemory.INPUT | SharedMemory.OUTPUT;
        if (!parent.allows(needed)) {
            throw new BadArgument(ParamType.name(type) + " on shared memory with flags " + parent.flags()
                    + " (INPUT 1, OUTPUT 2)");
        }
        if (offsetBytes < 0 || rangeBytes < 0 || offsetBytes > total || rangeBytes > total - offsetBytes) {
            throw new BadArgument(ParamType.name(type) + " of " + rangeBytes + " bytes at offset " + offsetBytes
                    + " does not fit in shared memory of " + total + " bytes");
        }
        if (type != ParamType.MEMREF_PARTIAL_OUTPUT) {
            parent.copyIn(offsetBytes, rangeBytes);
        }
        // 0xD, 0xE, 0xF → RMEM_IN, RMEM_OUT, RMEM_INOUT
        return new WireParam.ShmRef(type - (ParamType.MEMREF_PARTIAL_INPUT - WireParam.RMEM_IN), parent.id(),
                offsetBytes, rangeBytes);
    }

    @Override
    void writeBack(WireParam sent, WireParam reply) {
        if (!isOutput() || !(reply instanceof WireParam.ShmRef) || !(sent instanceof WireParam.ShmRef)) {
            return;
        }
        WireParam.ShmRef offered = (WireParam.ShmRef) sent;
        long returned = ((WireParam.ShmRef) reply).size();
        if (returned <= offered.size()) {
            parent.copyOut(offered.offset(), returned); // shadowed memory only, as libteec
        }
        size = returned;
    }

    @Override
    public String toString() {
        return ParamType.name(type) + "(offset=" + offsetBytes + ", size=" + size + ", " + parent + ")";
    }
}
