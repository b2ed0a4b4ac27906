package org.jtee.core.ta;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.tahost.TaInfo;
import org.jtee.tahost.TaType;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TaVersions;
import org.jtee.tapkg.VerifiedTa;

/**
 * Loads dynamic TAs: asks the supplicant for {@code <uuid>.ta}, verifies all of it (signature,
 * UUID, then decryption; {@code docs/ta-format.md}), refuses a version below the floor, reads the
 * TA's properties from its class file and raises the floor. Any refusal is
 * {@code TEE_ERROR_SECURITY} with a log line naming the reason, and not one byte of the image has
 * run. The image's code runs only in a TA host.
 */
final class DynamicTaLoader implements TaManager.DynamicTas {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    /** Where images come from: the supplicant's LOAD_TA. */
    interface ImageSource {
        byte[] load(UUID uuid) throws TeeException;
    }

    /** The last image verified per UUID, by digest: the same bytes need no second verification. */
    private record Verified(byte[] sha256, long version, TaManager.Found found) {}

    private final Map<UUID, Verified> verified = new ConcurrentHashMap<>();
    private final ImageSource source;
    private final TaVerifier verifier;
    private final VersionFloors floors;
    private final RemoteTa.Services services;

    DynamicTaLoader(ImageSource source, TaVerifier verifier, VersionFloors floors, RemoteTa.Services services) {
        this.source = source;
        this.verifier = verifier;
        this.floors = floors;
        this.services = services;
    }

    /**
     * The TA's type for a new instance. An image byte-for-byte equal to the one verified last for
     * this UUID is not verified again (the trusted keys do not change while the core runs); its
     * version is still checked against the floor.
     */
    @Override
    public TaManager.Found load(UUID uuid) throws TeeException {
        byte[] image = fetch(uuid);
        byte[] digest = sha256(image);
        Verified known = verified.get(uuid);
        if (known != null && MessageDigest.isEqual(known.sha256(), digest)) {
            checkFloor(uuid, known.version());
            return known.found();
        }
        return verify(uuid, image, digest);
    }

    private TaManager.Found verify(UUID uuid, byte[] image, byte[] digest) throws TeeException {
        VerifiedTa ta;
        try {
            ta = verifier.verify(uuid, image);
        } catch (TaImageException e) {
            throw refuse(uuid, e.getMessage());
        }
        checkFloor(uuid, ta.version());
        TaClassInfo.Declared declared;
        try {
            declared = TaClassInfo.read(ta.jar());
        } catch (IOException e) {
            throw refuse(uuid, e.getMessage());
        }
        if (!declared.uuid().equals(uuid)) {
            throw refuse(uuid, "its TA class declares UUID " + declared.uuid());
        }
        try {
            floors.raise(uuid, ta.version());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot record the version floor of TA {0}: {1}", uuid, e.getMessage());
            throw new TeeException(TeeResult.STORAGE_NOT_AVAILABLE, ReturnOrigin.TEE, "cannot record the TA's version");
        }
        LOG.log(Level.INFO, "loaded TA {0} version {1}, signed by {2}", uuid, TaVersions.format(ta.version()), ta.signer());
        TaInfo info = declared.info();
        byte[] jar = ta.jar();
        TaType type = new TaType(uuid, info, Map.of(), false, false, () -> {
            throw new IllegalStateException("TA " + uuid + " runs in a TA host, not in the core");
        });
        TaManager.Found found = new TaManager.Found(type, instance -> RemoteTa.start(uuid, info, jar, services, instance), true);
        verified.put(uuid, new Verified(digest, ta.version(), found));
        return found;
    }

    private void checkFloor(UUID uuid, long version) throws TeeException {
        long floor = floors.floor(uuid);
        if (version < floor) {
            throw refuse(uuid, "version " + TaVersions.format(version) + " is older than version "
                    + TaVersions.format(floor) + ", which this core has already loaded");
        }
    }

    private static byte[] sha256(byte[] image) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(image);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * The image, from the supplicant. A supplicant that cannot be reached means, as for OP-TEE's
     * REE FS store, that the TA is not there: {@code TEE_ERROR_ITEM_NOT_FOUND}, and the log says why.
     */
    private byte[] fetch(UUID uuid) throws TeeException {
        try {
            return source.load(uuid);
        } catch (TeeException e) {
            if (e.result() == TeeResult.COMMUNICATION) {
                LOG.log(Level.WARNING, "cannot look up TA {0}: {1}", uuid, e.getMessage());
                throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                        "no TA " + uuid + " is built in, and the supplicant cannot be asked for it", e);
            }
            throw e;
        }
    }

    private static TeeException refuse(UUID uuid, String reason) {
        LOG.log(Level.WARNING, "refused the image of TA {0}: {1}", uuid, reason);
        return new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the image of TA " + uuid + " was refused: " + reason);
    }
}
