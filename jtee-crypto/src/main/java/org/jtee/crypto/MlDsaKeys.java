package org.jtee.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.jtee.common.TeeException;

/**
 * ML-DSA key material (FIPS 204) as jtee's attributes hold it, checked, and handed to the two
 * backends: Bouncy Castle's parameters and the JDK's keys (whose key factory takes only DER:
 * SubjectPublicKeyInfo and a PKCS#8 {@code expandedKey}, RFC 9881).
 *
 * <p>Sizes (public key, expanded private key, signature): ML-DSA-44 1312, 2560, 2420; ML-DSA-65
 * 1952, 4032, 3309; ML-DSA-87 2592, 4896, 4627. The expanded private key is FIPS 204 skEncode:
 * ρ (32) ‖ K (32) ‖ tr (64) ‖ s1 ‖ s2 ‖ t0.
 */
final class MlDsaKeys {
    /** One parameter set: its number, BC parameters, sizes and the OID's last byte. */
    record Set(int number, MLDSAParameters bc, int k, int l, int eta, int publicBytes, int privateBytes,
            int signatureBytes, int oidLast) {}

    private static final Set ML_DSA_44 = new Set(44, MLDSAParameters.ml_dsa_44, 4, 4, 2, 1312, 2560, 2420, 0x11);
    private static final Set ML_DSA_65 = new Set(65, MLDSAParameters.ml_dsa_65, 6, 5, 4, 1952, 4032, 3309, 0x12);
    private static final Set ML_DSA_87 = new Set(87, MLDSAParameters.ml_dsa_87, 8, 7, 2, 2592, 4896, 4627, 0x13);

    private MlDsaKeys() {}

    /** The set numbered 44, 65 or 87, or {@code null}. */
    static Set set(int number) {
        return switch (number) {
            case 44 -> ML_DSA_44;
            case 65 -> ML_DSA_65;
            case 87 -> ML_DSA_87;
            default -> null;
        };
    }

    /** A public key of the right length. */
    static MLDSAPublicKeyParameters publicKey(Set set, byte[] pk) throws TeeException {
        if (pk.length != set.publicBytes()) {
            throw EngineSupport.badParameters("ML-DSA-" + set.number() + " public key of " + pk.length + " bytes");
        }
        return new MLDSAPublicKeyParameters(set.bc(), pk);
    }

    /**
     * The private key from a 32-byte seed ξ (with which {@code expanded} and {@code pk}, when
     * given, must agree), or else from an expanded key whose s1 and s2
     * coefficients are within [−η, η] and, if {@code pk} is given, whose tr is H(pk).
     */
    static MLDSAPrivateKeyParameters privateKey(Set set, byte[] seed, byte[] expanded, byte[] pk) throws TeeException {
        MLDSAPrivateKeyParameters k;
        if (seed != null) {
            if (seed.length != 32) {
                throw EngineSupport.badParameters("ML-DSA seed must be 32 bytes");
            }
            k = new MLDSAPrivateKeyParameters(set.bc(), seed);
            if (pk != null && !MessageDigest.isEqual(pk, k.getPublicKey())
                    || expanded != null && !MessageDigest.isEqual(expanded, k.getEncoded())) {
                throw EngineSupport.badParameters("ML-DSA public or expanded private key does not match the seed");
            }
            return k;
        }
        if (expanded == null || expanded.length != set.privateBytes()) {
            throw EngineSupport.badParameters("ML-DSA-" + set.number() + " needs a seed or a " + set.privateBytes() + "-byte private key");
        }
        if (!shortVectorsInRange(set, expanded)) {
            throw EngineSupport.badParameters("ML-DSA private key has s1/s2 coefficients out of range");
        }
        if (pk != null && !MessageDigest.isEqual(Arrays.copyOfRange(expanded, 64, 128), shake256(pk, 64))) {
            throw EngineSupport.badParameters("ML-DSA private key's tr is not H(public key)");
        }
        return new MLDSAPrivateKeyParameters(set.bc(), expanded);
    }

    /** Whether every packed η − c of s1 and s2 is at most 2η (FIPS 204 BitUnpack bounds). */
    private static boolean shortVectorsInRange(Set set, byte[] sk) {
        int width = set.eta() == 2 ? 3 : 4;
        int coefficients = 256 * (set.k() + set.l());
        int offset = 128;
        for (int i = 0; i < coefficients; i++) {
            int bit = i * width;
            int v = 0;
            for (int j = 0; j < width; j++) {
                int b = bit + j;
                v |= ((sk[offset + (b >>> 3)] >>> (b & 7)) & 1) << j;
            }
            if (v > 2 * set.eta()) {
                return false;
            }
        }
        return true;
    }

    private static byte[] shake256(byte[] data, int length) {
        SHAKEDigest d = new SHAKEDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[length];
        d.doFinal(out, 0, length);
        return out;
    }

    /** The JDK private key: PKCS#8 { version 0, AlgorithmIdentifier, OCTET STRING { expandedKey } }. */
    static PrivateKey jdkPrivate(Set set, byte[] expanded) throws GeneralSecurityException {
        byte[] body = concat(new byte[] {0x02, 0x01, 0x00}, algorithmId(set), der(0x04, der(0x04, expanded)));
        return KeyFactory.getInstance("ML-DSA").generatePrivate(new PKCS8EncodedKeySpec(der(0x30, body)));
    }

    /** The JDK public key: SubjectPublicKeyInfo { AlgorithmIdentifier, BIT STRING pk }. */
    static PublicKey jdkPublic(Set set, byte[] pk) throws GeneralSecurityException {
        byte[] bits = concat(new byte[] {0x00}, pk);
        return KeyFactory.getInstance("ML-DSA").generatePublic(new X509EncodedKeySpec(der(0x30, concat(algorithmId(set), der(0x03, bits)))));
    }

    private static byte[] algorithmId(Set set) {
        byte[] oid = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, (byte) set.oidLast()};
        return der(0x30, oid);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] header = n < 0x80 ? new byte[] {(byte) tag, (byte) n}
                : n < 0x100 ? new byte[] {(byte) tag, (byte) 0x81, (byte) n}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (n >>> 8), (byte) n};
        return concat(header, content);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
