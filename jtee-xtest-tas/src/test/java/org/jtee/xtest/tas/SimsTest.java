package org.jtee.xtest.tas;

import static org.jtee.xtest.tas.XtestTee.assertTaResult;
import static org.jtee.xtest.tas.XtestTee.assertTargetDead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jtee.xtest.ta.common.XtestTaUuids.MISS;
import static org.jtee.xtest.ta.common.XtestTaUuids.SIMS;
import static org.jtee.xtest.ta.common.XtestTaUuids.SIMS_KEEPALIVE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.xtest.ta.common.SimsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sims, sims_keepalive and miss as xtest 1012 and 1021 use them: instance semantics and panics. */
class SimsTest {
    static XtestTee tee;
    /** A miss session the checks of parameters share (each miss session costs a TA host). */
    static TeeSession miss;

    @BeforeAll
    static void start() throws Exception {
        tee = XtestTee.shared();
        miss = tee.open(MISS);
    }

    @AfterAll
    static void stop() {
        miss.close();
    }

    /** xtest 1012: sessions of one instance share the slots and count 0, 1, 2; the instance ends with its last session. */
    @Test
    void sims_sessionsShareSlotsAndCountOpens_instanceEndsWithTheLast() throws Exception {
        byte[] data = new byte[32];
        Arrays.fill(data, (byte) 0x5A);
        for (int run = 0; run < 2; run++) {
            try (TeeSession first = tee.open(SIMS)) {
                Sims.write(first, 0, data);
                for (int i = 1; i < 3; i++) {
                    try (TeeSession next = tee.open(SIMS)) {
                        assertArrayEquals(data, Sims.read(next, 0, 32), "slot 0 written by the first session");
                        assertEquals(0, Sims.counter(first));
                        assertEquals(i, Sims.counter(next));
                    }
                }
                assertArrayEquals(data, Sims.read(first, 0, 32));
            }
            // run 2 sees counter 0 again: the instance ended when its last session closed
        }
    }

    /** xtest 1021, "Single Instance Multi Sessions". */
    @Test
    void sims_panicInOneSession_killsTheInstanceForAll_nextOpenGetsAFreshOne() throws Exception {
        try (TeeSession a = tee.open(SIMS); TeeSession b = tee.open(SIMS)) {
            assertEquals(0, Sims.counter(a));
            assertEquals(1, Sims.counter(b));
            assertTargetDead(() -> Sims.panic(b));
            assertTargetDead(() -> Sims.counter(a));
            assertTargetDead(() -> Sims.counter(b));
            try (TeeSession c = tee.open(SIMS); TeeSession d = tee.open(SIMS)) {
                assertEquals(0, Sims.counter(c), "a fresh instance, while a and b still hold the dead one");
                assertEquals(1, Sims.counter(d));
            }
        }
    }

    /** xtest 1021, "Single Instance Multi Sessions Keep Alive" (an earlier test may have left the instance alive). */
    @Test
    void simsKeepalive_outlivesItsLastSession_untilItPanics() throws Exception {
        int before;
        try (TeeSession a = tee.open(SIMS_KEEPALIVE)) {
            before = Sims.counter(a);
            Sims.write(a, 3, new byte[] {1, 2, 3});
        }
        try (TeeSession a = tee.open(SIMS_KEEPALIVE); TeeSession b = tee.open(SIMS_KEEPALIVE)) {
            assertEquals(before + 1, Sims.counter(a), "the instance outlived its last session");
            assertArrayEquals(new byte[] {1, 2, 3}, Sims.read(a, 3, 3));
            assertTargetDead(() -> Sims.panic(b));
            assertTargetDead(() -> Sims.counter(a));
            try (TeeSession c = tee.open(SIMS_KEEPALIVE)) {
                assertEquals(0, Sims.counter(c), "a panic ends even a kept-alive instance");
            }
        }
    }

    /** xtest 1021, "Multiple Instances Single Session". */
    @Test
    void miss_everySessionHasAnInstanceOfItsOwn_aPanicKillsOnlyThatOne() throws Exception {
        try (TeeSession a = tee.open(MISS); TeeSession b = tee.open(MISS)) {
            assertEquals(0, Sims.counter(a));
            assertEquals(0, Sims.counter(b));
            Sims.write(a, 1, new byte[] {7});
            assertArrayEquals(new byte[] {0}, Sims.read(b, 1, 1), "b's slots are its own");
            assertTargetDead(() -> Sims.panic(b));
            assertEquals(0, Sims.counter(a), "a's instance lives on");
            assertTargetDead(() -> Sims.counter(b));
        }
    }

