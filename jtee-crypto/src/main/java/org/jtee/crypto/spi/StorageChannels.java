package org.jtee.crypto.spi;

import java.util.Objects;

/**
 * Where the persistent-object API finds its {@link StorageChannel}: the channel bound to the
 * current thread for a call ({@link #callWith}, how the core runs a built-in TA's entry), else
 * the one installed for the whole process ({@link #installForProcess}, how a TA host serves its
 * one TA), else none — then every storage call fails with
 * {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}, as in a plain unit test of a TA.
 */
public final class StorageChannels {
    private static final ScopedValue<StorageChannel> BOUND = ScopedValue.newInstance();
    private static volatile StorageChannel process;

    private StorageChannels() {}

    /**
     * Installs the channel of this process, once: a TA host's, before it loads its TA.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void installForProcess(StorageChannel channel) {
        Objects.requireNonNull(channel, "channel");
        if (process != null) {
            throw new IllegalStateException("a storage channel is installed for this process already");
        }
        process = channel;
    }

    /** Runs {@code op} with {@code channel} bound to this thread, for this call only. */
    public static <R, X extends Throwable> R callWith(StorageChannel channel, ScopedValue.CallableOp<? extends R, X> op)
            throws X {
        return ScopedValue.where(BOUND, Objects.requireNonNull(channel, "channel")).call(op);
    }

    /** The channel of this thread's call, or of the process; null if there is none. */
    public static StorageChannel current() {
        return BOUND.isBound() ? BOUND.get() : process;
    }
}
