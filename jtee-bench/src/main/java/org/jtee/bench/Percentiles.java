package org.jtee.bench;

import java.util.Arrays;

/** Percentiles of a sample of durations, by the nearest-rank method. */
final class Percentiles {
    private final long[] sortedNanos;

    Percentiles(long[] nanos) {
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    /** The p-th percentile (0 < p ≤ 100) in microseconds. */
    double micros(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1000.0;
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds. */
    double millis(double p) {
        return micros(p) / 1000.0;
    }

    /** The largest duration in milliseconds. */
    double maxMillis() {
        return sortedNanos[sortedNanos.length - 1] / 1e6;
    }
}
