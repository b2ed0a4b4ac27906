package org.jtee.core;

import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/** Single instance without multi session: a second session gets TEE_ERROR_BUSY. */
@Ta(uuid = LonelyTa.UUID_STRING, singleInstance = true)
public final class LonelyTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "33333333-2222-3333-4444-555555555555";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {}
}
