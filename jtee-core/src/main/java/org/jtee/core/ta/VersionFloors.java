package org.jtee.core.ta;

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
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.runtime.CoreObjects;

/**
 * The highest version of each TA the core has loaded: TA versions only go forward (OP-TEE's
 * {@code ta_ver.db}). Kept in trusted storage as the core's own objects ({@link CoreObjects}),
 * one per TA, so that raising a floor is one commit and the store's rollback protection covers
 * the floors (a replayed older copy of the store fails its mount):
 * <pre>
 * id   "ta-version:" + uuid            (47 ASCII bytes)
 * data u64 version, big-endian         (8 bytes)
 * </pre>
 * The floors are read from storage at the first check and kept in memory; a check after that
 * does not touch storage, and a raise is durable before it returns.
 *
 * <p><b>Failing closed.</b> Until the store answers (no supplicant yet), a check fails with
 * {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} rather than accept an image that may be a rollback;
 * loading a dynamic TA needs the supplicant anyway. A floor whose object does not authenticate is
 * unknown: that TA is refused with {@code TEE_ERROR_SECURITY}, the others load.
 *
 * <p><b>Migration.</b> Cores before trusted storage kept the floors in {@code <state>/ta-versions}
 * ({@link #LEGACY_FILE}: one {@code <uuid> <version>} line per TA). At the first check its floors
 * are imported, each only if it is above the stored one, and then the file is deleted. A crash in
 * between leaves the file, and importing it again changes nothing: a floor only rises. A file
 * that cannot be parsed is not guessed at: every check fails with {@code TEE_ERROR_SECURITY}
 * naming it, until an administrator repairs or removes it.
 */
final class VersionFloors {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    static final String LEGACY_FILE = "ta-versions";
    static final String ID_PREFIX = "ta-version:";

    private final CoreObjects objects;
    private final Path legacyFile;
    /** Null until read from storage; then replaced whole, never changed in place. */
    private volatile Floors floors;
    /** Reading the floors and each raise take it; a check of loaded floors does not. */
    private final Object lock = new Object();

    /**
     * @param effective the floors this core enforces: raised even when storing fails
     * @param durable the floors known stored
     * @param damaged TAs whose stored floor does not authenticate
     */
    private record Floors(Map<UUID, Long> effective, Map<UUID, Long> durable, Set<UUID> damaged) {
        long floor(UUID uuid) {
            return effective.getOrDefault(uuid, 0L);
        }

        Floors with(Map<UUID, Long> effectiveNow, Map<UUID, Long> durableNow) {
            return new Floors(Collections.unmodifiableMap(effectiveNow), Collections.unmodifiableMap(durableNow), damaged);
        }
    }

    /** The floors in {@code objects}, importing those of {@code stateDirectory}'s old file once. */
    VersionFloors(CoreObjects objects, Path stateDirectory) {
        this.objects = objects;
        this.legacyFile = stateDirectory.resolve(LEGACY_FILE);
    }

