package org.jtee.core.client;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.tahost.InlineParams;

/**
 * Turns the four wire slots of a request into the TA's {@link Parameters}, and the TA's
 * parameters back into the reply's write-back slots. Temporary memory is the frame's own copy;
 * a shared-memory reference is a bounds-checked slice of a segment of the same connection.
 */
final class ParamMarshal {
    final WireParam[] request = new WireParam[4];
    final Object[] taParams = new Object[4];
    private final List<SharedSegment> held = new ArrayList<>(0);
    /**
     * By parameter, the client memory the TA sees in place (null for other parameters): to tell
     * after a fault whether it shrank, and to map it into a TA host.
     */
    private final ClientSlice[] inPlace = new ClientSlice[4];
    /** Segments of this call found backed, by the slot that probed them, up to {@link #backedEnd}. */
    private final SharedSegment[] probed = new SharedSegment[4];
    private final long[] backedEnd = new long[4];

    /** Builds the TA's parameters. On failure nothing stays retained. */
    Parameters in(WireParams wire, ClientConnection connection) throws TeeException {
        for (int i = 0; i < 4; i++) {
            request[i] = wire.get(i);
        }
        try {
            for (int i = 0; i < 4; i++) {
                taParams[i] = toTa(request[i], i, connection);
            }
        } catch (TeeException e) {
            releaseSegments();
            throw e;
        }
        return new Parameters(taParams[0], taParams[1], taParams[2], taParams[3]);
    }

    private Object toTa(WireParam p, int i, ClientConnection connection) throws TeeException {
        if (p instanceof WireParam.ShmRef r) {
            return new MemoryReference(r.type(), sharedSlice(r, i, connection), false);
        }
        return InlineParams.toTa(p);
    }

    private MemorySegment sharedSlice(WireParam.ShmRef r, int i, ClientConnection connection) throws TeeException {
        SharedSegment shm = connection.segment(r.shmId());
        if (shm == null || !shm.retain()) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                    "parameter " + i + ": no shared memory " + r.shmId() + " on this connection");
        }
        held.add(shm);
        int needed = (WireParam.isInput(r.type()) ? Wire.SHM_INPUT : 0) | (WireParam.isOutput(r.type()) ? Wire.SHM_OUTPUT : 0);
        if ((shm.flags & needed) != needed) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    "parameter " + i + ": shared memory " + r.shmId() + " was registered without that direction");
        }
        if (r.offset() > shm.size() || r.size() > shm.size() - r.offset()) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "parameter " + i + ": "
                    + r.size() + " bytes at offset " + r.offset() + " exceed shared memory of " + shm.size() + " bytes");
        }
        if (!backed(shm, r, i)) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "parameter " + i + ": shared memory "
                    + r.shmId() + " shrank: the client truncated its file below offset " + (r.offset() + r.size()));
        }
        inPlace[i] = new ClientSlice(shm, r.offset(), r.size());
        return shm.slice(r.offset(), r.size());
    }

    /**
     * True if every byte of reference {@code i}'s slice (in bounds) is backed by the client's file.
     * The kernel is asked once per segment and call, not once per reference (a probe is a system
     * call, ~0.5 µs): a file shrinks from its end, so the furthest end among this call's in-bounds
     * references to a segment being backed covers every reference to it. When that furthest byte
     * is not backed, this slice is probed alone, so the parameter named is the one refused before.
     */
    private boolean backed(SharedSegment shm, WireParam.ShmRef r, int i) {
        long end = r.offset() + r.size();
        for (int k = 0; k < i; k++) {
            if (probed[k] == shm && end <= backedEnd[k]) {
                return true;
            }
        }
        long furthest = end;
        for (int k = i + 1; k < 4; k++) {
            if (request[k] instanceof WireParam.ShmRef o && o.shmId() == r.shmId() && o.size() > 0
                    && o.offset() <= shm.size() && o.size() <= shm.size() - o.offset()) {
                furthest = Math.max(furthest, o.offset() + o.size());
            }
        }
        if (furthest > end && shm.isBacked(0, furthest)) {
            probed[i] = shm;
            backedEnd[i] = furthest;
            return true;
        }
        return shm.isBacked(r.offset(), r.size());
    }

    /**
     * Which slice of client memory is no longer backed, because the client shrank its file while
     * the TA ran; null if every one still is. Tells a fault of the client's (its memory vanished
     * under the TA) from a fault of the TA's.
     */
    String shrunk() {
        for (int i = 0; i < 4; i++) {
            ClientSlice s = inPlace[i];
            if (s != null && !s.segment().isBacked(s.offset(), s.size())) {
                return "parameter " + i + ": shared memory " + s.segment().id
                        + " shrank during the call: the client truncated its file below offset " + (s.offset() + s.size());
            }
        }
        return null;
    }

    /** The reply's write-back slots: values, and sizes (plus bytes for temporary memory). */
    WireParams out() {
        WireParam[] reply = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            reply[i] = WireParam.isOutput(request[i].type()) ? InlineParams.writeBack(request[i], taParams[i]) : request[i];
        }
        return WireParams.of(reply);
    }

    /**
     * The client's shared memory behind parameter {@code param}, if {@code taParam} is the very
     * reference this marshal made for it from an RMEM slot (so not a TA's copy of it); else null.
     */
    ClientSlice clientSlice(int param, Object taParam) {
        return taParam != null && taParams[param] == taParam ? inPlace[param] : null;
    }

    /** The client's segments this operation's TA sees in place. */
    List<SharedSegment> sharedSegments() {
        List<SharedSegment> segments = new ArrayList<>(4);
        for (ClientSlice s : inPlace) {
            if (s != null) {
                segments.add(s.segment());
            }
        }
        return segments;
    }

    /** Drops the references on shared memory this operation held. */
    void releaseSegments() {
        for (SharedSegment s : held) {
            s.release();
        }
        held.clear();
        Arrays.fill(inPlace, null);
    }
}
