package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeType;
import org.jtee.tas.pkcs11.CkException;

/**
 * Starts the public-key operations: picks the GP algorithm from the mechanism, its parameter and
 * the key (the reference's {@code init_asymm_operation}: algorithm and parameter checks, then the
 * key, then the key-size rules), and takes a pooled GP operation holding the key.
 */
final class Asymmetric {
    private Asymmetric() {}

    static Processing start(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        boolean privateOp = function == FUNCTION_SIGN || function == FUNCTION_DECRYPT;
        if (privateOp && !AsymKeys.isPrivate(key)) {
            throw new CkException(CKR_KEY_FUNCTION_NOT_PERMITTED, "signing and decrypting need a private key");
        }
        return switch (key.keyType()) {
            case CKK_RSA -> rsa(function, mechanism, params, key);
            case CKK_EC -> ecdsa(function, mechanism, params, key);
            case CKK_EC_EDWARDS -> eddsa(function, params, key);
            case CKK_ML_DSA -> mlDsa(function, params, key);
            default -> throw Mechanisms.unsupported(mechanism);
        };
    }

    private static int signMode(int function) {
        return function == FUNCTION_SIGN ? TeeCrypto.MODE_SIGN : TeeCrypto.MODE_VERIFY;
    }

    // ---- RSA

    private static Processing rsa(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        if (mechanism == CKM_RSA_AES_KEY_WRAP) {
            throw new CkException(CKR_MECHANISM_INVALID, "RSA_AES_KEY_WRAP only wraps and unwraps keys");
        }
        if (mechanism == CKM_RSA_PKCS_OAEP || (mechanism == CKM_RSA_PKCS && function <= FUNCTION_DECRYPT)) {
            return rsaCipher(function, mechanism, params, key);
        }
        RsaParams.Pss pss = RsaParams.isPss(mechanism) ? RsaParams.pss(mechanism, params) : null;
        if (pss == null) {
            Params.none(params, mechanism);
        }
        int bits = rsaBits(key);
        int k = (bits + 7) / 8;
        int hash = RsaParams.hashOfSignature(mechanism);
        int algorithm;
        SignatureProcessing.Input input;
        int rawLimit;
        List<Attribute> gp = List.of();
        if (pss != null) {
            int hLen = Hmac.digestLength(pss.hash());
            int emLen = bits % 8 == 1 ? bits / 8 : k;
            if (Integer.compareUnsigned(pss.saltLength(), emLen - 2 - hLen) > 0 || emLen - 2 - hLen < 0) {
                throw new CkException(CKR_KEY_SIZE_RANGE, "a PSS salt of " + Integer.toUnsignedString(pss.saltLength())
                        + " bytes does not fit a " + bits + "-bit key");
            }
            algorithm = RsaParams.pssAlgorithm(pss.hash());
            gp = List.of(Attribute.value(TeeAttr.RSA_PSS_SALT_LENGTH, pss.saltLength(), 0));
            input = hash < 0 ? SignatureProcessing.Input.PSS_HASH : SignatureProcessing.Input.HASHED;
            rawLimit = hLen;
        } else {
            algorithm = RsaParams.pkcs1Algorithm(hash);
            input = hash < 0 ? SignatureProcessing.Input.RSA_PKCS : SignatureProcessing.Input.HASHED;
            rawLimit = hash < 0 ? k - 11 : Hmac.digestLength(hash);
            if (hash >= 0 && RsaParams.digestInfoPrefix(hash) + rawLimit + 11 > k) {
                throw new CkException(CKR_KEY_SIZE_RANGE, "a " + bits + "-bit key is too short for this hash");
            }
        }
        KeyMaterial.Lease signer = KeyMaterial.of(key).take(algorithm, signMode(function), bits, rsaType(key),
                AsymKeys.rsa(key));
        return new SignatureProcessing(function, mechanism, signer, digestFor(hash),
                new SignatureProcessing.Spec(input, k, rawLimit, gp));
    }

    private static Processing rsaCipher(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        int algorithm = TeeAlg.RSAES_PKCS1_V1_5;
        List<Attribute> gp = List.of();
        if (mechanism == CKM_RSA_PKCS_OAEP) {
            RsaParams.Oaep oaep = RsaParams.oaep(mechanism, params);
            algorithm = RsaParams.oaepAlgorithm(oaep.hash());
            if (oaep.label().length > 0) {
                gp = List.of(Attribute.ref(TeeAttr.RSA_OAEP_LABEL, oaep.label()));
            }
        } else {
            Params.none(params, mechanism);
        }
        int bits = rsaBits(key);
        int mode = function == FUNCTION_ENCRYPT ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT;
        KeyMaterial.Lease lease = KeyMaterial.of(key).take(algorithm, mode, bits, rsaType(key), AsymKeys.rsa(key));
        return new RsaCipherProcessing(function, mechanism, lease, (bits + 7) / 8, gp);
    }

