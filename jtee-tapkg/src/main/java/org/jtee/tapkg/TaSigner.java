package org.jtee.tapkg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Cipher;
import org.jtee.tapkg.internal.CertificateChains;
import org.jtee.tapkg.internal.EncryptionHeader;
import org.jtee.tapkg.internal.Fingerprints;
import org.jtee.tapkg.internal.ImageHeader;
import org.jtee.tapkg.internal.SignatureAlgorithm;

/**
 * Builds TA images (docs/ta-format.md). Immutable: each {@code with…} returns a new signer.
 *
 * <pre>
 * image = header(64) ‖ chain ‖ enc_header(0|32) ‖ payload ‖ SHA-256(all before) ‖ sig(all before)
 * </pre>
 *
 * For an encrypted image the payload is AES-256-GCM ciphertext under a fresh random IV, with the
 * 64-byte header as additional authenticated data; hash and signature cover the ciphertext.
 */
public final class TaSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final SignatureAlgorithm algorithm;
    private final List<X509Certificate> chain;
    private final TaEncryptionKey encryptionKey;

    private TaSigner(PrivateKey key, SignatureAlgorithm algorithm, List<X509Certificate> chain,
            TaEncryptionKey encryptionKey) {
        this.key = key;
        this.algorithm = algorithm;
        this.chain = chain;
        this.encryptionKey = encryptionKey;
    }

    /**
     * A signer for {@code key}: RSA (2048..8192 bits) signs with RSA-PSS-SHA256, EC P-256 with
     * ECDSA-SHA256, EC P-384 with ECDSA-SHA384, Ed25519 with Ed25519.
     *
     * @throws IllegalArgumentException for any other key, including RSA under 2048 bits
     */
    public static TaSigner withKey(PrivateKey key) {
        return new TaSigner(key, SignatureAlgorithm.forKey(key), List.of(), null);
    }

    /**
     * Embeds {@code leafFirst} (at most 8 certificates, typically leaf and intermediates); the
     * leaf's public key must be the pair of this signer's key.
     *
     * @throws IllegalArgumentException if the chain is empty, too long, or its leaf key does not
     *     match the signing key
     */
    public TaSigner withCertificateChain(List<X509Certificate> leafFirst) {
        List<X509Certificate> copy = List.copyOf(leafFirst);
        if (copy.isEmpty() || copy.size() > ImageHeader.MAX_CHAIN_COUNT) {
            throw new IllegalArgumentException("a certificate chain holds 1.." + ImageHeader.MAX_CHAIN_COUNT + " certificates");
        }
        checkPair(copy.getFirst());
        return new TaSigner(key, algorithm, copy, encryptionKey);
    }

    /** Encrypts the payload under {@code key} (image type 2). */
    public TaSigner encryptedWith(TaEncryptionKey key) {
        return new TaSigner(this.key, algorithm, chain, Objects.requireNonNull(key, "key"));
    }

    /**
     * Signs (and encrypts, if configured) {@code jar} as version {@code taVersion} of TA
     * {@code uuid}; every call uses a fresh random IV.
     *
     * @throws IllegalArgumentException if the version is not a u32 or the JAR is empty or over 1 GiB
     */
    public byte[] sign(UUID uuid, long taVersion, byte[] jar) {
        byte[] chainBytes = CertificateChains.encode(chain);
        ImageHeader header = ImageHeader.create(encryptionKey != null, algorithm, uuid, taVersion, jar.length,
                chainBytes.length, chain.size(), algorithm.signatureSize(key));
        byte[] image = new byte[Math.toIntExact(header.totalSize())];
        byte[] fixed = header.encode();
        System.arraycopy(fixed, 0, image, 0, ImageHeader.SIZE);
        System.arraycopy(chainBytes, 0, image, header.chainOffset(), chainBytes.length);
        placePayload(image, header, fixed, jar);
        byte[] hash = Fingerprints.sha256(image, 0, header.hashOffset());
        System.arraycopy(hash, 0, image, header.hashOffset(), ImageHeader.HASH_SIZE);
        byte[] signature = signBytes(image, header.signatureOffset());
        if (signature.length != header.signatureSize()) {
            throw new IllegalStateException(algorithm.displayName() + " produced " + signature.length
                    + " bytes, expected " + header.signatureSize());
        }
        System.arraycopy(signature, 0, image, header.signatureOffset(), signature.length);
        return image;
    }

    private void placePayload(byte[] image, ImageHeader header, byte[] fixed, byte[] jar) {
        if (encryptionKey == null) {
            System.arraycopy(jar, 0, image, header.payloadOffset(), jar.length);
            return;
        }
        byte[] iv = new byte[EncryptionHeader.IV_SIZE];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            sealed = encryptionKey.gcm(Cipher.ENCRYPT_MODE, iv, fixed, jar);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed", e);
        }
        int ctLength = sealed.length - EncryptionHeader.TAG_SIZE;
        byte[] tag = java.util.Arrays.copyOfRange(sealed, ctLength, sealed.length);
        byte[] encHeader = new EncryptionHeader(iv, tag).encode();
        System.arraycopy(encHeader, 0, image, header.encryptionHeaderOffset(), encHeader.length);
        System.arraycopy(sealed, 0, image, header.payloadOffset(), ctLength);
    }

    private byte[] signBytes(byte[] data, int length) {
        try {
            Signature s = algorithm.newSignature();
            s.initSign(key);
            s.update(data, 0, length);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.displayName() + " signing failed", e);
        }
    }

    private void checkPair(X509Certificate leaf) {
        byte[] probe = "jtee TA signer key check".getBytes(StandardCharsets.US_ASCII);
        boolean pairs;
        try {
            if (SignatureAlgorithm.forKey(leaf.getPublicKey()) != algorithm) {
                throw new IllegalArgumentException("the leaf certificate's key is not a " + algorithm.displayName() + " key");
            }
            Signature s = algorithm.newSignature();
            s.initVerify(leaf.getPublicKey());
            s.update(probe);
            pairs = s.verify(signBytes(probe, probe.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot check the leaf certificate's key", e);
        }
        if (!pairs) {
            throw new IllegalArgumentException("the leaf certificate " + leaf.getSubjectX500Principal().getName()
                    + " is not for this signing key");
        }
    }
}
