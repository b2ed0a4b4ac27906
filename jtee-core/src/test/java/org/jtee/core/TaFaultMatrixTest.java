package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way a TA host can die — panic, uncaught exception, {@code System.exit}, out of memory,
 * stack overflow, {@code kill -9}, a TA writing garbage on the host's link — gives {@code TEE_ERROR_TARGET_DEAD} (origin TEE) to every
 * session of that instance, a fresh instance to the next open, and leaves other sessions, other
 * instances, an in-core TA and the core serving throughout.
 */
class TaFaultMatrixTest {
    @TempDir
    static Path home;
    static DynamicTas tas;
    static TeeContext ctx;

    enum Fault {
        PANIC(FaultTa.CMD_PANIC), UNCAUGHT_EXCEPTION(FaultTa.CMD_THROW), SYSTEM_EXIT(FaultTa.CMD_EXIT),
        OUT_OF_MEMORY(FaultTa.CMD_OOM), STACK_OVERFLOW(FaultTa.CMD_STACK_OVERFLOW), KILL_9(FaultTa.CMD_PID);

        final int command;

        Fault(int command) {
            this.command = command;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        tas = new DynamicTas(home, 1).withFaultAndKeeper();
        ctx = tas.context();
    }

    @AfterAll
    static void stop() {
        ctx.close();
        tas.close();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void fault_killsOnlyThatInstance_nextOpenGetsAFreshOne(Fault fault) throws Exception {
        try (TeeSession victim = open(FaultTa.UUID);
                TeeSession bystander = open(FaultTa.UUID);
                TeeSession keeper = open(KeeperTa.UUID);
                TeeSession inCore = open(ProbeTa.UUID)) {
            int victimPid = pid(victim, FaultTa.CMD_PID);
            strike(victim, fault, victimPid);
            TeeException again = assertThrows(TeeException.class, () -> inc(victim));
            assertEquals(TeeResult.TARGET_DEAD, again.result(), "every later call of the dead instance");
            assertEquals(ReturnOrigin.TEE, again.origin());
            assertEquals(2, inc(bystander), "another instance of the same TA");
            int before = keeperAdd(keeper);
            assertEquals(before + 1, keeperAdd(keeper), "a single-instance TA");
            ValueParameter v = ValueParameter.inout(1, 2);
            inCore.invokeCommand(ProbeTa.CMD_ADD, Operation.of(v));
            assertEquals(3, v.a(), "an in-core TA");
            try (TeeSession fresh = open(FaultTa.UUID)) {
                assertEquals(2, inc(fresh));
                assertNotEquals(victimPid, pid(fresh, FaultTa.CMD_PID));
            }
        }
    }

    /**
     * The link is a socket the host inherits as descriptor 3, which Java code cannot open: what a
     * TA writes to its standard output (a frame's bytes, here) goes to the core's log stream, and
     * the link carries on.
     */
    @Test
    void aTaWritingAFrameToItsStandardOutput_doesNotReachTheLink() throws Exception {
        try (TeeSession s = open(FaultTa.UUID)) {
            s.invokeCommand(FaultTa.CMD_GARBAGE, Operation.of(ValueParameter.inout(0, 0)));
            assertEquals(2, inc(s));
        }
    }

    @Test
    void panicOfASingleInstance_endsAllItsSessions_nextOpenCreatesItAnew() throws Exception {
        try (TeeSession a = open(KeeperTa.UUID); TeeSession b = open(KeeperTa.UUID)) {
            int pid = pid(a, KeeperTa.CMD_PID);
            TeeException e = assertThrows(TeeException.class, () -> a.invokeCommand(KeeperTa.CMD_PANIC, null));
            assertEquals(TeeResult.TARGET_DEAD, e.result());
            TeeException eb = assertThrows(TeeException.class, () -> pid(b, KeeperTa.CMD_PID));
            assertEquals(TeeResult.TARGET_DEAD, eb.result());
            assertEquals(ReturnOrigin.TEE, eb.origin());
            try (TeeSession c = open(KeeperTa.UUID)) {
                assertNotEquals(pid, pid(c, KeeperTa.CMD_PID), "a keep-alive instance that died is loaded anew");
            }
        }
    }

    private static void strike(TeeSession victim, Fault fault, int pid) throws Exception {
        if (fault == Fault.KILL_9) {
            ProcessHandle host = ProcessHandle.of(pid).orElseThrow();
            host.destroyForcibly();
            host.onExit().get(10, TimeUnit.SECONDS);
            return;
        }
        TeeException e = assertThrows(TeeException.class, () -> victim.invokeCommand(fault.command,
                Operation.of(ValueParameter.inout(0, 0))));
        assertEquals(TeeResult.TARGET_DEAD, e.result(), fault + " gives TARGET_DEAD");
        assertEquals(ReturnOrigin.TEE, e.origin());
    }

    private static TeeSession open(java.util.UUID ta) throws TeeException {
        return ctx.openSession(ta, LoginMethod.PUBLIC, null);
    }

    private static int inc(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.inout(1, 0);
        s.invokeCommand(FaultTa.CMD_INC, Operation.of(v));
        return v.a();
    }

    private static int keeperAdd(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.inout(1, 0);
        s.invokeCommand(KeeperTa.CMD_ADD, Operation.of(v));
        return v.a();
    }

    private static int pid(TeeSession s, int cmd) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(cmd, Operation.of(v));
        return v.a();
    }
}
