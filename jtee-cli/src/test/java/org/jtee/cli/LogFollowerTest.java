package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogFollower}: the last lines across {@code jtee.log.1} and {@code jtee.log}, and following across rotations. */
class LogFollowerTest {
    private static final long CAP = LogFile.MAX_LINE_BYTES + 1;
    private static final long WAIT_NANOS = 60_000_000_000L;

    @TempDir
    Path home;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static String lines(int from, int to) {
        StringBuilder b = new StringBuilder();
        IntStream.range(from, to).forEach(i -> b.append("line ").append(i).append('\n'));
        return b.toString();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private Path logWith(String older, String current) throws Exception {
        Path file = LogFile.under(home);
        Files.createDirectories(file.getParent());
        if (older != null) {
            Files.writeString(LogFile.rotated(file), older);
        }
        if (current != null) {
            Files.writeString(file, current);
        }
        return file;
    }

    @Test
    void printLast_takesTheOlderLinesFromTheRotatedFile() throws Exception {
        Path file = logWith(lines(1, 6), lines(6, 9));
        new LogFollower(file, out).printLast(5);
        assertEquals(lines(4, 9), printed());
    }

    @Test
    void printLast_ofMoreThanThereAre_printsAll_andZeroPrintsNone() throws Exception {
        Path file = logWith(lines(1, 3), lines(3, 5));
        new LogFollower(file, out).printLast(100);
        assertEquals(lines(1, 5), printed());
        printed.reset();
        new LogFollower(file, out).printLast(0);
        assertEquals("", printed());
    }

    @Test
    void printLast_ofALargeFile_readsAcrossChunks() throws Exception {
        Path file = logWith(null, lines(0, 20_000));
        new LogFollower(file, out).printLast(12_345);
        assertEquals(lines(20_000 - 12_345, 20_000), printed());
    }

    @Test
    void printLast_leavesOutAnUnfinishedLine_andExistsSeesEitherFile() throws Exception {
        Path file = logWith(null, lines(0, 3) + "half");
        LogFollower log = new LogFollower(file, out);
        assertTrue(log.exists());
        log.printLast(2);
        assertEquals(lines(1, 3), printed());
        Files.delete(file);
        assertFalse(log.exists());
        logWith(lines(0, 1), null);
        assertTrue(new LogFollower(file, out).exists());
    }

    @Test
    void follow_printsNewLinesAcrossRotations_noneLostOrTwice() throws Exception {
        Path file = LogFile.under(home);
        List<String> written = new ArrayList<>();
        try (LogFile log = LogFile.open(file, CAP)) {
            log.append("before");
            written.add("before");
            LogFollower follower = new LogFollower(file, out);
            follower.printLast(1);
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    follower.follow();
                } catch (Exception e) {
                    out.println("follow failed: " + e);
                }
            });
            try {
                // batches of about half the cap: the log rotates every second batch, each time after the
                // follower has read everything before it (as tail -F, it cannot see a file rotated twice meanwhile)
                for (int batch = 0; batch < 7; batch++) {
                    for (int i = 0; i < 80; i++) {
                        String line = "batch " + batch + " line " + i + " " + "-".repeat(90);
                        log.append(line);
                        written.add(line);
                    }
                    awaitPrinted(String.join("\n", written) + "\n");
                }
                String partial = "written in two parts";
                Files.writeString(file, partial.substring(0, 7), StandardOpenOption.APPEND);
                Files.writeString(file, partial.substring(7) + "\n", StandardOpenOption.APPEND);
                written.add(partial);
                awaitPrinted(String.join("\n", written) + "\n");
            } finally {
                reader.interrupt();
                reader.join();
            }
        }
        assertTrue(Files.exists(LogFile.rotated(file)), "the log rotated");
        assertEquals(String.join("\n", written) + "\n", printed());
    }

    @Test
    void follow_waitsForALogThatIsNotThereYet() throws Exception {
        Path file = LogFile.under(home);
        LogFollower follower = new LogFollower(file, out);
        follower.printLast(10);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                follower.follow();
            } catch (Exception e) {
                out.println("follow failed: " + e);
            }
        });
        try (LogFile log = LogFile.open(file, CAP)) {
            log.append("first line");
            awaitPrinted("first line\n");
        } finally {
            reader.interrupt();
            reader.join();
        }
    }

    /** Waits until {@code expected} has been printed (the bound is for a hang, not a timing). */
    private void awaitPrinted(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!printed().equals(expected)) {
            if (System.nanoTime() > deadline || printed().length() > expected.length()) {
                assertEquals(expected, printed());
            }
            Thread.sleep(20);
        }
    }
}
