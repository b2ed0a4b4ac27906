package org.jtee.core.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TeeTime;
import org.jtee.ta.TimeOverflowException;

/**
 * TA persistent time (GP Internal Core API §7.2.1, {@code TEE_GetTAPersistentTime} and
 * {@code TEE_SetTAPersistentTime}), kept per TA UUID as OP-TEE keeps it: an offset from the
 * core's system clock, so the time runs on with that clock. Unlike OP-TEE, which keeps the
 * offsets in memory, jtee keeps them in the core's private state, in {@code ta-time}, so they
 * outlive a restart of the core:
 *
 * <pre>
 * needs-reset                 (present if a damaged copy was lost: TAs without a line must reset)
 * &lt;uuid&gt; &lt;offset&gt;             one line per TA; offset = TA time - system time, in milliseconds
 * </pre>
 *
 * The file is replaced atomically ({@link AtomicFiles}) on every set; a get does not wait for a
 * set's write, and sees the time it set once the write is done. A file that cannot be read
 * as above is logged and dropped: every TA that does not set its time again gets
 * {@code TEE_ERROR_TIME_NEEDS_RESET} instead of {@code TEE_ERROR_TIME_NOT_SET}. Until trusted
 * storage exists the file is protected only as the state directory is (mode 0700, the core's
 * user), and the system clock is the host's: {@code gpd.tee.TAPersistentTime.protectionLevel} is
 * 100, a clock the REE controls.
 */
public final class TaPersistentTime {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    static final String FILE_NAME = "ta-time";
    private static final String NEEDS_RESET = "needs-reset";

    private final Path file;
    private final LongSupplier clockMillis;
    /** True if a damaged file was dropped: a TA with no offset must reset its time. */
    private final boolean lost;
    /** The offsets by TA, an unmodifiable snapshot that {@link #set} replaces whole once stored. */
    private volatile Map<UUID, Long> offsets;
    /** One {@link #set} at a time writes the file; {@link #get} takes no lock. */
    private final Object writeLock = new Object();

    private TaPersistentTime(Path file, LongSupplier clockMillis, Map<UUID, Long> offsets, boolean lost) {
        this.file = file;
        this.clockMillis = clockMillis;
        this.offsets = Collections.unmodifiableMap(offsets);
        this.lost = lost;
    }

    /** The times kept in {@code stateDirectory}, on the system clock. */
    public static TaPersistentTime load(Path stateDirectory) throws IOException {
        return load(stateDirectory, System::currentTimeMillis);
    }

    /**
     * The times kept in {@code stateDirectory}, on {@code clockMillis} (milliseconds since the
     * epoch); none yet if the file does not exist.
     *
     * @throws IOException if the file exists but cannot be read at all
     */
    public static TaPersistentTime load(Path stateDirectory, LongSupplier clockMillis) throws IOException {
        Path file = stateDirectory.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (NoSuchFileException e) {
            return new TaPersistentTime(file, clockMillis, Map.of(), false);
        }
        Map<UUID, Long> offsets = new TreeMap<>();
        boolean lost;
        try {
            lost = parse(lines, offsets);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "{0} is damaged ({1}): the TA persistent times are lost, and TAs must set theirs again",
                    file, e.getMessage());
            offsets.clear();
            lost = true;
        }
        return new TaPersistentTime(file, clockMillis, offsets, lost);
    }

    /** Reads {@code lines} into {@code offsets}; true if they begin with {@code needs-reset}. */
    private static boolean parse(List<String> lines, Map<UUID, Long> offsets) {
        boolean lost = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (n == 0 && line.equals(NEEDS_RESET)) {
                lost = true;
                continue;
            }
            String[] f = line.split(" ");
            if (f.length != 2) {
                throw new IllegalArgumentException("line " + (n + 1) + " is not '<uuid> <offset>'");
            }
            offsets.put(UUID.fromString(f[0]), Long.parseLong(f[1]));
        }
        return lost;
    }

    /**
     * {@code TEE_GetTAPersistentTime} of the TA {@code ta}.
     *
     * @throws TimeOverflowException past {@code 2^32 - 1} seconds (or before 0, if the system
     *     clock went back that far), with the time wrapped
     * @throws TeeException {@code TEE_ERROR_TIME_NOT_SET}, or {@code TEE_ERROR_TIME_NEEDS_RESET}
     *     if the stored times were lost
     */
    public TeeTime get(UUID ta) throws TeeException {
        Long offset = offsets.get(ta);
        if (offset == null) {
            throw lost ? new TeeException(TeeResult.TIME_NEEDS_RESET, ReturnOrigin.TEE,
                    "the stored TA persistent times were lost; TA " + ta + " must set its time again")
                    : new TeeException(TeeResult.TIME_NOT_SET, ReturnOrigin.TEE, "TA " + ta + " has not set its persistent time");
        }
        long millis = clockMillis.getAsLong() + offset;
        long seconds = Math.floorDiv(millis, 1000);
        TeeTime time = new TeeTime(seconds & TeeTime.MAX_SECONDS, Math.floorMod(millis, 1000));
        if (seconds != time.seconds()) {
            throw new TimeOverflowException(time);
        }
        return time;
    }

    /**
     * {@code TEE_SetTAPersistentTime} of the TA {@code ta}: from now on its time is {@code time}
     * plus the time the system clock has run since. Stored before it returns.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NO_SPACE} if the state cannot be written;
     *     the TA's time is then as it was
     */
    public void set(UUID ta, TeeTime time) throws TeeException {
        synchronized (writeLock) {
            Map<UUID, Long> next = new TreeMap<>(offsets);
            next.put(ta, time.toMillis() - clockMillis.getAsLong());
            try {
                AtomicFiles.replace(file, text(next));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "the TA persistent time of {0} cannot be stored: {1}", ta, e.toString());
                throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "the core cannot store the time: " + e.getMessage());
            }
            offsets = Collections.unmodifiableMap(next);
        }
    }

    private byte[] text(Map<UUID, Long> next) {
        StringBuilder text = new StringBuilder(lost ? NEEDS_RESET + "\n" : "");
        next.forEach((u, o) -> text.append(u).append(' ').append(o).append('\n'));
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
