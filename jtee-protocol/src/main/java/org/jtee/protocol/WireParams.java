package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The four parameter slots of a request or a reply.
 *
 * <pre>
 * request:  u16 types (slot i in bits 4i..4i+3) | u16 reserved (0) | slot payloads, in order
 *   VALUE_*            u64 a, u64 b, u64 c
 *   TMEM_IN / _INOUT   u64 size, u8 isNull, then size bytes
 *   TMEM_OUT           u64 size, u8 isNull
 *   RMEM_*             u32 shm id, u64 offset, u64 size
 * reply:    u16 types (0: nothing written back) | u16 reserved (0) | payloads of the output slots
 *   VALUE_OUT / _INOUT u64 a, u64 b, u64 c
 *   TMEM_OUT / _INOUT  u64 size written back, u32 n, n bytes (n = size if it fits the buffer, else 0)
 *   RMEM_OUT / _INOUT  u64 size written back
 * </pre>
 */
public final class WireParams {
    /** Four empty slots. In a reply: nothing is written back. */
    public static final WireParams EMPTY = new WireParams(new WireParam[] {
        WireParam.None.INSTANCE, WireParam.None.INSTANCE, WireParam.None.INSTANCE, WireParam.None.INSTANCE});

    private final WireParam[] slots;

    private WireParams(WireParam[] slots) {
        this.slots = slots;
    }

