package org.jtee.tahost;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Value;

/**
 * Parameters that cross a boundary by copy: values, and memory references as temporary memory
 * carried inline — TA-to-TA calls as the core serves them (the callee never sees the caller's
 * buffers, only copies taken once, so a caller cannot change input after the callee checked it),
 * and the slots a TA host's link still carries inline (values, NULL and empty references). The
 * memory references of calls into a host travel in shared areas instead
 * ({@link #applyAreaReply}, {@link HostRegions}).
 *
 * <pre>
 *   caller              request                  callee             reply
 *   Parameters --toWire--> VALUE / TMEM --toTa--> Parameters --writeBack--> out slots --applyReply--> Parameters
 * </pre>
 */
public final class InlineParams {
    private static final byte[] NO_BYTES = new byte[0];

    private InlineParams() {}

    /**
     * The request slots for {@code params}: input bytes copied, output buffers by size.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS}, origin TEE, if an input buffer cannot
     *     be read: a client's shared-memory file shrunk under its mapping ({@link #unreadable})
     */
    public static WireParams toWire(Parameters params) throws TeeException {
        WireParam[] slots = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            Object p = params.get(i);
            if (p instanceof Value v) {
                slots[i] = valueSlot(v);
            } else if (p instanceof MemoryReference m) {
                byte[] data = ParamTypes.isInput(m.type()) ? copyIn(m, i) : NO_BYTES;
                slots[i] = new WireParam.TempMem(m.type() + 4, m.isNull(), m.capacity(), data);
            }
        }
        return WireParams.of(slots);
    }

    private static byte[] copyIn(MemoryReference m, int slot) throws TeeException {
        try {
            return m.buffer().toArray(ValueLayout.JAVA_BYTE);
        } catch (InternalError e) {
            throw unreadable(m, slot, e);
        }
    }

    /**
     * A fault on a client's memory: reading or writing a mapping whose file was truncated raises
     * SIGBUS, which the JVM turns into an {@link InternalError} for the thread that touched it.
     * It is the client's fault, so the client gets the error, and no output size goes back (the
     * reference's size becomes 0, so nothing reads the mapping again).
     */
    private static TeeException unreadable(MemoryReference m, int slot, InternalError cause) {
        if (ParamTypes.isOutput(m.type())) {
            m.setSize(0);
        }
        return new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "parameter " + slot
                + ": the client's shared memory cannot be accessed (its file was truncated?)", cause);
    }

    /** Fails unless every slot is NONE, a value or temporary memory. */
    public static WireParams checkInline(WireParams wire) throws ProtocolException {
        for (int i = 0; i < 4; i++) {
            if (wire.get(i) instanceof WireParam.ShmRef) {
                throw new ProtocolException("parameter " + i + " names shared memory; this link carries memory inline");
            }
        }
        return wire;
    }

    /** The callee's parameters for request slots holding only values and temporary memory. */
    public static Parameters toTa(WireParams wire) {
        Object[] p = new Object[4];
        for (int i = 0; i < 4; i++) {
            p[i] = toTa(wire.get(i));
        }
        return new Parameters(p[0], p[1], p[2], p[3]);
    }

    /** The callee's parameter for one request slot holding a value or temporary memory; null for NONE. */
    public static Object toTa(WireParam p) {
        if (p instanceof WireParam.Value v) {
            return new Value(v.type(), (int) v.a(), (int) v.b());
        } else if (p instanceof WireParam.TempMem t) {
            byte[] buf = WireParam.isInput(t.type()) ? t.data() : new byte[(int) t.size()];
            return new MemoryReference(t.type() - 4, MemorySegment.ofArray(buf), t.isNull());
        }
        return null;
    }

    /** The reply slots after the callee ran: output values, sizes, and bytes where they fit. */
    public static WireParams writeBack(WireParams request, Parameters params) {
        WireParam[] reply = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            WireParam p = request.get(i);
            reply[i] = WireParam.isOutput(p.type()) ? writeBack(p, params.get(i)) : p;
        }
        return WireParams.of(reply);
    }

    /** The reply slot for one output request slot {@code p} after the callee ran with {@code ta}. */
    public static WireParam writeBack(WireParam p, Object ta) {
        if (ta instanceof Value v) {
            return new WireParam.Value(p.type(), Integer.toUnsignedLong(v.a()), Integer.toUnsignedLong(v.b()), 0);
        }
        MemoryReference m = (MemoryReference) ta;
        if (p instanceof WireParam.ShmRef r) {
            // the bytes are already in the client's memory: only the size travels back, and the
            // segment (which the client may have shrunk meanwhile) is not touched at all
            return new WireParam.ShmRef(r.type(), r.shmId(), r.offset(), m.size());
        }
        // as libteec: the bytes travel back only when the returned size fits the buffer
        long copy = m.size() <= m.capacity() ? m.size() : 0;
        byte[] data = m.buffer().asSlice(0, copy).toArray(ValueLayout.JAVA_BYTE);
        return new WireParam.TempMem(p.type(), false, m.size(), data);
    }

    /**
     * Applies a reply to the caller's parameters: values, sizes, and bytes into output buffers.
     *
     * @throws ProtocolException if the reply's slots do not match the request or overflow a buffer
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS}, origin TEE, if an output buffer cannot
     *     be written: a client's shared-memory file shrunk under its mapping
     */
    public static void applyReply(Parameters params, WireParams reply) throws ProtocolException, TeeException {
        if (reply.isEmpty()) {
            return;
        }
        for (int i = 0; i < 4; i++) {
            Object p = params.get(i);
            WireParam r = reply.get(i);
            if (p == null || !ParamTypes.isOutput(typeOf(p))) {
                continue;
            }
            if (p instanceof Value v && r instanceof WireParam.Value rv) {
                v.setA((int) rv.a());
                v.setB((int) rv.b());
            } else if (p instanceof MemoryReference m && r instanceof WireParam.TempMem t) {
                if (t.data().length > m.capacity() || t.data().length > t.size()) {
                    throw new ProtocolException("reply slot " + i + " returns " + t.data().length
                            + " bytes for a buffer of " + m.capacity());
                }
                try {
                    MemorySegment.copy(MemorySegment.ofArray(t.data()), 0, m.buffer(), 0, t.data().length);
                } catch (InternalError e) {
                    throw unreadable(m, i, e);
                }
                m.setSize(t.size());
            } else {
                throw new ProtocolException("reply slot " + i + " does not match the request's type");
            }
        }
    }

    /** The request slot of a value parameter. */
    public static WireParam.Value valueSlot(Value v) {
        return new WireParam.Value(v.type(), Integer.toUnsignedLong(v.a()), Integer.toUnsignedLong(v.b()), 0);
    }

    /** The bytes {@code m} takes in a shared area ({@link #intoArea}): its capacity rounded up to 8; 0 for NULL. */
    public static long areaBytes(MemoryReference m) {
        return m.isNull() ? 0 : (m.capacity() + 7) & ~7L;
    }

    /**
     * The request slot for {@code m} when memory references travel in a shared area: its bytes at
     * {@code at} of {@code area} (region {@code region}), input copied in, output zeroed so that
     * nothing of an earlier call shows through; a NULL or empty reference inline, touching nothing.
     *
     * @throws InternalError if {@code m}'s buffer faults (a client's file truncated under it)
     */
    public static WireParam intoArea(MemoryReference m, MemorySegment area, long at, int region) {
        if (m.isNull() || m.capacity() == 0) {
            return new WireParam.TempMem(m.type() + 4, m.isNull(), m.capacity(), NO_BYTES);
        }
        MemorySegment target = area.asSlice(at, m.capacity());
        if (ParamTypes.isInput(m.type())) {
            MemorySegment.copy(m.buffer(), 0, target, 0, m.capacity());
        } else {
            target.fill((byte) 0);
        }
        return new WireParam.ShmRef(m.type(), region, at, m.capacity());
    }

    /**
     * Applies a reply to a call whose memory references travelled in a shared area (a host's
     * arena or share area, {@link HostRegions}): values; for an RMEM slot of the request that names
     * {@code region}, the bytes the callee wrote, from {@code area} at the request's offset (as many
     * as the size returned, at most the buffer's capacity) and the size; for one naming another
     * region (memory the callee worked on in place), the size alone; TMEM slots inline.
     *
     * @throws ProtocolException if a reply slot does not match its request
     * @throws InternalError if a buffer of {@code params} faults (a client's file truncated under it)
     */
    public static void applyAreaReply(Parameters params, WireParams request, WireParams reply, int region,
            MemorySegment area) throws ProtocolException {
        if (reply.isEmpty()) {
            return;
        }
        for (int i = 0; i < 4; i++) {
            WireParam q = request.get(i);
            WireParam r = reply.get(i);
            Object p = params.get(i);
            if (!WireParam.isOutput(q.type())) {
                continue;
            }
            if (p instanceof Value v && r instanceof WireParam.Value rv) {
                v.setA((int) rv.a());
                v.setB((int) rv.b());
            } else if (p instanceof MemoryReference m && q instanceof WireParam.ShmRef sq && r instanceof WireParam.ShmRef sr
                    && sr.type() == sq.type() && (sq.shmId() != region || area != null)) { // a reply's RMEM: the size alone
                if (sq.shmId() == region) {
                    MemorySegment.copy(area, sq.offset(), m.buffer(), 0, Math.min(sr.size(), m.capacity()));
                }
                m.setSize(sr.size());
            } else if (p instanceof MemoryReference m && q instanceof WireParam.TempMem && r instanceof WireParam.TempMem t
                    && t.data().length <= m.capacity() && t.data().length <= t.size()) {
                MemorySegment.copy(t.data(), 0, m.buffer(), ValueLayout.JAVA_BYTE, 0, t.data().length);
                m.setSize(t.size());
            } else {
                throw new ProtocolException("reply slot " + i + " does not match the request");
            }
        }
    }

    private static int typeOf(Object p) {
        return p instanceof Value v ? v.type() : ((MemoryReference) p).type();
    }
}
