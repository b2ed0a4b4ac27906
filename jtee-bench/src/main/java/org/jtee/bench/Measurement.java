package org.jtee.bench;

import java.util.Locale;

/** One reported number: which benchmark, which metric, its unit and value. */
public record Measurement(String bench, String metric, String unit, double value) {
    /** The {@code --json} form: one object per line. */
    public String json() {
        return String.format(Locale.ROOT, "{\"bench\":\"%s\",\"metric\":\"%s\",\"unit\":\"%s\",\"value\":%.3f}",
                bench, metric, unit, value);
    }
}
