package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A core in the test's JVM with the TAs it is given, and only those, as built-in TAs. */
class EmbeddedTeeTest {
    @TempDir
    Path home;

    @Test
    void start_runsTheNamedTas_withTheirInstanceFlags_andNoOther() throws Exception {
        try (EmbeddedTee tee = EmbeddedTee.builder(home).ta(SharedTa.class).start();
                TeeContext ctx = TeeContext.open(tee.clientSocket())) {
            assertEquals(home.resolve("client.sock"), tee.clientSocket());
            assertEquals(List.of(SharedTa.UUID), tee.tas());
            try (TeeSession a = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null);
                    TeeSession b = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null)) {
                assertEquals(1, count(a));
                assertEquals(2, count(b), "single instance: both sessions count in one");
            }
            TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null));
            assertEquals(TeeResult.ITEM_NOT_FOUND, e.result(), "ProbeTa is on the class path but was not named");
            assertEquals(ReturnOrigin.TEE, e.origin());
        }
    }

    /** A core for tests of TAs is a development core: the TA's own message reaches the test. */
    @Test
    void aTasMessage_reachesTheClient() throws Exception {
        try (EmbeddedTee tee = EmbeddedTee.builder(home).ta(SharedTa.class).start();
                TeeContext ctx = TeeContext.open(tee.clientSocket());
                TeeSession s = ctx.openSession(SharedTa.UUID, LoginMethod.PUBLIC, null)) {
            TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(SharedTa.CMD_COUNT, Operation.of()));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
            assertTrue(e.getMessage().contains("parameter 0 is NONE, not a value"), e.getMessage());
        }
    }

    /** The TA persistent time is kept in trusted storage, which works through the in-process supplicant. */
    @Test
    void start_connectsASupplicant_soTrustedStorageWorks() throws Exception {
        try (EmbeddedTee tee = EmbeddedTee.builder(home).ta(ProbeTa.class).start();
                TeeContext ctx = TeeContext.open(tee.clientSocket());
                TeeSession s = ctx.openSession(ProbeTa.UUID, LoginMethod.PUBLIC, null)) {
            long[] t = CoreSemanticsTest.taTime(s, ProbeTa.CMD_TA_TIME, true, 1000, 0, 0);
            assertEquals(TeeResult.SUCCESS, (int) t[0]);
            assertTrue(t[1] >= 1000, "the time set reads back: " + t[1]);
        }
    }

    @Test
    void ta_refusesAClassThatIsNoTa_namingIt() {
        EmbeddedTee.Builder builder = EmbeddedTee.builder(home);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.ta(String.class)).getMessage()
                .contains("java.lang.String does not implement org.jtee.ta.TrustedApplication"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.ta(Unannotated.class)).getMessage()
                .contains("Unannotated has no @Ta annotation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.ta(Hidden.class)).getMessage()
                .contains("Hidden must be a public, concrete, top-level or static nested class"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.ta(NoDefaultConstructor.class)).getMessage()
                .contains("NoDefaultConstructor needs a public constructor without arguments"));
    }

    @Test
    void start_refusesTwoTasOfOneUuid() {
        EmbeddedTee.Builder builder = EmbeddedTee.builder(home).ta(SharedTa.class).ta(SharedTa.class);
        assertTrue(assertThrows(IllegalArgumentException.class, builder::start).getMessage()
                .contains("two TAs claim UUID " + SharedTa.UUID));
    }

    private static int count(TeeSession s) throws TeeException {
        ValueParameter v = ValueParameter.output();
        s.invokeCommand(SharedTa.CMD_COUNT, Operation.of(v));
        return v.a();
    }

    /** Implements the entry points but declares no properties. */
    public static final class Unannotated implements TrustedApplication<Void> {
        @Override
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {}
    }

    /** Not public: a TA host could not construct it. */
    @Ta(uuid = "0e3bedde-0000-4000-8000-000000000001")
    static final class Hidden implements TrustedApplication<Void> {
        @Override
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {}
    }

    /** Public, but its only constructor takes an argument. */
    @Ta(uuid = "0e3bedde-0000-4000-8000-000000000002")
    public static final class NoDefaultConstructor implements TrustedApplication<Void> {
        public NoDefaultConstructor(int unused) {}

        @Override
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) {}
    }
}
