package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.common.LoginMethod;
import org.jtee.core.CoreConfig;
import org.jtee.core.pta.SystemPtaContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second TEE where one runs: {@code jtee up} says so in one line and starts nothing; a core
 * started on the same state directory all the same refuses before it touches anything, in one line.
 */
class SecondUpTest {
    @TempDir
    Path home;

    @Test
    void secondUp_sameHome_oneLineNamingTheRunningTee_exit1_andTheFirstServesOn() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        try (TeeProcesses first = TeeProcesses.start(config, List.of(), LogSink.discard())) {
            Cli.Result r = Cli.run("up", "--home", home.toString(), "--host-pool", "0");
            assertEquals(1, r.status(), r.toString());
            assertEquals("", r.out(), r.toString());
            assertEquals("jtee up: a TEE is already running on " + config.clientSocket().toAbsolutePath() + " (pid "
                    + first.core().pid() + ", home " + home + "); stop it first, or start another with --home DIR\n", r.err());
            assertFalse(Files.exists(home.resolve("log")), "the first TEE's log is not touched");
            assertServes(config);
        }
    }

    @Test
    void secondUp_otherHomeSameSocket_oneLineNamingTheServer_exit1() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        Path other = home.resolve("other");
        try (TeeProcesses first = TeeProcesses.start(config, List.of(), LogSink.discard())) {
            Cli.Result r = Cli.run("up", "--home", other.toString(), "--client-socket", config.clientSocket().toString());
            assertEquals(1, r.status(), r.toString());
            assertEquals("jtee up: a TEE is already running on " + config.clientSocket() + " (pid " + first.core().pid()
                    + ", home not " + other + "); stop it first, or start this one with --client-socket PATH\n", r.err());
            assertServes(config);
        }
    }

    @Test
    void secondCore_sameStateDirectory_refusesInOneLine_beforeItStartsAnything() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        try (TeeProcesses first = TeeProcesses.start(config, List.of(), LogSink.discard())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            CoreConfig second = config.withClientSocket(home.resolve("second.sock"));
            assertThrows(IOException.class, () -> TeeProcesses.start(second, List.of(), log).close());
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals("jtee-core: cannot start: another core (pid " + first.core().pid() + ") runs on the state directory "
                    + config.stateDirectory() + ", serving " + config.clientSocket().toAbsolutePath()
                    + "; one state directory serves one core\n", out);
            assertServes(config);
        }
    }

    private static void assertServes(CoreConfig config) throws Exception {
        try (TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            assertTrue(ctx.isOpen());
        }
    }
}
