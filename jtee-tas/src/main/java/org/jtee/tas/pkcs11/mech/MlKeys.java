package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeType;
import org.jtee.tas.pkcs11.CkException;

/**
 * ML-DSA (FIPS 204) and ML-KEM (FIPS 203) keys as PKCS#11 3.2 stores them: CKA_PARAMETER_SET
 * ({@code CKP_ML_DSA_44/65/87}, {@code CKP_ML_KEM_512/768/1024}) and CKA_VALUE, the encoded public
 * key or the expanded private key; a private key may carry CKA_SEED. The GP layer (jtee's
 * {@code TEE_TYPE_ML_*} objects) needs a key pair's public key too: it is derived once from the
 * private key with Bouncy Castle's FIPS 203/204 key arithmetic, which the GP API does not offer.
 */
final class MlKeys {
    private MlKeys() {}

    /** One parameter set: its GP number, algorithm and the lengths of its encodings. */
    record Set(int ckp, int gpSet, int algorithm, int publicLength, int privateLength, int outputLength, int seedLength) {}

    static final Set[] DSA = {
        new Set(CKP_ML_DSA_44, 44, TeeAlg.ML_DSA_44, 1312, 2560, 2420, 32),
        new Set(CKP_ML_DSA_65, 65, TeeAlg.ML_DSA_65, 1952, 4032, 3309, 32),
        new Set(CKP_ML_DSA_87, 87, TeeAlg.ML_DSA_87, 2592, 4896, 4627, 32)};
    static final Set[] KEM = {
        new Set(CKP_ML_KEM_512, 512, TeeAlg.ML_KEM_512, 800, 1632, 768, 64),
        new Set(CKP_ML_KEM_768, 768, TeeAlg.ML_KEM_768, 1184, 2400, 1088, 64),
        new Set(CKP_ML_KEM_1024, 1024, TeeAlg.ML_KEM_1024, 1568, 3168, 1568, 64)};

    /** The parameter set a CKP value names in {@code sets}, or null. */
    static Set byCkp(Set[] sets, int ckp) {
        for (Set s : sets) {
            if (s.ckp() == ckp) {
                return s;
            }
        }
        return null;
    }

    /** A CKA_PARAMETER_SET value (a 4-byte CK_ULONG), or -1 when absent or malformed. */
    static int ckp(byte[] value) {
        if (value == null || value.length != 4) {
            return -1;
        }
        return u32(value, 0);
    }

    /** The parameter set of an ML key; {@code CKR_GENERAL_ERROR} without a valid one. */
    static Set of(KeyView key) throws CkException {
        Set s = byCkp(key.keyType() == CKK_ML_DSA ? DSA : KEM, ckp(key.attribute(CKA_PARAMETER_SET)));
        if (s == null) {
            throw new CkException(CKR_GENERAL_ERROR, "the key has no valid CKA_PARAMETER_SET");
        }
        return s;
    }

    static KeyMaterial.Loader loader(KeyView key) {
        return () -> {
            boolean dsa = key.keyType() == CKK_ML_DSA;
            Set set = of(key);
            byte[] value = AsymKeys.required(key, CKA_VALUE);
            List<Attribute> attrs = new ArrayList<>();
            attrs.add(Attribute.value(TeeAttr.ML_PARAMETER_SET, set.gpSet(), 0));
            if (!AsymKeys.isPrivate(key)) {
                checkLength(value, set.publicLength());
                attrs.add(Attribute.ref(TeeAttr.ML_PUBLIC_KEY, value));
                return AsymKeys.populate(dsa ? TeeType.ML_DSA_PUBLIC_KEY : TeeType.ML_KEM_PUBLIC_KEY, set.gpSet(), attrs);
            }
            checkLength(value, set.privateLength());
            attrs.add(Attribute.ref(TeeAttr.ML_PRIVATE_KEY, value));
            attrs.add(Attribute.ref(TeeAttr.ML_PUBLIC_KEY, publicKey(dsa, set, value)));
            return AsymKeys.populate(dsa ? TeeType.ML_DSA_KEYPAIR : TeeType.ML_KEM_KEYPAIR, set.gpSet(), attrs);
        };
    }

    /** The encoded public key of an expanded private key (or of a seed). */
    static byte[] publicKey(boolean dsa, Set set, byte[] privateOrSeed) throws CkException {
        try {
            if (dsa) {
                return new MLDSAPrivateKeyParameters(dsaParams(set), privateOrSeed).getPublicKey();
            }
            return new MLKEMPrivateKeyParameters(kemParams(set), privateOrSeed).getPublicKey();
        } catch (RuntimeException e) {
            throw new CkException(CKR_GENERAL_ERROR, "not a valid ML private key: " + e.getMessage());
        }
    }

    /** The expanded private key of a seed. */
    static byte[] expand(boolean dsa, Set set, byte[] seed) throws CkException {
        try {
            if (dsa) {
                return new MLDSAPrivateKeyParameters(dsaParams(set), seed).getEncoded();
            }
            return new MLKEMPrivateKeyParameters(kemParams(set), seed).getEncoded();
        } catch (RuntimeException e) {
            throw new CkException(CKR_ATTRIBUTE_VALUE_INVALID, "not a valid ML seed: " + e.getMessage());
        }
    }

    private static MLDSAParameters dsaParams(Set set) {
        return switch (set.gpSet()) {
            case 44 -> MLDSAParameters.ml_dsa_44;
            case 65 -> MLDSAParameters.ml_dsa_65;
            default -> MLDSAParameters.ml_dsa_87;
        };
    }

    private static MLKEMParameters kemParams(Set set) {
        return switch (set.gpSet()) {
            case 512 -> MLKEMParameters.ml_kem_512;
            case 768 -> MLKEMParameters.ml_kem_768;
            default -> MLKEMParameters.ml_kem_1024;
        };
    }

    private static void checkLength(byte[] value, int expected) throws CkException {
        if (value.length != expected) {
            throw new CkException(CKR_GENERAL_ERROR, "an ML key encoding of " + value.length + " bytes, not " + expected);
        }
    }
}
