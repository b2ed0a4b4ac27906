package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.jtee.tapkg.TestKeys.Kind;
import org.jtee.tapkg.internal.ImageHeader;
import org.junit.jupiter.api.Test;

/**
 * Every byte of an image is covered: a flipped bit anywhere, or any truncation, is refused with
 * {@link TaImageException} (never another exception, never acceptance).
 */
class TaTamperTest {
    private static final KeyPair ED = TestKeys.pair(Kind.ED25519);
    private static final KeyPair ROOT = TestKeys.generate(Kind.ED25519);
    private static final KeyPair LEAF = TestKeys.generate(Kind.EC_P256);

    private static void assertRefusesEveryBitFlip(TaVerifier verifier, byte[] image, int chainSize) throws Exception {
        assertArrayEquals(TestKeys.JAR, verifier.verify(TestKeys.TA, image).jar(), "the untampered image verifies");
        for (int i = 0; i < image.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bad = image.clone();
                bad[i] ^= (byte) (1 << bit);
                int at = i;
                try {
                    verifier.verify(TestKeys.TA, bad);
                    fail("flipping bit " + bit + " of byte " + at + " (" + region(image, chainSize, at) + ") was accepted");
                } catch (TaImageException expected) {
                    // refused, as it must be
                } catch (RuntimeException e) {
                    throw new AssertionError("byte " + at + " (" + region(image, chainSize, at) + "): " + e, e);
                }
            }
        }
    }

    /** Names the region of {@code image} that byte {@code i} belongs to. */
    private static String region(byte[] image, int chainSize, int i) {
        boolean encrypted = image[6] == 2;
        int sigSize = (image[48] & 0xFF) | (image[49] & 0xFF) << 8;
        int encAt = ImageHeader.SIZE + chainSize;
        int payloadAt = encAt + (encrypted ? 32 : 0);
        int hashAt = image.length - sigSize - 32;
        if (i < ImageHeader.SIZE) {
            return "fixed header";
        }
        if (i < encAt) {
            return "certificate chain";
        }
        if (i < payloadAt) {
            return "encryption header";
        }
        return i < hashAt ? "payload" : i < hashAt + 32 ? "hash" : "signature";
    }

    @Test
    void verify_bitFlipInAnyByteOfPlainImage_refuses() throws Exception {
        byte[] image = TaSigner.withKey(ED.getPrivate()).sign(TestKeys.TA, 3, TestKeys.JAR);
        assertRefusesEveryBitFlip(new TaVerifier(TestKeys.trusting(ED), null), image, 0);
    }

    @Test
    void verify_bitFlipInAnyByteOfEncryptedImageWithChain_refuses() throws Exception {
        var rootCert = TestCertificates.issue("root", ROOT.getPublic(), "root", ROOT.getPrivate(), true);
        var leafCert = TestCertificates.issue("leaf", LEAF.getPublic(), "root", ROOT.getPrivate(), false);
        byte[] image = TaSigner.withKey(LEAF.getPrivate()).withCertificateChain(List.of(leafCert))
                .encryptedWith(TestKeys.encryptionKey()).sign(TestKeys.TA, 3, TestKeys.JAR);
        TaVerifier verifier = new TaVerifier(TrustStore.of(List.of(), List.of(rootCert)), TestKeys.encryptionKey());
        assertRefusesEveryBitFlip(verifier, image, 4 + leafCert.getEncoded().length);
    }

    /**
     * The chain is parsed before the signature is checked, so a corrupted chain under a
     * recomputed hash must still end in a clean refusal, whatever the DER decoder makes of it.
     */
    @Test
    void verify_bitFlipInChainUnderRecomputedHash_refusesCleanly() throws Exception {
        var rootCert = TestCertificates.issue("root", ROOT.getPublic(), "root", ROOT.getPrivate(), true);
        var leafCert = TestCertificates.issue("leaf", LEAF.getPublic(), "root", ROOT.getPrivate(), false);
        byte[] image = TaSigner.withKey(LEAF.getPrivate()).withCertificateChain(List.of(leafCert))
                .sign(TestKeys.TA, 3, TestKeys.JAR);
        TaVerifier verifier = new TaVerifier(TrustStore.of(List.of(), List.of(rootCert)), null);
        int hashAt = image.length - 64 - 32;
        for (int i = ImageHeader.SIZE; i < ImageHeader.SIZE + 4 + leafCert.getEncoded().length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] bad = image.clone();
                bad[i] ^= (byte) (1 << bit);
                System.arraycopy(org.jtee.tapkg.internal.Fingerprints.sha256(bad, 0, hashAt), 0, bad, hashAt, 32);
                int at = i;
                assertThrows(TaImageException.class, () -> verifier.verify(TestKeys.TA, bad), "chain byte " + at);
            }
        }
    }

    @Test
    void verify_truncatedToEveryShorterLength_refuses() {
        byte[] image = TaSigner.withKey(ED.getPrivate()).encryptedWith(TestKeys.encryptionKey())
                .sign(TestKeys.TA, 3, TestKeys.JAR);
        TaVerifier verifier = new TaVerifier(TestKeys.trusting(ED), TestKeys.encryptionKey());
        for (int n = 0; n < image.length; n++) {
            byte[] cut = Arrays.copyOf(image, n);
            assertThrows(TaImageException.class, () -> verifier.verify(TestKeys.TA, cut), "truncated to " + n);
        }
    }

    @Test
    void verify_largeImageTruncatedDenselyInHeaderAndStridedElsewhere_refuses() {
        byte[] jar = TaJar.of(TaTamperTest.class, TestKeys.class, TestCertificates.class);
        byte[] image = TaSigner.withKey(ED.getPrivate()).sign(TestKeys.TA, 3, jar);
        TaVerifier verifier = new TaVerifier(TestKeys.trusting(ED), null);
        for (int n = 0; n < image.length; n += n <= ImageHeader.SIZE ? 1 : 97) {
            byte[] cut = Arrays.copyOf(image, n);
            var e = assertThrows(TaImageException.class, () -> verifier.verify(TestKeys.TA, cut), "truncated to " + n);
            if (!e.getMessage().startsWith("truncated")) {
                fail("truncated to " + n + " gave: " + e.getMessage());
            }
        }
    }
}
