package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.jtee.tapkg.TestKeys.Kind;
import org.junit.jupiter.api.Test;

/** Images signed by the leaf of an embedded X.509 chain, validated against trusted roots. */
class CertificateChainTest {
    private static final KeyPair ROOT = TestKeys.generate(Kind.ED25519);
    private static final KeyPair OTHER_ROOT = TestKeys.generate(Kind.ED25519);
    private static final KeyPair INTERMEDIATE = TestKeys.generate(Kind.ED25519);
    private static final KeyPair LEAF = TestKeys.pair(Kind.EC_P384);
    private static final X509Certificate ROOT_CERT = selfSigned("Test Root", ROOT);
    private static final X509Certificate OTHER_ROOT_CERT = selfSigned("Other Root", OTHER_ROOT);
    private static final TaVerifier VERIFIER = new TaVerifier(TrustStore.of(List.of(), List.of(ROOT_CERT)), null);

    private static X509Certificate selfSigned(String name, KeyPair pair) {
        return TestCertificates.issue(name, pair.getPublic(), name, pair.getPrivate(), true);
    }

    private static byte[] signedWith(List<X509Certificate> chain) {
        return TaSigner.withKey(LEAF.getPrivate()).withCertificateChain(chain).sign(TestKeys.TA, 1, TestKeys.JAR);
    }

    private static String refusal(byte[] image) {
        return assertThrows(TaImageException.class, () -> VERIFIER.verify(TestKeys.TA, image)).getMessage();
    }

    @Test
    void verify_leafIssuedByTrustedRoot_acceptsAndNamesTheLeaf() throws Exception {
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Test Root", ROOT.getPrivate(), false);
        VerifiedTa ta = VERIFIER.verify(TestKeys.TA, signedWith(List.of(leaf)));
        assertEquals("CN=TA Signer", ta.signer());
    }

    @Test
    void verify_leafUnderIntermediateWithRootIncluded_accepts() throws Exception {
        X509Certificate mid = TestCertificates.issue("Mid", INTERMEDIATE.getPublic(), "Test Root", ROOT.getPrivate(), true);
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Mid", INTERMEDIATE.getPrivate(), false);
        VerifiedTa ta = VERIFIER.verify(TestKeys.TA, signedWith(List.of(leaf, mid, ROOT_CERT)));
        assertEquals("CN=TA Signer", ta.signer());
    }

    @Test
    void verify_leafIssuedByUntrustedRoot_refuses() {
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Other Root", OTHER_ROOT.getPrivate(), false);
        String message = refusal(signedWith(List.of(leaf, OTHER_ROOT_CERT)));
        assertTrue(message.contains("not signed by a trusted key"), message);
    }

    @Test
    void verify_expiredIntermediate_refuses() {
        Instant now = Instant.now();
        X509Certificate mid = TestCertificates.issue("Mid", INTERMEDIATE.getPublic(), "Test Root", ROOT.getPrivate(), true,
                TestCertificates.CERT_AND_CRL_SIGN, now.minusSeconds(30L * 86400), now.minusSeconds(86400));
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Mid", INTERMEDIATE.getPrivate(), false);
        String message = refusal(signedWith(List.of(leaf, mid)));
        assertTrue(message.contains("EXPIRED"), message);
    }

    @Test
    void verify_intermediateThatIsNotCa_refuses() {
        X509Certificate mid = TestCertificates.issue("Mid", INTERMEDIATE.getPublic(), "Test Root", ROOT.getPrivate(), false,
                TestCertificates.CERT_AND_CRL_SIGN, Instant.now().minusSeconds(60), Instant.now().plusSeconds(86400));
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Mid", INTERMEDIATE.getPrivate(), false);
        String message = refusal(signedWith(List.of(leaf, mid)));
        assertTrue(message.contains("NOT_CA_CERT"), message);
    }

    @Test
    void verify_leafWithoutDigitalSignatureUsage_refuses() {
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Test Root", ROOT.getPrivate(), false,
                TestCertificates.KEY_ENCIPHERMENT_ONLY, Instant.now().minusSeconds(60), Instant.now().plusSeconds(86400));
        String message = refusal(signedWith(List.of(leaf)));
        assertTrue(message.contains("does not allow digital signatures"), message);
    }

    @Test
    void verify_chainButNoTrustedRoots_refuses() {
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Test Root", ROOT.getPrivate(), false);
        TaVerifier keysOnly = new TaVerifier(TestKeys.trusting(LEAF), null);
        var e = assertThrows(TaImageException.class, () -> keysOnly.verify(TestKeys.TA, signedWith(List.of(leaf))));
        assertTrue(e.getMessage().contains("no root is trusted"), e.getMessage());
    }

    @Test
    void withCertificateChain_leafForAnotherKey_refuses() {
        X509Certificate leaf = TestCertificates.issue("TA Signer", TestKeys.other(Kind.EC_P384).getPublic(), "Test Root",
                ROOT.getPrivate(), false);
        TaSigner signer = TaSigner.withKey(LEAF.getPrivate());
        var e = assertThrows(IllegalArgumentException.class, () -> signer.withCertificateChain(List.of(leaf)));
        assertTrue(e.getMessage().contains("is not for this signing key"), e.getMessage());
    }

    @Test
    void withCertificateChain_leafOfAnotherAlgorithm_refuses() {
        X509Certificate leaf = TestCertificates.issue("TA Signer", ROOT.getPublic(), "Test Root", ROOT.getPrivate(), false);
        TaSigner signer = TaSigner.withKey(LEAF.getPrivate());
        assertThrows(IllegalArgumentException.class, () -> signer.withCertificateChain(List.of(leaf)));
    }

    @Test
    void info_imageWithChain_countsCertificates() throws Exception {
        X509Certificate mid = TestCertificates.issue("Mid", INTERMEDIATE.getPublic(), "Test Root", ROOT.getPrivate(), true);
        X509Certificate leaf = TestCertificates.issue("TA Signer", LEAF.getPublic(), "Mid", INTERMEDIATE.getPrivate(), false);
        assertEquals(2, TaImageInfo.parse(signedWith(List.of(leaf, mid))).chainLength());
    }
}
