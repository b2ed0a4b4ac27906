package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee up} in a process of its own, as a user runs it: it keeps showing the core's, the
 * supplicant's and the TA hosts' lines on its standard error, and also writes them to
 * {@code <home>/log/jtee.log}, which {@code jtee logs} prints.
 */
class UpLogTest {
    private static final long START_TIMEOUT_SECONDS = 180;

    @TempDir
    Path home;

    @Test
    void up_writesWhatItShowsToTheLog_withTheTaHostsLines_andLogsPrintsIt() throws Exception {
        Process up = new ProcessBuilder(command("up", "--home", home.toString())).start();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Thread stderr = Thread.ofPlatform().start(() -> copy(up, terminal));
        try {
            String first = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("jtee is up: clients connect to " + home.resolve("client.sock") + " (Ctrl-C stops it)", first,
                    () -> "jtee up did not start:\n" + terminal.toString(StandardCharsets.UTF_8));

            Cli.Result call = Cli.run("call", HelloWorldContract.UUID_STRING, "0", "value-inout=1,0",
                    "--socket", home.resolve("client.sock").toString());
            assertEquals(0, call.status(), call.toString());
        } finally {
            up.toHandle().destroy(); // SIGTERM, as Ctrl-C (Process.destroy would also close our end of its output)
            assertTrue(up.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS), "jtee up did not stop");
            stderr.join();
        }
        Path log = home.resolve("log/jtee.log");
        String logged = Files.readString(log);
        assertEquals(terminal.toString(StandardCharsets.UTF_8), logged, "the log holds what the terminal showed");
        assertTrue(logged.contains("jtee core ready on " + home.resolve("client.sock") + "\n"), logged);
        assertTrue(logged.contains("jtee supplicant connected"), "the supplicant's lines: " + logged);
        assertTrue(logged.contains("INFO: Hello World!\n"), "the TA host's lines: " + logged);
        assertTrue(logged.endsWith("jtee core stopped\n"), logged);

        Cli.Result logs = Cli.run("logs", "-n", "1", "--home", home.toString());
        assertEquals(0, logs.status(), logs.toString());
        assertEquals("jtee core stopped\n", logs.out());
    }

    /** {@code java -cp <this class path> org.jtee.cli.Main args}, with the JVM running this test. */
    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void copy(Process p, ByteArrayOutputStream to) {
        try {
            p.getErrorStream().transferTo(to);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