    static int rsaBits(KeyView key) throws CkException {
        KeyMaterial m = KeyMaterial.of(key);
        if (m.derived("rsaBits") instanceof Integer bits) {
            return bits;
        }
        int bits = AsymKeys.rsaBits(key);
        m.derived("rsaBits", bits);
        return bits;
    }

    static int rsaType(KeyView key) {
        return AsymKeys.isPrivate(key) ? TeeType.RSA_KEYPAIR : TeeType.RSA_PUBLIC_KEY;
    }

    private static KeyMaterial.Lease digestFor(int hash) throws CkException {
        return hash < 0 ? null : KeyMaterial.KEYLESS.take(Hmac.digestAlgorithm(hash), TeeCrypto.MODE_DIGEST, 0, 0, null);
    }

    // ---- ECDSA

    private static Processing ecdsa(int function, int mechanism, ByteBuffer params, KeyView key) throws CkException {
        Params.none(params, mechanism);
        EcCurve curve = curve(key);
        int hash = RsaParams.hashOfSignature(mechanism);
        int type = AsymKeys.isPrivate(key) ? TeeType.ECDSA_KEYPAIR : TeeType.ECDSA_PUBLIC_KEY;
        KeyMaterial.Lease signer = KeyMaterial.of(key).take(curve.ecdsaAlgorithm(), signMode(function), curve.bits(),
                type, AsymKeys.ec(key, false));
        SignatureProcessing.Input input = hash < 0 ? SignatureProcessing.Input.ECDSA_HASH
                : SignatureProcessing.Input.HASHED;
        int rawLimit = hash < 0 ? curve.fieldBytes() : Hmac.digestLength(hash);
        return new SignatureProcessing(function, mechanism, signer, digestFor(hash),
                new SignatureProcessing.Spec(input, 2 * curve.fieldBytes(), rawLimit, List.of()));
    }

    static EcCurve curve(KeyView key) throws CkException {
        KeyMaterial m = KeyMaterial.of(key);
        if (m.derived("curve") instanceof EcCurve c) {
            return c;
        }
        EcCurve c = EcCurve.of(key);
        m.derived("curve", c);
        return c;
    }

    // ---- EdDSA: u32 phFlag | u32 ctx_len | ctx

    private static Processing eddsa(int function, ByteBuffer params, KeyView key) throws CkException {
        Params p = Params.of(params, CKM_EDDSA);
        int prehash = p.u32();
        byte[] context = p.lengthPrefixed();
        p.end();
        if (context.length > 255) {
            throw new CkException(CKR_MECHANISM_PARAM_INVALID, "an EdDSA context is at most 255 bytes");
        }
        List<Attribute> gp = new ArrayList<>();
        if (prehash != 0) {
            gp.add(Attribute.value(TeeAttr.EDDSA_PREHASH, 1, 0));
        }
        if (context.length > 0) {
            gp.add(Attribute.ref(TeeAttr.EDDSA_CTX, context));
        }
        int type = AsymKeys.isPrivate(key) ? TeeType.ED25519_KEYPAIR : TeeType.ED25519_PUBLIC_KEY;
        KeyMaterial.Lease signer = KeyMaterial.of(key).take(TeeAlg.ED25519, signMode(function), 256, type,
                AsymKeys.ed25519(key));
        return new SignatureProcessing(function, CKM_EDDSA, signer, null,
                new SignatureProcessing.Spec(SignatureProcessing.Input.EDDSA_MESSAGE, 64, 0, List.copyOf(gp)));
    }

    // ---- ML-DSA: empty, or u32 hedgeVariant | u32 ctx_len | ctx (CK_SIGN_ADDITIONAL_CONTEXT)

    private static Processing mlDsa(int function, ByteBuffer params, KeyView key) throws CkException {
        byte[] context = new byte[0];
        Params p = Params.of(params, CKM_ML_DSA);
        if (p.size() > 0) {
            int hedge = p.u32();
            context = p.lengthPrefixed();
            p.end();
            if (hedge != CKH_HEDGE_PREFERRED && hedge != CKH_HEDGE_REQUIRED) {
                throw new CkException(CKR_MECHANISM_PARAM_INVALID, "ML-DSA signs hedged only");
            }
            if (context.length > 255) {
                throw new CkException(CKR_MECHANISM_PARAM_INVALID, "an ML-DSA context is at most 255 bytes");
            }
        }
        MlKeys.Set set = MlKeys.of(key);
        List<Attribute> gp = context.length == 0 ? List.of() : List.of(Attribute.ref(TeeAttr.ML_DSA_CONTEXT, context));
        int type = AsymKeys.isPrivate(key) ? TeeType.ML_DSA_KEYPAIR : TeeType.ML_DSA_PUBLIC_KEY;
        KeyMaterial.Lease signer = KeyMaterial.of(key).take(set.algorithm(), signMode(function), set.gpSet(), type,
                MlKeys.loader(key));
        return new SignatureProcessing(function, CKM_ML_DSA, signer, null,
                new SignatureProcessing.Spec(SignatureProcessing.Input.ML_DSA_MESSAGE, set.outputLength(), 0, gp));
    }
}
