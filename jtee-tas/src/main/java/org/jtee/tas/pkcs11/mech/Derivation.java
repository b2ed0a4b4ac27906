package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.jtee.common.TeeException;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.tas.pkcs11.CkException;

/**
 * DERIVE_KEY (optee-pkcs11-ta-abi.md §8.2.7):
 *
 * <pre>
 * AES_ECB_ENCRYPT_DATA: u32 len | data[len]                  value = AES-ECB(parent, data)
 * AES_CBC_ENCRYPT_DATA: iv[16] | u32 len | data[len]          value = AES-CBC(parent, iv, data)
 * ECDH1_DERIVE:         u32 kdf | u32 shared_len | shared | u32 public_len | public
 *                                                              value = X of d·Q_peer
 * </pre>
 *
 * The data must be whole blocks ({@code CKR_DATA_LEN_RANGE}); a truncated or overlong parameter
 * is {@code CKR_ARGUMENTS_BAD}. ECDH: the KDF must be {@code CKD_NULL} (else
 * {@code CKR_FUNCTION_FAILED}, the reference folding it into its algorithm choice), no shared
 * data ({@code CKR_MECHANISM_PARAM_INVALID}), the peer's uncompressed point raw or as a DER OCTET
 * STRING, on the parent's curve ({@code CKR_ARGUMENTS_BAD}; a compressed point too, as the
 * reference). The new key takes the template's CKA_VALUE_LEN bytes ({@code valueLength}; more than
 * derived: {@code CKR_DATA_LEN_RANGE} for AES, {@code CKR_KEY_SIZE_RANGE} for ECDH, whose template
 * must give one: {@code CKR_TEMPLATE_INCOMPLETE}), else all that was derived.
 */
final class Derivation {
    private Derivation() {}

    static byte[] derive(int mechanism, ByteBuffer params, KeyView parent, int valueLength) throws CkException {
        return mechanism == CKM_ECDH1_DERIVE ? ecdh(params, parent, valueLength) : encryptData(mechanism, params, parent,
                valueLength);
    }

    private static byte[] encryptData(int mechanism, ByteBuffer params, KeyView parent, int valueLength)
            throws CkException {
        int bits = SecretKeys.aesBits(parent);
        Params p = Params.of(params, mechanism);
        byte[] iv = mechanism == CKM_AES_CBC_ENCRYPT_DATA ? p.bytes(16) : null;
        byte[] data = p.lengthPrefixed();
        p.end();
        if (data.length % 16 != 0) {
            throw new CkException(CKR_DATA_LEN_RANGE, "derivation data of " + data.length + " bytes");
        }
        if (valueLength > data.length) {
            throw new CkException(CKR_DATA_LEN_RANGE, "CKA_VALUE_LEN exceeds the derivation data");
        }
        int alg = iv == null ? TeeAlg.AES_ECB_NOPAD : TeeAlg.AES_CBC_NOPAD;
        KeyMaterial.Lease lease = KeyMaterial.of(parent).take(alg, TeeCrypto.MODE_ENCRYPT, bits, TeeType.AES,
                SecretKeys.aes(parent));
        byte[] out = new byte[data.length];
        try {
            lease.op().cipherInit(iv);
            lease.op().cipherDoFinal(ByteBuffer.wrap(data), ByteBuffer.wrap(out));
        } catch (TeeException e) {
            throw Gp.map(e);
        } finally {
            lease.release();
            Arrays.fill(data, (byte) 0);
        }
        return cut(out, valueLength);
    }

    private static byte[] ecdh(ByteBuffer params, KeyView parent, int valueLength) throws CkException {
        Params p = Params.of(params, CKM_ECDH1_DERIVE, CKR_FUNCTION_FAILED);
        if (p.u32() != CKD_NULL) {
            throw new CkException(CKR_FUNCTION_FAILED, "ECDH supports the NULL KDF only");
        }
        p = Params.of(params, CKM_ECDH1_DERIVE);
        p.u32();
        if (p.lengthPrefixed().length != 0) {
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, "ECDH with the NULL KDF takes no shared data");
        }
        byte[] peer = p.lengthPrefixed();
        p.end();
        if (!AsymKeys.isPrivate(parent)) {
            throw new CkException(CKR_KEY_TYPE_INCONSISTENT, "ECDH derives from a private key");
        }
        EcCurve curve = Asymmetric.curve(parent);
        byte[][] xy = peerPoint(curve, peer);
        if (valueLength < 0) {
            throw new CkException(CKR_TEMPLATE_INCOMPLETE, "ECDH needs CKA_VALUE_LEN in the template");
        }
        if (valueLength > curve.fieldBytes()) {
            throw new CkException(CKR_KEY_SIZE_RANGE, "the shared secret has " + curve.fieldBytes() + " bytes");
        }
        KeyMaterial.Lease lease = KeyMaterial.of(parent).take(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE,
                curve.bits(), TeeType.ECDH_KEYPAIR, AsymKeys.ec(parent, true));
        try (TransientObject secret = TransientObject.allocate(TeeType.GENERIC_SECRET, curve.fieldBytes() * 8)) {
            lease.op().deriveKey(List.of(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, xy[0]),
                    Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, xy[1])), secret);
            return cut(secret.bufferAttribute(TeeAttr.SECRET_VALUE), valueLength);
        } catch (TeeException e) {
            throw Gp.map(e);
        } finally {
            lease.release();
        }
    }

    /** The peer's point, checked to be an uncompressed point on {@code curve}. */
    private static byte[][] peerPoint(EcCurve curve, byte[] peer) throws CkException {
        if (peer.length == 0) {
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, "ECDH needs the peer's public point");
        }
        if (peer[0] == 2 || peer[0] == 3) {
            throw new CkException(CKR_ARGUMENTS_BAD, "compressed points are not supported");
        }
        byte[][] xy = curve.coordinates(peer);
        if (xy == null) {
            throw new CkException(CKR_ARGUMENTS_BAD, "the peer's point is not an uncompressed point of the curve");
        }
        try {
            CustomNamedCurves.getByName(curve.name()).getCurve().decodePoint(curve.rawPoint(xy[0], xy[1]));
        } catch (IllegalArgumentException e) {
            throw new CkException(CKR_ARGUMENTS_BAD, "the peer's point is not on the curve");
        }
        return xy;
    }

    private static byte[] cut(byte[] value, int valueLength) {
        if (valueLength < 0 || valueLength == value.length) {
            return value;
        }
        byte[] r = Arrays.copyOf(value, valueLength);
        Arrays.fill(value, (byte) 0);
        return r;
    }
}
