package org.jtee.bench;

import java.util.Locale;
import java.util.UUID;

/** Which benchmark TA {@code invoke} and {@code shm} call. */
public enum TargetTa {
    /** {@link BenchTa}, built into the core: no process boundary behind the core. */
    BUILTIN(BenchTa.UUID, ""),
    /** {@link IsolatedBenchTa}, a dynamic TA in a TA host JVM of its own: one more pipe round trip. */
    ISOLATED(IsolatedBenchTa.UUID, "-isolated");

    private final UUID uuid;
    private final String suffix;

    TargetTa(UUID uuid, String suffix) {
        this.uuid = uuid;
        this.suffix = suffix;
    }

    public UUID uuid() {
        return uuid;
    }

    /** The name reported for benchmark {@code base} against this TA: {@code invoke}, {@code invoke-isolated}. */
    public String benchName(String base) {
        return base + suffix;
    }

    /** The name a user gives: {@code builtin} or {@code isolated}. */
    public String userName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The target named {@code name} ({@code builtin} or {@code isolated}, as typed).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static TargetTa parse(String name) {
        for (TargetTa t : values()) {
            if (t.userName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown TA '" + name + "'; choose builtin or isolated");
    }
}
