package org.jtee.tahost;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.TaContext;
import org.jtee.ta.Tee;
import org.jtee.ta.TeeProperties;

/**
 * What every {@link CallContext} answers the same way, in the core ({@code org.jtee.core.ta.Call}) and in a TA
 * host ({@link HostCall}): the instance's identity and property sets, the client, system time.
 */
public abstract class CallBase implements CallContext {
    private final TaContext instance;
    private final Identity client;
    private final TeeProperties clientProperties;

    /** A call into {@code instance} for {@code client}, whose property set is {@code clientProperties}. */
    protected CallBase(TaContext instance, Identity client, TeeProperties clientProperties) {
        this.instance = instance;
        this.client = client;
        this.clientProperties = clientProperties;
    }

    @Override
    public final UUID uuid() {
        return instance.uuid();
    }

    @Override
    public final TeeProperties taProperties() {
        return instance.taProperties();
    }

    @Override
    public final TeeProperties teeProperties() {
        return instance.teeProperties();
    }

    @Override
    public final Identity client() {
        return client;
    }

    @Override
    public final TeeProperties clientProperties() {
        return clientProperties;
    }

    @Override
    public final Instant systemTime() {
        return Instant.now();
    }

    @Override
    public final void checkMemoryAccessRights(int accessFlags, MemorySegment buffer) throws TeeException {
        int known = Tee.MEMORY_ACCESS_READ | Tee.MEMORY_ACCESS_WRITE | Tee.MEMORY_ACCESS_ANY_OWNER;
        if ((accessFlags & ~known) != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    "access flags 0x" + Integer.toHexString(accessFlags) + " name no TEE_MEMORY_ACCESS_* bit");
        }
        if ((accessFlags & Tee.MEMORY_ACCESS_WRITE) != 0 && buffer.isReadOnly()) {
            throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, "the buffer is read-only");
        }
        if ((accessFlags & Tee.MEMORY_ACCESS_ANY_OWNER) == 0 && sharedWithClient(buffer)) {
            throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE,
                    "the buffer is the client's shared memory, which the client can change meanwhile");
        }
    }

    /** True if any byte of {@code buffer} is memory the client shares with this call. */
    protected abstract boolean sharedWithClient(MemorySegment buffer);

    /** True if {@code buffer} and {@code memory} have a byte in common (both native). */
    protected static boolean overlaps(MemorySegment buffer, MemorySegment memory) {
        if (!buffer.isNative() || !memory.isNative() || buffer.byteSize() == 0) {
            return false;
        }
        long start = buffer.address();
        long end = start + buffer.byteSize();
        return start < memory.address() + memory.byteSize() && memory.address() < end;
    }
}
