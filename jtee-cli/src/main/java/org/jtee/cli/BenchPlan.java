package org.jtee.cli;

import java.util.ArrayList;
import java.util.List;
import org.jtee.bench.TargetTa;

/**
 * What {@code jtee bench} runs, in order, from the names and {@code --ta} the user gave.
 *
 * <p>No names: {@code invoke} and {@code shm} against both TAs, {@code open} and {@code memory};
 * with {@code --socket} just {@code invoke} and {@code shm}, as a running core need not have
 * the isolated TA installed. {@code abuse} runs only when named: it loads the machine for a
 * minute; so does {@code crypto}, which takes a few minutes (GP crypto in a TA host beside the
 * same crypto in process), and {@code storage}, which syncs the disk for a few minutes and needs
 * a TEE of the command's own (its floors are measured in that TEE's storage directory), and
 * {@code pkcs11}, which takes a few minutes and needs a TEE of the command's own too (it
 * initialises a token and fills it with thousands of objects). {@code open} on a TEE the command starts itself also measures {@code open-cold}, on a
 * second TEE without a warm pool.
 */
record BenchPlan(List<Run> runs) {
    /** The names a user may give. */
    static final List<String> NAMES = List.of("invoke", "shm", "open", "memory", "abuse", "crypto", "storage", "pkcs11");
    /** What runs when no name is given, on a TEE of the command's own. */
    static final List<String> DEFAULTS = List.of("invoke", "shm", "open", "memory");

    /** The benchmarks that run only on a TEE of the command's own, in the order they are reported. */
    private static final List<String> OWN_TEE = List.of("storage", "pkcs11");

    /** One benchmark; {@code ta} counts only for invoke and shm ({@code abuse} always calls the built-in TA). */
    record Run(String name, TargetTa ta) {}

    /**
     * The plan for {@code names} and {@code ta} (null: not given).
     *
     * @throws IllegalArgumentException for an unknown benchmark or TA name
     */
    static BenchPlan of(List<String> names, String ta, boolean ownTee) {
        TargetTa target = ta == null ? TargetTa.BUILTIN : TargetTa.parse(ta);
        for (String n : names) {
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("unknown benchmark '" + n + "'; choose from " + String.join(", ", NAMES));
            }
        }
        List<Run> runs = new ArrayList<>();
        for (String n : names.isEmpty() ? defaults(ownTee) : names) {
            runs.add(new Run(n, n.equals("abuse") ? TargetTa.BUILTIN : target));
            if ((n.equals("invoke") || n.equals("shm")) && names.isEmpty() && ta == null && ownTee) {
                runs.add(new Run(n, TargetTa.ISOLATED));
            }
        }
        return new BenchPlan(List.copyOf(runs));
    }

    private static List<String> defaults(boolean ownTee) {
        return ownTee ? DEFAULTS : List.of("invoke", "shm");
    }

    /** Whether the plan runs the benchmark {@code name}. */
    boolean includes(String name) {
        return runs.stream().anyMatch(r -> r.name().equals(name));
    }

    /**
     * The benchmarks of the plan that need a TEE of the command's own, not a running core's
     * ({@code --socket}): {@code storage}, then {@code pkcs11}.
     */
    List<String> needingOwnTee() {
        return OWN_TEE.stream().filter(this::includes).toList();
    }

    /** Why {@code name}, one of {@link #needingOwnTee}, needs a TEE of the command's own. */
    static String whyOwnTee(String name) {
        return switch (name) {
            case "storage" -> "its floors are measured in the directory that TEE's supplicant stores into";
            case "pkcs11" -> "it initialises a token and fills it with thousands of objects";
            default -> throw new IllegalArgumentException(name + " runs on any TEE");
        };
    }

    /** Whether a second TEE, without a pool, is needed for {@code open-cold}. */
    boolean needsColdTee() {
        return runs.stream().anyMatch(r -> r.name().equals("open"));
    }
}
