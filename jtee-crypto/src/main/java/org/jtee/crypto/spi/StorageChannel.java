package org.jtee.crypto.spi;

import java.lang.foreign.MemorySegment;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.StorageRpc;
import org.jtee.ta.TaPanic;

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
     * {@code TEE_CloseObject} of {@code handle}, which the TA side has dropped: this default sends
     * the CLOSE at once. A channel may instead send it later, with its next message to the core
     * and at the latest before the entry point's return reaches the core (a TA host's channel:
     * one round trip less per open and close).
     *
     * @throws TaPanic with the result if the core refuses the close with anything but
     *     {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} — now, or at the later send
     */
    default void closeLater(int handle) {
        StorageRpc.Reply r;
        try {
            r = call(new StorageRpc.Close(handle));
        } catch (TeeException e) {
            r = new StorageRpc.Failed(e.result(), false);
        }
        if (r instanceof StorageRpc.Failed f && f.result() != TeeResult.STORAGE_NOT_AVAILABLE) {
            throw new TaPanic(f.result(), "TEE_CloseObject: the core refused to close handle " + handle);
        }
    }

    /**
     * How many bytes of an object's data an open asks the core to send ahead with its reply
     * (OPEN_READ, at most {@link StorageRpc#MAX_READ_AHEAD_BYTES}): 0, this default, for none —
     * a channel whose every call is cheap gains nothing from them.
     */
    default int readAheadBytes() {
        return 0;
    }

    /**
     * Checks that {@code buffer} is the TA's own memory, as OP-TEE checks an object id it copies
     * ({@code bb_memdup_user_private}): never a parameter's buffer or memory the client shares.
     *
     * @throws TeeException {@code TEE_ERROR_ACCESS_DENIED} if it is not
     */
    void checkPrivate(MemorySegment buffer) throws TeeException;
}
