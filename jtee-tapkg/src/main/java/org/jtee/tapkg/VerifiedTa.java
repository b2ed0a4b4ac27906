package org.jtee.tapkg;

import java.util.Objects;
import java.util.UUID;

/**
 * A TA image that {@link TaVerifier} accepted: every field was covered by a signature from a
 * trusted key. The array is copied on the way in and on the way out.
 *
 * @param uuid the TA's UUID, equal to the one the caller asked for
 * @param version the TA version, a u32 (see {@link TaVersions})
 * @param jar the plaintext JAR
 * @param signer a human description of the key or leaf certificate that signed the image
 */
public record VerifiedTa(UUID uuid, long version, byte[] jar, String signer) {
    public VerifiedTa {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(signer, "signer");
        jar = jar.clone();
    }

    @Override
    public byte[] jar() {
        return jar.clone();
    }
}
