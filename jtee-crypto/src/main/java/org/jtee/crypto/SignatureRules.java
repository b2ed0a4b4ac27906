package org.jtee.crypto;

import org.jtee.ta.TaPanic;

/**
 * OP-TEE's checks of the digest given to {@code TEE_AsymmetricSignDigest} and
 * {@code TEE_AsymmetricVerifyDigest}, which panic: RSA signatures with a hash
 * ({@code core/lib/libtomcrypt/rsa.c}, {@code syscall_asymm_verify}) need a digest of exactly the
 * hash's length; DSA ({@code dsa.c}) one of the hash's length or, where the subprime q is shorter,
 * q's length. ECDSA, SM2, Ed25519 and ML-DSA take what they are given. Also the ciphertext lengths
 * of ML-KEM (FIPS 203 Table 3).
 */
final class SignatureRules {
    private SignatureRules() {}

    /**
     * Panics with {@code panicCode} when {@code length} is not a digest {@code algorithm} signs
     * ({@code sign}) or verifies.
     */
    static void checkDigestLength(int algorithm, TransientObject key, int length, boolean sign, int panicCode) {
        int hash = hashLength(algorithm);
        if (hash == 0) {
            return;
        }
        int main = algorithm & 0xFF;
        if (main == 0x30 && length != hash) {
            throw new TaPanic(panicCode, "RSA: a digest of " + length + " bytes, the hash has " + hash);
        }
        int q = main == 0x31 ? subprimeLength(key, hash) : hash;
        if (main == 0x31 && (sign ? length != q : length != hash && length != q)) {
            throw new TaPanic(panicCode, "DSA: a digest of " + length + " bytes, the hash has " + hash);
        }
    }

    /**
     * The length of the hash an RSA or DSA algorithm signs ({@code TEE_DIGEST_HASH_TO_ALGO}, bits 15
     * to 12), 0 for none ({@code RSASSA_PKCS1_V1_5} without a hash) or another algorithm.
     */
    static int hashLength(int algorithm) {
        int main = algorithm & 0xFF;
        if ((main != 0x30 && main != 0x31) || algorithm == TeeAlg.RSASSA_PKCS1_V1_5
                || AlgorithmTable.find(algorithm) == null
                || AlgorithmTable.find(algorithm).operationClass() != TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE) {
            return 0;
        }
        return switch ((algorithm >>> 12) & 0xF) {
            case 0x1 -> 16;
            case 0x2 -> 20;
            case 0x3, 0x8 -> 28;
            case 0x4, 0x9 -> 32;
            case 0x5, 0xA -> 48;
            case 0x6, 0xB -> 64;
            case 0xF -> 36;
            default -> 0;
        };
    }

    /** The DSA subprime q's length in bytes, or the hash's when the key has none. */
    private static int subprimeLength(TransientObject key, int hash) {
        byte[] q = key == null ? null : key.buffer(TeeAttr.DSA_SUBPRIME);
        if (q == null) {
            return hash;
        }
        int n = q.length;
        for (int i = 0; i < q.length && q[i] == 0; i++) {
            n--;
        }
        return Math.min(n, hash);
    }

    /** The ciphertext length of an ML-KEM parameter set (FIPS 203 Table 3). */
    static int kemCiphertextLength(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.ML_KEM_512 -> 768;
            case TeeAlg.ML_KEM_768 -> 1088;
            case TeeAlg.ML_KEM_1024 -> 1568;
            default -> throw new IllegalArgumentException(String.format("not ML-KEM: 0x%08X", algorithm));
        };
    }
}
