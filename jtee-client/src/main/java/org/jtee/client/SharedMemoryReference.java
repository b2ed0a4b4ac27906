package org.jtee.client;

import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.WireParam;

/**
 * A reference to shared memory ({@code TEEC_RegisteredMemoryReference}): the whole of a
 * {@link SharedMemory} (direction from its flags) or a part of it (direction from the type,
 * which the flags must allow). After a call {@link #size()} holds the size the TA returned.
 */
public final class SharedMemoryReference extends Parameter {
    private final int type;
    private final SharedMemory parent;
    private final long offset;
    private long size;

    private SharedMemoryReference(int type, SharedMemory parent, long offset, long size) {
        if (parent == null) {
            throw new IllegalArgumentException("parent shared memory is null");
        }
        this.type = type;
        this.parent = parent;
        this.offset = offset;
        this.size = size;
    }

    public static SharedMemoryReference whole(SharedMemory parent) {
        return new SharedMemoryReference(ParamType.MEMREF_WHOLE, parent, 0, parent.size());
    }

    public static SharedMemoryReference partialInput(SharedMemory parent, long offset, long size) {
        return new SharedMemoryReference(ParamType.MEMREF_PARTIAL_INPUT, parent, offset, size);
    }

    public static SharedMemoryReference partialOutput(SharedMemory parent, long offset, long size) {
        return new SharedMemoryReference(ParamType.MEMREF_PARTIAL_OUTPUT, parent, offset, size);
    }

    public static SharedMemoryReference partialInout(SharedMemory parent, long offset, long size) {
        return new SharedMemoryReference(ParamType.MEMREF_PARTIAL_INOUT, parent, offset, size);
    }

    @Override
    public int type() {
        return type;
    }

    public SharedMemory parent() {
        return parent;
    }

    public long offset() {
        return offset;
    }

    public long size() {
        return size;
    }

    @Override
    WireParam toWire(TeeContext context) throws TeeException {
        parent.checkUsableBy(context);
        if (type == ParamType.MEMREF_WHOLE) {
            int wire = WireParam.RMEM_IN - 1 + parent.flags();
            return new WireParam.ShmRef(wire, parent.id(), 0, parent.size());
        }
        int needed = type == ParamType.MEMREF_PARTIAL_INPUT ? SharedMemory.INPUT
                : type == ParamType.MEMREF_PARTIAL_OUTPUT ? SharedMemory.OUTPUT : SharedMemory.INPUT | SharedMemory.OUTPUT;
        if ((parent.flags() & needed) != needed) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API,
                    "the shared memory's flags do not allow this direction");
        }
        if (offset < 0 || size < 0 || offset > parent.size() || size > parent.size() - offset) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.API, size + " bytes at offset " + offset
                    + " do not fit in shared memory of " + parent.size() + " bytes");
        }
        return new WireParam.ShmRef(type - 8, parent.id(), offset, size);
    }

    @Override
    void writeBack(WireParam reply) {
        boolean output = type == ParamType.MEMREF_WHOLE ? (parent.flags() & SharedMemory.OUTPUT) != 0
                : type != ParamType.MEMREF_PARTIAL_INPUT;
        if (output && reply instanceof WireParam.ShmRef r) {
            size = r.size();
        }
    }
}
