package org.jtee.crypto.spi;

import java.lang.foreign.MemorySegment;
import org.jtee.common.TeeException;
import org.jtee.protocol.StorageRpc;

/**
 * How a TA's persistent objects ({@link org.jtee.crypto.PersistentObject},
 * {@link org.jtee.crypto.ObjectEnumerator}) reach the core's storage layer. The runtime installs
 * one ({@link StorageChannels}); a TA never makes one. A TA host's channel sends each request to
 * the core in the RPC {@code STORAGE}; the core's channel for a built-in TA hands it to the
 * storage layer directly, bound to that TA's UUID and instance. Either way the core, not the TA,
 * says whose objects are used.
 */
public interface StorageChannel {
    /**
     * Sends {@code request} and returns the storage layer's reply, which the caller owns.
     *
     * @throws TeeException when the request does not reach the storage layer (origin TEE):
     *     {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} for a call from a thread that cannot make one,
     *     {@code TEE_ERROR_COMMUNICATION} if the link to the core fails
     */
    StorageRpc.Reply call(StorageRpc.Request request) throws TeeException;

    /**
     * Checks that {@code buffer} is the TA's own memory, as OP-TEE checks an object id it copies
     * ({@code bb_memdup_user_private}): never a parameter's buffer or memory the client shares.
     *
     * @throws TeeException {@code TEE_ERROR_ACCESS_DENIED} if it is not
     */
    void checkPrivate(MemorySegment buffer) throws TeeException;
}
