package org.jtee.tapkg;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.jtee.tapkg.internal.CertificateChains;
import org.jtee.tapkg.internal.EncryptionHeader;
import org.jtee.tapkg.internal.Fingerprints;
import org.jtee.tapkg.internal.ImageHeader;
import org.jtee.tapkg.internal.SignatureAlgorithm;

/**
 * Checks TA images (docs/ta-format.md) in this order, refusing at the first failure:
 *
 * <ol>
 * <li>the fixed header: magic, format version, image type, algorithm, reserved bytes zero,
 *     region lengths within bounds, and the image exactly as long as they add up to;
 * <li>the SHA-256 hash over everything before it;
 * <li>the signing key: the leaf of the embedded certificate chain, validated with PKIX against
 *     the trusted roots, or else the trusted raw keys of the header's algorithm;
 * <li>the signature over everything before it (header through hash);
 * <li>the UUID against the one the caller expects;
 * <li>for type 2 only now: the encryption header, then AES-256-GCM decryption with the fixed
 *     header as additional data.
 * </ol>
 *
 * Nothing but the header and the chain is parsed before step 4 passes. Thread-safe.
 */
public final class TaVerifier {
    private final TrustStore trust;
    private final TaEncryptionKey decryptionKey;

    /** @param decryptionKeyOrNull the key for encrypted images; {@code null} refuses them */
    public TaVerifier(TrustStore trust, TaEncryptionKey decryptionKeyOrNull) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.decryptionKey = decryptionKeyOrNull;
    }

    /** Verifies all of image, then decrypts; throws unless it is a valid image for expectedUuid signed by a trusted key. */
    public VerifiedTa verify(UUID expectedUuid, byte[] image) throws TaImageException {
        Objects.requireNonNull(expectedUuid, "expectedUuid");
        ImageHeader header = ImageHeader.parse(image);
        checkHash(image, header);
        String signer = checkSignature(image, header);
        if (!header.uuid().equals(expectedUuid)) {
            throw new TaImageException("image is for TA " + header.uuid() + ", not " + expectedUuid);
        }
        return new VerifiedTa(header.uuid(), header.taVersion(), payload(image, header), signer);
    }

    private static void checkHash(byte[] image, ImageHeader header) throws TaImageException {
        byte[] actual = Fingerprints.sha256(image, 0, header.hashOffset());
        byte[] stored = Arrays.copyOfRange(image, header.hashOffset(), header.signatureOffset());
        if (!MessageDigest.isEqual(actual, stored)) {
            throw new TaImageException("hash does not match: the image is corrupted");
        }
    }

    /** Finds the key, checks the signature, and returns who signed. */
    private String checkSignature(byte[] image, ImageHeader header) throws TaImageException {
        if (header.chainCount() > 0) {
            List<X509Certificate> chain = CertificateChains.parse(image, header.chainOffset(), header.chainSize(),
                    header.chainCount());
            CertificateChains.validate(chain, trust.roots());
            X509Certificate leaf = chain.getFirst();
            requireFits(header, leaf.getPublicKey());
            if (!verifies(header, leaf.getPublicKey(), image)) {
                throw new TaImageException("signature does not verify under the leaf certificate's key");
            }
            return leaf.getSubjectX500Principal().getName();
        }
        List<PublicKey> candidates = trust.keys().stream().filter(k -> fits(header, k)).toList();
        if (candidates.isEmpty()) {
            throw new TaImageException("not signed by a trusted key: no trusted " + header.algorithm().displayName()
                    + " key of the image's signature size");
        }
        for (PublicKey k : candidates) {
            if (verifies(header, k, image)) {
                return Fingerprints.describe(k);
            }
        }
        throw new TaImageException("signature does not verify under any trusted "
                + header.algorithm().displayName() + " key (not signed by a trusted key)");
    }

    private static boolean fits(ImageHeader header, PublicKey key) {
        try {
            return SignatureAlgorithm.forKey(key) == header.algorithm()
                    && header.algorithm().signatureSize(key) == header.signatureSize();
        } catch (IllegalArgumentException e) {
            return false; // a key no image may use, e.g. RSA-1024
        }
    }

    private static void requireFits(ImageHeader header, PublicKey key) throws TaImageException {
        try {
            SignatureAlgorithm.forKey(key);
        } catch (IllegalArgumentException e) {
            throw new TaImageException("the leaf certificate's key is refused: " + e.getMessage(), e);
        }
        if (!fits(header, key)) {
            throw new TaImageException("the leaf certificate's key does not fit " + header.algorithm().displayName()
                    + " with a " + header.signatureSize() + "-byte signature");
        }
    }

    private static boolean verifies(ImageHeader header, PublicKey key, byte[] image) throws TaImageException {
        try {
            Signature s = header.algorithm().newSignature();
            s.initVerify(key);
            s.update(image, 0, header.signatureOffset());
            return s.verify(image, header.signatureOffset(), header.signatureSize());
        } catch (java.security.SignatureException e) {
            return false; // malformed signature bytes
        } catch (GeneralSecurityException e) {
            throw new TaImageException("signature could not be checked: " + e.getMessage(), e);
        }
    }

    private byte[] payload(byte[] image, ImageHeader header) throws TaImageException {
        int from = header.payloadOffset();
        if (!header.encrypted()) {
            return Arrays.copyOfRange(image, from, header.hashOffset());
        }
        if (decryptionKey == null) {
            throw new TaImageException("image is encrypted and no TA decryption key is configured");
        }
        EncryptionHeader enc = EncryptionHeader.parse(image, header.encryptionHeaderOffset());
        byte[] sealed = Arrays.copyOfRange(image, from, header.hashOffset() + EncryptionHeader.TAG_SIZE);
        System.arraycopy(enc.tag(), 0, sealed, sealed.length - EncryptionHeader.TAG_SIZE, EncryptionHeader.TAG_SIZE);
        try {
            return decryptionKey.gcm(Cipher.DECRYPT_MODE, enc.iv(), Arrays.copyOf(image, ImageHeader.SIZE), sealed);
        } catch (AEADBadTagException e) {
            throw new TaImageException("decryption failed (wrong key?)", e);
        } catch (GeneralSecurityException e) {
            throw new TaImageException("decryption failed: " + e.getMessage(), e);
        }
    }
}
