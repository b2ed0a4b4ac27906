package org.jtee.crypto;

import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_AsymmetricEncrypt} / {@code TEE_AsymmetricDecrypt} with RSA: {@code TEE_ALG_RSA_NOPAD},
 * {@code TEE_ALG_RSAES_PKCS1_V1_5} and {@code TEE_ALG_RSAES_PKCS1_OAEP_MGF1_*}, as OP-TEE's
 * {@code syscall_asymm_operate} and its libtomcrypt glue ({@code core/lib/libtomcrypt/rsa.c}).
 *
 * <ul>
 *   <li>NOPAD: the raw primitive on any input whose value is below the modulus; the output loses
 *       its leading zero bytes (one zero byte stays if it is all zeros), as OP-TEE's
 *       {@code rsadorep} returns it.
 *   <li>OAEP: label from {@code TEE_ATTR_RSA_OAEP_LABEL} (empty if absent); MGF1 over the
 *       algorithm's hash unless {@code TEE_ATTR_RSA_OAEP_MGF_HASH} names another: a 4-byte buffer
 *       holding a {@code TEE_ALG_*} digest identifier in the byte order of OP-TEE's ARM targets
 *       (little-endian), which OP-TEE copies into a {@code uint32_t}.
 *   <li>Failures: a message too long, a ciphertext of the wrong length, not below the modulus
 *       or badly padded are all {@code TEE_ERROR_BAD_PARAMETERS}, which GP lets
 *       {@code TEE_AsymmetricEncrypt/Decrypt} return; other parameters are ignored, as OP-TEE
 *       ignores them.
 * </ul>
 */
final class RsaCipherEngine extends AsymmetricEngine {
    private final int algorithm;
    private final int mode;
    private final HashSpec hash;
    private RsaKey key;

    /** {@code hash} is the OAEP hash, {@code null} for NOPAD and PKCS#1 v1.5. */
    RsaCipherEngine(int algorithm, int mode, HashSpec hash) {
        this.algorithm = algorithm;
        this.mode = mode;
        this.hash = hash;
    }

    @Override
    void setKey(TransientObject k, TransientObject key2) throws TeeException {
        key = mode == TeeCrypto.MODE_ENCRYPT ? RsaKey.publicKey(k) : RsaKey.privateKey(k);
    }


    @Override
    byte[] encrypt(List<Attribute> params, byte[] src) throws TeeException {
        if (algorithm == TeeAlg.RSA_NOPAD) {
            return stripLeadingZeros(key.publicOp(src));
        }
        int k = key.modulusBytes();
        byte[] em = hash == null ? RsaPadding.pkcs1EncryptEncode(src, k)
                : RsaPadding.oaepEncode(src, k, hash, mgfHash(params), label(params));
        if (em == null) {
            throw EngineSupport.badParameters("message of " + src.length + " bytes too long for a " + k + "-byte modulus");
        }
        return key.publicOp(em);
    }

    @Override
    byte[] decrypt(List<Attribute> params, byte[] src) throws TeeException {
        if (algorithm == TeeAlg.RSA_NOPAD) {
            return stripLeadingZeros(key.privateOp(src));
        }
        HashSpec mgf = hash == null ? null : mgfHash(params);
        if (src.length != key.modulusBytes() || !key.inRange(src)) {
            throw EngineSupport.badParameters("RSA ciphertext is not a " + key.modulusBytes() + "-byte value below the modulus");
        }
        byte[] em = key.privateOp(src);
        byte[] m = hash == null ? RsaPadding.pkcs1EncryptDecode(em) : RsaPadding.oaepDecode(em, hash, mgf, label(params));
        if (m == null) {
            throw EngineSupport.badParameters("RSA decryption failed");
        }
        return m;
    }

    private static byte[] label(List<Attribute> params) {
        Attribute a = EngineSupport.find(params, TeeAttr.RSA_OAEP_LABEL);
        return a == null ? new byte[0] : a.buffer();
    }

    private HashSpec mgfHash(List<Attribute> params) throws TeeException {
        Attribute a = EngineSupport.find(params, TeeAttr.RSA_OAEP_MGF_HASH);
        if (a == null) {
            return hash;
        }
        byte[] b = a.buffer();
        if (b.length != 4) {
            throw EngineSupport.badParameters("TEE_ATTR_RSA_OAEP_MGF_HASH must be 4 bytes");
        }
        int id = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        HashSpec h = HashSpec.of(id);
        if (h == null || h == HashSpec.MD5SHA1 || h == HashSpec.SM3) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, String.format("MGF1 hash 0x%08X not supported", id));
        }
        return h;
    }

    private static byte[] stripLeadingZeros(byte[] b) {
        int i = 0;
        while (i < b.length - 1 && b[i] == 0) {
            i++;
        }
        return java.util.Arrays.copyOfRange(b, i, b.length);
    }
}
