package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.ta.Tee;
import org.jtee.tas.pkcs11.CkException;

/**
 * WRAP_KEY and UNWRAP_KEY (optee-pkcs11-ta-abi.md §8.2.8). The key data is a secret key's
 * CKA_VALUE, or an RSA private key's PKCS#8 encoding ({@link RsaDer}); other keys are
 * {@code CKR_KEY_NOT_WRAPPABLE}.
 *
 * <ul>
 *   <li>AES-ECB, AES-CBC: the data zero-padded to whole blocks and encrypted (a 24-byte key wraps
 *       to 32 bytes). Unwrapping needs whole blocks ({@code CKR_WRAPPED_KEY_LEN_RANGE}) and gives
 *       the padded value, which a template's CKA_VALUE_LEN cuts.
 *   <li>AES-GCM: ciphertext ‖ tag; shorter than the tag: {@code CKR_WRAPPED_KEY_LEN_RANGE}, a bad
 *       tag {@code CKR_WRAPPED_KEY_INVALID}.
 *   <li>RSA_AES_KEY_WRAP (PKCS#11 3.0 §2.1.21): {@code u32 aes_key_bits} (128, 192 or 256, else
 *       {@code CKR_ARGUMENTS_BAD}) and an OAEP parameter; the blob is RSA-OAEP(a fresh AES key) ‖
 *       AES-KWP (RFC 5649) of the data. The OAEP label, unlike OP-TEE's TA, which drops it, is
 *       applied. KWP is the JDK's {@code AES/KWP/NoPadding}: the GP API has no key wrap.
 * </ul>
 */
final class KeyWrap {
    private KeyWrap() {}

