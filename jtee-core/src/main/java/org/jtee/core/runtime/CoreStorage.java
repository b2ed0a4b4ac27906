package org.jtee.core.runtime;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.storage.ObjectStore;
import org.jtee.storage.RpcReeFiles;
import org.jtee.storage.RpcRpmbDevice;
import org.jtee.storage.RpmbClient;
import org.jtee.storage.StorageKeys;
import org.jtee.storage.Stores;
import org.jtee.storage.SupplicantCalls;

/**
 * The core's trusted storage: the stores of each backend, their keys derived from the HUK, their
 * monotonic counters in {@code <state>/storage/}. The HUK gives the secure storage key (SSK) and
 * the RPMB key, each with its own label and the guest id as context (0 for the one guest today):
 * <pre>
 * SSK      = HMAC-SHA-256(HUK, u32 1 | "jtee secure storage key" | 0x00 | u32 guest | u32 256)
 * RPMB key = HMAC-SHA-256(HUK, u32 1 | "jtee rpmb key"           | 0x00 | u32 guest | u32 256)
 * </pre>
 * Everything below the SSK is {@link StorageKeys}'. The RPMB key is programmed into the device on
 * its first use, in clear through the supplicant, as OP-TEE does ({@code CFG_RPMB_WRITE_KEY}); once
 * a commit to the RPMB store was acknowledged, a device that claims to have no key, or a write
 * counter of 0, is refused ({@link Stores#rpmbMinimumCounter}). The
 * SSK never leaves the core: the supplicant
 * sees only ciphertext, and TA hosts reach storage through the core's GP layer.
 */
public final class CoreStorage implements AutoCloseable {
    /** The directory of the monotonic counters, inside the core's state directory. */
    public static final String STATE_SUBDIRECTORY = "storage";
    static final int GUEST = 0;
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    private final Map<String, ObjectStore> stores;
    private final RpmbClient rpmb;

    private CoreStorage(Map<String, ObjectStore> stores, RpmbClient rpmb) {
        this.stores = stores;
        this.rpmb = rpmb;
    }

    /** The stores, reached through the supplicant {@code link}; they mount on first use. */
    public static CoreStorage open(HardwareUniqueKey huk, SupplicantCalls link, Path stateDirectory) {
        byte[] ssk = huk.hmacSha256(StorageKeys.kdfInput("jtee secure storage key", guest()));
        byte[] rpmbKey = huk.hmacSha256(StorageKeys.kdfInput("jtee rpmb key", guest()));
        try {
            Map<String, ObjectStore> stores = new LinkedHashMap<>();
            Path counters = stateDirectory.resolve(STATE_SUBDIRECTORY);
            stores.put(Stores.REE, Stores.reeFs(new RpcReeFiles(link), ssk, counters));
            // a device this core has committed to must have its key and a counter above 0; one it
            // has only mounted (the counter file made at 0, nothing written) may still be at 0
            long minimumCounter = Stores.rpmbMinimumCounter(ssk, counters);
            RpmbClient rpmb = new RpmbClient(new RpcRpmbDevice(link), rpmbKey, minimumCounter);
            stores.put(Stores.RPMB, Stores.rpmb(rpmb, ssk, counters));
            return new CoreStorage(stores, rpmb);
        } finally {
            Arrays.fill(ssk, (byte) 0);
            Arrays.fill(rpmbKey, (byte) 0);
        }
    }

    private static byte[] guest() {
        return ByteBuffer.allocate(4).putInt(GUEST).array();
    }

    /**
     * Mounts every store now (they mount on first use otherwise): the core checks its storage as
     * it boots, says so in its log, and has the stores' threads running before it serves. A store
     * that cannot be reached yet mounts at its first use; one that fails its check stays closed
     * (every call gets {@code TEE_ERROR_SECURITY}) and the core serves on.
     */
    public void mountAll() {
        for (Map.Entry<String, ObjectStore> e : stores.entrySet()) {
            try {
                int objects = e.getValue().usage().values().stream().mapToInt(ObjectStore.Usage::objects).sum();
                LOG.log(System.Logger.Level.INFO, "trusted storage {0}: {1} objects", e.getKey(), objects);
            } catch (TeeException x) {
                LOG.log(x.result() == TeeResult.STORAGE_NOT_AVAILABLE ? System.Logger.Level.INFO : System.Logger.Level.ERROR,
                        "trusted storage {0} not mounted at boot: {1}", e.getKey(), x.getMessage());
            }
        }
    }

    /** The REE FS store ({@code TEE_STORAGE_PRIVATE} and {@code TEE_STORAGE_PRIVATE_REE}). */
    public ObjectStore ree() {
        return stores.get(Stores.REE);
    }

    /** The RPMB store ({@code TEE_STORAGE_PRIVATE_RPMB}), or null if there is none. */
    public ObjectStore rpmb() {
        return stores.get(Stores.RPMB);
    }

    /** The stores by backend name. */
    public Map<String, ObjectStore> stores() {
        return Map.copyOf(stores);
    }

    @Override
    public void close() {
        stores.values().forEach(ObjectStore::close);
        rpmb.close();
    }
}
