package org.jtee.tapkg;

import java.util.UUID;
import org.jtee.tapkg.internal.ImageHeader;

/**
 * What a TA image's fixed header says, for {@code ta inspect}. <strong>Not verified</strong>:
 * anyone can write any header; only {@link TaVerifier} tells whether it is genuine.
 *
 * @param formatVersion always 1 today
 * @param imageType 1 = signed, 2 = signed and encrypted
 * @param payloadSize plaintext JAR bytes
 * @param algorithm e.g. {@code "Ed25519"} or {@code "RSA-PSS-SHA256"}
 * @param chainLength certificates in the embedded chain; 0 = signed by a raw key
 */
public record TaImageInfo(int formatVersion, int imageType, UUID uuid, long version, long payloadSize,
        String algorithm, int chainLength, boolean encrypted) {

    /**
     * Parses the header and checks its fields and the image's exact size, as the verifier's
     * first step does; looks at nothing else.
     */
    public static TaImageInfo parse(byte[] image) throws TaImageException {
        ImageHeader h = ImageHeader.parse(image);
        return new TaImageInfo(ImageHeader.FORMAT_VERSION, h.imageType(), h.uuid(), h.taVersion(), h.payloadSize(),
                h.algorithm().displayName(), h.chainCount(), h.encrypted());
    }
}
