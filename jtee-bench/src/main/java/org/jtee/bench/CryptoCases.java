package org.jtee.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeCurve;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;

/**
 * The operations {@code jtee bench crypto} measures, written once against jtee's GP crypto API and
 * run both inside {@link CryptoBenchTa} (in a TA host) and in the bench's own process, so the two
 * figures of a row use the same code and the same backend. One instance prepares one case (keys
 * and operations made once, outside the timing); {@link #run} does the case's operation once on
 * the data.
 */
public final class CryptoCases implements AutoCloseable {
    /** The bulk cases: each {@link #run} processes the whole input buffer. */
    public static final List<String> BULK = List.of("sha256", "sha3-256", "hmac-sha256", "aes128-ecb", "aes128-cbc",
            "aes128-ctr", "aes128-gcm");
    /** The per-operation cases: each {@link #run} is one signature, verification, encapsulation or decapsulation. */
    public static final List<String> SINGLE = List.of("rsa2048-sign", "rsa2048-verify", "rsa3072-sign", "rsa3072-verify",
            "ecdsa-p256-sign", "ecdsa-p256-verify", "ed25519-sign", "ed25519-verify", "mldsa65-sign", "mldsa65-verify",
            "mlkem768-encaps", "mlkem768-decaps");

    private static final byte[] IV = new byte[16];
    private static final byte[] NONCE = new byte[12];

    private final String name;
    private final Operation op;
    private final Operation signer;
    private final TransientObject key;
    private final TransientObject secret;
    private final byte[] small = new byte[256];
    private byte[] signature;
    private byte[] ciphertext;

