package org.jtee.core;

import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** A TA that claims the nil UUID, which the core reserves for its own objects: always refused. */
@Ta(uuid = "00000000-0000-0000-0000-000000000000", version = "1.0", description = "claims the reserved UUID")
public final class NilUuidTa implements TrustedApplication<Void> {
    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int cmd, Parameters p) {}
}
