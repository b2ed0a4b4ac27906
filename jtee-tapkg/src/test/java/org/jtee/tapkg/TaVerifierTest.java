package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.jtee.tapkg.TestKeys.Kind;
import org.jtee.tapkg.internal.ImageHeader;
import org.jtee.tapkg.internal.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaVerifierTest {
    private static final KeyPair ED = TestKeys.pair(Kind.ED25519);
    private static final TaVerifier VERIFIER = new TaVerifier(TestKeys.trusting(ED), TestKeys.encryptionKey());

    private static byte[] plain() {
        return TaSigner.withKey(ED.getPrivate()).sign(TestKeys.TA, 7, TestKeys.JAR);
    }

    private static String refusal(TaVerifier verifier, byte[] image) {
        return assertThrows(TaImageException.class, () -> verifier.verify(TestKeys.TA, image)).getMessage();
    }

    private static void assertRefused(byte[] image, String reason) {
        String message = refusal(VERIFIER, image);
        assertTrue(message.contains(reason), "expected \"" + reason + "\" in: " + message);
    }

    @Test
    void verify_validImage_accepts() throws Exception {
        assertEquals(7, VERIFIER.verify(TestKeys.TA, plain()).version());
    }

    @Test
    void verify_zeroSignature_refuses() {
        byte[] image = plain();
        Arrays.fill(image, image.length - 64, image.length, (byte) 0);
        assertRefused(image, "signature does not verify");
    }

    @Test
    void verify_signedByUnknownKey_refuses() {
        byte[] image = TaSigner.withKey(TestKeys.other(Kind.ED25519).getPrivate()).sign(TestKeys.TA, 7, TestKeys.JAR);
        assertRefused(image, "not signed by a trusted key");
    }

    @Test
    void verify_noTrustedKeyOfTheAlgorithm_refuses() {
        byte[] image = TaSigner.withKey(TestKeys.pair(Kind.EC_P256).getPrivate()).sign(TestKeys.TA, 7, TestKeys.JAR);
        assertRefused(image, "not signed by a trusted key: no trusted ECDSA-P256-SHA256 key");
    }

    @Test
    void verify_emptyTrustStore_refuses() {
        String message = refusal(new TaVerifier(TrustStore.of(List.of(), List.of()), null), plain());
        assertTrue(message.contains("not signed by a trusted key"), message);
    }

    @Test
    void verify_trailingBytes_refuses() {
        assertRefused(Arrays.copyOf(plain(), plain().length + 1), "1 trailing bytes");
    }

    @Test
    void verify_otherUuidThanExpected_refuses() {
        byte[] image = TaSigner.withKey(ED.getPrivate()).sign(TestKeys.OTHER_TA, 7, TestKeys.JAR);
        assertRefused(image, "image is for TA " + TestKeys.OTHER_TA + ", not " + TestKeys.TA);
    }

    @Test
    void verify_encryptedUnderWrongKey_refuses() {
        try (TaEncryptionKey wrong = TaEncryptionKey.generate(new SecureRandom())) {
            byte[] image = TaSigner.withKey(ED.getPrivate()).encryptedWith(wrong).sign(TestKeys.TA, 7, TestKeys.JAR);
            assertRefused(image, "decryption failed (wrong key?)");
        }
    }

    @Test
    void verify_encryptedWithNoDecryptionKey_refuses() {
        byte[] image = TaSigner.withKey(ED.getPrivate()).encryptedWith(TestKeys.encryptionKey())
                .sign(TestKeys.TA, 7, TestKeys.JAR);
        String message = refusal(new TaVerifier(TestKeys.trusting(ED), null), image);
        assertTrue(message.contains("no TA decryption key is configured"), message);
    }

    @Test
    void withKey_rsa1024_refuses() throws Exception {
        KeyPair weak = TestKeys.rsa(1024);
        var e = assertThrows(IllegalArgumentException.class, () -> TaSigner.withKey(weak.getPrivate()));
        assertTrue(e.getMessage().contains("too weak"), e.getMessage());
    }

    @Test
    void verify_imageSignedWithRsa1024_refuses() throws Exception {
        KeyPair weak = TestKeys.rsa(1024);
        ImageHeader h = new ImageHeader(1, SignatureAlgorithm.RSA_PSS_SHA256, TestKeys.TA, 7, TestKeys.JAR.length,
                0, 0, 0, 128);
        byte[] image = new byte[(int) h.totalSize()];
        System.arraycopy(h.encode(), 0, image, 0, 64);
        System.arraycopy(TestKeys.JAR, 0, image, 64, TestKeys.JAR.length);
        image = TestKeys.resign(image, 128, weak.getPrivate());
        String message = refusal(new TaVerifier(TestKeys.trusting(weak), null), image);
        assertTrue(message.contains("too weak"), message);
    }

    /** Each reserved byte, set and then covered by a fresh valid signature, is still refused. */
    @ParameterizedTest
    @ValueSource(ints = {28, 29, 30, 31, 50, 55, 63})
    void verify_reservedHeaderByteNonZeroButSigned_refuses(int offset) {
        byte[] image = plain();
        image[offset] = 1;
        assertRefused(TestKeys.resign(image, 64, ED.getPrivate()), "reserved header byte " + offset);
    }

    @Test
    void verify_reservedEncryptionHeaderByteNonZeroButSigned_refuses() {
        byte[] image = TaSigner.withKey(ED.getPrivate()).encryptedWith(TestKeys.encryptionKey())
                .sign(TestKeys.TA, 7, TestKeys.JAR);
        image[64 + 3] = 1;
        assertRefused(TestKeys.resign(image, 64, ED.getPrivate()), "reserved encryption header byte");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4:2:format version 2", "6:3:image type 3", "7:9:signature algorithm 9",
        "0:0:bad magic", "64:2:unsupported cipher"})
    void verify_unknownFieldValueButSigned_refuses(String edit) {
        String[] p = edit.split(":");
        byte[] image = TaSigner.withKey(ED.getPrivate()).encryptedWith(TestKeys.encryptionKey())
                .sign(TestKeys.TA, 7, TestKeys.JAR);
        image[Integer.parseInt(p[0])] = (byte) Integer.parseInt(p[1]);
        assertRefused(TestKeys.resign(image, 64, ED.getPrivate()), p[2]);
    }

    @Test
    void verify_encryptedHeaderTypeFlippedToPlainButSigned_refuses() {
        byte[] image = TaSigner.withKey(ED.getPrivate()).encryptedWith(TestKeys.encryptionKey())
                .sign(TestKeys.TA, 7, TestKeys.JAR);
        image[6] = 1;
        assertRefused(TestKeys.resign(image, 64, ED.getPrivate()), "does not fit image type 1");
    }

    @Test
    void verify_hugePayloadSize_refusesWithoutOverflow() {
        byte[] image = plain();
        Arrays.fill(image, 32, 40, (byte) 0xFF);
        assertRefused(image, "payload size 18446744073709551615 is outside");
    }
}
