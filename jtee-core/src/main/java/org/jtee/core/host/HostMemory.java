package org.jtee.core.host;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.client.ClientSlice;
import org.jtee.core.client.SharedSegment;
import org.jtee.os.SharedMemory;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Value;
import org.jtee.tahost.HostRegions;
import org.jtee.tahost.InlineParams;

/**
 * The memory a TA host shares with the core, the core's side of {@link HostRegions}: memory
 * references reach the TA through memory both processes map, never through the link.
 *
 * <ul>
 * <li><b>Clients' shared memory</b> is mapped into the host whole, from the descriptor the core
 *     kept when the client registered it ({@link SharedSegment#descriptor}), in one of
 *     {@value #CLIENT_REGIONS} regions the core assigns, least recently used first; the TA reads
 *     and writes it in place and only sizes travel back. A mapping stays while the host runs, so
 *     the next call with the same memory costs nothing; the core unmaps it at the host's next
 *     call after the client unregistered it.
 * <li><b>Temporary memory references</b> (the client's bytes in the request, or a built-in TA's
 *     buffers in a TA-to-TA call) are copied once into the host's <em>arena</em>, a memfd the
 *     core creates, sealed at its size, and maps into both; output is copied back out of it.
 * <li><b>The TA's own calls</b> to other TAs carry their memory references in the host's
 *     <em>share</em> area (SHARE_AREA), which the core reads once and writes the callee's
 *     output back into: the callee sees a copy.
 * </ul>
 *
 * <p>Areas grow to the next power of two that fits a call, from {@value #MIN_AREA_BYTES} bytes
 * to at most {@value #MAX_AREA_BYTES}; they end with the host. All methods run on the thread of
 * the call into the host (the instance lock makes it the only one) or on the host's exit thread
 * ({@link #close}), and are synchronized so that the two never overlap.
 */
public final class HostMemory {
    static final int CLIENT_REGIONS = HostRegions.MAX_REGIONS - HostRegions.FIRST_CLIENT;
    static final long MIN_AREA_BYTES = 64 << 10;
    static final long MAX_AREA_BYTES = 64L << 20;

    /** A memfd area mapped in the core (and, by MAP_MEMORY, in the host). */
    private record Area(Arena lifetime, SharedMemory.Shared shared) {
        MemorySegment memory() {
            return shared.memory();
        }
    }

    private final TaHost host;
    private Area arena;
    private Area share;
    private final SharedSegment[] clients = new SharedSegment[CLIENT_REGIONS];
    private final long[] lastUse = new long[CLIENT_REGIONS];
    private long tick;
    private boolean closed;

    HostMemory(TaHost host) {
        this.host = host;
    }

    /** Finds the client's shared memory behind a parameter, if it is one ({@code Operation.clientSlice}). */
    public interface ClientMemory {
        ClientSlice of(int param, Object taParam);
    }

