package org.jtee.bench.abuse;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jtee.common.DefaultLocations;

/**
 * The misbehaving clients of the abuse suite and of {@code jtee bench abuse}: one client per
 * {@link Misbehaviour} asked for, each on a thread of its own, going on until {@link #close()}.
 * A part that loses its connection (because the core dropped it, as it may) connects again.
 *
 * <p>Needs a core serving the built-in bench TA and the bench's dynamic TAs
 * ({@code BuiltInBenchTa}, {@code IsolatedTaImage}). Nothing here waits without a bound once
 * {@link #close()} is called: it closes every connection the parts hold, which ends every
 * blocked read and write, then waits for the threads at most {@link #STOP_MILLIS}.
 */
public final class AbuseMix implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.bench.abuse");
    /** How long {@link #close()} waits for the parts' threads. */
    public static final long STOP_MILLIS = 10_000;

    /**
     * How hard the parts push.
     *
     * @param shmDirectory where {@link Misbehaviour#TRUNCATE_SHM} creates its files (on tmpfs)
     * @param frameFloodConnections how many connections {@link Misbehaviour#FRAME_FLOOD} keeps
     *     with an unfinished 16 MiB frame
     * @param sessionFloodBound the most sessions {@link Misbehaviour#SESSION_FLOOD} opens if the
     *     core never refuses
     */
    public record Options(Path shmDirectory, int frameFloodConnections, int sessionFloodBound) {
        /** As the issue that asked for the mix measured: 48 unfinished frames; at most 64 sessions. */
        public static Options defaults() {
            return new Options(DefaultLocations.sharedMemoryDir(), 48, 64);
        }
    }

    /**
     * What a part did.
     *
     * @param rounds how many times it went round its loop
     * @param note what the core did to it, in words (the last thing it saw)
     * @param failure a failure of the part itself (not of the core), or null
     * @param refusal the GP result the core last refused it with, or null (so far: only
     *     {@link Misbehaviour#SESSION_FLOOD} records one)
     * @param engaged whether it has done its damage in full at least once (see {@link #awaitEngaged})
     * @param stopped whether its thread ended within the bound of {@link #close()}
     */
    public record Report(Misbehaviour part, long rounds, String note, Integer refusal, Throwable failure, boolean engaged,
            boolean stopped) {}

    private final Map<Misbehaviour, Part> parts = new EnumMap<>(Misbehaviour.class);

    private AbuseMix() {}

    /** Starts {@code which} against the core whose client socket is {@code socket}. */
    public static AbuseMix start(Path socket, Set<Misbehaviour> which, Options options) {
        AbuseMix mix = new AbuseMix();
        for (Misbehaviour m : which) {
            Part p = new Part(m, socket, options);
            mix.parts.put(m, p);
            p.thread = Thread.ofPlatform().daemon().name("abuse-" + m.name().toLowerCase(java.util.Locale.ROOT))
                    .start(() -> p.run(Misbehaviours.of(m)));
        }
        return mix;
    }

    /** What each part did so far. */
    public List<Report> reports() {
        List<Report> r = new ArrayList<>();
        parts.values().forEach(p -> r.add(p.report()));
        return r;
    }

    /** The report of {@code part}, or null if it does not run. */
    public Report report(Misbehaviour part) {
        Part p = parts.get(part);
        return p == null ? null : p.report();
    }

    /**
     * Waits until every part is engaged, at most {@code millis}: the never-reader has sent its
     * burst, the floods are at full height (every unfinished frame sent, every session opened or
     * one refused), the truncating client has had six calls answered or given up, the others a few
     * rounds. A part the core keeps from getting there (by refusing it) never is.
     *
     * @return the parts not engaged when it returned
     */
    public List<Misbehaviour> awaitEngaged(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Misbehaviour> waiting;
        while (!(waiting = notEngaged()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return waiting;
    }

    private List<Misbehaviour> notEngaged() {
        return parts.values().stream().filter(p -> !p.engaged && p.thread.isAlive()).map(p -> p.kind).toList();
    }

    /** Stops every part: closes what they hold, then waits for their threads (bounded). Idempotent. */
    @Override
    public void close() {
        parts.values().forEach(Part::stop);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (Part p : parts.values()) {
            try {
                p.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One misbehaving client: its loop, what it holds, what it saw. */
    static final class Part {
        final Misbehaviour kind;
        final Path socket;
        final Options options;
        private final List<AutoCloseable> held = new CopyOnWriteArrayList<>();
        private volatile boolean stopping;
        private volatile long rounds;
        private volatile String note = "started; no answer from the core yet";
        private volatile Throwable failure;
        private volatile Integer refusal;
        private volatile boolean engaged;
        volatile Thread thread;

        Part(Misbehaviour kind, Path socket, Options options) {
            this.kind = kind;
            this.socket = socket;
            this.options = options;
        }

        /** The body of a part: goes round until {@link #stopping()}. */
        interface Body {
            void run(Part p) throws Exception;
        }

        void run(Body body) {
            try {
                body.run(this);
            } catch (Exception | Error e) {
                if (!stopping) {
                    failure = e;
                    LOG.log(Level.DEBUG, "abuse part " + kind + " failed", e);
                }
            } finally {
                closeHeld();
            }
        }

        boolean stopping() {
            return stopping;
        }

        /** One more time round its loop; {@code what}, if not null, is the new note. */
        void round(String what) {
            rounds++;
            if (what != null) {
                note = what;
            }
        }

        void note(String what) {
            note = what;
        }

        /** Says the part has done its damage in full once. */
        void engaged() {
            engaged = true;
        }

        /** Engaged once it has gone round {@code n} times. */
        void engagedAfter(long n) {
            if (rounds >= n) {
                engaged = true;
            }
        }

        void refused(int result, String what) {
            refusal = result;
            note = what;
        }

        /** Registers {@code c} to be closed when the mix stops (at once if it has). */
        <T extends AutoCloseable> T hold(T c) {
            held.add(c);
            if (stopping) {
                closeQuietly(c);
            }
            return c;
        }

        /** Closes {@code c} now and forgets it. */
        void release(AutoCloseable c) {
            held.remove(c);
            closeQuietly(c);
        }

        /** Sleeps, unless stopping; false if stopping. */
        boolean pause(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!stopping && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(Math.min(10, millis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !stopping;
        }

        void stop() {
            stopping = true;
            closeHeld();
        }

        private void closeHeld() {
            for (AutoCloseable c : held) {
                release(c);
            }
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // the part is going away; nothing to do about a failed close
            }
        }

        Report report() {
            return new Report(kind, rounds, note, refusal, failure, engaged, thread != null && !thread.isAlive());
        }
    }
}