    static byte[] wrap(int mechanism, ByteBuffer params, KeyView wrappingKey, KeyView key) throws CkException {
        byte[] data = keyData(key);
        try {
            return switch (mechanism) {
                case CKM_AES_ECB, CKM_AES_CBC -> aesBlocks(true, mechanism, params, wrappingKey, pad(data));
                case CKM_AES_GCM -> gcm(true, params, wrappingKey, data);
                case CKM_RSA_AES_KEY_WRAP -> rsaAesWrap(params, wrappingKey, data);
                default -> throw Mechanisms.unsupported(mechanism);
            };
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    static Map<Integer, byte[]> unwrap(int mechanism, ByteBuffer params, KeyView key, byte[] wrapped, int cls, int type)
            throws CkException {
        byte[] data = switch (mechanism) {
            case CKM_AES_ECB, CKM_AES_CBC -> {
                if (wrapped.length % 16 != 0 || wrapped.length == 0) {
                    throw new CkException(CKR_WRAPPED_KEY_LEN_RANGE, "a wrapped key of " + wrapped.length + " bytes");
                }
                yield aesBlocks(false, mechanism, params, key, wrapped);
            }
            case CKM_AES_GCM -> gcm(false, params, key, wrapped);
            case CKM_RSA_AES_KEY_WRAP -> rsaAesUnwrap(params, key, wrapped);
            default -> throw Mechanisms.unsupported(mechanism);
        };
        try {
            if (cls == CKO_SECRET_KEY) {
                return Map.of(CKA_VALUE, data.clone());
            }
            if (cls == CKO_PRIVATE_KEY && type == CKK_RSA) {
                return RsaDer.decode(data);
            }
            throw new CkException(CKR_GENERAL_ERROR, "only secret keys and RSA private keys can be unwrapped");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static byte[] keyData(KeyView key) throws CkException {
        if (key.objectClass() == CKO_SECRET_KEY) {
            return SecretKeys.value(key).clone();
        }
        if (key.objectClass() == CKO_PRIVATE_KEY && key.keyType() == CKK_RSA) {
            return RsaDer.encode(key);
        }
        throw new CkException(CKR_KEY_NOT_WRAPPABLE, "only secret keys and RSA private keys can be wrapped");
    }

    private static byte[] pad(byte[] data) {
        return Arrays.copyOf(data, (data.length + 15) / 16 * 16);
    }

    private static byte[] aesBlocks(boolean encrypt, int mechanism, ByteBuffer params, KeyView key, byte[] in)
            throws CkException {
        int bits = SecretKeys.aesBits(key);
        byte[] iv = CipherProcessing.iv(mechanism, params);
        int mode = encrypt ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT;
        KeyMaterial.Lease lease = KeyMaterial.of(key).take(CipherProcessing.algorithm(mechanism), mode, bits, TeeType.AES,
                SecretKeys.aes(key));
        byte[] out = new byte[in.length];
        try {
            lease.op().cipherInit(iv);
            lease.op().cipherDoFinal(ByteBuffer.wrap(in), ByteBuffer.wrap(out));
            return out;
        } catch (TeeException e) {
            throw Gp.map(e);
        } finally {
            if (encrypt) {
                Arrays.fill(in, (byte) 0);
            }
            lease.release();
        }
    }

    private static byte[] gcm(boolean encrypt, ByteBuffer params, KeyView key, byte[] in) throws CkException {
        try (Processing p = GcmProcessing.start(encrypt ? FUNCTION_ENCRYPT : FUNCTION_DECRYPT, params, key)) {
            int tag = GcmProcessing.parse(params).tagBits() / 8;
            if (!encrypt && in.length < tag) {
                throw new CkException(CKR_WRAPPED_KEY_LEN_RANGE, "a wrapped key shorter than its tag");
            }
            ByteBuffer out = ByteBuffer.allocate(in.length + tag);
            int n = p.oneShot(ByteBuffer.wrap(in), out);
            return Arrays.copyOf(out.array(), n);
        } catch (CkException e) {
            if (!encrypt && e.rv() == CKR_SIGNATURE_INVALID) {
                throw new CkException(CKR_WRAPPED_KEY_INVALID, "the wrapped key's tag does not verify");
            }
            throw e;
        }
    }

    // ---- RSA_AES_KEY_WRAP: u32 aes_key_bits | u32 hashAlg | u32 mgf | u32 source | u32 source_len | source

    private record RsaAes(int aesBits, RsaParams.Oaep oaep) {}

    private static RsaAes rsaAesParams(ByteBuffer params) throws CkException {
        Params p = Params.of(params, CKM_RSA_AES_KEY_WRAP, CKR_FUNCTION_FAILED);
        int bits = p.u32();
        RsaParams.Oaep oaep = RsaParams.oaep(p);
        if (bits != 128 && bits != 192 && bits != 256) {
            throw new CkException(CKR_ARGUMENTS_BAD, "an AES key of " + Integer.toUnsignedString(bits) + " bits");
        }
        return new RsaAes(bits, oaep);
    }

    private static KeyMaterial.Lease oaepLease(RsaAes p, KeyView key, int mode) throws CkException {
        int bits = Asymmetric.rsaBits(key);
        return KeyMaterial.of(key).take(RsaParams.oaepAlgorithm(p.oaep().hash()), mode, bits, Asymmetric.rsaType(key),
                AsymKeys.rsa(key));
    }

    private static List<Attribute> label(RsaAes p) {
        return p.oaep().label().length == 0 ? List.of() : List.of(Attribute.ref(TeeAttr.RSA_OAEP_LABEL, p.oaep().label()));
    }

    private static byte[] rsaAesWrap(ByteBuffer params, KeyView key, byte[] data) throws CkException {
        RsaAes p = rsaAesParams(params);
        byte[] aes = new byte[p.aesBits() / 8];
        Tee.generateRandom(aes);
        KeyMaterial.Lease lease = oaepLease(p, key, TeeCrypto.MODE_ENCRYPT);
        try {
            int k = (Asymmetric.rsaBits(key) + 7) / 8;
            ByteBuffer head = ByteBuffer.allocate(k);
            lease.op().asymmetricEncrypt(label(p), ByteBuffer.wrap(aes), head);
            byte[] body = kwp(Cipher.WRAP_MODE, aes, data);
            return concat(Arrays.copyOf(head.array(), head.position()), body);
        } catch (TeeException e) {
            throw e.result() == org.jtee.common.TeeResult.BAD_PARAMETERS
                    ? new CkException(CKR_WRAPPING_KEY_SIZE_RANGE, "the RSA key is too short for this OAEP hash")
                    : Gp.map(e);
        } finally {
            Arrays.fill(aes, (byte) 0);
            lease.release();
        }
    }

    private static byte[] rsaAesUnwrap(ByteBuffer params, KeyView key, byte[] wrapped) throws CkException {
        if (!AsymKeys.isPrivate(key)) {
            throw new CkException(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, "RSA-AES unwrapping needs an RSA private key");
        }
        RsaAes p = rsaAesParams(params);
        int k = (Asymmetric.rsaBits(key) + 7) / 8;
        if (wrapped.length < k + 16) {
            throw new CkException(CKR_WRAPPED_KEY_LEN_RANGE, "a wrapped key of " + wrapped.length + " bytes");
        }
        KeyMaterial.Lease lease = oaepLease(p, key, TeeCrypto.MODE_DECRYPT);
        byte[] aes = new byte[k];
        try {
            int n = lease.op().asymmetricDecrypt(label(p), ByteBuffer.wrap(wrapped, 0, k), ByteBuffer.wrap(aes));
            if (n != p.aesBits() / 8) {
                throw new CkException(CKR_WRAPPED_KEY_INVALID, "the wrapped AES key has " + n + " bytes");
            }
            return kwp(Cipher.UNWRAP_MODE, Arrays.copyOf(aes, n), Arrays.copyOfRange(wrapped, k, wrapped.length));
        } catch (TeeException e) {
            throw new CkException(CKR_WRAPPED_KEY_INVALID, "RSA-OAEP: " + e.getMessage());
        } finally {
            Arrays.fill(aes, (byte) 0);
            lease.release();
        }
    }

    /** AES-KWP (RFC 5649) of {@code data} under {@code aes}. */
    private static byte[] kwp(int mode, byte[] aes, byte[] data) throws CkException {
        try {
            Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
            SecretKeySpec k = new SecretKeySpec(aes, "AES");
            if (mode == Cipher.WRAP_MODE) {
                c.init(Cipher.ENCRYPT_MODE, k);
                return c.doFinal(data);
            }
            c.init(Cipher.DECRYPT_MODE, k);
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new CkException(mode == Cipher.WRAP_MODE ? CKR_FUNCTION_FAILED : CKR_WRAPPED_KEY_INVALID,
                    "AES-KWP: " + e.getMessage());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