    /**
     * The lowest version of {@code uuid} that may still be loaded (0 if none was).
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NOT_AVAILABLE} while storage cannot be read;
     *     {@code TEE_ERROR_SECURITY} if the store or this TA's floor fails authentication, or the
     *     old floors file cannot be imported
     */
    long floor(UUID uuid) throws TeeException {
        Floors f = loaded();
        if (f.damaged().contains(uuid)) {
            throw new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE,
                    "the stored version floor of TA " + uuid + " does not authenticate; the TA is refused");
        }
        return f.floor(uuid);
    }

    /**
     * Raises the floor of {@code uuid} to {@code version} if it is higher, in one commit. If the
     * commit fails the floor is raised in memory all the same (this core still refuses older
     * versions), and the next raise to it stores it again.
     */
    void raise(UUID uuid, long version) throws TeeException {
        synchronized (lock) {
            floor(uuid); // loads the floors, and refuses a TA whose stored floor is damaged
            Floors f = floors;
            long target = Math.max(version, f.floor(uuid));
            if (target == f.floor(uuid) && target <= f.durable().getOrDefault(uuid, 0L)) {
                return;
            }
            Map<UUID, Long> effective = new TreeMap<>(f.effective());
            effective.put(uuid, target);
            floors = f.with(effective, f.durable());
            objects.write(ID_PREFIX + uuid, encode(target));
            Map<UUID, Long> durable = new TreeMap<>(f.durable());
            durable.put(uuid, target);
            floors = floors.with(floors.effective(), durable);
        }
    }

    /**
     * Forgets the floor of {@code uuid}, in memory and in storage (one commit), so that any
     * version of it loads again; a floor that did not authenticate is forgotten too. Only a
     * development core calls it ({@link SecureTas#resetVersionFloor}).
     *
     * @return the floor it had (0 if none)
     */
    long reset(UUID uuid) throws TeeException {
        synchronized (lock) {
            Floors f = loaded();
            long old = f.floor(uuid);
            objects.delete(ID_PREFIX + uuid);
            Map<UUID, Long> effective = new TreeMap<>(f.effective());
            Map<UUID, Long> durable = new TreeMap<>(f.durable());
            effective.remove(uuid);
            durable.remove(uuid);
            Set<UUID> damaged = new HashSet<>(f.damaged());
            damaged.remove(uuid);
            floors = new Floors(Collections.unmodifiableMap(effective), Collections.unmodifiableMap(durable),
                    Collections.unmodifiableSet(damaged));
            return old;
        }
    }

    private Floors loaded() throws TeeException {
        Floors f = floors;
        if (f != null) {
            return f;
        }
        synchronized (lock) {
            if (floors == null) {
                floors = load();
            }
            return floors;
        }
    }

    private Floors load() throws TeeException {
        Set<UUID> damaged = new HashSet<>();
        Map<UUID, Long> stored = new TreeMap<>();
        for (Map.Entry<UUID, byte[]> e : objects.readPerTa(ID_PREFIX, damaged).entrySet()) {
            if (e.getValue().length == Long.BYTES) {
                stored.put(e.getKey(), ByteBuffer.wrap(e.getValue()).getLong());
            } else {
                damaged.add(e.getKey());
            }
        }
        importLegacy(stored);
        damaged.forEach(u -> LOG.log(Level.ERROR, "the stored version floor of TA {0} does not authenticate: "
                + "the TA will be refused", u));
        return new Floors(Collections.unmodifiableMap(stored), Collections.unmodifiableMap(new TreeMap<>(stored)),
                Collections.unmodifiableSet(damaged));
    }

    /** Imports the old file's floors into {@code stored} and storage, then deletes the file. */
    private void importLegacy(Map<UUID, Long> stored) throws TeeException {
        List<String> lines;
        try {
            lines = Files.readAllLines(legacyFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw legacyRefused("cannot be read: " + e.getMessage());
        }
        Map<UUID, Long> old = parseLegacy(lines);
        int raised = 0;
        for (Map.Entry<UUID, Long> e : old.entrySet()) {
            if (e.getValue() > stored.getOrDefault(e.getKey(), 0L)) {
                objects.write(ID_PREFIX + e.getKey(), encode(e.getValue()));
                stored.put(e.getKey(), e.getValue());
                raised++;
            }
        }
        try {
            Files.deleteIfExists(legacyFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "imported {0} but cannot delete it ({1}); it is imported again at the next start",
                    legacyFile, e.toString());
        }
        LOG.log(Level.INFO, "moved the version floors of {0} TAs from {1} into trusted storage ({2} raised)",
                old.size(), legacyFile, raised);
    }

    private Map<UUID, Long> parseLegacy(List<String> lines) throws TeeException {
        Map<UUID, Long> old = new TreeMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String[] f = lines.get(n).trim().split(" ");
            try {
                if (f.length != 2) {
                    throw new IllegalArgumentException("not '<uuid> <version>'");
                }
                old.merge(UUID.fromString(f[0]), Long.parseLong(f[1]), Math::max);
            } catch (IllegalArgumentException e) {
                throw legacyRefused("line " + (n + 1) + " " + e.getMessage());
            }
        }
        return old;
    }

    private TeeException legacyRefused(String why) {
        String message = "the old version floors file " + legacyFile + " " + why
                + "; no dynamic TA loads until it is repaired or removed";
        LOG.log(Level.ERROR, message);
        return new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, message);
    }

    private static byte[] encode(long version) {
        return ByteBuffer.allocate(Long.BYTES).putLong(version).array();
    }
}
