package org.jtee.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of trusted storage with real processes: a {@link CrashWriter} process (the
 * core's side of storage) writes the {@link CrashModel}'s objects through its real supplicant
 * child, and each round sends {@code SIGKILL} at a random moment to the core (about 70% of rounds)
 * or to its supplicant (about 30%, the core restarts it and goes on writing). After each core kill
 * a new writer reports what the store holds, and every object must be at its last acknowledged
 * version or, for an object whose mutation was under way (one per writing thread), at one of the
 * states that mutation's calls pass through — never older, never anything else; the store lists
 * exactly the objects found. The last round is always a core kill, so every supplicant kill is
 * checked too.
 *
 * <p>System properties: {@code jtee.crash.rounds} (default 200), {@code jtee.crash.maxWaitMillis}
 * (writing time before a kill, drawn from 0 up to this; default 400), {@code jtee.crash.seed}
 * (the mutations and the kill schedule; default random, printed), {@code jtee.crash.coreShare}
 * (percent of rounds that kill the core; default 70). {@code docs/storage.md} has the soak command.
 */
class CrashRoundsTest {
    private static final int ROUNDS = Integer.getInteger("jtee.crash.rounds", 200);
    private static final int MAX_WAIT_MILLIS = Integer.getInteger("jtee.crash.maxWaitMillis", 400);
    private static final int CORE_SHARE = Integer.getInteger("jtee.crash.coreShare", 70);
    private static final long SEED = Long.getLong("jtee.crash.seed", System.nanoTime());
    private static final int SMALL_SEGMENT_BYTES = Integer.getInteger("jtee.crash.segmentBytes", 256 << 10);
    /** The share of the rounds run against the store as {@link CoreStorage} makes it; the rest have small segments. */
    private static final int CORE_STORAGE_ROUNDS = ROUNDS * 2 / 5;
    /** The share of the rounds run against the RPMB store as {@link CoreStorage} makes it. */
    private static final int RPMB_ROUNDS = ROUNDS / 5;
    private static final long START_MILLIS = 60_000;
    /** How long a core's orphaned supplicant has to see its link close and exit before it is killed. */
    private static final long ORPHAN_GRACE_MILLIS = 3_000;
    private static final String EOF = "\0EOF";

    /** The writer's state and storage directories, its output and its log; kept when a test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private Writer writer;

    private CrashLedger ledger;
    /** The writer's segment size, 0 for the store as {@link CoreStorage} makes it. */
    private int segmentBytes;
    /** Whether the writer runs {@link CoreStorage}'s RPMB store rather than its REE FS store. */
    private boolean rpmb;

    /** Counts and times for the summary line. */
    private int rounds;
    private int coreKills;
    private int supplicantKills;
    private int orphansExited;
    private int orphansKilled;
    private long writeNanos;
    private long supplicantKillNanos;
    private long coreKillNanos;
    private long startNanos;
    private long startedNanos = System.nanoTime();

    /** The REE FS store exactly as {@link CoreStorage} makes it for the core (8 MiB segments). */
    @Test
    void coreStorage_coreOrSupplicantKilledWhileWriting_everyObjectKeepsItsLastAckOrTheWriteInFlight() throws Exception {
        runRounds(CORE_STORAGE_ROUNDS, 0);
    }

    /** The same store with small segments: kills land in segment changes and compactions too. */
    @Test
    void smallSegments_coreOrSupplicantKilledWhileWriting_everyObjectKeepsItsLastAckOrTheWriteInFlight() throws Exception {
        runRounds(ROUNDS - CORE_STORAGE_ROUNDS - RPMB_ROUNDS, SMALL_SEGMENT_BYTES);
    }

    /**
     * The RPMB store as {@link CoreStorage} makes it, on the supplicant's emulated device: a kill
     * of either process at any moment, the first boot's included, never leaves a device that the
     * next writer takes for a rolled-back one, nor loses an acknowledged write.
     */
    @Test
    void rpmb_coreOrSupplicantKilledWhileWriting_everyObjectKeepsItsLastAckOrTheWriteInFlight() throws Exception {
        rpmb = true;
        runRounds(RPMB_ROUNDS, 0);
    }

    private void runRounds(int total, int segments) throws Exception {
        segmentBytes = segments;
        ledger = new CrashLedger(SEED);
        SplittableRandom random = new SplittableRandom(SEED ^ segments);
        startedNanos = System.nanoTime();
        writer = startAndVerify();
        for (int round = 1; round <= total; round++) {
            rounds = round;
            long t0 = System.nanoTime();
            drainFor(random.nextInt(MAX_WAIT_MILLIS + 1));
            long t1 = System.nanoTime();
            writeNanos += t1 - t0;
            if (round < total && random.nextInt(100) >= CORE_SHARE) {
                killSupplicant();
                supplicantKillNanos += System.nanoTime() - t1;
            } else {
                killCore();
                long t2 = System.nanoTime();
                coreKillNanos += t2 - t1;
                writer = startAndVerify();
                startNanos += System.nanoTime() - t2;
            }
        }
        assertEquals(total, coreKills + supplicantKills);
        assertTrue(ledger.acks() > 0, "the writer acknowledged writes");
    }

    private String summary() {
        return "crash rounds (" + (rpmb ? "CoreStorage RPMB" : segmentBytes == 0 ? "CoreStorage" : segmentBytes + "-byte segments")
                + ", seed " + SEED
                + "): " + rounds + " rounds, " + coreKills + " core kills, " + supplicantKills + " supplicant kills, "
                + (ledger == null ? "" : ledger.counts()) + "; orphaned supplicants " + orphansExited + " exited, "
                + orphansKilled + " killed; ms writing " + writeNanos / 1_000_000 + ", killing supplicants "
                + supplicantKillNanos / 1_000_000 + ", killing cores " + coreKillNanos / 1_000_000
                + ", starting and checking writers " + startNanos / 1_000_000 + ", in all "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @AfterEach
    void killEverything() {
        if (writer != null) {
            writer.process.descendants().forEach(ProcessHandle::destroyForcibly);
            writer.process.destroyForcibly();
        }
        for (ProcessHandle p : supplicantsOf(dir)) {
            p.destroyForcibly();
        }
        System.out.println(summary());
    }

    // ------------------------------------------------------------------ rounds

    /** Reads the writer's lines for {@code millis}, applying each to the model. */
    private void drainFor(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            String line = writer.lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null) {
                handle(line);
            }
        }
    }

    private void killSupplicant() throws Exception {
        ProcessHandle s = awaitSupplicant();
        s.destroyForcibly();
        awaitExit(s, 10_000);
        supplicantKills++;
    }

    /** The writer's live supplicant child; lines that come meanwhile are applied. */
    private ProcessHandle awaitSupplicant() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            var child = writer.process.children().filter(CrashRoundsTest::running).filter(CrashRoundsTest::isSupplicant).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            drainFor(5);
        }
        return fail(failure("the writer had no supplicant for " + START_MILLIS + " ms"));
    }

    private void killCore() throws Exception {
        Set<ProcessHandle> orphans = new HashSet<>(writer.process.descendants().toList());
        writer.process.destroyForcibly();
        if (!writer.process.waitFor(10, TimeUnit.SECONDS)) {
            fail(failure("the writer outlived SIGKILL by 10 s"));
        }
        String line;
        while (!(line = writer.next(10_000)).equals(EOF)) {
            handle(line);
        }
        orphans.addAll(supplicantsOf(dir));
        for (ProcessHandle p : orphans) {
            awaitOrphan(p);
        }
        coreKills++;
    }

    /** A killed core's supplicant sees its link close and exits; one that has not within the grace time is killed. */
    private void awaitOrphan(ProcessHandle p) throws InterruptedException {
        if (awaitExit(p, ORPHAN_GRACE_MILLIS)) {
            orphansExited++;
            return;
        }
        p.destroyForcibly();
        awaitExit(p, 10_000);
        orphansKilled++;
    }

    /**
     * Waits up to {@code millis} for {@code p} to end; true if it did. Polled: {@link ProcessHandle#onExit()}
     * of a process that is not the test's child polls too, but from 300 ms on.
     */
    private static boolean awaitExit(ProcessHandle p, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running(p)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /**
     * Whether {@code p} still runs. An orphan that has exited stays a zombie until init reaps it,
     * which may take a second, and {@link ProcessHandle#isAlive()} counts zombies as alive.
     */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }

    /** Supplicant processes serving this test's storage directory (orphans included), found by their command lines. */
    private static List<ProcessHandle> supplicantsOf(Path dir) {
        String storage = dir.resolve("ree").toString();
        return ProcessHandle.allProcesses().filter(CrashRoundsTest::running).filter(CrashRoundsTest::isSupplicant)
                .filter(p -> p.info().commandLine().orElse("").contains(storage)).toList();
    }

    /** A supplicant, not the JDK's helper process that a writer briefly has while it starts one. */
    private static boolean isSupplicant(ProcessHandle p) {
        return p.info().commandLine().orElse("").contains("SupplicantMain");
    }

    // ------------------------------------------------------------------ the writer's lines

    /** Starts a writer, checks what it reports against the ledger, and lets it write on. */
    private Writer startAndVerify() throws IOException, InterruptedException {
        Writer w = new Writer();
        writer = w;
        String[] pids = expect("PIDS").split(" ");
        assertEquals(w.process.pid(), Long.parseLong(pids[1]), "the writer's pid");
        StringBuilder go = new StringBuilder("GO");
        int present = 0;
        for (int i = 0; i < CrashModel.OBJECTS; i++) {
            String[] state = expect("STATE").split(" ", 4);
            assertEquals(Integer.toString(i), state[1], "STATE lines come in object order");
            try {
                CrashLedger.Found found = ledger.identify(i, state[2], state[3]);
                go.append(' ').append(found.word());
                present += (found.state().main() != null ? 1 : 0) + (found.state().temporary() != null ? 1 : 0);
            } catch (CrashLedger.Inconsistent e) {
                fail(failure(e.getMessage()));
            }
        }
        int listed = Integer.parseInt(expect("OBJECTS").split(" ")[1]);
        if (listed != present) {
            fail(failure("the store lists " + listed + " objects of the TA, the states found hold " + present));
        }
        expect("READY");
        w.send(go.toString());
        return w;
    }

    /** Applies a line the writer printed while writing. */
    private void handle(String line) {
        String[] w = line.split(" ", 3);
        try {
            switch (w[0]) {
                case "BEGIN" -> ledger.begin(Integer.parseInt(w[1]), Long.parseLong(w[2]));
                case "ACK" -> ledger.ack(Integer.parseInt(w[1]), Long.parseLong(w[2]));
                case "ERROR" -> fail(failure("the writer failed: " + line));
                case EOF -> fail(failure("the writer ended by itself"));
                default -> fail(failure("unexpected line from the writer: " + line));
            }
        } catch (CrashLedger.Inconsistent e) {
            fail(failure(e.getMessage()));
        }
    }

    /** The next line, which must start with {@code word}; lines of a dying writer's tail are not expected here. */
    private String expect(String word) throws InterruptedException {
        String line = writer.next(START_MILLIS);
        if (line.startsWith("ERROR")) {
            fail(failure("the writer failed: " + line));
        }
        if (!line.startsWith(word + " ") && !line.equals(word)) {
            fail(failure("expected " + word + " from the writer, got " + (line.equals(EOF) ? "the end of its output" : line)));
        }
        return line;
    }

    /** {@code what}, with the round, the seed, the counts and the end of the writer's log. */
    private String failure(String what) {
        StringBuilder m = new StringBuilder("round " + rounds + ": " + what + "\n" + summary() + "\nkept: " + dir
                + "\nwriter log tail:\n");
        try {
            List<String> log = Files.readAllLines(dir.resolve("writer.log"));
            log.subList(Math.max(0, log.size() - 40), log.size()).forEach(l -> m.append("  ").append(l).append('\n'));
        } catch (IOException e) {
            m.append("  (unreadable: ").append(e).append(")\n");
        }
        return m.toString();
    }

    /**
     * A writer process: its input, and its output lines as they come (then {@link #EOF}). The
     * output goes to a file that a thread follows: a pipe's stream from {@link Process} may be
     * closed under a reader when the process dies, and lines at the end would be lost.
     */
    private final class Writer {
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final OutputStream in;

        Writer() throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                    "--state-dir", dir.resolve("state").toString(), "--storage-dir", dir.resolve("ree").toString(),
                    "--seed", Long.toString(SEED)));
            if (segmentBytes > 0) {
                cmd.addAll(List.of("--segment-bytes", Integer.toString(segmentBytes)));
            }
            if (rpmb) {
                cmd.addAll(List.of("--store", "rpmb"));
            }
            Path out = dir.resolve("writer.out");
            Files.deleteIfExists(out);
            process = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("writer.log").toFile())).start();
            in = process.getOutputStream();
            InputStream follow = Files.newInputStream(out);
            Thread.ofPlatform().daemon().name("crash-writer-" + process.pid()).start(() -> follow(follow));
        }

        /** Reads the output file as it grows, until the process has ended and all of it is read. */
        private void follow(InputStream out) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (out) {
                boolean ended = false;
                while (true) {
                    int n = out.read(buf);
                    if (n > 0) {
                        for (int k = 0; k < n; k++) {
                            if (buf[k] != '\n') {
                                line.write(buf[k]);
                            } else {
                                lines.add(line.toString(StandardCharsets.US_ASCII));
                                line.reset();
                            }
                        }
                    } else if (ended) {
                        break;
                    } else {
                        // one more read after the end, for what was written just before it
                        ended = !process.isAlive();
                        Thread.sleep(1);
                    }
                }
            } catch (IOException | InterruptedException e) {
                lines.add("ERROR reading the writer's output: " + e);
            } finally {
                lines.add(EOF);
            }
        }

        String next(long millis) throws InterruptedException {
            String line = lines.poll(millis, TimeUnit.MILLISECONDS);
            return line != null ? line : fail(failure("no line from the writer within " + millis + " ms"));
        }

        void send(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }
    }
}
