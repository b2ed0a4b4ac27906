package org.jtee.bench.abuse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jtee.common.DefaultLocations;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The abuse suite: {@value #WELL_BEHAVED} well-behaved clients call the core while the
 * misbehaving clients of {@link AbuseMix} do their worst, each part alone and then all at once.
 * Once the mix is at full strength ({@link AbuseMix#awaitEngaged}, bounded), every well-behaved
 * client calls for {@value #CALLING_MILLIS} ms; every call must complete, correctly, within a bound; afterwards the core, which
 * runs in this JVM, must hold no more descriptors, threads or TA hosts than before, and no
 * shared-memory file may be left. The session flood must be refused within
 * {@value #SESSION_FLOOD_BOUND} opens.
 *
 * <p>Every wait is bounded, so a core that stalls fails an assertion naming what each part saw.
 * By default the parts run all at once (about 30 s). {@code -Djtee.abuse.parts=NEVER_READ,TRUNCATE_SHM}
 * (names of {@link Misbehaviour}, or {@code all}) runs those instead, each alone on a core of its
 * own, to tell which one a failure comes from.
 */
class AbuseSuiteTest {
    static final int WELL_BEHAVED = 64;
    /** How long the well-behaved clients call, one call after another, each checked. */
    static final long CALLING_MILLIS = 2_000;
    /** The most the mix may take to be at full strength before the well-behaved clients start. */
    static final long ENGAGE_BOUND_MILLIS = 20_000;
    static final long WELL_BEHAVED_BOUND_SECONDS = 20;
    static final long CLEAN_BOUND_SECONDS = 15;
    /**
     * The most sessions the flood opens: the core must refuse one before. Give the core a TA
     * instance limit below this where the test starts it, if its default is higher.
     */
    static final int SESSION_FLOOD_BOUND = 12;
    /** Connections the frame flood leaves with a 16 MiB frame short of its last byte. */
    static final int FRAME_FLOOD_CONNECTIONS = 16;

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void eachPartAlone_wellBehavedClientsAreServed_andNothingIsLeftOver(Misbehaviour part) throws Exception {
        assumeTrue(selected().contains(part), "not in -Djtee.abuse.parts");
        run(EnumSet.of(part));
    }

    @Test
    void allAtOnce_wellBehavedClientsAreServed_andNothingIsLeftOver() throws Exception {
        assumeTrue(selected().isEmpty(), "-Djtee.abuse.parts runs the parts one at a time instead");
        run(EnumSet.allOf(Misbehaviour.class));
    }

    /** The parts named by {@code -Djtee.abuse.parts}; none if it is not set. */
    private static Set<Misbehaviour> selected() {
        String parts = System.getProperty("jtee.abuse.parts", "").trim();
        if (parts.equalsIgnoreCase("all")) {
            return EnumSet.allOf(Misbehaviour.class);
        }
        Set<Misbehaviour> s = EnumSet.noneOf(Misbehaviour.class);
        Arrays.stream(parts.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> Misbehaviour.valueOf(p.toUpperCase(Locale.ROOT))).forEach(s::add);
        return s;
    }

    private void run(Set<Misbehaviour> parts) throws Exception {
        Path shm = Files.createTempDirectory(DefaultLocations.sharedMemoryDir(), "jtee-abuse-");
        List<String> problems = new ArrayList<>();
        List<AbuseMix.Report> reports;
        try (InProcessTee tee = InProcessTee.start(home)) {
            problems.addAll(wellBehaved(tee.socket())); // the first round grows the core's pools
            Leftovers before = Leftovers.now(shm);
            AbuseMix.Options options = new AbuseMix.Options(shm, FRAME_FLOOD_CONNECTIONS, SESSION_FLOOD_BOUND);
            AbuseMix mix = AbuseMix.start(tee.socket(), parts, options);
            try (mix) {
                List<Misbehaviour> notEngaged = mix.awaitEngaged(ENGAGE_BOUND_MILLIS);
                if (!notEngaged.isEmpty()) {
                    System.out.println("abuse: not at full strength after " + ENGAGE_BOUND_MILLIS + " ms: " + notEngaged);
                }
                problems.addAll(wellBehaved(tee.socket()));
            }
            reports = mix.reports();
            checkSessionFlood(reports, parts, problems);
            problems.addAll(awaitClean(shm, before));
        } finally {
            deleteQuietly(shm);
        }
        StringBuilder what = new StringBuilder();
        reports.forEach(r -> what.append("\n  ").append(r.part()).append(" (").append(r.rounds()).append(" rounds")
                .append(r.engaged() ? "" : ", never at full strength").append("): ")
                .append(r.note()).append(r.failure() != null ? " [part failed: " + r.failure() + "]" : "")
                .append(r.stopped() ? "" : " [its thread did not stop]"));
        System.out.println("abuse " + parts + ":" + what);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nthe mix:" + what);
    }

    /** The session flood must have been refused, with a GP error. */
    private static void checkSessionFlood(List<AbuseMix.Report> reports, Set<Misbehaviour> parts,
            List<String> problems) {
        for (AbuseMix.Report r : reports) {
            if (r.part() == Misbehaviour.SESSION_FLOOD && parts.contains(r.part())) {
                if (r.refusal() == null && r.engaged()) {
                    problems.add("the core refused none of the session flood's " + r.rounds() + " sessions (bound "
                            + SESSION_FLOOD_BOUND + ")");
                } else if (r.refusal() == null) {
                    problems.add("the session flood had opened " + r.rounds() + " sessions, no refusal yet, when the mix stopped");
                } else if (r.refusal() == TeeResult.COMMUNICATION) {
                    problems.add("the session flood was refused with a broken connection, not a GP error: " + r.note());
                }
            }
        }
    }

    /**
     * {@value #WELL_BEHAVED} clients, each calling (checked) for {@value #CALLING_MILLIS} ms, all
     * bounded by {@value #WELL_BEHAVED_BOUND_SECONDS} s; what went wrong, alike failures counted once.
     */
    private static List<String> wellBehaved(Path socket) throws InterruptedException {
        Map<String, Integer> problems = new ConcurrentHashMap<>();
        List<WellBehavedClient> clients = Collections.synchronizedList(new ArrayList<>());
        AtomicLongArray progress = new AtomicLongArray(WELL_BEHAVED);
        CountDownLatch done = new CountDownLatch(WELL_BEHAVED);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CALLING_MILLIS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < WELL_BEHAVED; i++) {
            int client = i;
            threads.add(Thread.ofPlatform().daemon().name("well-behaved-" + i).start(() -> {
                try (WellBehavedClient c = WellBehavedClient.connect(socket)) {
                    clients.add(c);
                    c.openSession();
                    for (int call = 0; call == 0 || System.nanoTime() < end; call++) {
                        c.checkedCall(client * 100_000 + call);
                        progress.incrementAndGet(client);
                    }
                } catch (Exception e) {
                    problems.merge("a well-behaved client's call failed: " + e, 1, Integer::sum);
                } finally {
                    done.countDown();
                }
            }));
        }
        if (!done.await(WELL_BEHAVED_BOUND_SECONDS, TimeUnit.SECONDS)) {
            problems.merge(done.getCount() + " of " + WELL_BEHAVED + " well-behaved clients were still in a call "
                    + WELL_BEHAVED_BOUND_SECONDS + " s after they started (calls done by each: " + progress + ")", 1, Integer::sum);
            new ArrayList<>(clients).forEach(WellBehavedClient::close);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return problems.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " (" + e.getValue() + " clients)")
                .toList();
    }

    /** Waits (bounded) until nothing is above {@code before}; what still is, if anything. */
    private static List<String> awaitClean(Path shm, Leftovers before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLEAN_BOUND_SECONDS);
        List<String> left;
        while (!(left = Leftovers.now(shm).above(before)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return left.stream().map(l -> "left over " + CLEAN_BOUND_SECONDS + " s after the abuse: " + l).toList();
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
