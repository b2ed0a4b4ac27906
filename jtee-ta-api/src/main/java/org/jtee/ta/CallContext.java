package org.jtee.ta;

import org.jtee.common.TeeException;

/**
 * The current call into a TA: who the client is, the property sets, and cancellation
 * (GP Internal Core API §4.10). Cancellation starts masked on every entry, as in OP-TEE.
 */
public interface CallContext extends TaContext {
    /** The client of this session: login method and client UUID ({@code gpd.client.identity}). */
    Identity client();

    /** {@code TEE_PROPSET_CURRENT_CLIENT}. */
    TeeProperties clientProperties();

    /** {@code TEE_GetCancellationFlag}: true if the client cancelled this call and cancellation is unmasked. */
    boolean cancellationRequested();

    /** {@code TEE_UnmaskCancellation}: returns the previous mask state (true = was masked). */
    boolean unmaskCancellation();

    /** {@code TEE_MaskCancellation}: returns the previous mask state. */
    boolean maskCancellation();

    /**
     * {@code TEE_Wait}: sleeps for {@code timeoutMillis} ({@link Tee#TIMEOUT_INFINITE} or a
     * negative value: forever).
     *
     * @throws TeeException {@code TEE_ERROR_CANCEL} if the call is cancelled while unmasked
     */
    void await(long timeoutMillis) throws TeeException;

    /**
     * {@code TEE_OpenTASession} with no cancellation timeout ({@link Tee#TIMEOUT_INFINITE}): see
     * {@link #openTaSession(java.util.UUID, long, Parameters)}.
     */
    default TaSession openTaSession(java.util.UUID ta, Parameters params) throws TeeException {
        return openTaSession(ta, Tee.TIMEOUT_INFINITE, params);
    }

    /**
     * {@code TEE_OpenTASession}: opens a session to the TA {@code ta}, which sees this TA as its
     * client (login {@code TEE_LOGIN_TRUSTED_APP}). Nested calls are bounded in depth. A
     * cancellation of the current call reaches the callee's open entry; so does the expiry of
     * {@code cancellationTimeoutMillis} ({@code cancellationRequestTimeout}), which cancels the
     * callee's open as a client's {@code TEEC_RequestCancellation} would, and not this TA's call.
     *
     * @param cancellationTimeoutMillis milliseconds, or {@link Tee#TIMEOUT_INFINITE} (or any
     *     negative value) for none
     * @throws TeeException {@code TEE_ERROR_ITEM_NOT_FOUND} (origin TEE) if there is no such TA,
     *     {@code TEE_ERROR_BUSY} if it is single instance and already in this call chain, or the
     *     callee's own result (origin {@code TRUSTED_APP})
     */
    TaSession openTaSession(java.util.UUID ta, long cancellationTimeoutMillis, Parameters params) throws TeeException;

    /**
     * {@code TEE_CheckMemoryAccessRights}: whether this TA may access {@code buffer} as
     * {@code accessFlags} ({@link Tee#MEMORY_ACCESS_READ}, {@link Tee#MEMORY_ACCESS_WRITE},
     * {@link Tee#MEMORY_ACCESS_ANY_OWNER}) asks. Without {@code ANY_OWNER} only the TA's own
     * memory passes: a parameter's buffer never does, whatever it is — the client's registered
     * shared memory, which the TA works on in place and the client can change at any moment, a
     * temporary reference, or the memory of a TA-to-TA call — as in OP-TEE, where no parameter
     * is a TA's private memory. A TA that must check input before it uses it takes a private copy
     * first ({@link MemoryReference#toByteArray()}), which passes. A buffer of no bytes passes, as
     * a length of 0 does in OP-TEE, whatever access it asks — an empty slice of the TA's own memory, of
     * a parameter's, an empty array — except a bare address: {@code MemorySegment.NULL} and other
     * native segments of no bytes in the global scope ({@code MemorySegment.ofAddress}) stand for
     * a pointer the TA has no mapping for, and pass only where they point into a parameter's
     * buffer. (An empty slice of {@code Arena.global()} memory looks the same and does not pass.)
     *
     * @throws TeeException {@code TEE_ERROR_ACCESS_DENIED} if the access is not allowed: write
     *     access to read-only memory (an input, a read-only view), memory that is not the TA's own
     *     without {@code ANY_OWNER}, memory that is gone (a buffer kept past its call) or a bare
     *     address; {@code TEE_ERROR_BAD_PARAMETERS} for flags GP does not define
     */
    void checkMemoryAccessRights(int accessFlags, java.lang.foreign.MemorySegment buffer) throws TeeException;

