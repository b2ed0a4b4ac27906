package org.jtee.tapkg.internal;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * The signature algorithms a TA image may name in its header, with the one key shape each
 * accepts. Signatures have a fixed size for a given key (ECDSA uses the IEEE P1363 {@code r‖s}
 * form, not DER), so the header's signature length is checked before anything is parsed.
 *
 * <table>
 * <caption>header id → algorithm</caption>
 * <tr><th>id</th><th>name</th><th>key</th><th>signature bytes</th></tr>
 * <tr><td>1</td><td>RSA-PSS-SHA256 (RFC 8017 §8.1, MGF1-SHA256, 32-byte salt)</td><td>RSA ≥ 2048 bits</td><td>modulus size, 256..1024</td></tr>
 * <tr><td>2</td><td>ECDSA-P256-SHA256 (FIPS 186-5)</td><td>EC secp256r1</td><td>64</td></tr>
 * <tr><td>3</td><td>ECDSA-P384-SHA384</td><td>EC secp384r1</td><td>96</td></tr>
 * <tr><td>4</td><td>Ed25519 (RFC 8032, pure)</td><td>Ed25519</td><td>64</td></tr>
 * </table>
 */
public enum SignatureAlgorithm {
    RSA_PSS_SHA256(1, "RSA-PSS-SHA256", 256, 1024),
    ECDSA_P256_SHA256(2, "ECDSA-P256-SHA256", 64, 64),
    ECDSA_P384_SHA384(3, "ECDSA-P384-SHA384", 96, 96),
    ED25519(4, "Ed25519", 64, 64);

    /** The smallest RSA modulus accepted, in bits. */
    public static final int MIN_RSA_BITS = 2048;

    private final int id;
    private final String displayName;
    private final int minSignatureBytes;
    private final int maxSignatureBytes;

    SignatureAlgorithm(int id, String displayName, int minSignatureBytes, int maxSignatureBytes) {
        this.id = id;
        this.displayName = displayName;
        this.minSignatureBytes = minSignatureBytes;
        this.maxSignatureBytes = maxSignatureBytes;
    }

    public int id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<SignatureAlgorithm> byId(int id) {
        for (SignatureAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Why a header's signature length does not fit this algorithm, or empty if it fits. */
    public Optional<String> checkSignatureSize(int bytes) {
        if (bytes >= minSignatureBytes && bytes <= maxSignatureBytes) {
            return Optional.empty();
        }
        if (this == RSA_PSS_SHA256 && bytes < minSignatureBytes) {
            return Optional.of("an RSA signature of " + bytes + " bytes means a key under "
                    + MIN_RSA_BITS + " bits, which is too weak");
        }
        return Optional.of("a signature of " + bytes + " bytes does not fit " + displayName);
    }

    /**
     * The algorithm for {@code key}, public or private.
     *
     * @throws IllegalArgumentException naming why the key is not acceptable
     */
    public static SignatureAlgorithm forKey(Key key) {
        return switch (key) {
            case RSAKey rsa when rsa.getModulus().bitLength() < MIN_RSA_BITS -> throw new IllegalArgumentException(
                    "RSA key of " + rsa.getModulus().bitLength() + " bits is too weak (need " + MIN_RSA_BITS + ")");
            case RSAKey rsa when rsa.getModulus().bitLength() > 8 * 1024 -> throw new IllegalArgumentException(
                    "RSA key of " + rsa.getModulus().bitLength() + " bits is larger than 8192 bits");
            case RSAKey rsa -> RSA_PSS_SHA256;
            case ECKey ec when sameCurve(ec.getParams(), "secp256r1") -> ECDSA_P256_SHA256;
            case ECKey ec when sameCurve(ec.getParams(), "secp384r1") -> ECDSA_P384_SHA384;
            case EdECKey ed when "Ed25519".equals(ed.getParams().getName()) -> ED25519;
            default -> throw new IllegalArgumentException("a " + key.getAlgorithm()
                    + " key is not one of RSA (2048..8192 bits), EC P-256, EC P-384 or Ed25519");
        };
    }

    /** The signature size a given key produces under this algorithm. */
    public int signatureSize(Key key) {
        return this == RSA_PSS_SHA256 ? (((RSAKey) key).getModulus().bitLength() + 7) / 8 : maxSignatureBytes;
    }

    /** A fresh, configured {@link Signature} engine. */
    public Signature newSignature() throws GeneralSecurityException {
        return switch (this) {
            case RSA_PSS_SHA256 -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32,
                        PSSParameterSpec.TRAILER_FIELD_BC));
                yield s;
            }
            case ECDSA_P256_SHA256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case ECDSA_P384_SHA384 -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case ED25519 -> Signature.getInstance("Ed25519");
        };
    }

    private static boolean sameCurve(ECParameterSpec params, String name) {
        ECParameterSpec named = namedCurve(name);
        return params.getCurve().equals(named.getCurve())
                && params.getOrder().equals(named.getOrder())
                && params.getGenerator().equals(named.getGenerator());
    }

    private static ECParameterSpec namedCurve(String name) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (NoSuchAlgorithmException | InvalidParameterSpecException e) {
            throw new IllegalStateException("the JDK provides " + name, e);
        }
    }
}
