package org.jtee.crypto;

import java.lang.foreign.MemorySegment;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.spi.StorageChannel;
import org.jtee.crypto.spi.StorageChannels;
import org.jtee.protocol.StorageRpc;
import org.jtee.ta.TaPanic;

/**
 * How {@link PersistentObject} and {@link ObjectEnumerator} talk to the core: through the
 * current {@link StorageChannel}, and with libutee's filter on the result — the results a GP
 * function may return come back as {@link TeeException} (origin TEE), any other is a panic.
 */
final class StorageCalls {
    private StorageCalls() {}

    /**
     * The reply to {@code request}; a {@link StorageRpc.Failed} with
     * {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} if there is no channel, or with the channel's
     * result if the request did not reach the core.
     */
    static StorageRpc.Reply send(StorageRpc.Request request) {
        StorageChannel channel = StorageChannels.current();
        if (channel == null) {
            return new StorageRpc.Failed(TeeResult.STORAGE_NOT_AVAILABLE, false);
        }
        try {
            return channel.call(request);
        } catch (TeeException e) {
            return new StorageRpc.Failed(e.result(), false);
        }
    }

    /** {@link #send} for a request whose failure the caller only inspects (a close). */
    static StorageRpc.Reply sendQuietly(StorageRpc.Request request) {
        return send(request);
    }

    /** {@link StorageChannel#closeLater} on the current channel; without one there is nothing to close. */
    static void closeLater(int handle) {
        StorageChannel channel = StorageChannels.current();
        if (channel != null) {
            channel.closeLater(handle);
        }
    }

    /** The current channel's {@link StorageChannel#readAheadBytes}, within 0 to the protocol's bound. */
    static int readAheadBytes() {
        StorageChannel channel = StorageChannels.current();
        return channel == null ? 0 : Math.clamp(channel.readAheadBytes(), 0, StorageRpc.MAX_READ_AHEAD_BYTES);
    }

    /**
     * {@code reply} as {@code kind}; a failure as {@link #filter} says.
     *
     * @throws TaPanic {@code TEE_ERROR_COMMUNICATION} for a reply of another kind (the core's bug)
     */
    static <R extends StorageRpc.Reply> R expect(StorageRpc.Reply reply, Class<R> kind, String function, int[] allowed)
            throws TeeException {
        if (kind.isInstance(reply)) {
            return kind.cast(reply);
        }
        if (reply instanceof StorageRpc.Failed f) {
            throw filter(f, function, allowed, "failed");
        }
        throw new TaPanic(TeeResult.COMMUNICATION, function + ": the core answered " + reply.getClass().getSimpleName()
                + ", not " + kind.getSimpleName());
    }

    /**
     * libutee's filter: the failure as a {@link TeeException} if its result is one of
     * {@code allowed}, else a panic with the result as its code.
     */
    static TeeException filter(StorageRpc.Failed failure, String function, int[] allowed, String message) {
        for (int result : allowed) {
            if (failure.result() == result) {
                return new TeeException(result, ReturnOrigin.TEE, function + ": " + message);
            }
        }
        throw new TaPanic(failure.result(), function + ": " + TeeResult.name(failure.result()) + ": " + message);
    }

    /**
     * Panics with {@code TEE_ERROR_ACCESS_DENIED} unless {@code buffer} is the TA's own memory, as
     * the channel judges it; without a channel there is nothing to judge by, and the call that
     * follows fails anyway.
     */
    static void checkPrivate(MemorySegment buffer, String function) {
        StorageChannel channel = StorageChannels.current();
        if (channel == null) {
            return;
        }
        try {
            channel.checkPrivate(buffer);
        } catch (TeeException e) {
            throw new TaPanic(e.result(), function + ": the object id is not in the TA's own memory: " + e.getMessage());
        }
    }
}