    /** Slots from an array of exactly four; null entries are NONE. */
    public static WireParams of(WireParam... slots) {
        if (slots.length != 4) {
            throw new IllegalArgumentException("exactly four slots, got " + slots.length);
        }
        WireParam[] copy = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            copy[i] = slots[i] == null ? WireParam.None.INSTANCE : slots[i];
        }
        return new WireParams(copy);
    }

    public WireParam get(int index) {
        return slots[index];
    }

    /** The four slot types packed 4 bits each. */
    public int types() {
        int t = 0;
        for (int i = 0; i < 4; i++) {
            t |= slots[i].type() << (4 * i);
        }
        return t;
    }

    public boolean isEmpty() {
        return types() == 0;
    }

    int requestSize() {
        int n = 4;
        for (WireParam p : slots) {
            if (p instanceof WireParam.Value) {
                n += 24;
            } else if (p instanceof WireParam.TempMem t) {
                n += 9 + (WireParam.isInput(t.type()) ? t.data().length : 0);
            } else if (p instanceof WireParam.ShmRef) {
                n += 20;
            }
        }
        return n;
    }

    void encodeRequest(ByteBuffer out) {
        out.putShort((short) types()).putShort((short) 0);
        for (WireParam p : slots) {
            if (p instanceof WireParam.Value v) {
                out.putLong(v.a()).putLong(v.b()).putLong(v.c());
            } else if (p instanceof WireParam.TempMem t) {
                out.putLong(t.size()).put((byte) (t.isNull() ? 1 : 0));
                if (WireParam.isInput(t.type())) {
                    if (t.data().length != t.size()) {
                        throw new IllegalArgumentException("input buffer holds " + t.data().length
                                + " bytes but declares " + t.size());
                    }
                    out.put(t.data());
                }
            } else if (p instanceof WireParam.ShmRef r) {
                out.putInt(r.shmId()).putLong(r.offset()).putLong(r.size());
            }
        }
    }

    static WireParams decodeRequest(BodyReader in) throws ProtocolException {
        int types = in.u16("parameter types");
        in.zero(in.u16("parameter reserved"), "parameter reserved");
        WireParam[] slots = new WireParam[4];
        long outBytes = 0;
        for (int i = 0; i < 4; i++) {
            int type = (types >>> (4 * i)) & 0xf;
            slots[i] = decodeRequestSlot(in, type, i);
            if (slots[i] instanceof WireParam.TempMem t && WireParam.isOutput(type)) {
                outBytes += t.size();
                if (outBytes > Wire.MAX_FRAME_BYTES) {
                    throw new ProtocolException("output buffers total " + outBytes
                            + " bytes, more than a reply frame can carry");
                }
            }
        }
        return new WireParams(slots);
    }

    private static WireParam decodeRequestSlot(BodyReader in, int type, int i) throws ProtocolException {
        String slot = "parameter " + i;
        if (type == WireParam.NONE) {
            return WireParam.None.INSTANCE;
        } else if (WireParam.isValue(type)) {
            return new WireParam.Value(type, in.u64(slot + " a"), in.u64(slot + " b"), in.u64(slot + " c"));
        } else if (WireParam.isTmem(type)) {
            long size = in.length(slot + " size", Wire.MAX_FRAME_BYTES);
            int isNull = in.u8(slot + " null flag");
            if (isNull > 1 || (isNull == 1 && size != 0)) {
                throw new ProtocolException(slot + ": a NULL buffer must have size 0");
            }
            byte[] data = WireParam.isInput(type) ? in.bytes((int) size, slot + " data") : EMPTY_BYTES;
            return new WireParam.TempMem(type, isNull == 1, size, data);
        } else if (WireParam.isRmem(type)) {
            int id = in.u32(slot + " shm id");
            long offset = in.length(slot + " offset", Long.MAX_VALUE);
            long size = in.length(slot + " size", Long.MAX_VALUE);
            return new WireParam.ShmRef(type, id, offset, size);
        }
        throw new ProtocolException(slot + ": unknown type " + type);
    }

    int replySize() {
        int n = 4;
        for (WireParam p : slots) {
            if (!WireParam.isOutput(p.type())) {
                continue;
            }
            if (p instanceof WireParam.Value) {
                n += 24;
            } else if (p instanceof WireParam.TempMem t) {
                n += 12 + t.data().length;
            } else if (p instanceof WireParam.ShmRef) {
                n += 8;
            }
        }
        return n;
    }

    void encodeReply(ByteBuffer out) {
        out.putShort((short) types()).putShort((short) 0);
        for (WireParam p : slots) {
            if (!WireParam.isOutput(p.type())) {
                continue;
            }
            if (p instanceof WireParam.Value v) {
                out.putLong(v.a()).putLong(v.b()).putLong(v.c());
            } else if (p instanceof WireParam.TempMem t) {
                out.putLong(t.size()).putInt(t.data().length).put(t.data());
            } else if (p instanceof WireParam.ShmRef r) {
                out.putLong(r.size());
            }
        }
    }

    static WireParams decodeReply(BodyReader in) throws ProtocolException {
        int types = in.u16("parameter types");
        in.zero(in.u16("parameter reserved"), "parameter reserved");
        WireParam[] slots = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            int type = (types >>> (4 * i)) & 0xf;
            String slot = "parameter " + i;
            if (type == WireParam.NONE) {
                slots[i] = WireParam.None.INSTANCE;
            } else if (!(WireParam.isValue(type) || WireParam.isTmem(type) || WireParam.isRmem(type))) {
                throw new ProtocolException(slot + ": unknown type " + type);
            } else if (!WireParam.isOutput(type)) {
                slots[i] = inputOnly(type);
            } else if (WireParam.isValue(type)) {
                slots[i] = new WireParam.Value(type, in.u64(slot + " a"), in.u64(slot + " b"), in.u64(slot + " c"));
            } else if (WireParam.isTmem(type)) {
                long size = in.length(slot + " size", Long.MAX_VALUE);
                int n = in.u32(slot + " data length");
                if (n < 0 || n > size) {
                    throw new ProtocolException(slot + ": " + Integer.toUnsignedString(n)
                            + " data bytes for a written-back size of " + size);
                }
                slots[i] = new WireParam.TempMem(type, false, size, in.bytes(n, slot + " data"));
            } else {
                slots[i] = new WireParam.ShmRef(type, 0, 0, in.length(slot + " size", Long.MAX_VALUE));
            }
        }
        return new WireParams(slots);
    }

    private static WireParam inputOnly(int type) {
        if (WireParam.isValue(type)) {
            return new WireParam.Value(type, 0, 0, 0);
        } else if (WireParam.isTmem(type)) {
            return new WireParam.TempMem(type, false, 0, EMPTY_BYTES);
        }
        return new WireParam.ShmRef(type, 0, 0, 0);
    }

    static final byte[] EMPTY_BYTES = new byte[0];

    @Override
    public boolean equals(Object o) {
        return o instanceof WireParams other && Arrays.equals(describe(), other.describe());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(describe());
    }

    private String[] describe() {
        String[] d = new String[4];
        for (int i = 0; i < 4; i++) {
            d[i] = slots[i] instanceof WireParam.TempMem t
                    ? "TempMem[" + t.type() + "," + t.isNull() + "," + t.size() + "," + Arrays.toString(t.data()) + "]"
                    : slots[i].toString();
        }
        return d;
    }

    @Override
    public String toString() {
        return String.join(", ", describe());
    }
}
