package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Message;
import org.jtee.protocol.WireParams;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a TA author reads when something fails: on a development core the TA's own message in
 * the core's log and in the client's exception, and a panic's whole stack trace in the log; on
 * a production core neither (a TA's message may carry data); and, on any core, where the core
 * looked for a TA it did not find and why it refused an image.
 */
class TaErrorMessagesTest {
    private static final Logger CORE_LOG = Logger.getLogger("org.jtee.core");
    private static final String INC_REFUSAL = "parameter types " + ParamTypes.describe(ParamTypes.of(ParamTypes.VALUE_INPUT,
            ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE)) + ", expected " + ParamTypes.describe(ParamTypes.of(
            ParamTypes.VALUE_INOUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE));

    @TempDir
    Path home;
    DynamicTas tas;
    TeeContext ctx;
    final List<LogRecord> log = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (log) {
                log.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        CORE_LOG.addHandler(capture);
    }

    @AfterEach
    void stop() throws Exception {
        CORE_LOG.removeHandler(capture);
        if (ctx != null) {
            ctx.close();
        }
        if (tas != null) {
            tas.close();
        }
    }

    private void start(boolean development) throws Exception {
        tas = development ? DynamicTas.development(home, 0) : new DynamicTas(home, 0);
        tas.install(DiagnosticTa.class, DiagnosticTa.UUID, 0x10000);
        ctx = tas.context();
    }

    /** The log lines so far, formatted, with their level's name in front. */
    private List<String> lines() {
        synchronized (log) {
            return log.stream().map(r -> r.getLevel() + " " + java.text.MessageFormat.format(r.getMessage(),
                    r.getParameters())).toList();
        }
    }

    private TeeException invokeIncWithAnInputValue(TeeSession s) {
        return assertThrows(TeeException.class, () -> s.invokeCommand(DiagnosticTa.CMD_INC,
                Operation.of(ValueParameter.input(1, 0))));
    }

    @Test
    void developmentCore_taException_isLoggedAtInfo_andTheClientReadsTheTasMessage() throws Exception {
        start(true);
        try (TeeSession s = ctx.openSession(DiagnosticTa.UUID, LoginMethod.PUBLIC, null)) {
            TeeException e = invokeIncWithAnInputValue(s);
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(ReturnOrigin.TRUSTED_APP, e.origin());
            assertTrue(e.getMessage().endsWith(": " + INC_REFUSAL), e.getMessage());
        }
        assertTrue(lines().contains("INFO TA " + DiagnosticTa.UUID + ", invoke command 0x0: TEE_ERROR_BAD_PARAMETERS (0xffff0006): "
                + INC_REFUSAL), String.join("\n", lines()));
    }

    @Test
    void developmentCore_refusedOpen_isLoggedAtInfo_andTheClientReadsTheTasMessage() throws Exception {
        start(true);
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(DiagnosticTa.UUID, LoginMethod.PUBLIC,
                Operation.of(ValueParameter.input(DiagnosticTa.REFUSE, 0))));
        assertEquals(TeeResult.ACCESS_DENIED, e.result());
        assertEquals("TEE_ERROR_ACCESS_DENIED (origin TRUSTED_APP): OpenSession of TA " + DiagnosticTa.UUID
                + ": sessions with a = 7 are refused", e.getMessage());
        assertTrue(lines().contains("INFO TA " + DiagnosticTa.UUID + ", open session: TEE_ERROR_ACCESS_DENIED (0xffff0001): "
                + "sessions with a = 7 are refused"), String.join("\n", lines()));
    }

    @Test
    void productionCore_taException_isNeitherLoggedNorGivenToTheClient() throws Exception {
        start(false);
        try (TeeSession s = ctx.openSession(DiagnosticTa.UUID, LoginMethod.PUBLIC, null)) {
            TeeException e = invokeIncWithAnInputValue(s);
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertTrue(e.getMessage().endsWith(" on session " + Integer.toUnsignedString(s.id())), e.getMessage());
        }
        assertTrue(lines().stream().noneMatch(l -> l.contains("parameter types")), String.join("\n", lines()));
    }

    @Test
    void developmentCore_panic_logsTheWholeStackTraceOfTheTa() throws Exception {
        start(true);
        try (TeeSession s = ctx.openSession(DiagnosticTa.UUID, LoginMethod.PUBLIC, null)) {
            TeeException e = assertThrows(TeeException.class, () -> s.invokeCommand(DiagnosticTa.CMD_BUG, null));
            assertEquals(TeeResult.TARGET_DEAD, e.result());
        }
        String trace = lines().stream().filter(l -> l.startsWith("WARNING TA " + DiagnosticTa.UUID + " panicked in TA host "))
                .findFirst().orElseThrow(() -> new AssertionError("no panic report in:\n" + String.join("\n", lines())));
        assertTrue(trace.contains("\n    java.lang.IllegalStateException: boom\n"), trace);
        assertTrue(trace.contains("\n    \tat ta//org.jtee.core.DiagnosticTa.bug(DiagnosticTa.java:"), trace);
        assertTrue(trace.contains("\n    Caused by: java.lang.IllegalArgumentException: the cause\n"), trace);
        assertTrue(trace.contains("\n    Caused by: java.lang.NumberFormatException: For input string: \"not a number\""), trace);
    }

    @Test
    void productionCore_panic_keepsItsOneLine() throws Exception {
        start(false);
        try (TeeSession s = ctx.openSession(DiagnosticTa.UUID, LoginMethod.PUBLIC, null)) {
            assertThrows(TeeException.class, () -> s.invokeCommand(DiagnosticTa.CMD_BUG, null));
        }
        assertTrue(lines().stream().noneMatch(l -> l.contains("IllegalStateException")), String.join("\n", lines()));
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("WARNING TA " + DiagnosticTa.UUID + ": instance dead")),
                String.join("\n", lines()));
    }

    @Test
    void missingTa_theClientReadsWhereTheCoreLooked_andHowToInstallIt() throws Exception {
        start(false);
        UUID missing = UUID.fromString("0badc0de-0000-4000-8000-000000000002");
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(missing, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
        assertEquals(ReturnOrigin.TEE, e.origin());
        assertEquals("TEE_ERROR_ITEM_NOT_FOUND (origin TEE): OpenSession of TA " + missing + ": no TA " + missing
                + " was found: it is not built into the core, not in the core's secure storage, and not in the TA directories"
                + " of its supplicant (no " + missing + ".ta in " + tas.taDir + "); install it with `jtee ta install "
                + missing + ".ta`", e.getMessage());
    }

    @Test
    void refusedImage_theClientReadsWhy_andTheLogNamesTheFile() throws Exception {
        start(false);
        var stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path file = tas.write(DiagnosticTa.UUID, TaSigner.withKey(stranger.getPrivate()).sign(DiagnosticTa.UUID, 1,
                TaJar.of(DiagnosticTa.class)));
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(DiagnosticTa.UUID, LoginMethod.PUBLIC, null));
        assertEquals(TeeResult.SECURITY, e.result());
        String prefix = "TEE_ERROR_SECURITY (origin TEE): OpenSession of TA " + DiagnosticTa.UUID + ": the image of TA "
                + DiagnosticTa.UUID + " was refused: ";
        assertTrue(e.getMessage().startsWith(prefix) && e.getMessage().endsWith("; see the core log (`jtee logs`)"),
                e.getMessage());
        String reason = e.getMessage().substring(prefix.length(), e.getMessage().length() - "; see the core log (`jtee logs`)".length());
        assertTrue(reason.contains("trusted"), reason);
        assertTrue(lines().contains("WARNING refused the image of TA " + DiagnosticTa.UUID + " from " + file.toAbsolutePath()
                + ": " + reason), String.join("\n", lines()));
    }

    @Test
    void versionOneClient_getsTheSameResult_withoutADetail() throws Exception {
        start(true);
        UUID missing = UUID.fromString("0badc0de-0000-4000-8000-000000000003");
        try (RawConnection raw = RawConnection.greeted(tas.tee.config.clientSocket())) {
            Message.OpenSessionReply r = (Message.OpenSessionReply) raw.call(
                    new Message.OpenSession(missing, LoginMethod.PUBLIC, 0, WireParams.EMPTY));
            assertEquals(TeeResult.ITEM_NOT_FOUND, r.result());
            assertNull(r.detail(), "libteec speaks version 1: no frame of version 2 reaches it");
        }
    }

    static {
        CORE_LOG.setLevel(Level.ALL); // INFO lines are what these tests read
    }
}
