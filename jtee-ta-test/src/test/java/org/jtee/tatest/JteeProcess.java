package org.jtee.tatest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jtee.core.CoreMain;
import org.jtee.tapkg.Pem;
import org.jtee.tapkg.tool.PackageTa;

/**
 * A real jtee, as {@code jtee up} runs one: a core process, which starts its supplicant and a TA
 * host (a JVM of its own) for every TA instance, on the class path of this test JVM. The TAs are
 * packaged as JARs, signed into {@code <uuid>.ta} images with a key made for this jtee
 * ({@link PackageTa}, as a TA project's build signs them) and served from a TA directory; the core
 * trusts that key and no other ({@code --trust}, {@code --no-dev-key}).
 */
final class JteeProcess implements AutoCloseable {
    /** How long the core may take to start, or to stop: generous, for a loaded 2-CPU machine. */
    private static final long PATIENCE_SECONDS = 120;

    private final Process core;
    private final Path clientSocket;

    private JteeProcess(Process core, Path clientSocket) {
        this.core = core;
        this.clientSocket = clientSocket;
    }

    /**
     * Signs {@code tas} (each a JAR made by {@code jarOf}) under {@code home}, starts the core there
     * and returns once it serves clients.
     */
    static JteeProcess start(Path home, List<Class<?>> tas, Function<Class<?>, byte[]> jarOf, PrintStream log)
            throws Exception {
        Path taDir = Files.createDirectories(home.resolve("ta"));
        Path trust = signAll(home, tas, jarOf, taDir, log);
        Path socket = home.resolve("client.sock");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), CoreMain.class.getName(),
                "--state-dir", home.resolve("core").toString(), "--client-socket", socket.toString(),
                "--trust", trust.toString(), "--no-dev-key", "--ta-dir", taDir.toString()));
        Process core = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        JteeProcess jtee = new JteeProcess(core, socket);
        try {
            jtee.awaitReady(log);
        } catch (Exception e) {
            jtee.close();
            throw e;
        }
        return jtee;
    }

    /** Makes a key, signs every TA with it into {@code taDir}; returns the public key's file. */
    private static Path signAll(Path home, List<Class<?>> tas, Function<Class<?>, byte[]> jarOf, Path taDir, PrintStream log)
            throws Exception {
        KeyPair key = newKey();
        Path keyFile = home.resolve("ta-signing.key");
        Path trust = home.resolve("ta-signing.pub");
        Pem.writePrivateKey(key.getPrivate(), keyFile);
        Pem.writePublicKey(key.getPublic(), trust);
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Class<?> ta : tas) {
            Path jar = Files.write(jars.resolve(ta.getSimpleName() + ".jar"), jarOf.apply(ta));
            PackageTa.run(new String[] {"--jar", jar.toString(), "--out", taDir.toString(), "--key", keyFile.toString()}, log);
        }
        return trust;
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has Ed25519", e);
        }
    }

    /** Copies the core's output to {@code log} and waits for its ready line. */
    private void awaitReady(PrintStream log) throws IOException, InterruptedException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("jtee-core-output").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(core.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("jtee core ready")) {
                        ready.complete(null);
                    }
                    log.println("[jtee] " + line);
                }
            } catch (IOException e) {
                if (core.isAlive()) {
                    log.println("[jtee] output lost: " + e.getMessage());
                }
            }
            ready.completeExceptionally(new IOException("the core exited before it was ready"));
        });
        try {
            ready.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage() + " (status " + core.waitFor() + ")", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the core was not ready within " + PATIENCE_SECONDS + " s");
        }
    }

    Path clientSocket() {
        return clientSocket;
    }

    /** Stops the core as {@code jtee down} does (SIGTERM), forcibly if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        core.destroy();
        if (!core.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            core.destroyForcibly();
            core.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
