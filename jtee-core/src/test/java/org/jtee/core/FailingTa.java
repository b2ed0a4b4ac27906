package org.jtee.core;

import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** A TA whose constructor throws: opening it must fail cleanly, not hang the client. */
@Ta(uuid = FailingTa.UUID_STRING)
public final class FailingTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "55555555-2222-3333-4444-555555555555";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);

    public FailingTa() {
        throw new IllegalStateException("this TA cannot be built");
    }

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {}
}
