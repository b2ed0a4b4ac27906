package org.jtee.tapkg.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Fingerprints of public keys, as people compare them: {@code SHA-256:<hex of SPKI digest>}. */
public final class Fingerprints {
    private Fingerprints() {}

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest sha = sha256();
        sha.update(data, offset, length);
        return sha.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** {@code "SHA-256:"} followed by the hex SHA-256 of the key's SubjectPublicKeyInfo. */
    public static String fingerprint(PublicKey key) {
        byte[] spki = key.getEncoded();
        return "SHA-256:" + HexFormat.of().formatHex(sha256(spki, 0, spki.length));
    }

    /** For log lines: {@code "Ed25519 key SHA-256:ab12…"}. */
    public static String describe(PublicKey key) {
        return algorithmName(key) + " key " + fingerprint(key);
    }

    private static String algorithmName(PublicKey key) {
        return switch (key) {
            case java.security.interfaces.RSAKey rsa -> "RSA-" + rsa.getModulus().bitLength();
            case java.security.interfaces.ECKey ec -> "EC-P" + ec.getParams().getCurve().getField().getFieldSize();
            case java.security.interfaces.EdECKey ed -> ed.getParams().getName();
            default -> key.getAlgorithm();
        };
    }
}
