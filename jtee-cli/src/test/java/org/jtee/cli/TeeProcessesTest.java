package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.core.CoreConfig;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real processes: a hardened core JVM and a supplicant JVM, as {@code jtee up} runs them. */
class TeeProcessesTest {
    @TempDir
    Path home;

    @Test
    void coreAndSupplicant_serveExamples_andStopCleanlyOnSigterm() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        try (TeeProcesses tee = TeeProcesses.start(config, java.util.List.of(BundledTas.directory()), log);
                TeeContext ctx = TeeContext.open(config.clientSocket())) {
            try (TeeSession s = ctx.openSession(HelloWorldContract.UUID, LoginMethod.PUBLIC, null)) {
                ValueParameter v = ValueParameter.inout(42, 0);
                s.invokeCommand(HelloWorldContract.CMD_INC_VALUE, Operation.of(v));
                assertEquals(43, v.a());
            }
            try (TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
                awaitReeTime(s);
            }
            tee.core().toHandle().destroy();
            assertTrue(tee.core().waitFor(15, TimeUnit.SECONDS), "the core stops on SIGTERM");
            assertEquals(143, tee.core().exitValue(), "exit status of a JVM ended by SIGTERM");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!logBytes.toString(StandardCharsets.UTF_8).contains("jtee core stopped") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String out = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("jtee core stopped"), "the shutdown hook ran:\n" + out);
        assertFalse(Files.exists(config.clientSocket()), "the client socket is removed");
        assertEquals(32, Files.size(config.stateDirectory().resolve("huk")));
    }

    @Test
    void taHosts_endWithTheCore_evenWhenItIsKilled() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        try (TeeProcesses tee = TeeProcesses.start(config, java.util.List.of(BundledTas.directory()), LogSink.discard());
                TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(HelloWorldContract.UUID, LoginMethod.PUBLIC, null)) {
            java.util.List<ProcessHandle> hosts = tee.core().toHandle().descendants().toList();
            assertTrue(hosts.size() >= 1, "the hello_world instance runs in a TA host");
            tee.core().destroyForcibly();
            for (ProcessHandle h : hosts) {
                h.onExit().get(15, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void coreArguments_passWeakIsolationOnlyWhenAllowed() {
        CoreConfig config = CoreConfig.under(home);

        assertFalse(TeeProcesses.coreArguments(config).contains("--allow-weak-isolation"));
        assertTrue(TeeProcesses.coreArguments(config.withTaLoading(config.taLoading().withWeakIsolationAllowed(true)))
                .contains("--allow-weak-isolation"));
    }

    @Test
    void supervisor_restartsADeadSupplicant() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        try (TeeProcesses tee = TeeProcesses.start(config, LogSink.discard());
                TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            Thread supervisor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    tee.superviseUntilCoreExits();
                } catch (Exception e) {
                    // the test ends by stopping the core
                }
            });
            awaitReeTime(s);
            Process first = tee.supplicant();
            first.toHandle().destroyForcibly();
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tee.supplicant() == first && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(tee.supplicant() != first, "a new supplicant was started");
            awaitReeTime(s);
            tee.close();
            supervisor.join(15_000);
        }
    }

    private static void awaitReeTime(TeeSession s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                s.invokeCommand(SystemPtaContract.CMD_REE_TIME, Operation.of(ValueParameter.output()));
                return;
            } catch (org.jtee.common.TeeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
