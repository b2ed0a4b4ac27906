package org.jtee.core.ta;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.core.runtime.SupplicantLink;
import org.jtee.tahost.TaInfo;
import org.jtee.tahost.TaType;
import org.jtee.tapkg.TaImageException;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaVerifier;
import org.jtee.tapkg.TaVersions;
import org.jtee.tapkg.VerifiedTa;

/**
 * Loads dynamic TAs: finds {@code <uuid>}'s image — first among the TAs installed in secure
 * storage, then through the supplicant's {@code LOAD_TA} (OP-TEE's store order, §2.4 of its
 * internals) — verifies all of it (signature, UUID, then decryption; {@code docs/ta-format.md}),
 * refuses a version below the floor, reads the TA's properties from its class file and raises the
 * floor. An image from secure storage is verified at every load all the same: storage
 * authenticates bytes, the signature says who may run. Any refusal is {@code TEE_ERROR_SECURITY}
 * with a log line naming the reason, and not one byte of the image has run. The image's code runs
 * only in a TA host. No TA may have the nil UUID ({@link CoreObjects#refuseReserved}).
 *
 * <p>Installing into secure storage ({@link SecureTas}) verifies the image with the same steps,
 * except that the floor is not raised until the TA is loaded.
 */
final class DynamicTaLoader implements TaManager.DynamicTas, SecureTas {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    /** What the log calls an image handed to {@link #install} ({@code jtee ta install --secure}). */
    private static final String INSTALL = "an install request";

    /** Where images come from after secure storage: the supplicant's LOAD_TA. */
    interface ImageSource {
        /** The image, and the file it came from (null if not known); {@code TEE_ERROR_ITEM_NOT_FOUND} if none. */
        SupplicantLink.TaImage load(UUID uuid) throws TeeException;
    }

    /** The last image verified per UUID, by digest: the same bytes need no second verification. */
    private record Verified(byte[] sha256, long version, TaManager.Found found) {}

    /** An image and where it was found (secure storage, a file), for the log. */
    private record Fetched(byte[] image, String from) {}

    /** An image that passed every check. */
    private record Checked(VerifiedTa ta, TaClassInfo.Declared declared) {}

    private final Map<UUID, Verified> verified = new ConcurrentHashMap<>();
    private final ImageSource source;
    private final SecureTaStore secure;
    private final TaVerifier verifier;
    private final VersionFloors floors;
    private final RemoteTa.Services services;
    /** One install or uninstall at a time, so a version check and its commit are not interleaved. */
    private final Object installLock = new Object();

    /** On a development core ({@code services.development()}) a refusal says how to go on developing. */
    DynamicTaLoader(ImageSource source, SecureTaStore secure, TaVerifier verifier, VersionFloors floors,
            RemoteTa.Services services) {
        this.source = source;
        this.secure = secure;
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
        CoreObjects.refuseReserved(uuid);
        Fetched fetched = fetch(uuid);
        byte[] digest = sha256(fetched.image());
        Verified known = verified.get(uuid);
        if (known != null && MessageDigest.isEqual(known.sha256(), digest)) {
            checkFloor(uuid, known.version(), fetched.from());
            return known.found();
        }
        return verify(uuid, fetched, digest);
    }

