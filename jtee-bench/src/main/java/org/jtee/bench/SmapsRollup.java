package org.jtee.bench;

/**
 * The memory of a process as Linux sums it up in {@code /proc/<pid>/smaps_rollup}: the
 * resident set, and the part of it no other process maps (the unique set, USS =
 * Private_Clean + Private_Dirty).
 *
 * <pre>
 * 55d1c6a2b000-7ffd4a9f2000 ---p 00000000 00:00 0    [rollup]   header line, skipped
 * Rss:               41236 kB                                    "Name:" blanks value " kB"
 * Pss:               30112 kB
 * Private_Clean:      1744 kB
 * Private_Dirty:     20400 kB
 * ...
 * </pre>
 * Every value is in KiB (the kernel writes "kB" and means 1024 bytes).
 */
record SmapsRollup(long rssKib, long privateCleanKib, long privateDirtyKib) {
    /** Where a process reads its own summary. */
    static final String SELF = "/proc/self/smaps_rollup";

    /** The unique set size: resident pages that are the process's alone. */
    long ussKib() {
        return privateCleanKib + privateDirtyKib;
    }

    /**
     * Parses the text of an {@code smaps_rollup} file.
     *
     * @throws IllegalArgumentException if Rss, Private_Clean or Private_Dirty is missing or not a number
     */
    static SmapsRollup parse(String text) {
        long rss = -1;
        long clean = -1;
        long dirty = -1;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            switch (line.substring(0, colon)) {
                case "Rss" -> rss = kib(line, colon);
                case "Private_Clean" -> clean = kib(line, colon);
                case "Private_Dirty" -> dirty = kib(line, colon);
                default -> { }
            }
        }
        if (rss < 0 || clean < 0 || dirty < 0) {
            throw new IllegalArgumentException("smaps_rollup lacks Rss, Private_Clean or Private_Dirty");
        }
        return new SmapsRollup(rss, clean, dirty);
    }

    private static long kib(String line, int colon) {
        String value = line.substring(colon + 1).strip();
        if (!value.endsWith(" kB")) {
            throw new IllegalArgumentException("not a size in kB: " + line);
        }
        try {
            return Long.parseLong(value.substring(0, value.length() - 3).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size in kB: " + line, e);
        }
    }
}
