package org.jtee.bench;

import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * A dynamic TA of one instance that takes many sessions and stays loaded: what {@code open}'s
 * second-session figure opens sessions to, on an instance already running in its TA host. Its
 * one command, {@link #CMD_NOOP}, is {@code invoke}'s no-op. Signed and installed next to
 * {@link IsolatedBenchTa} by {@link IsolatedTaImage}, never a built-in.
 */
@Ta(uuid = SessionBenchTa.UUID_STRING, version = "1.0", singleInstance = true, multiSession = true,
        instanceKeepAlive = true, description = "jtee benchmark TA: one instance, many sessions")
public final class SessionBenchTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "5c4fba1e-81d3-4ae3-ba90-02e6555e0702";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    /** p0 VALUE_INOUT, left as it is. */
    public static final int CMD_NOOP = 0;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId != CMD_NOOP) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + commandId);
        }
        params.expect(ParamTypes.VALUE_INOUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
    }
}
