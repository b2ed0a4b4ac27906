package org.jtee.tapkg.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import org.jtee.common.Uuids;
import org.jtee.tapkg.TaImageException;

/**
 * The fixed 64-byte header of a TA image, little-endian except the UUID (docs/ta-format.md):
 *
 * <pre>
 * offset size field
 *  0      4   magic            "JTTA" (4A 54 54 41)
 *  4      2   format_version   1
 *  6      1   image_type       1 = signed, 2 = signed + encrypted
 *  7      1   sig_algorithm    {@link SignatureAlgorithm} id
 *  8     16   ta_uuid          RFC 4122 §4.1.2 octets, big-endian
 * 24      4   ta_version       u32, see TaVersions
 * 28      4   reserved         0
 * 32      8   payload_size     u64: plaintext JAR bytes (= stored bytes; GCM adds no padding)
 * 40      4   chain_size       bytes of the certificate-chain region
 * 44      2   chain_count      certificates in it; 0 iff chain_size is 0
 * 46      2   enc_header_size  0 for type 1, 32 for type 2
 * 48      2   signature_size   fixed per key, see SignatureAlgorithm
 * 50     14   reserved         0
 * </pre>
 *
 * followed by chain, encryption header, payload, 32-byte SHA-256 hash and signature, in that
 * order, with nothing after the signature. {@link #parse} checks every field and that the image
 * has exactly the size the header announces, and reads nothing beyond the header.
 */
