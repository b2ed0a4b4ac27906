package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee logs} without {@code -f} (following: {@link LogFollowerTest}; the log {@code jtee up} writes: {@link UpLogTest}). */
class LogsCommandTest {
    @TempDir
    Path home;

    private void log(String text) throws Exception {
        Files.createDirectories(home.resolve("log"));
        Files.writeString(home.resolve("log/jtee.log"), text);
    }

    @Test
    void lastLines_fiftyByDefault_orN() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            b.append("line ").append(i).append('\n');
        }
        log(b.toString());
        Cli.Result all = Cli.run("logs", "--home", home.toString());
        assertEquals(0, all.status(), all.toString());
        assertEquals(50, all.out().lines().count(), all.toString());
        assertTrue(all.out().startsWith("line 10\n") && all.out().endsWith("line 59\n"), all.toString());

        Cli.Result two = Cli.run("logs", "-n", "2", "--home", home.toString());
        assertEquals("line 58\nline 59\n", two.out(), two.toString());
    }

    @Test
    void noLog_saysSo_exitsOne() {
        Cli.Result r = Cli.run("logs", "--home", home.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("jtee logs: no log at " + home.resolve("log/jtee.log") + ": no TEE has run under " + home
                + " (jtee up writes it there)\n", r.err());
    }

    @Test
    void negativeN_isAUsageError() throws Exception {
        log("a\n");
        Cli.Result r = Cli.run("logs", "-n", "-3", "--home", home.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("-n -3: the number of lines cannot be negative"), r.toString());
    }
}
