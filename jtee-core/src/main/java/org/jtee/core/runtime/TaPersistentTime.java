package org.jtee.core.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * offsets in memory, jtee keeps them in trusted storage as the core's own objects
 * ({@link CoreObjects}), so they outlive a restart of the core and a replayed older copy of them
 * is caught as any rollback of the store is:
 *
 * <pre>
 * "ta-time:" + uuid   u64 offset, big-endian: TA time - system time, in milliseconds
 * "ta-time-lost"      no data; present if stored times were lost: TAs without an offset must reset
 * </pre>
 *
 * Each set is one commit, durable before it returns; a get does not wait for a set, and sees the
 * time it set once the commit is done. The offsets are read from storage at the first get or set
 * and kept in memory. A TA whose offset does not authenticate gets
 * {@code TEE_ERROR_TIME_NEEDS_RESET} until it sets its time again. The system clock is the
 * host's: {@code gpd.tee.TAPersistentTime.protectionLevel} is 100, a clock the REE controls.
 *
 * <p><b>Without storage.</b> Until the store answers (no supplicant yet), a get fails with the
 * store's {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} (GP lists no code for it: a departure, so that a
 * TA can tell it from a lost time) and a set with {@code TEE_ERROR_STORAGE_NO_SPACE}, the one
 * storage failure GP lets it return.
 *
 * <p><b>Migration.</b> Cores before trusted storage kept the offsets in {@code <state>/ta-time}
 * ({@link #LEGACY_FILE}: an optional first line {@code needs-reset}, then {@code <uuid> <offset>}
 * lines). At the first use its offsets are imported for each TA that has none stored yet (a
 * stored one is newer), a {@code needs-reset} line or a damaged file becomes the
 * {@code "ta-time-lost"} object, and then the file is deleted. A crash in between leaves the file,
 * and importing it again changes nothing.
 */
public final class TaPersistentTime {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    static final String LEGACY_FILE = "ta-time";
    static final String ID_PREFIX = "ta-time:";
    static final String LOST_ID = "ta-time-lost";
    private static final String NEEDS_RESET = "needs-reset";

    private final CoreObjects objects;
    private final Path legacyFile;
    private final LongSupplier clockMillis;
    /** Null until read from storage; then replaced whole once each set is stored. */
    private volatile Times times;
    /** Reading the times and each set take it; a get of loaded times does not. */
    private final Object lock = new Object();

    /**
     * @param offsets by TA
     * @param lostAll stored times were lost: a TA with no offset must reset
     * @param lost TAs whose stored offset does not authenticate and that have not set it since
     */
    private record Times(Map<UUID, Long> offsets, boolean lostAll, Set<UUID> lost) {}

    private TaPersistentTime(CoreObjects objects, Path stateDirectory, LongSupplier clockMillis) {
        this.objects = objects;
        this.legacyFile = stateDirectory.resolve(LEGACY_FILE);
        this.clockMillis = clockMillis;
    }

    /** The times kept in {@code objects}, on the system clock; {@code stateDirectory}'s old file imported once. */
    public static TaPersistentTime open(CoreObjects objects, Path stateDirectory) {
        return open(objects, stateDirectory, System::currentTimeMillis);
    }

    /** As {@link #open(CoreObjects, Path)}, on {@code clockMillis} (milliseconds since the epoch). */
    public static TaPersistentTime open(CoreObjects objects, Path stateDirectory, LongSupplier clockMillis) {
        return new TaPersistentTime(objects, stateDirectory, clockMillis);
    }

    /**
     * {@code TEE_GetTAPersistentTime} of the TA {@code ta}.
     *
     * @throws TimeOverflowException past {@code 2^32 - 1} seconds (or before 0, if the system
     *     clock went back that far), with the time wrapped
     * @throws TeeException {@code TEE_ERROR_TIME_NOT_SET}, or {@code TEE_ERROR_TIME_NEEDS_RESET}
     *     if the stored time was lost; the store's error if it cannot be read
     */
    public TeeTime get(UUID ta) throws TeeException {
        Times t = loaded();
        Long offset = t.offsets().get(ta);
        if (offset == null) {
            throw t.lostAll() || t.lost().contains(ta)
                    ? new TeeException(TeeResult.TIME_NEEDS_RESET, ReturnOrigin.TEE,
                            "the stored TA persistent time was lost; TA " + ta + " must set its time again")
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
     * plus the time the system clock has run since. Stored, in one commit, before it returns.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NO_SPACE} if it cannot be stored, whatever
     *     the cause (the message says which); the TA's time is then as it was
     */
    public void set(UUID ta, TeeTime time) throws TeeException {
        synchronized (lock) {
            try {
                Times t = loaded();
                long offset = time.toMillis() - clockMillis.getAsLong();
                objects.write(ID_PREFIX + ta, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
                Map<UUID, Long> next = new TreeMap<>(t.offsets());
                next.put(ta, offset);
                Set<UUID> lost = new HashSet<>(t.lost());
                lost.remove(ta);
                times = new Times(Collections.unmodifiableMap(next), t.lostAll(), Collections.unmodifiableSet(lost));
            } catch (TeeException e) {
                LOG.log(Level.WARNING, "the TA persistent time of {0} cannot be stored: {1}", ta, e.getMessage());
                throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE,
                        "the core cannot store the time: " + TeeResult.name(e.result()) + ": " + e.getMessage());
            }
        }
    }

    private Times loaded() throws TeeException {
        Times t = times;
        if (t != null) {
            return t;
        }
        synchronized (lock) {
            if (times == null) {
                times = load();
            }
            return times;
        }
    }

    private Times load() throws TeeException {
        Set<UUID> lost = new HashSet<>();
        Map<UUID, Long> offsets = new TreeMap<>();
        for (Map.Entry<UUID, byte[]> e : objects.readPerTa(ID_PREFIX, lost).entrySet()) {
            if (e.getValue().length == Long.BYTES) {
                offsets.put(e.getKey(), ByteBuffer.wrap(e.getValue()).getLong());
            } else {
                lost.add(e.getKey());
            }
        }
        boolean lostAll = importLegacy(offsets) || objects.read(LOST_ID) != null;
        lost.forEach(u -> LOG.log(Level.WARNING, "the stored persistent time of TA {0} does not authenticate: "
                + "the TA must set it again", u));
        return new Times(Collections.unmodifiableMap(offsets), lostAll, Collections.unmodifiableSet(lost));
    }

    /**
     * Imports the old file's offsets into {@code offsets} and storage, for TAs with none stored,
     * then deletes the file; true if it said the times were lost (or was damaged).
     */
    private boolean importLegacy(Map<UUID, Long> offsets) throws TeeException {
        Map<UUID, Long> old = new TreeMap<>();
        boolean lost;
        try {
            lost = parse(new String(Files.readAllBytes(legacyFile), StandardCharsets.ISO_8859_1).lines().toList(), old);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "{0} is damaged ({1}): the TA persistent times are lost, and TAs must set theirs again",
                    legacyFile, e.getMessage());
            old.clear();
            lost = true;
        }
        for (Map.Entry<UUID, Long> e : old.entrySet()) {
            if (!offsets.containsKey(e.getKey())) {
                objects.write(ID_PREFIX + e.getKey(), ByteBuffer.allocate(Long.BYTES).putLong(e.getValue()).array());
                offsets.put(e.getKey(), e.getValue());
            }
        }
        if (lost) {
            objects.write(LOST_ID, new byte[0]);
        }
        deleteLegacy(old.size());
        return lost;
    }

    private void deleteLegacy(int imported) {
        try {
            Files.deleteIfExists(legacyFile);
            LOG.log(Level.INFO, "moved the persistent times of {0} TAs from {1} into trusted storage", imported, legacyFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "imported {0} but cannot delete it ({1}); it is imported again at the next start",
                    legacyFile, e.toString());
        }
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
}
