package org.jtee.xtest.ta.common;

import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.TrustedApplication;

/**
 * A TA whose every entry point succeeds, whatever parameters it is given, as OP-TEE's subkey1 and
 * subkey2 (xtest 1039 only checks that a session opens). Subclasses give it a UUID with {@code @Ta}.
 */
public abstract class EmptyTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {
        // every command succeeds and changes nothing
    }
}