    /**
     * The request slots of a call into the host for {@code params}, after mapping what the host
     * lacks (MAP_MEMORY frames go out first).
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} if a buffer to copy cannot be read
     *     (client memory that shrank), {@code TEE_ERROR_OUT_OF_MEMORY} if the temporary memory
     *     references of one call exceed {@value #MAX_AREA_BYTES} bytes
     * @throws TaHost.HostGone if the host cannot be written to
     */
    public synchronized WireParams toHost(Parameters params, ClientMemory clientMemory) throws TeeException {
        unmapReleased();
        ClientSlice[] inPlace = new ClientSlice[4];
        long need = 0;
        for (int i = 0; i < 4; i++) {
            if (params.get(i) instanceof MemoryReference m) {
                ClientSlice s = m.isNull() || m.capacity() == 0 ? null : clientMemory.of(i, m);
                if (s != null && s.segment().descriptor() >= 0) {
                    inPlace[i] = s;
                } else {
                    need += InlineParams.areaBytes(m);
                }
            }
        }
        if (need > 0) {
            arena = ensure(arena, need, HostRegions.ARENA, "the temporary memory references of one call");
        }
        WireParam[] slots = new WireParam[4];
        boolean[] taken = new boolean[CLIENT_REGIONS];
        long at = 0;
        for (int i = 0; i < 4; i++) {
            Object p = params.get(i);
            if (p instanceof Value v) {
                slots[i] = InlineParams.valueSlot(v);
            } else if (p instanceof MemoryReference m) {
                if (inPlace[i] != null) {
                    int region = regionFor(inPlace[i].segment(), taken);
                    slots[i] = new WireParam.ShmRef(m.type(), region, inPlace[i].offset(), inPlace[i].size());
                    continue;
                }
                try {
                    slots[i] = InlineParams.intoArea(m, arena == null ? null : arena.memory(), at, HostRegions.ARENA);
                } catch (InternalError e) { // SIGBUS: a client's memory shrank under a TA's reference to it
                    throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                            "parameter " + i + ": the memory cannot be read (its file was truncated?)", e);
                }
                at += InlineParams.areaBytes(m);
            }
        }
        return WireParams.of(slots);
    }

    /**
     * Applies the host's reply to {@code params}: values, sizes, and what the TA wrote into the
     * arena for temporary references (client memory the TA wrote in place).
     *
     * @throws ProtocolException if the reply does not fit the request (the host's fault)
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} if an output buffer cannot be written
     */
    public synchronized void applyReply(Parameters params, WireParams request, WireParams reply)
            throws ProtocolException, TeeException {
        try {
            InlineParams.applyAreaReply(params, request, reply, HostRegions.ARENA, arena == null ? null : arena.memory());
        } catch (InternalError e) { // SIGBUS: memory a built-in TA passed on shrank under it
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    "an output buffer cannot be written (its file was truncated?)", e);
        }
    }

    /** SHARE_AREA: an area of at least {@code bytes} for the TA's own calls, mapped into the host. */
    public synchronized Message shareArea(long bytes) {
        try {
            share = ensure(share, bytes, HostRegions.SHARE, "the memory references of a call to a TA");
            return new Message.StatusReply(Wire.SHARE_AREA | Wire.REPLY, TeeResult.SUCCESS, ReturnOrigin.TEE);
        } catch (TeeException e) {
            return new Message.StatusReply(Wire.SHARE_AREA | Wire.REPLY, e.result(), ReturnOrigin.TEE);
        }
    }

    /**
     * A TA's call to another TA as the core serves it: memory references in the share area become
     * temporary memory, copied once.
     *
     * @throws ProtocolException if a reference lies outside the share area
     */
    public synchronized WireParams fromShare(WireParams wire) throws ProtocolException {
        WireParam[] slots = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            WireParam p = wire.get(i);
            if (p instanceof WireParam.ShmRef r) {
                MemorySegment s = shareSlice(i, r);
                byte[] data = WireParam.isInput(r.type()) ? s.toArray(ValueLayout.JAVA_BYTE) : new byte[0];
                slots[i] = new WireParam.TempMem(r.type() + 4, false, r.size(), data);
            } else {
                slots[i] = p;
            }
        }
        return WireParams.of(slots);
    }

    /** The reply to a TA's call to another TA: output bytes go into the share area where they came from. */
    public synchronized WireParams toShare(WireParams request, WireParams reply) throws ProtocolException {
        if (reply.isEmpty()) {
            return reply;
        }
        WireParam[] slots = new WireParam[4];
        for (int i = 0; i < 4; i++) {
            WireParam q = request.get(i);
            WireParam r = reply.get(i);
            if (q instanceof WireParam.ShmRef sq && r instanceof WireParam.TempMem t) {
                MemorySegment s = shareSlice(i, sq);
                int n = (int) Math.min(t.data().length, s.byteSize());
                MemorySegment.copy(t.data(), 0, s, ValueLayout.JAVA_BYTE, 0, n);
                slots[i] = new WireParam.ShmRef(sq.type(), sq.shmId(), sq.offset(), t.size());
            } else {
                slots[i] = r;
            }
        }
        return WireParams.of(slots);
    }

    private MemorySegment shareSlice(int param, WireParam.ShmRef r) throws ProtocolException {
        if (r.shmId() != HostRegions.SHARE || share == null || r.offset() > share.memory().byteSize()
                || r.size() > share.memory().byteSize() - r.offset()) {
            throw new ProtocolException("parameter " + param + " of a call to a TA names " + r.size() + " bytes at "
                    + r.offset() + " of region " + r.shmId() + ", outside the host's share area");
        }
        return share.memory().asSlice(r.offset(), r.size());
    }

    /** Unmaps everything in the core; the host has exited. */
    synchronized void close() {
        closed = true;
        for (Area a : new Area[] {arena, share}) {
            if (a != null) {
                a.lifetime().close();
            }
        }
        arena = null;
        share = null;
    }

    /** {@code current} if it holds {@code need} bytes, else a new area mapped into the host as {@code region}. */
    private Area ensure(Area current, long need, int region, String what) throws TeeException {
        if (current != null && current.memory().byteSize() >= need) {
            return current;
        }
        if (need > MAX_AREA_BYTES) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, what + " take " + need
                    + " bytes, more than the " + MAX_AREA_BYTES + " a TA host shares with the core");
        }
        if (closed) {
            throw new TaHost.HostGone("TA host " + host.pid() + " has exited");
        }
        long size = Math.max(MIN_AREA_BYTES, Long.highestOneBit(need - 1) << 1);
        Arena lifetime = Arena.ofShared();
        Area fresh;
        try {
            fresh = new Area(lifetime, SharedMemory.create("jtee-host-" + host.pid() + "-" + region, size, lifetime));
        } catch (IOException e) {
            lifetime.close();
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE, "no shared memory for " + what + ": " + e.getMessage());
        }
        map(region, size, fresh.shared().descriptor());
        if (current != null) {
            current.lifetime().close();
        }
        return fresh;
    }

    /**
     * The host's region holding {@code segment}, mapping it into the least recently used region
     * not {@code taken} by this call (an empty one first: its last use is 0, and ticks start at 1).
     */
    private int regionFor(SharedSegment segment, boolean[] taken) {
        tick++;
        int victim = -1;
        for (int k = 0; k < CLIENT_REGIONS; k++) {
            if (clients[k] == segment) {
                victim = k;
                break;
            }
            if (!taken[k] && (victim < 0 || lastUse[k] < lastUse[victim])) {
                victim = k;
            }
        }
        if (clients[victim] != segment) {
            clients[victim] = segment;
            map(HostRegions.FIRST_CLIENT + victim, segment.size(), segment.descriptor());
        }
        lastUse[victim] = tick;
        taken[victim] = true;
        return HostRegions.FIRST_CLIENT + victim;
    }

    /** Unmaps in the host the client memory that clients have unregistered since the last call. */
    private void unmapReleased() {
        for (int k = 0; k < CLIENT_REGIONS; k++) {
            if (clients[k] != null && clients[k].isReleased()) {
                clients[k] = null;
                lastUse[k] = 0;
                map(HostRegions.FIRST_CLIENT + k, 0, -1);
            }
        }
    }

    private void map(int region, long size, int descriptor) {
        try {
            host.map(region, size, descriptor);
        } catch (IOException e) {
            throw new TaHost.HostGone("TA host " + host.pid() + " lost its link (" + e.getMessage() + ")");
        }
    }
}
