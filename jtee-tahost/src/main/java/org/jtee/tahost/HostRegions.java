package org.jtee.tahost;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jtee.os.SharedMemory;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;

/**
 * The shared memory the core has mapped into this host, by region ({@code MAP_MEMORY}), and the
 * views of it the TA is given for one call. Region {@link #ARENA} holds what the core copied in
 * for temporary memory references (written by the core, read and written by the TA); region
 * {@link #SHARE} holds the memory references of the TA's own calls to other TAs (written by this
 * host, copied once by the core); regions from {@link #FIRST_CLIENT} are clients' shared memory,
 * mapped whole, which the TA reads and writes in place — as OP-TEE maps a client's buffer into a
 * TA — and which the client can change, or shrink, while the TA runs.
 *
 * <p>A TA never holds a region itself: each memory reference is a view valid for its call only,
 * on the TA thread only ({@link #beginCall}); once the call has returned, a view kept by the TA
 * fails on access instead of reading what the memory holds later.
 */
public final class HostRegions {
    /** The core's area for the temporary memory references of calls into this host. */
    public static final int ARENA = 1;
    /** This host's area for the memory references of its TA's calls to other TAs. */
    public static final int SHARE = 2;
    /** The first region that holds a client's shared memory. */
    public static final int FIRST_CLIENT = 3;
    /** Regions are numbered below this. */
    public static final int MAX_REGIONS = 64;

    /** A mapping, and the descriptor of its file (-1 for the warm-up's), open while it is mapped. */
    private record Region(Arena lifetime, MemorySegment memory, int descriptor) {}

    /** A client region's slice a TA sees in the running call, to tell afterwards whether it shrank. */
    private record Slice(int param, int descriptor, long offset, long size) {}

    private final UnixConnection socket;
    private final Region[] regions = new Region[MAX_REGIONS];
    private final List<Slice> clientSlices = new ArrayList<>(4);
    /** The lifetime of the running call's views; null between calls. */
    private Arena call;

    HostRegions(UnixConnection socket) {
        this.socket = socket;
    }

    /** MAP_MEMORY: maps the descriptor that came with the frame as the region (or unmaps it). */
    void map(Message.MapMemory m) throws ProtocolException {
        int id = m.region();
        if (id < ARENA || id >= MAX_REGIONS) {
            throw new ProtocolException("MAP_MEMORY of region " + id + ", outside 1.." + (MAX_REGIONS - 1));
        }
        Region old = regions[id];
        regions[id] = null;
        if (old != null && old.lifetime() != null) {
            old.lifetime().close();
        }
        if (m.size() == 0) {
            return;
        }
        int fd = socket.takeDescriptor();
        if (fd < 0) {
            throw new ProtocolException("MAP_MEMORY of region " + id + " came without a descriptor");
        }
        Arena lifetime = Arena.ofShared();
        try {
            // a client's memory may have shrunk since the core checked it: map it anyway, and a
            // TA that touches what is gone faults, which shrunk() then puts down to the client
            SharedMemory.Shared shared = SharedMemory.mapDescriptor(fd, m.size(), lifetime, id >= FIRST_CLIENT);
            regions[id] = new Region(lifetime, shared.memory(), shared.descriptor());
        } catch (IOException | RuntimeException e) {
            lifetime.close();
            throw new ProtocolException("cannot map region " + id + ": " + e.getMessage());
        }
    }

    /** Makes {@code memory}, which the caller keeps mapped, region {@code id} (the warm-up's own). */
    void install(int id, MemorySegment memory) {
        regions[id] = new Region(null, memory, -1);
    }

    /** The whole of region {@code id}, or null if it is not mapped. */
    MemorySegment region(int id) {
        Region r = id > 0 && id < MAX_REGIONS ? regions[id] : null;
        return r == null ? null : r.memory();
    }

    /** True if {@code buffer} lies (in part) in a client's shared memory mapped into this host. */
    boolean inClientMemory(MemorySegment buffer) {
        for (int id = FIRST_CLIENT; id < MAX_REGIONS; id++) {
            Region r = regions[id];
            if (r != null && CallBase.overlaps(buffer, r.memory())) {
                return true;
            }
        }
        return false;
    }

    /** A call into the TA starts: views made from now on end with {@link #endCall}. */
    void beginCall() {
        call = Arena.ofConfined();
        clientSlices.clear();
    }

    /** The call has returned: every view the TA was given is invalid from now on. */
    void endCall() {
        if (call != null) {
            call.close();
            call = null;
        }
    }

    /**
     * The TA's view of {@code size} bytes at {@code offset} of region {@code id}, for parameter
     * {@code param} of the running call.
     *
     * @throws ProtocolException if the region is not mapped or the range lies outside it
     */
    MemorySegment view(int param, int id, long offset, long size) throws ProtocolException {
        Region region = id > 0 && id < MAX_REGIONS ? regions[id] : null;
        MemorySegment r = region == null ? null : region.memory();
        if (r == null) {
            throw new ProtocolException("parameter " + param + " names region " + id + ", which is not mapped");
        }
        if (offset < 0 || size < 0 || offset > r.byteSize() || size > r.byteSize() - offset) {
            throw new ProtocolException("parameter " + param + ": " + size + " bytes at " + offset
                    + " lie outside region " + id + " of " + r.byteSize() + " bytes");
        }
        if (id >= FIRST_CLIENT) {
            clientSlices.add(new Slice(param, region.descriptor(), offset, size));
        }
        return SharedMemory.view(r, offset, size, call);
    }

    private static long fileSize(int descriptor) {
        try {
            return SharedMemory.fileSize(descriptor);
        } catch (IOException e) {
            return 0; // cannot be told: count it as shrunk, the client's fault is the likelier
        }
    }

    /**
     * After the TA failed with a memory fault: which client slice of the call is no longer backed,
     * because the client shrank its file while the TA ran (asked of the file, fstat: the host may
     * not read its own memory through the kernel); null if every one still is (then the fault
     * was the TA's own).
     */
    String shrunk() {
        for (Slice s : clientSlices) {
            if (s.descriptor() >= 0 && fileSize(s.descriptor()) < s.offset() + s.size()) {
                return "parameter " + s.param() + ": the client's shared memory shrank during the call "
                        + "(its file was truncated below offset " + (s.offset() + s.size()) + ")";
            }
        }
        return null;
    }
}