public record ImageHeader(int imageType, SignatureAlgorithm algorithm, UUID uuid, long taVersion,
        long payloadSize, int chainSize, int chainCount, int encryptionHeaderSize, int signatureSize) {

    public static final int SIZE = 64;
    public static final int FORMAT_VERSION = 1;
    public static final int TYPE_SIGNED = 1;
    public static final int TYPE_ENCRYPTED = 2;
    public static final int HASH_SIZE = 32;
    public static final int MAX_CHAIN_SIZE = 64 * 1024;
    public static final int MAX_CHAIN_COUNT = 8;
    public static final long MAX_PAYLOAD_SIZE = 1L << 30;

    private static final int MAGIC = 0x4154_544A; // "JTTA" read little-endian

    /** Builds a header for a new image, checking the same bounds {@link #parse} checks. */
    public static ImageHeader create(boolean encrypted, SignatureAlgorithm algorithm, UUID uuid, long taVersion,
            long payloadSize, int chainSize, int chainCount, int signatureSize) {
        int type = encrypted ? TYPE_ENCRYPTED : TYPE_SIGNED;
        int encSize = encrypted ? EncryptionHeader.SIZE : 0;
        ImageHeader h = new ImageHeader(type, algorithm, uuid, taVersion, payloadSize, chainSize, chainCount,
                encSize, signatureSize);
        try {
            h.checkFields();
        } catch (TaImageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return h;
    }

    public boolean encrypted() {
        return imageType == TYPE_ENCRYPTED;
    }

    public int chainOffset() {
        return SIZE;
    }

    public int encryptionHeaderOffset() {
        return SIZE + chainSize;
    }

    public int payloadOffset() {
        return encryptionHeaderOffset() + encryptionHeaderSize;
    }

    public int hashOffset() {
        return Math.toIntExact(payloadOffset() + payloadSize);
    }

    public int signatureOffset() {
        return hashOffset() + HASH_SIZE;
    }

    /** Bytes of the whole image; a long, so that a hostile header cannot overflow it. */
    public long totalSize() {
        return (long) SIZE + chainSize + encryptionHeaderSize + payloadSize + HASH_SIZE + signatureSize;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) FORMAT_VERSION).put((byte) imageType).put((byte) algorithm.id());
        b.put(Uuids.toBytes(uuid)).putInt((int) taVersion).putInt(0);
        b.putLong(payloadSize).putInt(chainSize).putShort((short) chainCount);
        b.putShort((short) encryptionHeaderSize).putShort((short) signatureSize);
        return b.array();
    }

    /** Parses and checks the header of {@code image}, including that the image size is exact. */
    public static ImageHeader parse(byte[] image) throws TaImageException {
        if (image.length < SIZE) {
            throw new TaImageException("truncated: " + image.length + " bytes is shorter than the "
                    + SIZE + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(image, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) {
            throw new TaImageException("not a jtee TA image (bad magic)");
        }
        int version = Short.toUnsignedInt(b.getShort());
        if (version != FORMAT_VERSION) {
            throw new TaImageException("format version " + version + " is not supported (only " + FORMAT_VERSION + ")");
        }
        ImageHeader h = readFields(b);
        h.checkFields();
        checkReservedZero(image);
        h.checkTotalSize(image.length);
        return h;
    }

    private static ImageHeader readFields(ByteBuffer b) throws TaImageException {
        int type = Byte.toUnsignedInt(b.get());
        int algorithmId = Byte.toUnsignedInt(b.get());
        SignatureAlgorithm algorithm = SignatureAlgorithm.byId(algorithmId)
                .orElseThrow(() -> new TaImageException("signature algorithm " + algorithmId + " is not supported"));
        byte[] uuid = new byte[16];
        b.get(uuid);
        long taVersion = Integer.toUnsignedLong(b.getInt());
        b.getInt(); // reserved, checked by checkReservedZero
        long payloadSize = b.getLong();
        int chainSize = b.getInt();
        int chainCount = Short.toUnsignedInt(b.getShort());
        int encSize = Short.toUnsignedInt(b.getShort());
        int sigSize = Short.toUnsignedInt(b.getShort());
        return new ImageHeader(type, algorithm, Uuids.fromBytes(uuid, 0), taVersion, payloadSize, chainSize,
                chainCount, encSize, sigSize);
    }

    private void checkFields() throws TaImageException {
        if (imageType != TYPE_SIGNED && imageType != TYPE_ENCRYPTED) {
            throw new TaImageException("image type " + imageType + " is not supported");
        }
        if (taVersion < 0 || taVersion > 0xFFFF_FFFFL) {
            throw new TaImageException("TA version " + taVersion + " is not a u32");
        }
        if (payloadSize < 1 || payloadSize > MAX_PAYLOAD_SIZE) {
            throw new TaImageException("payload size " + Long.toUnsignedString(payloadSize)
                    + " is outside 1.." + MAX_PAYLOAD_SIZE);
        }
        if (chainSize < 0 || chainSize > MAX_CHAIN_SIZE || chainCount > MAX_CHAIN_COUNT
                || (chainSize == 0) != (chainCount == 0)) {
            throw new TaImageException("certificate chain of " + chainCount + " certificates in "
                    + Integer.toUnsignedString(chainSize) + " bytes is out of bounds");
        }
        int wantEnc = imageType == TYPE_ENCRYPTED ? EncryptionHeader.SIZE : 0;
        if (encryptionHeaderSize != wantEnc) {
            throw new TaImageException("encryption header of " + encryptionHeaderSize
                    + " bytes does not fit image type " + imageType);
        }
        var misfit = algorithm.checkSignatureSize(signatureSize);
        if (misfit.isPresent()) {
            throw new TaImageException(misfit.get());
        }
    }

    private static void checkReservedZero(byte[] image) throws TaImageException {
        for (int i = 0; i < SIZE; i++) {
            boolean reserved = (i >= 28 && i < 32) || i >= 50;
            if (reserved && image[i] != 0) {
                throw new TaImageException("reserved header byte " + i + " is not zero");
            }
        }
    }

    private void checkTotalSize(int actual) throws TaImageException {
        long expected = totalSize();
        if (actual < expected) {
            throw new TaImageException("truncated: the header announces " + expected + " bytes, the image has " + actual);
        }
        if (actual > expected) {
            throw new TaImageException((actual - expected) + " trailing bytes after the signature");
        }
    }
}
