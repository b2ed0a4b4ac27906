package org.jtee.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jtee.common.Uuids;

/**
 * Which TA hosts accept a debugger ({@code --ta-debug}; development only, {@code docs/debugging.md}).
 * Either every host, each on the next port from {@value #FIRST_PORT} (the port moves with every
 * host), or the hosts of the TAs named in {@link #targets}, each TA always on its own port, so a
 * debugger can attach again to the next instance after one dies.
 *
 * @param everyTa every TA host is debuggable ({@code --ta-debug} without a value)
 * @param targets the TAs whose hosts are debuggable, each once, each on a port of its own
 */
public record TaDebug(boolean everyTa, List<Target> targets) {
    /** The port of the first TA named without one; the n-th {@code --ta-debug} (from 0) defaults to this plus n. */
    public static final int FIRST_PORT = 5005;
    /** No TA host accepts a debugger: production. */
    public static final TaDebug OFF = new TaDebug(false, List.of());
    /** Every TA host accepts a debugger, on ports from {@value #FIRST_PORT}. */
    public static final TaDebug EVERY_TA = new TaDebug(true, List.of());

    /** The value of {@code --ta-debug} that makes every TA host debuggable, as the option without a value does. */
    public static final String EVERY_TA_VALUE = "all";

    private static final String FORM = "UUID[:PORT][:suspend]";

    /**
     * One debuggable TA: its hosts listen on 127.0.0.1:{@code port}.
     *
     * @param suspend the host waits for a debugger before it runs any code
     */
    public record Target(UUID ta, int port, boolean suspend) {
        public Target {
            if (ta == null) {
                throw new IllegalArgumentException("a debuggable TA needs a UUID");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("--ta-debug: port " + port + " of TA " + ta + " is not in 1..65535");
            }
        }

        /** As given on the command line: {@code UUID:PORT[:suspend]}. */
        public String spec() {
            return ta + ":" + port + (suspend ? ":suspend" : "");
        }
    }

    public TaDebug {
        targets = List.copyOf(targets);
        if (everyTa && !targets.isEmpty()) {
            throw new IllegalArgumentException("--ta-debug without a TA makes every TA debuggable; "
                    + "it cannot be combined with --ta-debug=" + targets.getFirst().spec());
        }
        Set<UUID> tas = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Target t : targets) {
            if (!tas.add(t.ta())) {
                throw new IllegalArgumentException("--ta-debug: TA " + t.ta() + " is given twice");
            }
            if (!ports.add(t.port())) {
                throw new IllegalArgumentException("--ta-debug: port " + t.port() + " is given to two TAs; "
                        + "give each TA a port of its own (--ta-debug=UUID:PORT)");
            }
        }
    }

    /**
     * The values of repeated {@code --ta-debug} options, in order: {@value #EVERY_TA_VALUE} for one
     * without a value (every TA), else {@code UUID[:PORT][:suspend]}. A TA without a port gets
     * {@value #FIRST_PORT} plus its option's position (the first 5005, the second 5006…).
     *
     * @throws IllegalArgumentException naming the value that is wrong, and why
     */
    public static TaDebug parse(List<String> values) {
        boolean every = false;
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value.equals(EVERY_TA_VALUE)) {
                every = true;
            } else {
                targets.add(target(value, FIRST_PORT + i));
            }
        }
        return new TaDebug(every, targets);
    }

    private static Target target(String value, int defaultPort) {
        String[] parts = value.split(":", -1);
        UUID ta = Uuids.parseCanonical(parts[0]);
        if (ta == null) {
            throw bad(value, "'" + parts[0] + "' is not a TA UUID");
        }
        return switch (parts.length) {
            case 1 -> new Target(ta, defaultPort, false);
            case 2 -> parts[1].equals("suspend") ? new Target(ta, defaultPort, true) : new Target(ta, port(value, parts[1]), false);
            case 3 -> {
                if (!parts[2].equals("suspend")) {
                    throw bad(value, "'" + parts[2] + "' is not 'suspend'");
                }
                yield new Target(ta, port(value, parts[1]), true);
            }
            default -> throw bad(value, "too many parts");
        };
    }

    private static int port(String value, String text) {
        if (!text.matches("[0-9]{1,5}")) {
            throw bad(value, "'" + text + "' is neither a port nor 'suspend'");
        }
        return Integer.parseInt(text);
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("--ta-debug=" + value + ": " + why + " (expected " + FORM
                + ", e.g. --ta-debug=8aaaf200-2450-11e4-abe2-0002a5d5c51b:5005:suspend)");
    }

    /** Whether any TA host accepts a debugger. */
    public boolean enabled() {
        return everyTa || !targets.isEmpty();
    }

    /** The target for {@code ta}, or null if its hosts are not started for a debugger of their own. */
    public Target target(UUID ta) {
        for (Target t : targets) {
            if (t.ta().equals(ta)) {
                return t;
            }
        }
        return null;
    }

    /** This setting as the core's options ({@code CoreMain}), every port written out. */
    public List<String> coreArguments() {
        if (everyTa) {
            return List.of("--ta-debug");
        }
        return targets.stream().map(t -> "--ta-debug=" + t.spec()).toList();
    }
}
