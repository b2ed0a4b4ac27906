package org.jtee.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtee.os.ChildProcess;
import org.jtee.os.Landlock;
import org.jtee.os.UnixConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thread hosts are started from is confined, the threads that hear of their exit are not,
 * and the rest of the process is as it was.
 */
class HostSpawnerTest {
    @TempDir
    Path dir;

    @Test
    void aHostsExitActions_runOnAThreadThatIsNotConfined() throws Exception {
        assumeTrue(Landlock.abiVersion() >= 1, "this kernel has Landlock");
        Path secret = Files.writeString(dir.resolve("secret"), "core state");
        String ownCapabilities = capabilities();
        try (HostSpawner spawner = new HostSpawner(jdkOnly(), Landlock.abiVersion())) {
            CompletableFuture<ChildProcess> started = new CompletableFuture<>();
            UnixConnection[] link = UnixConnection.pair();
            Thread.ofVirtual().start(() -> { // a caller on a virtual thread: the hand-off wakes it
                try {
                    started.complete(spawner.start(new HostSpawner.Spawn(List.of(javaCommand(), "-version"), System.getenv(), link[1])));
                } catch (IOException e) {
                    started.completeExceptionally(e);
                }
            });
            ChildProcess p = started.get(30, TimeUnit.SECONDS);
            link[1].handedOver();
            CompletableFuture<String> seen = new CompletableFuture<>();
            new TaHost(p, link[0], null, 1000).onExit(() -> {
                try {
                    seen.complete(Thread.currentThread().getName() + " read " + Files.readString(secret)
                            + " with " + capabilities());
                } catch (IOException | RuntimeException e) {
                    seen.complete(Thread.currentThread().getName() + " failed: " + e);
                }
            });
            assertEquals("jtee-host-exit-" + p.pid() + " read core state with " + ownCapabilities, seen.get(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "a JVM boots from the confined thread");
        }
        assertEquals("core state", Files.readString(secret), "the calling thread is not confined either");
    }

    @Test
    void afterClose_hostsAreRefused() {
        HostSpawner spawner = new HostSpawner(jdkOnly(), Landlock.abiVersion());
        spawner.close();
        UnixConnection[] link;
        try {
            link = UnixConnection.pair();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        IOException e = assertThrows(IOException.class,
                () -> spawner.start(new HostSpawner.Spawn(List.of(javaCommand(), "-version"), System.getenv(), link[1])));
        link[0].close();
        link[1].close();
        assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
    }

    private static List<Path> jdkOnly() {
        return List.of(Path.of(System.getProperty("java.home")), Path.of("/usr/lib"), Path.of("/lib"), Path.of("/lib64"),
                Path.of("/etc/ld.so.cache"), Path.of("/proc"), Path.of("/sys"), Path.of("/dev/null"));
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String capabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                    .filter(l -> l.startsWith("CapEff") || l.startsWith("CapBnd")).map(l -> l.replaceAll("\\s+", ""))
                    .toList().toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
