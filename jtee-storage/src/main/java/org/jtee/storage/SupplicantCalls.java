package org.jtee.storage;

import org.jtee.common.TeeException;
import org.jtee.protocol.WireParams;

/**
 * How the storage clients reach the supplicant: one RPC, answered with the written-back
 * parameters or a {@link TeeException} (the supplicant's error, or
 * {@code TEE_ERROR_COMMUNICATION} when no supplicant answers). The core's
 * {@code SupplicantLink::call} is one; tests dispatch straight to the supplicant's services.
 * Whatever comes back is untrusted.
 */
@FunctionalInterface
public interface SupplicantCalls {
    WireParams call(int command, WireParams params) throws TeeException;
}
