package org.jtee.core.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtee.core.runtime.CrashModel.State;

/**
 * What {@link CrashRoundsTest} knows of the objects its writers mutate: per object the last
 * acknowledged version and its state in the {@link CrashModel}, the mutation under way (after a
 * {@code BEGIN}, until its {@code ACK}), and how many of that mutation's calls a restarted writer
 * has already found done — a later crash may not take those back. From this it judges what a
 * restarted writer reports.
 */
final class CrashLedger {
    /** What the writer's lines or the store's state contradict. */
    static final class Inconsistent extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        Inconsistent(String message) {
            super(message);
        }
    }

    /** What a restarted writer found of one object, and its word of the writer's {@code GO} line. */
    record Found(String word, State state) {}

    private final long seed;
    private final State[] model = new State[CrashModel.OBJECTS];
    private final long[] acked = new long[CrashModel.OBJECTS];
    /** The version under way, 0 for none. */
    private final long[] pending = new long[CrashModel.OBJECTS];
    private final int[] floor = new int[CrashModel.OBJECTS];
    /** Every acknowledged state's digest and version, per object: to name what an object went back to. */
    private final List<Map<String, Long>> history = new ArrayList<>();
    private int acks;
    private int foundDone;
    private int foundCutShort;

    CrashLedger(long seed) {
        this.seed = seed;
        for (int i = 0; i < CrashModel.OBJECTS; i++) {
            model[i] = State.ABSENT;
            history.add(new HashMap<>(Map.of(State.ABSENT.digest(), 0L)));
        }
    }

    /** {@code BEGIN i v}: the writer starts the calls of version {@code v}. */
    void begin(int i, long v) throws Inconsistent {
        if (v != acked[i] + 1) {
            throw new Inconsistent("BEGIN " + i + " " + v + ", but version " + acked[i] + " is the last acknowledged");
        }
        for (int j = i % CrashWriter.THREADS; j < CrashModel.OBJECTS; j += CrashWriter.THREADS) {
            if (j != i && pending[j] != 0) {
                throw new Inconsistent("BEGIN " + i + " " + v + " while version " + pending[j] + " of object " + j
                        + ", of the same writing thread, is under way");
            }
        }
        pending[i] = v;
    }

    /** {@code ACK i v}: every call of version {@code v} returned success. */
    void ack(int i, long v) throws Inconsistent {
        if (pending[i] != v) {
            throw new Inconsistent("ACK " + i + " " + v + " without BEGIN " + i + " " + v);
        }
        State[] path = CrashModel.path(model[i], CrashModel.steps(seed, i, v));
        acknowledge(i, v, path[path.length - 1]);
        acks++;
    }

    /**
     * Which state object {@code i} is in, from a restarted writer's digest: the acknowledged one,
     * or one its pending mutation passes through, no earlier than the calls found done before.
     */
    Found identify(int i, String digest, String sizes) throws Inconsistent {
        long next = acked[i] + 1;
        State[] path = pending[i] != 0 ? CrashModel.path(model[i], CrashModel.steps(seed, i, next)) : new State[] {model[i]};
        int k = path.length - 1;
        while (k >= floor[i] && !path[k].digest().equals(digest)) {
            k--;
        }
        if (k < floor[i]) {
            throw new Inconsistent(mismatch(i, digest, sizes, path));
        }
        if (k == 0) {
            pending[i] = 0;
            return new Found(Long.toString(acked[i]), path[0]);
        }
        if (k < path.length - 1) {
            floor[i] = k;
            foundCutShort++;
            return new Found(next + ":" + k, path[k]);
        }
        foundDone++;
        acknowledge(i, next, path[k]);
        return new Found(Long.toString(next), path[k]);
    }

    private void acknowledge(int i, long v, State s) {
        model[i] = s;
        acked[i] = v;
        pending[i] = 0;
        floor[i] = 0;
        history.get(i).put(s.digest(), v);
    }

    private String mismatch(int i, String digest, String sizes, State[] path) {
        StringBuilder m = new StringBuilder("object " + i + " holds " + digest + " (" + sizes + "), but version " + acked[i]
                + " was acknowledged (" + path[0].digest() + ", " + path[0].sizes() + ")");
        if (pending[i] != 0) {
            m.append(" and version ").append(acked[i] + 1).append(" (").append(CrashModel.kind(seed, i, acked[i] + 1))
                    .append(") was under way, its calls found done up to ").append(floor[i]).append(", passing through");
            for (int k = 1; k < path.length; k++) {
                m.append(' ').append(path[k].digest()).append(" (").append(path[k].sizes()).append(')');
            }
        }
        Long older = history.get(i).get(digest);
        m.append(older != null ? "; it is version " + older + ", acknowledged earlier: a rollback"
                : passesThrough(path, digest) ? "; it is a state the pending mutation had already left: a rollback"
                : "; it matches no version written (BAD)");
        return m.toString();
    }

    private static boolean passesThrough(State[] path, String digest) {
        for (State s : path) {
            if (s.digest().equals(digest)) {
                return true;
            }
        }
        return false;
    }

    int acks() {
        return acks;
    }

    /** For the summary: acknowledgements, and what restarted writers found of mutations under way. */
    String counts() {
        return acks + " acks, " + foundDone + " unacknowledged mutations found done, " + foundCutShort + " found cut short between calls";
    }
}
