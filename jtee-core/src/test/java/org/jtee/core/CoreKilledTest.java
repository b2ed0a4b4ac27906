package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A core process killed with {@code kill -9}: its TA hosts end too, even one busy in a call. */
class CoreKilledTest {
    @TempDir
    Path home;

    @Test
    void hostSpinningInACall_endsSoonAfterTheCoreIsKilled() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path trust = home.resolve("trust.pem");
        Pem.writePublicKey(key.getPublic(), trust);
        Path taDir = Files.createDirectories(home.resolve("ta"));
        Files.write(taDir.resolve(FaultTa.UUID + ".ta"), TaSigner.withKey(key.getPrivate())
                .sign(FaultTa.UUID, 0x10000, TaJar.of(FaultTa.class, KeeperTa.class)));
        CoreConfig config = CoreConfig.under(home);
        Process core = startCore(config, trust, taDir);
        try (TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(FaultTa.UUID, LoginMethod.PUBLIC, null)) {
            ValueParameter pid = ValueParameter.output();
            s.invokeCommand(FaultTa.CMD_PID, Operation.of(pid));
            ProcessHandle host = ProcessHandle.of(pid.a()).orElseThrow();
            CompletableFuture.runAsync(() -> spin(s));
            awaitBusy(host);

            core.toHandle().destroyForcibly();
            core.waitFor(10, TimeUnit.SECONDS);

            host.onExit().get(10, TimeUnit.SECONDS);
            assertTrue(!host.isAlive(), "the host ended with its core");
        } finally {
            core.destroyForcibly();
        }
    }

    private static Process startCore(CoreConfig config, Path trust, Path taDir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), CoreMain.class.getName(),
                "--state-dir", config.stateDirectory().toString(), "--client-socket", config.clientSocket().toString(),
                "--trust", trust.toString(), "--no-dev-key", "--host-pool", "0", "--ta-dir", taDir.toString()));
        Process core = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(core.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("jtee core ready")) {
            System.err.println(line);
        }
        assertTrue(line != null, "the core started");
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(System.err::println));
        return core;
    }

    private static void spin(TeeSession s) {
        try {
            s.invokeCommand(FaultTa.CMD_SPIN, Operation.of(ValueParameter.inout(0, 0)));
        } catch (Exception e) {
            // the core is gone
        }
    }

    /** Waits until the host has used CPU time in the spinning call. */
    private static void awaitBusy(ProcessHandle host) throws InterruptedException {
        java.time.Duration before = host.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (host.info().totalCpuDuration().orElse(java.time.Duration.ZERO).minus(before).toMillis() < 200
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
