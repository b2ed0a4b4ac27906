package org.jtee.supplicant;

import org.jtee.common.TeeException;
import org.jtee.protocol.WireParams;

/** One RPC service of the supplicant, as OP-TEE's tee-supplicant has one source file per service. */
public interface RpcService {
    /** The RPC command this service serves ({@link org.jtee.protocol.Rpc}). */
    int command();

    /**
     * Serves one request.
     *
     * @return the written-back parameters
     * @throws TeeException a GP error for the core (e.g. {@code TEE_ERROR_BAD_PARAMETERS})
     */
    WireParams serve(WireParams params) throws TeeException;
}
