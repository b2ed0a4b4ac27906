package org.jtee.storage;

import java.nio.file.Path;

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

    /** The RPMB store on {@code blocks}; its counter in {@code stateDirectory}. */
    public static LogStore rpmb(RpmbBlocks blocks, byte[] ssk, Path stateDirectory) {
        return new LogStore(new RpmbSegments(blocks), new StorageKeys(ssk, RPMB), stateDirectory.resolve(RPMB + ".counter"));
    }
}
