package org.jtee.tapkg.internal;

import java.util.Arrays;
import org.jtee.tapkg.TaImageException;

/**
 * The 32-byte encryption header of a type-2 image (AES-256-GCM, NIST SP 800-38D):
 *
 * <pre>
 * offset size field
 *  0      1   enc_algorithm  1 = AES-256-GCM
 *  1      1   iv_size        12
 *  2      1   tag_size       16
 *  3      1   reserved       0
 *  4     12   iv             random per image
 * 16     16   tag            GCM tag over the payload, AAD = the 64-byte fixed header
 * </pre>
 *
 * It is parsed only after the image signature has verified.
 */
public record EncryptionHeader(byte[] iv, byte[] tag) {
    public static final int SIZE = 32;
    public static final int AES_256_GCM = 1;
    public static final int IV_SIZE = 12;
    public static final int TAG_SIZE = 16;

    public EncryptionHeader {
        if (iv.length != IV_SIZE || tag.length != TAG_SIZE) {
            throw new IllegalArgumentException("GCM needs a 12-byte IV and a 16-byte tag");
        }
        iv = iv.clone();
        tag = tag.clone();
    }

    @Override
    public byte[] iv() {
        return iv.clone();
    }

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    public byte[] encode() {
        byte[] out = new byte[SIZE];
        out[0] = AES_256_GCM;
        out[1] = IV_SIZE;
        out[2] = TAG_SIZE;
        System.arraycopy(iv, 0, out, 4, IV_SIZE);
        System.arraycopy(tag, 0, out, 4 + IV_SIZE, TAG_SIZE);
        return out;
    }

    public static EncryptionHeader parse(byte[] image, int offset) throws TaImageException {
        if (image[offset] != AES_256_GCM || image[offset + 1] != IV_SIZE || image[offset + 2] != TAG_SIZE) {
            throw new TaImageException("encryption header names an unsupported cipher (only AES-256-GCM, 12-byte IV, 16-byte tag)");
        }
        if (image[offset + 3] != 0) {
            throw new TaImageException("reserved encryption header byte is not zero");
        }
        int ivAt = offset + 4;
        return new EncryptionHeader(Arrays.copyOfRange(image, ivAt, ivAt + IV_SIZE),
                Arrays.copyOfRange(image, ivAt + IV_SIZE, ivAt + IV_SIZE + TAG_SIZE));
    }
}
