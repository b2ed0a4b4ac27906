package org.jtee.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jtee.common.TeeException;

/**
 * The stores the core runs: one {@link LogStore} per backend, each with its own counter file in
 * the core's private state directory. Stores mount on first use, so they may be made before the
 * supplicant is up.
 */
public final class Stores {
    /** The backend names, which also name the counter files ({@code <name>.counter}) and segment files. */
    public static final String REE = "ree";
    public static final String RPMB = "rpmb";

    private Stores() {}

    /**
     * The REE FS store: segments {@code ree-<16 hex digits>} in the supplicant's storage directory,
     * reached through {@code files}; its counter in {@code stateDirectory}.
     *
     * @param ssk the secure storage key (copied; the caller wipes its own)
     */
    public static ObjectStore reeFs(ReeFiles files, byte[] ssk, Path stateDirectory) {
        return reeFs(files, ssk, stateDirectory, ReeSegments.DEFAULT_SEGMENT_BYTES);
    }

    /** As {@link #reeFs(ReeFiles, byte[], Path)} with segments of {@code segmentBytes} (tests use small ones). */
    public static LogStore reeFs(ReeFiles files, byte[] ssk, Path stateDirectory, int segmentBytes) {
        return new LogStore(new ReeSegments(files, REE, segmentBytes), new StorageKeys(ssk, REE),
                stateDirectory.resolve(REE + ".counter"));
    }

    /**
     * The lowest write counter the RPMB device may have, as the RPMB store's counter in
     * {@code stateDirectory} knows it: 1 once a commit to the store was acknowledged (its record
     * was written to the device first, and every write raises the device's counter), else 0. The
     * counter file alone proves nothing: mounting the store on a new device makes it, at 0, and
     * writes nothing to the device, whose counter stays 0 until the first commit. A counter that
     * cannot be read gives 1, so a device that claims to have no key does not get it; the store's
     * mount then says what is wrong.
     *
     * @param ssk the secure storage key (copied; the caller wipes its own)
     */
    public static long rpmbMinimumCounter(byte[] ssk, Path stateDirectory) {
        Path file = stateDirectory.resolve(RPMB + ".counter");
        if (!Files.exists(file)) {
            return 0;
        }
        try (StorageKeys keys = new StorageKeys(ssk, RPMB)) {
            byte[] anchorKey = keys.anchorKey();
            try (MonotonicCounter counter = MonotonicCounter.open(file, anchorKey, false)) {
                return counter.value() > 0 ? 1 : 0;
            } finally {
                Arrays.fill(anchorKey, (byte) 0);
            }
        } catch (TeeException e) {
            return 1;
        }
    }

    /** The RPMB store on {@code blocks}; its counter in {@code stateDirectory}. */
    public static LogStore rpmb(RpmbBlocks blocks, byte[] ssk, Path stateDirectory) {
        return new LogStore(new RpmbSegments(blocks), new StorageKeys(ssk, RPMB), stateDirectory.resolve(RPMB + ".counter"));
    }
}
