package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.Arrays;
import org.jtee.tapkg.TestKeys.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TaRoundTripTest {
    @ParameterizedTest
    @CsvSource({
        "RSA_2048, false, RSA-PSS-SHA256, RSA-2048", "RSA_2048, true, RSA-PSS-SHA256, RSA-2048",
        "EC_P256, false, ECDSA-P256-SHA256, EC-P256", "EC_P256, true, ECDSA-P256-SHA256, EC-P256",
        "EC_P384, false, ECDSA-P384-SHA384, EC-P384", "EC_P384, true, ECDSA-P384-SHA384, EC-P384",
        "ED25519, false, Ed25519, Ed25519", "ED25519, true, Ed25519, Ed25519"})
    void signThenVerify_everyAlgorithmPlainAndEncrypted_returnsTheJar(Kind kind, boolean encrypted, String algorithm,
            String keyName) throws Exception {
        KeyPair pair = TestKeys.pair(kind);
        TaSigner signer = TaSigner.withKey(pair.getPrivate());
        if (encrypted) {
            signer = signer.encryptedWith(TestKeys.encryptionKey());
        }
        byte[] image = signer.sign(TestKeys.TA, TaVersions.parse("1.2.3"), TestKeys.JAR);

        VerifiedTa ta = new TaVerifier(TestKeys.trusting(pair), TestKeys.encryptionKey()).verify(TestKeys.TA, image);

        assertArrayEquals(TestKeys.JAR, ta.jar());
        assertEquals(TestKeys.TA, ta.uuid());
        assertEquals(0x10203, ta.version());
        assertTrue(ta.signer().startsWith(keyName + " key SHA-256:"), ta.signer());
        TaImageInfo info = TaImageInfo.parse(image);
        assertEquals(new TaImageInfo(1, encrypted ? 2 : 1, TestKeys.TA, 0x10203, TestKeys.JAR.length, algorithm, 0,
                encrypted), info);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void encryptedImage_storedPayload_isNotThePlaintext(Kind kind) {
        byte[] image = TaSigner.withKey(TestKeys.pair(kind).getPrivate()).encryptedWith(TestKeys.encryptionKey())
                .sign(TestKeys.TA, 1, TestKeys.JAR);
        int payloadAt = 64 + 32;
        byte[] stored = Arrays.copyOfRange(image, payloadAt, payloadAt + TestKeys.JAR.length);
        assertFalse(Arrays.equals(TestKeys.JAR, stored));
    }

    @org.junit.jupiter.api.Test
    void encryptedSign_calledTwice_usesFreshIvs() {
        TaSigner signer = TaSigner.withKey(TestKeys.pair(Kind.ED25519).getPrivate())
                .encryptedWith(TestKeys.encryptionKey());
        byte[] a = signer.sign(TestKeys.TA, 1, TestKeys.JAR);
        byte[] b = signer.sign(TestKeys.TA, 1, TestKeys.JAR);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 64, 96), Arrays.copyOfRange(b, 64, 96)));
    }
}
