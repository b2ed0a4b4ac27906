package org.jtee.bench;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/**
 * A dynamic TA that panics as its session opens ({@code TEE_Panic} in
 * {@code TA_OpenSessionEntryPoint}), so every open ends its instance and its TA host: what the
 * abuse mix's {@code PANICKING_TA} client opens sessions to. Multi instance; signed and installed
 * next to {@link IsolatedBenchTa} by {@link IsolatedTaImage}, never a built-in.
 */
@Ta(uuid = PanickingTa.UUID_STRING, version = "1.0", description = "jtee abuse TA: panics on open")
public final class PanickingTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "5c4fba1e-81d3-4ae3-ba90-02e6555e0701";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    /** The panic code. */
    public static final int PANIC_CODE = 0xbad0;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        throw Tee.panic(PANIC_CODE);
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        throw new TeeException(TeeResult.NOT_SUPPORTED, "no session ever opens");
    }
}
