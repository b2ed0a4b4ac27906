package org.jtee.tahost;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Identity;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaContext;
import org.jtee.ta.Tee;
import org.jtee.ta.TeeProperties;

/**
 * What every {@link CallContext} answers the same way, in the core ({@code org.jtee.core.ta.Call}) and in a TA
 * host ({@link HostCall}): the instance's identity and property sets, the client, system time,
 * memory access rights and the checks of {@link #deriveTaUniqueKey}.
 */
public abstract class CallBase implements CallContext {
    private final TaContext instance;
    private final Identity client;
    private final TeeProperties clientProperties;
    private final Parameters params;

    /**
     * A call into {@code instance} for {@code client}, whose property set is
     * {@code clientProperties}, with the entry's parameters {@code params}.
     */
    protected CallBase(TaContext instance, Identity client, TeeProperties clientProperties, Parameters params) {
        this.instance = instance;
        this.client = client;
        this.clientProperties = clientProperties;
        this.params = params;
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

    /**
     * {@code TEE_CheckMemoryAccessRights} (GP Internal Core API §7.2.1), checked as OP-TEE checks
     * it, in this order:
     * <ol>
     * <li>flags GP does not define: {@code TEE_ERROR_BAD_PARAMETERS} (jtee's own check; OP-TEE
     *     ignores them);
     * <li>memory that is gone (its arena closed, such as a parameter's buffer kept past its call):
     *     denied;
     * <li>a buffer of no bytes: allowed, as OP-TEE allows a length of 0 ({@code lib/libutee/tee_api.c}
     *     returns success before any check) — unless it is a bare address: a native segment of no
     *     bytes in the global scope ({@code MemorySegment.NULL}, {@code MemorySegment.ofAddress})
     *     outside every parameter's buffer. That is the Java form of a pointer, such as os_test's
     *     {@code (NULL, 1)}, which OP-TEE denies where the TA has no mapping; jtee cannot see
     *     whether there is one, and denies it. An empty slice of the global arena's memory looks
     *     the same and is denied too; an empty slice of any other arena's memory is allowed;
     * <li>write access to read-only memory (a {@code MEMREF_INPUT}, a read-only view): denied;
     * <li>without {@link Tee#MEMORY_ACCESS_ANY_OWNER}, memory that is not the TA's own: denied.
     *     A parameter's buffer is never the TA's own, whatever it is — the client's shared memory
     *     the TA works on in place, a temporary reference, or the memory of a TA-to-TA call —
     *     as OP-TEE maps every parameter outside a TA's private memory.
     * </ol>
     * A denial is {@code TEE_ERROR_ACCESS_DENIED}, origin TEE.
     */
    @Override
    public final void checkMemoryAccessRights(int accessFlags, MemorySegment buffer) throws TeeException {
        int known = Tee.MEMORY_ACCESS_READ | Tee.MEMORY_ACCESS_WRITE | Tee.MEMORY_ACCESS_ANY_OWNER;
        if ((accessFlags & ~known) != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE,
                    "access flags 0x" + Integer.toHexString(accessFlags) + " name no TEE_MEMORY_ACCESS_* bit");
        }
        if (!buffer.scope().isAlive()) {
            throw denied("the buffer's memory is gone: its arena was closed");
        }
        if (buffer.byteSize() == 0) {
            if (isBareAddress(buffer) && parameterHolding(buffer) == null) {
                throw denied("0x" + Long.toHexString(buffer.address()) + " is an address with no memory of the TA's behind it");
            }
            return;
        }
        if ((accessFlags & Tee.MEMORY_ACCESS_WRITE) != 0 && buffer.isReadOnly()) {
            throw denied("the buffer is read-only");
        }
        if ((accessFlags & Tee.MEMORY_ACCESS_ANY_OWNER) == 0) {
            Integer param = parameterHolding(buffer);
            if (param != null) {
                throw denied("the buffer is memory of parameter " + param + ", which is not the TA's own");
            }
            if (sharedWithClient(buffer)) {
                throw denied("the buffer is the client's shared memory, which the client can change meanwhile");
            }
        }
    }

    /**
     * {@link CallContext#deriveTaUniqueKey}, checked in OP-TEE's order ({@code core/pta/system.c},
     * {@code system_derive_ta_unique_key}): the sizes, then the key's memory, then the extra data
     * is copied; only then is the key derived ({@link #deriveKey}) and copied into {@code key}.
     */
    @Override
    public final void deriveTaUniqueKey(MemorySegment extra, MemorySegment key) throws TeeException {
        Objects.requireNonNull(extra, "extra");
        Objects.requireNonNull(key, "key");
        if (extra.byteSize() > Tee.TA_DERIVED_EXTRA_DATA_MAX_BYTES || key.byteSize() < Tee.TA_DERIVED_KEY_MIN_BYTES
                || key.byteSize() > Tee.TA_DERIVED_KEY_MAX_BYTES) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "a derived key takes at most "
                    + Tee.TA_DERIVED_EXTRA_DATA_MAX_BYTES + " bytes of extra data and is " + Tee.TA_DERIVED_KEY_MIN_BYTES
                    + " to " + Tee.TA_DERIVED_KEY_MAX_BYTES + " bytes long, not " + extra.byteSize() + " and " + key.byteSize());
        }
        try {
            checkMemoryAccessRights(Tee.MEMORY_ACCESS_WRITE, key);
        } catch (TeeException e) {
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE,
                    "a derived key must land in the TA's own memory: " + e.getMessage());
        }
        int keyBytes = (int) key.byteSize();
        byte[] derived = deriveKey(copyOf(extra), keyBytes);
        try {
            MemorySegment.copy(derived, 0, key, ValueLayout.JAVA_BYTE, 0, keyBytes);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /** The bytes of {@code extra}; {@code TEE_ERROR_ACCESS_DENIED} if its memory is gone. */
    private byte[] copyOf(MemorySegment extra) throws TeeException {
        if (extra.byteSize() == 0) {
            return new byte[0];
        }
        checkMemoryAccessRights(Tee.MEMORY_ACCESS_READ | Tee.MEMORY_ACCESS_ANY_OWNER, extra);
        return extra.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * This TA's unique key for {@code extra} (at most 1024 bytes), {@code keyBytes} (16 to 32) long,
     * as the core derives it. The caller wipes the array.
     */
    protected abstract byte[] deriveKey(byte[] extra, int keyBytes) throws TeeException;

    /** The parameter whose buffer has a byte of {@code buffer} (or, for no bytes, holds its address); null if none. */
    private Integer parameterHolding(MemorySegment buffer) {
        for (int i = 0; params != null && i < 4; i++) {
            if (params.get(i) instanceof MemoryReference m && holds(m.buffer(), buffer)) {
                return i;
            }
        }
        return null;
    }

    /** A native segment in the global scope, as {@code MemorySegment.ofAddress} makes: no arena's memory that jtee can see. */
    private static boolean isBareAddress(MemorySegment buffer) {
        return buffer.isNative() && buffer.scope().equals(MemorySegment.NULL.scope());
    }

    private static boolean holds(MemorySegment memory, MemorySegment buffer) {
        if (buffer.byteSize() > 0) {
            return memory.asOverlappingSlice(buffer).isPresent();
        }
        return memory.isNative() && buffer.isNative() && buffer.address() >= memory.address()
                && buffer.address() <= memory.address() + memory.byteSize();
    }

    private static TeeException denied(String why) {
        return new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, why);
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
