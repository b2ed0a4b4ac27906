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
    void supplicantArguments_passTheStorageDirectoryOnlyWhenSet() {
        CoreConfig config = CoreConfig.under(home);
        assertFalse(TeeProcesses.supplicantArguments(config).contains("--storage-dir"));
        Path storage = home.resolve("elsewhere");
        java.util.List<String> args = TeeProcesses.supplicantArguments(
                config.withSupplicant(config.supplicant().withStorageDirectory(storage)));
        assertEquals(storage.toString(), args.get(args.indexOf("--storage-dir") + 1));
    }

    @Test
    void core_restartsADeadSupplicant() throws Exception {
        CoreConfig config = CoreConfig.under(home);
        try (TeeProcesses tee = TeeProcesses.start(config, LogSink.discard());
                TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
            awaitReeTime(s);
            ProcessHandle first = tee.supplicant().orElseThrow();
            assertFalse(Files.exists(config.stateDirectory().resolve("supplicant.sock")), "the supplicant link is no socket");
            first.destroyForcibly();
            first.onExit().get(10, TimeUnit.SECONDS);
            awaitReeTime(s);
            assertTrue(tee.supplicant().orElseThrow().pid() != first.pid(), "the core started a new supplicant");
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

    @Test
    void coreJvm_endsOnOutOfMemory_andGetsEveryClientLimit() {
        assertTrue(TeeProcesses.hardenedJvmOptions().contains("-XX:+ExitOnOutOfMemoryError"));
        CoreConfig config = CoreConfig.under(home).withClientLimits(org.jtee.core.ClientLimits.DEFAULTS
                .withCallsPerConnection(3).withConnectionsPerUid(5).withWriteTimeoutMillis(7));
        java.util.List<String> args = TeeProcesses.coreArguments(config);
        for (String flag : new String[] {"--max-calls-per-connection", "--max-connections-per-uid", "--max-connections",
            "--reply-buffer-bytes", "--reply-budget-bytes", "--write-timeout-ms", "--frame-budget-bytes", "--frame-budget-wait-ms"}) {
            assertTrue(args.contains(flag), flag);
        }
        assertEquals("3", args.get(args.indexOf("--max-calls-per-connection") + 1));
        assertEquals("7", args.get(args.indexOf("--write-timeout-ms") + 1));
    }
}
