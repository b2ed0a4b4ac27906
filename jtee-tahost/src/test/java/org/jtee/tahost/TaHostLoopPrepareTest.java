package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.util.UUID;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.junit.jupiter.api.Test;

/** A host's classes prepared ahead of LOAD_TA: used for the same TA, and never kept past LOAD_TA. */
class TaHostLoopPrepareTest {
    private static final PrintStream LOG = System.err;

    private static Message.LoadTa load(boolean prepareOnly) throws Exception {
        return new Message.LoadTa(HostWarmup.WARMUP_UUID, 0, HostWarmup.jarOf(HostWarmup.WarmupTa.class), "", prepareOnly);
    }

    /** Stands in for classes prepared from the JAR: constructing it marks that the prepared class was used. */
    @org.jtee.ta.Ta(uuid = "00000000-0000-4000-8000-000000000000")
    public static final class MarkerTa implements org.jtee.ta.TrustedApplication<Object> {
        static volatile boolean constructed;

        public MarkerTa() {
            constructed = true;
        }

        @Override
        public Object openSession(org.jtee.ta.CallContext call, org.jtee.ta.Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Object session, org.jtee.ta.CallContext call, int commandId, org.jtee.ta.Parameters params) {
        }
    }

    @Test
    void preparedForTheSameTa_isUsed_andDroppedAtLoad() throws Throwable {
        TaHostLoop.Prepared fromJar = TaHostLoop.prepare(load(true), LOG);
        assertNotNull(fromJar);
        TaHostLoop.Prepared prepared = new TaHostLoop.Prepared(fromJar.uuid(), fromJar.jar(), MarkerTa.class, fromJar.info());
        TaHostLoop loop = new TaHostLoop(null, null, LOG, prepared);
        assertTrue(loop.holdsPrepared());
        MarkerTa.constructed = false;
        Message.Reply r = (Message.Reply) loop.load(load(false));
        assertEquals(TeeResult.SUCCESS, r.result());
        assertTrue(MarkerTa.constructed, "the prepared class was used, not the JAR defined again");
        assertFalse(loop.holdsPrepared(), "nothing prepared stays reachable from the loop");
    }

    @Test
    void preparedForAnotherTa_isDroppedBeforeTheTaLoads() throws Throwable {
        TaHostLoop.Prepared mine = TaHostLoop.prepare(load(true), LOG);
        TaHostLoop.Prepared other = new TaHostLoop.Prepared(UUID.randomUUID(), mine.jar(), mine.type(), mine.info());
        TaHostLoop loop = new TaHostLoop(null, null, LOG, other);
        Message.Reply r = (Message.Reply) loop.load(load(false));
        assertEquals(TeeResult.SUCCESS, r.result());
        assertFalse(loop.holdsPrepared(), "the other TA's classes are no longer reachable from the loop");
    }
}
