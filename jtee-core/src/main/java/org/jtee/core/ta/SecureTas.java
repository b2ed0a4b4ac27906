package org.jtee.core.ta;

import java.util.List;
import java.util.UUID;
import org.jtee.common.TeeException;

/**
 * The TAs installed in the core's secure storage (OP-TEE's secure-storage TA store,
 * {@code ta.db}): the second place a dynamic TA is looked for, after the built-in and pseudo TAs
 * and before the supplicant's TA directories. The system PTA's administration commands use it.
 */
public interface SecureTas {
    /**
     * The largest image secure storage takes: what one commit of the REE FS store carries
     * ({@code docs/storage.md}, Limits), so that installing or replacing an image stays one
     * atomic commit. Larger TAs go in a TA directory.
     */
    int MAX_IMAGE_BYTES = 4 << 20;

    /**
     * A TA installed in secure storage, as its verified header said at install.
     *
     * @param imageBytes the signed image's size
     * @param algorithm the signature algorithm, e.g. {@code "Ed25519"}
     */
    record Installed(UUID uuid, long version, long imageBytes, String algorithm, boolean encrypted) {}

    /**
     * Verifies {@code image} exactly as a load does (signature, UUID, decryption, version floor,
     * the TA class's UUID) and stores it, replacing an installed copy of the same TA, in one
     * commit. The floor is not raised: the first load does that.
     *
     * @throws TeeException {@code TEE_ERROR_STORAGE_NO_SPACE} if it is larger than
     *     {@link #MAX_IMAGE_BYTES}; {@code TEE_ERROR_BAD_PARAMETERS} if it is not a TA image;
     *     {@code TEE_ERROR_SECURITY} if it fails verification, is below the version floor or is
     *     for the nil UUID; {@code TEE_ERROR_ACCESS_CONFLICT} if the installed copy's version is
     *     higher; the store's errors
     */
    Installed install(byte[] image) throws TeeException;

    /** Removes the TA {@code uuid} from secure storage, in one commit; false if it is not there. */
    boolean uninstall(UUID uuid) throws TeeException;

    /** The TAs installed, in the order they were installed. */
    List<Installed> list() throws TeeException;

    /**
     * Forgets the version floor of TA {@code uuid}, so that an older version of it loads again —
     * on a development core only (it trusts the development key, or TA debugging is on), where
     * anyone who can sign with the development key can replace any TA anyway. A production core's
     * floors are never lowered: rollback protection stands.
     *
     * @return the floor it had, 0 if none
     * @throws TeeException {@code TEE_ERROR_ACCESS_DENIED} on a production core; the store's errors
     */
    long resetVersionFloor(UUID uuid) throws TeeException;
}