    private TaManager.Found verify(UUID uuid, Fetched fetched, byte[] digest) throws TeeException {
        Checked checked = check(uuid, fetched.image(), fetched.from());
        VerifiedTa ta = checked.ta();
        try {
            floors.raise(uuid, ta.version());
        } catch (TeeException e) {
            LOG.log(Level.ERROR, "cannot record the version floor of TA {0}: {1}", uuid, e.getMessage());
            throw new TeeException(e.result(), ReturnOrigin.TEE, "cannot record the TA's version: " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "loaded TA {0} version {1} from {2}, signed by {3}", uuid, TaVersions.format(ta.version()),
                fetched.from(), ta.signer());
        TaInfo info = checked.declared().info();
        byte[] jar = ta.jar();
        TaType type = new TaType(uuid, info, Map.of(), false, false, () -> {
            throw new IllegalStateException("TA " + uuid + " runs in a TA host, not in the core");
        });
        TaManager.Found found = new TaManager.Found(type, instance -> RemoteTa.start(uuid, info, jar, services, instance), true);
        verified.put(uuid, new Verified(digest, ta.version(), found));
        return found;
    }

    /**
     * Every check of a load but raising the floor: signature, UUID, decryption, floor, the class's
     * UUID; {@code from} names the image in the log.
     */
    private Checked check(UUID uuid, byte[] image, String from) throws TeeException {
        VerifiedTa ta;
        try {
            ta = verifier.verify(uuid, image);
        } catch (TaImageException e) {
            throw refuse(uuid, from, e.getMessage());
        }
        checkFloor(uuid, ta.version(), from);
        TaClassInfo.Declared declared;
        try {
            declared = TaClassInfo.read(ta.jar());
        } catch (IOException e) {
            throw refuse(uuid, from, e.getMessage());
        }
        if (!declared.uuid().equals(uuid)) {
            throw refuse(uuid, from, declared.declaration().mismatch(uuid));
        }
        return new Checked(ta, declared);
    }

    private void checkFloor(UUID uuid, long version, String from) throws TeeException {
        long floor;
        try {
            floor = floors.floor(uuid);
        } catch (TeeException e) {
            LOG.log(Level.WARNING, "refused TA {0}: its version floor cannot be checked: {1}", uuid, e.getMessage());
            throw new TeeException(e.result(), ReturnOrigin.TEE, "the version floor of TA " + uuid
                    + " cannot be checked, so the TA is not loaded: " + e.getMessage(), e);
        }
        if (version < floor) {
            throw refuse(uuid, from, "version " + TaVersions.format(version) + " is older than version "
                    + TaVersions.format(floor) + ", which this core has already loaded (TA versions only go forward"
                    + (services.development() ? "; while developing, `jtee ta reset-floor " + uuid + "` lets this core"
                            + " load an older one" : "") + ")");
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
     * The image: from secure storage if it is installed there, else from the supplicant. Secure
     * storage that cannot be reached is passed over, as OP-TEE passes over a store that answers
     * {@code STORAGE_NOT_AVAILABLE}; one that fails its check refuses the TA. A supplicant that
     * cannot be reached means, as for OP-TEE's REE FS store, that the TA is not there:
     * {@code TEE_ERROR_ITEM_NOT_FOUND}, and the log says why.
     */
    private Fetched fetch(UUID uuid) throws TeeException {
        try {
            byte[] image = secure.image(uuid);
            if (image != null) {
                return new Fetched(image, "secure storage");
            }
        } catch (TeeException e) {
            if (e.result() != TeeResult.STORAGE_NOT_AVAILABLE) {
                throw refuse(uuid, "secure storage", "secure storage failed: " + TeeResult.name(e.result()) + ": "
                        + e.getMessage());
            }
            LOG.log(Level.DEBUG, "secure storage cannot be asked for TA {0}: {1}", uuid, e.getMessage());
        }
        try {
            SupplicantLink.TaImage image = source.load(uuid);
            return new Fetched(image.image(), image.file() != null ? image.file() : "the supplicant");
        } catch (TeeException e) {
            if (e.result() == TeeResult.COMMUNICATION) {
                LOG.log(Level.WARNING, "cannot look up TA {0}: {1}", uuid, e.getMessage());
                throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE,
                        "no TA " + uuid + " is built in, and the supplicant cannot be asked for it", e);
            }
            if (e.result() == TeeResult.ITEM_NOT_FOUND) {
                throw notFound(uuid, e.reason());
            }
            throw e;
        }
    }

    /**
     * No TA {@code uuid} anywhere: not built in (the TA manager looked first), not in secure
     * storage, not in the supplicant's TA directories — {@code searched} is the supplicant's
     * account of where it looked, or null — and how to install it. Logged too, at INFO.
     */
    private static TeeException notFound(UUID uuid, String searched) {
        String message = "no TA " + uuid + " was found: it is not built into the core, not in the core's secure storage,"
                + " and not in the TA directories of its supplicant" + (searched != null ? " (" + searched + ")" : "")
                + "; install it with `jtee ta install " + uuid + ".ta`";
        LOG.log(Level.INFO, message);
        return new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, message);
    }

    @Override
    public Installed install(byte[] image) throws TeeException {
        checkInstallSize(image.length);
        TaImageInfo info;
        try {
            info = TaImageInfo.parse(image);
        } catch (TaImageException e) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "not a TA image: " + e.getMessage());
        }
        UUID uuid = info.uuid();
        if (CoreObjects.isReserved(uuid)) {
            throw refuse(uuid, INSTALL, CoreObjects.reservedMessage());
        }
        synchronized (installLock) {
            check(uuid, image, INSTALL);
            Installed old = secure.installed(uuid);
            if (old != null && old.version() > info.version()) {
                throw new TeeException(TeeResult.ACCESS_CONFLICT, ReturnOrigin.TEE, "version " + TaVersions.format(info.version())
                        + " of TA " + uuid + " is older than the installed version " + TaVersions.format(old.version())
                        + " (`jtee ta uninstall --secure " + uuid + "` removes that one)");
            }
            Installed now = secure.put(image, info);
            LOG.log(Level.INFO, "installed TA {0} version {1} in secure storage", uuid, TaVersions.format(info.version()));
            return now;
        }
    }

    /** Refuses an image larger than secure storage takes in one commit. */
    static void checkInstallSize(long bytes) throws TeeException {
        if (bytes > MAX_IMAGE_BYTES) {
            throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "an image of " + bytes
                    + " bytes; secure storage takes images of up to " + MAX_IMAGE_BYTES + " bytes (one commit)");
        }
    }

    @Override
    public boolean uninstall(UUID uuid) throws TeeException {
        synchronized (installLock) {
            boolean removed = secure.remove(uuid);
            if (removed) {
                LOG.log(Level.INFO, "removed TA {0} from secure storage", uuid);
            }
            return removed;
        }
    }

    @Override
    public List<Installed> list() throws TeeException {
        return secure.list();
    }

    @Override
    public long resetVersionFloor(UUID uuid) throws TeeException {
        if (!services.development()) {
            LOG.log(Level.WARNING, "refused to reset the version floor of TA {0}: this is not a development core", uuid);
            throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, "this core does not trust the development key"
                    + " (nor debugs TAs), so it keeps every version floor: a production core never loads an older version"
                    + " of a TA than it has loaded");
        }
        synchronized (installLock) {
            long old = floors.reset(uuid);
            verified.remove(uuid);
            LOG.log(Level.WARNING, "reset the version floor of TA {0} (it was {1}): this development core loads any version"
                    + " of it again", uuid, TaVersions.format(old));
            return old;
        }
    }

    /**
     * A refused image: {@code TEE_ERROR_SECURITY}, origin TEE, whose message (a client's detail)
     * says why and where to read more; the log line names the image ({@code from}: its file,
     * secure storage, an image to install) and the reason.
     */
    private static TeeException refuse(UUID uuid, String from, String reason) {
        LOG.log(Level.WARNING, "refused the image of TA {0} from {1}: {2}", uuid, from, reason);
        return new TeeException(TeeResult.SECURITY, ReturnOrigin.TEE, "the image of TA " + uuid + " was refused: " + reason
                + "; see the core log (`jtee logs`)");
    }
}