    /** xtest 1021, "Multi Sessions TA to TA", first half: the client makes TA2 panic under TA1's session to it. */
    @Test
    void taToTa_calleePanicsForAnotherClient_callerLivesOn() throws Exception {
        try (TeeSession ta1 = tee.open(SIMS); TeeSession ta2 = tee.open(SIMS_KEEPALIVE)) {
            Sims.openTaSession(ta1, SIMS_KEEPALIVE);
            assertEquals(1, Sims.counter(ta1), "OPEN_TA_SESSION adds one to the session's counter");
            assertTargetDead(() -> Sims.panic(ta2));
            assertEquals(1, Sims.counter(ta1), "TA1 lives on");
            assertTargetDead(() -> Sims.counter(ta2));
        } // TA1 closes its session to the dead TA2 on the way
    }

    /** xtest 1021, "Multi Sessions TA to TA", second half: TA1 makes TA2 panic through its own session. */
    @Test
    void taToTa_callerMakesCalleePanic_succeeds_andTheClientsSessionToTheCalleeIsDead() throws Exception {
        try (TeeSession ta1 = tee.open(SIMS); TeeSession ta2 = tee.open(SIMS_KEEPALIVE)) {
            Sims.openTaSession(ta1, SIMS_KEEPALIVE);
            Sims.panic(ta1, SIMS_KEEPALIVE);
            assertEquals(2, Sims.counter(ta1), "TA1 lives on, having opened two sessions");
            assertTargetDead(() -> Sims.counter(ta2));
        }
    }

    /** xtest 1040, smaller: threads loop open, PANIC, close on sims; an open may meet the dying instance. */
    @Test
    void sims_panicsInConcurrentOpenInvokeClose_eachPanicIsTargetDead() throws Exception {
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2; i++) {
                    try (TeeSession s = openRetryingTargetDead(SIMS)) {
                        assertTargetDead(() -> Sims.panic(s));
                    } catch (TeeException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, runnable -> Thread.ofPlatform().start(runnable)));
        }
        for (CompletableFuture<Void> t : threads) {
            t.get(120, TimeUnit.SECONDS);
        }
    }

    private static TeeSession openRetryingTargetDead(String ta) throws TeeException {
        for (int attempt = 0; ; attempt++) {
            try {
                return tee.open(ta);
            } catch (TeeException e) {
                if (e.result() != TeeResult.TARGET_DEAD || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    @Test
    void openTaSession_unknownTa_failsWithItemNotFound_fromTheTa() throws Exception {
        int before = Sims.counter(miss);
        assertTaResult(TeeResult.ITEM_NOT_FOUND, () -> Sims.openTaSession(miss, "00000000-0000-4000-8000-00000000dead"));
        assertEquals(before, Sims.counter(miss), "no session, no count");
    }

    @Test
    void badParameters_wrongTypesSlotsUuidsOrCommands() throws Exception {
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> miss.invokeCommand(SimsContract.CMD_GET_COUNTER,
                Operation.of(ValueParameter.inout(0, 0))));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> miss.invokeCommand(SimsContract.CMD_READ,
                Operation.of(ValueParameter.input(0, 0), TempMemory.inout(new byte[4]))));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> Sims.read(miss, SimsContract.SLOTS, 4));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> Sims.write(miss, -1, new byte[4]));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> miss.invokeCommand(SimsContract.CMD_OPEN_TA_SESSION,
                Operation.of(TempMemory.input(new byte[15]))));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> miss.invokeCommand(SimsContract.CMD_PANIC,
                Operation.of(TempMemory.input(new byte[17]))));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> miss.invokeCommand(0, null));
        assertTaResult(TeeResult.BAD_PARAMETERS, () -> miss.invokeCommand(6, null));
        Sims.counter(miss); // the instance lives on
    }

    @Test
    void read_slotLargerThanTheBuffer_overflow_elseCopiesWhatItHolds() throws Exception {
        Sims.write(miss, 2, new byte[] {1, 2, 3, 4});
        assertTaResult(TeeResult.OVERFLOW, () -> Sims.read(miss, 2, 3));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0}, Sims.read(miss, 2, 6), "the size stays the buffer's");
    }
}
