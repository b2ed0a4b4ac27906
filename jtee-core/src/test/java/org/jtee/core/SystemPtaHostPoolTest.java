package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.core.pta.SystemPtaContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system PTA's HOST_POOL command reports the warm pool of TA hosts. */
class SystemPtaHostPoolTest {
    private static final long BOOT_BOUND_NANOS = 60_000_000_000L;

    @TempDir
    Path home;

    @Test
    void hostPool_withoutPool_reportsZeroOfZero() throws Exception {
        try (DynamicTas tas = new DynamicTas(home, 0); TeeContext ctx = tas.context();
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter v = hostPool(s);
            assertEquals(0, v.a());
            assertEquals(0, v.b());
        }
    }

    @Test
    void hostPool_refillsAfterAHostIsTaken() throws Exception {
        try (DynamicTas tas = new DynamicTas(home, 1); TeeContext ctx = tas.context();
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            tas.install(FaultTa.class, FaultTa.UUID, 0x10000);
            assertEquals(1, hostPool(s).b());
            awaitReady(s, 1);
            try (TeeSession ta = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
                awaitReady(s, 1);
            }
        }
    }

    private static ValueParameter hostPool(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(SystemPtaContract.CMD_HOST_POOL, Operation.of(v));
        return v;
    }

    /** Polls until {@code ready} hosts wait in the pool; fails after a generous bound. */
    private static void awaitReady(TeeSession s, int ready) throws Exception {
        long deadline = System.nanoTime() + BOOT_BOUND_NANOS;
        int now;
        while ((now = hostPool(s).a()) != ready && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(ready, now);
    }
}