    /** Prepares case {@code name} (one of {@link #BULK} or {@link #SINGLE}). */
    public CryptoCases(String name) throws TeeException {
        this.name = name;
        Operation signerOp = null;
        TransientObject k = null;
        TransientObject s = null;
        Operation o;
        switch (name) {
            case "sha256" -> o = Operation.allocate(TeeAlg.SHA256, TeeCrypto.MODE_DIGEST, 0);
            case "sha3-256" -> o = Operation.allocate(TeeAlg.SHA3_256, TeeCrypto.MODE_DIGEST, 0);
            case "hmac-sha256" -> {
                k = secretKey(TeeType.HMAC_SHA256, 256);
                o = Operation.allocate(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, 256);
                o.setKey(k);
            }
            case "aes128-ecb", "aes128-cbc", "aes128-ctr", "aes128-gcm" -> {
                k = secretKey(TeeType.AES, 128);
                int alg = switch (name) {
                    case "aes128-ecb" -> TeeAlg.AES_ECB_NOPAD;
                    case "aes128-cbc" -> TeeAlg.AES_CBC_NOPAD;
                    case "aes128-ctr" -> TeeAlg.AES_CTR;
                    default -> TeeAlg.AES_GCM;
                };
                o = Operation.allocate(alg, TeeCrypto.MODE_ENCRYPT, 128);
                o.setKey(k);
            }
            case "rsa2048-sign", "rsa2048-verify", "rsa3072-sign", "rsa3072-verify" -> {
                int bits = name.startsWith("rsa2048") ? 2048 : 3072;
                k = generated(TeeType.RSA_KEYPAIR, bits);
                o = signing(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, name, bits, k);
                signerOp = signing(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, "sign", bits, k);
            }
            case "ecdsa-p256-sign", "ecdsa-p256-verify" -> {
                k = generated(TeeType.ECDSA_KEYPAIR, 256, Attribute.value(TeeAttr.ECC_CURVE, TeeCurve.NIST_P256, 0));
                o = signing(TeeAlg.ECDSA_SHA256, name, 256, k);
                signerOp = signing(TeeAlg.ECDSA_SHA256, "sign", 256, k);
            }
            case "ed25519-sign", "ed25519-verify" -> {
                k = generated(TeeType.ED25519_KEYPAIR, 256);
                o = signing(TeeAlg.ED25519, name, 256, k);
                signerOp = signing(TeeAlg.ED25519, "sign", 256, k);
            }
            case "mldsa65-sign", "mldsa65-verify" -> {
                k = generated(TeeType.ML_DSA_KEYPAIR, 65);
                o = signing(TeeAlg.ML_DSA_65, name, 65, k);
                signerOp = signing(TeeAlg.ML_DSA_65, "sign", 65, k);
            }
            case "mlkem768-encaps", "mlkem768-decaps" -> {
                k = generated(TeeType.ML_KEM_KEYPAIR, 768);
                s = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
                o = Operation.allocate(TeeAlg.ML_KEM_768,
                        name.endsWith("encaps") ? TeeCrypto.MODE_ENCAPSULATE : TeeCrypto.MODE_DECAPSULATE, 768);
                o.setKey(k);
                if (name.endsWith("decaps")) {
                    try (Operation enc = Operation.allocate(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCAPSULATE, 768)) {
                        enc.setKey(k);
                        ByteBuffer ct = ByteBuffer.allocate(2048);
                        enc.kemEncapsulate(ct, s);
                        ciphertext = Arrays.copyOf(ct.array(), ct.position());
                        s.reset();
                    }
                }
            }
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "no crypto bench case " + name);
        }
        this.op = o;
        this.signer = signerOp;
        this.key = k;
        this.secret = s;
        if (signer != null) {
            signature = sign(signer);
        }
    }

    /** Does the case's operation once: over all of {@code in} (into {@code out}) for a bulk case. */
    public int run(ByteBuffer in, ByteBuffer out) throws TeeException {
        switch (name) {
            case "sha256", "sha3-256" -> {
                return op.digestDoFinal(in, ByteBuffer.wrap(small));
            }
            case "hmac-sha256" -> {
                op.macInit(null);
                return op.macComputeFinal(in, ByteBuffer.wrap(small));
            }
            case "aes128-ecb" -> {
                op.cipherInit(null);
                return op.cipherDoFinal(in, out);
            }
            case "aes128-cbc", "aes128-ctr" -> {
                op.cipherInit(IV);
                return op.cipherDoFinal(in, out);
            }
            case "aes128-gcm" -> {
                op.aeInit(NONCE, 128, 0, in.remaining());
                return op.aeEncryptFinal(in, out, ByteBuffer.wrap(small));
            }
            case "mlkem768-encaps" -> {
                secret.reset();
                return op.kemEncapsulate(ByteBuffer.wrap(new byte[2048]), secret);
            }
            case "mlkem768-decaps" -> {
                secret.reset();
                op.kemDecapsulate(ByteBuffer.wrap(ciphertext), secret);
                return ciphertext.length;
            }
            default -> {
                if (name.endsWith("-sign")) {
                    return sign(op).length;
                }
                op.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(DIGEST), ByteBuffer.wrap(signature));
                return 0;
            }
        }
    }

    /** What every signature case signs: a SHA-256 digest's worth of bytes (the message, for Ed25519 and ML-DSA). */
    private static final byte[] DIGEST = new byte[32];

    private byte[] sign(Operation o) throws TeeException {
        ByteBuffer sig = ByteBuffer.allocate(8192);
        int n = o.asymmetricSignDigest(List.of(), ByteBuffer.wrap(DIGEST), sig);
        return Arrays.copyOf(sig.array(), n);
    }

    private static Operation signing(int alg, String name, int maxKeySize, TransientObject key) throws TeeException {
        Operation o = Operation.allocate(alg, name.endsWith("verify") ? TeeCrypto.MODE_VERIFY : TeeCrypto.MODE_SIGN, maxKeySize);
        o.setKey(key);
        return o;
    }

    private static TransientObject secretKey(int type, int bits) throws TeeException {
        TransientObject k = TransientObject.allocate(type, bits);
        k.generateKey(bits);
        return k;
    }

    private static TransientObject generated(int type, int bits, Attribute... params) throws TeeException {
        TransientObject k = TransientObject.allocate(type, bits);
        k.generateKey(bits, params);
        return k;
    }

    @Override
    public void close() {
        op.close();
        if (signer != null) {
            signer.close();
        }
        if (key != null) {
            key.close();
        }
        if (secret != null) {
            secret.close();
        }
    }
}
