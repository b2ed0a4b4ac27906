package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogFile}: the cap, the rotation, cut lines, and the lines it takes from a terminal stream. */
class LogFileTest {
    private static final long CAP = LogFile.MAX_LINE_BYTES + 1;

    @TempDir
    Path home;

    private static String line(int i) {
        return String.format("line %06d %s", i, "x".repeat(80));
    }

    @Test
    void underAHome_isLogJteeLog_ownerOnly() throws Exception {
        Path file = LogFile.under(home);
        assertEquals(home.resolve("log/jtee.log"), file);
        try (LogFile log = LogFile.open(file, CAP)) {
            log.append("hello");
        }
        assertEquals("hello\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void manyLines_neverTakeMoreThanTwoFilesOfTheCap_andTheNewestAreKeptInOrder() throws Exception {
        Path file = LogFile.under(home);
        int lines = (int) (5 * CAP / line(0).length());
        try (LogFile log = LogFile.open(file, CAP)) {
            for (int i = 0; i < lines; i++) {
                log.append(line(i));
            }
        }
        assertTrue(Files.size(file) <= CAP, "jtee.log: " + Files.size(file));
        assertTrue(Files.size(LogFile.rotated(file)) <= CAP, "jtee.log.1: " + Files.size(LogFile.rotated(file)));
        assertFalse(Files.exists(file.resolveSibling("jtee.log.2")));
        List<String> kept = new ArrayList<>(Files.readAllLines(LogFile.rotated(file)));
        kept.addAll(Files.readAllLines(file));
        int first = lines - kept.size();
        assertTrue(first > 0, "older lines were dropped");
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(line(first + i), kept.get(i));
        }
    }

    @Test
    void reopening_appendsToWhatIsThere_andRotatesWhenFull() throws Exception {
        Path file = LogFile.under(home);
        try (LogFile log = LogFile.open(file, CAP)) {
            log.append("first run");
        }
        try (LogFile log = LogFile.open(file, CAP)) {
            log.append("second run");
            log.append("y".repeat(LogFile.MAX_LINE_BYTES));
        }
        assertEquals("first run\nsecond run\n", Files.readString(LogFile.rotated(file)));
        assertEquals("y".repeat(LogFile.MAX_LINE_BYTES) + "\n", Files.readString(file));
    }

    @Test
    void aLineOverTheLongest_isCut() throws Exception {
        Path file = LogFile.under(home);
        try (LogFile log = LogFile.open(file, CAP)) {
            log.append("z".repeat(3 * LogFile.MAX_LINE_BYTES));
            log.append("after");
        }
        assertEquals(List.of("z".repeat(LogFile.MAX_LINE_BYTES)), Files.readAllLines(LogFile.rotated(file)));
        assertEquals(List.of("after"), Files.readAllLines(file));
    }

    @Test
    void alongside_passesEverythingToTheTerminal_andLogsItsLines() throws Exception {
        Path file = LogFile.under(home);
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (LogFile log = LogFile.open(file, CAP)) {
            PrintStream both = log.alongside(new PrintStream(terminal, true, StandardCharsets.UTF_8));
            both.println("jtee core ready on /tmp/x");
            both.print("half a ");
            both.println("line, and é");
            both.print("no newline yet");
            both.flush();
        }
        assertEquals("jtee core ready on /tmp/x\nhalf a line, and é\nno newline yet", terminal.toString(StandardCharsets.UTF_8));
        assertEquals("jtee core ready on /tmp/x\nhalf a line, and é\n", Files.readString(file));
    }

    @Test
    void afterClose_linesGoToTheTerminalOnly() throws Exception {
        Path file = LogFile.under(home);
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        LogFile log = LogFile.open(file, CAP);
        PrintStream both = log.alongside(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        log.close();
        both.println("late line");
        assertEquals("late line\n", terminal.toString(StandardCharsets.UTF_8));
        assertEquals("", Files.readString(file));
    }

    @Test
    void aCapBelowTheLongestLine_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> LogFile.open(LogFile.under(home), 100));
    }
}