    /**
     * OP-TEE's {@code PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY}: fills {@code key} with a key that the core
     * derives from its hardware unique key (HUK) for this TA (by UUID), {@code extra} and the key's
     * size. The same TA asking with the same extra data and size gets the same key, in any instance
     * and after restarts of the core; another TA, other extra data, another size or another jtee
     * installation gets an unrelated one. The HUK never leaves the core, and the key is derived in
     * the core: a TA host receives only the key. The KDF is in {@code docs/architecture.md},
     * "State and secrets".
     *
     * <p>{@code extra} is read once, before the key is derived; it may be any memory the TA can
     * read (a parameter's buffer too) and may have no bytes ({@code MemorySegment.NULL}). The key's
     * size is {@code key.byteSize()}. The key must land in memory that is the TA's own, by the rule
     * of {@link #checkMemoryAccessRights} with {@link Tee#MEMORY_ACCESS_WRITE} alone: never a
     * parameter's buffer, so that a derived key cannot end up in the client's memory (OP-TEE
     * refuses non-secure memory there; a TA's own memory is the only kind jtee can tell is secure,
     * so it refuses the memory of a TA-to-TA call as well, which OP-TEE allows). A TA that must hand
     * the key on copies it there itself.
     *
     * @throws TeeException with origin TEE: {@code TEE_ERROR_BAD_PARAMETERS} if {@code extra} holds
     *     more than {@link Tee#TA_DERIVED_EXTRA_DATA_MAX_BYTES} bytes or the key's size is not from
     *     {@link Tee#TA_DERIVED_KEY_MIN_BYTES} to {@link Tee#TA_DERIVED_KEY_MAX_BYTES}; otherwise
     *     {@code TEE_ERROR_SECURITY} if {@code key} is not the TA's own writable memory (a
     *     parameter's buffer, read-only memory, memory that is gone); otherwise
     *     {@code TEE_ERROR_ACCESS_DENIED} if {@code extra}'s memory is gone. {@code key} is left
     *     as it was on every failure.
     */
    void deriveTaUniqueKey(java.lang.foreign.MemorySegment extra, java.lang.foreign.MemorySegment key) throws TeeException;

    /**
     * {@code TEE_GetTAPersistentTime}: this TA's persistent time, which it set with
     * {@link #setTaPersistentTime} and which runs on from there with the core's clock, across
     * instances, sessions and restarts of the core. Every TA (by UUID) has its own.
     *
     * @throws TimeOverflowException {@code TEE_ERROR_OVERFLOW} if the time has passed
     *     {@code 2^32 - 1} seconds; {@link TimeOverflowException#time()} holds it wrapped
     * @throws TeeException {@code TEE_ERROR_TIME_NOT_SET} if this TA has never set its time,
     *     {@code TEE_ERROR_TIME_NEEDS_RESET} if the core lost the stored time (its storage was
     *     damaged) and this TA has not set its time since, {@code TEE_ERROR_STORAGE_NOT_AVAILABLE}
     *     while the core cannot reach its trusted storage (no supplicant yet)
     */
    TeeTime taPersistentTime() throws TeeException;

    /**
     * {@code TEE_SetTAPersistentTime}: sets this TA's persistent time to {@code time}, now; it
     * runs on with the core's clock and is kept in the core's trusted storage.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NO_SPACE} if the core cannot store it
     */
    void setTaPersistentTime(TeeTime time) throws TeeException;

    /** {@code TEE_GetSystemTime}: the core's clock. */
    java.time.Instant systemTime();

    /**
     * {@code TEE_GetREETime}: the normal world's clock, asked of the supplicant (untrusted).
     *
     * @throws TeeException {@code TEE_ERROR_COMMUNICATION} if no supplicant answers
     */
    java.time.Instant reeTime() throws TeeException;
}
