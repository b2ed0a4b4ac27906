package org.jtee.core;

import java.util.concurrent.atomic.AtomicInteger;
import org.jtee.common.TeeException;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaContext;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/** A single-instance, multi-session, keep-alive TA: counts calls across sessions, can panic. */
@Ta(uuid = SharedTa.UUID_STRING, singleInstance = true, multiSession = true, instanceKeepAlive = true)
public final class SharedTa implements TrustedApplication<Void> {
    public static final String UUID_STRING = "22222222-2222-3333-4444-555555555555";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_COUNT = 0;
    public static final int CMD_PANIC = 1;
    public static final AtomicInteger CREATED = new AtomicInteger();

    private int calls;

    @Override
    public void create(TaContext ta) {
        CREATED.incrementAndGet();
    }

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId == CMD_PANIC) {
            throw Tee.panic(1);
        }
        params.value(0).setA(++calls);
    }
}
