package org.jtee.core.storage;

import java.lang.foreign.MemorySegment;
import org.jtee.common.TeeException;
import org.jtee.crypto.spi.StorageChannel;
import org.jtee.protocol.StorageRpc;
import org.jtee.ta.CallContext;
import org.jtee.ta.Tee;

/**
 * The {@link StorageChannel} of a built-in TA for one entry: requests go straight to the
 * instance's {@link TaStorage}, as copies the TA side made, with no encoding. Which memory is the
 * TA's own is the entry's call context's judgement ({@link CallContext#checkMemoryAccessRights});
 * entries without one (create, close session, destroy) have no parameters, and a built-in TA
 * has no client memory to pass then.
 */
public final class InCoreStorageChannel implements StorageChannel {
    private final TaStorage storage;
    private final CallContext call;

    /** The channel of an entry into the instance that holds {@code storage}; {@code call} may be null. */
    public InCoreStorageChannel(TaStorage storage, CallContext call) {
        this.storage = storage;
        this.call = call;
    }

    @Override
    public StorageRpc.Reply call(StorageRpc.Request request) {
        return storage.serve(request);
    }

    @Override
    public void checkPrivate(MemorySegment buffer) throws TeeException {
        if (call != null) {
            call.checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ, buffer);
        }
    }
}
