package org.jtee.tapkg;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.jtee.tapkg.internal.Fingerprints;

/** Key pairs generated once per test JVM, and a forger that re-signs edited images. */
final class TestKeys {
    enum Kind { RSA_2048, EC_P256, EC_P384, ED25519 }

    static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
    static final UUID OTHER_TA = UUID.fromString("b6c53aba-9669-4668-a7f2-205629d00f86");
    static final byte[] JAR = "PK\u0003\u0004 pretend this is a jar".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final Map<Kind, KeyPair> PAIRS = new EnumMap<>(Kind.class);
    private static final Map<Kind, KeyPair> OTHERS = new EnumMap<>(Kind.class);
    private static TaEncryptionKey encryptionKey;

    private TestKeys() {}

    static synchronized KeyPair pair(Kind kind) {
        return PAIRS.computeIfAbsent(kind, TestKeys::generate);
    }

    /** A second, untrusted pair of the same kind. */
    static synchronized KeyPair other(Kind kind) {
        return OTHERS.computeIfAbsent(kind, TestKeys::generate);
    }

    static synchronized TaEncryptionKey encryptionKey() {
        if (encryptionKey == null) {
            encryptionKey = TaEncryptionKey.generate(new SecureRandom());
        }
        return encryptionKey;
    }

    static KeyPair generate(Kind kind) {
        try {
            return switch (kind) {
                case RSA_2048 -> rsa(2048);
                case EC_P256 -> ec("secp256r1");
                case EC_P384 -> ec("secp384r1");
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static TrustStore trusting(KeyPair... pairs) {
        return TrustStore.of(Arrays.stream(pairs).map(KeyPair::getPublic).toList(), java.util.List.of());
    }

    /**
     * Recomputes the hash and signature of an edited {@code image} whose signature is
     * {@code signatureSize} bytes, so that a test reaches the check after the signature.
     */
    static byte[] resign(byte[] image, int signatureSize, PrivateKey key) {
        byte[] out = image.clone();
        int sigAt = out.length - signatureSize;
        byte[] hash = Fingerprints.sha256(out, 0, sigAt - 32);
        System.arraycopy(hash, 0, out, sigAt - 32, 32);
        byte[] sig = rawSign(key, out, sigAt);
        System.arraycopy(sig, 0, out, sigAt, signatureSize);
        return out;
    }

    static byte[] rawSign(PrivateKey key, byte[] data, int length) {
        try {
            Signature s = switch (key.getAlgorithm()) {
                case "RSA" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield pss;
                }
                case "EC" -> Signature.getInstance(((java.security.interfaces.ECKey) key).getParams().getOrder()
                        .bitLength() > 256 ? "SHA384withECDSAinP1363Format" : "SHA256withECDSAinP1363Format");
                default -> Signature.getInstance("Ed25519");
            };
            s.initSign(key);
            s.update(data, 0, length);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
