package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/** {@link AsymmetricAlgorithms}: OP-TEE's {@code TEE_IsAlgorithmSupported} rules and the engine table. */
class AsymmetricAlgorithmsTest {

    @Test
    void isSupported_nonCurveAlgorithms_onlyWithElementNone() {
        for (int alg : new int[] {TeeAlg.RSA_NOPAD, TeeAlg.RSAES_PKCS1_V1_5, TeeAlg.RSAES_PKCS1_OAEP_MGF1_MD5,
            TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_512, TeeAlg.RSASSA_PKCS1_V1_5, TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1,
            TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA3_224, TeeAlg.DSA_SHA1, TeeAlg.DSA_SHA3_512, TeeAlg.DH_DERIVE_SHARED_SECRET, TeeAlg.HKDF,
            TeeAlg.HKDF_MD5_DERIVE_KEY, TeeAlg.CONCAT_KDF_SHA512_DERIVE_KEY, TeeAlg.PBKDF2_HMAC_SM3_DERIVE_KEY, TeeAlg.ML_KEM_768,
            TeeAlg.ML_DSA_87}) {
            assertTrue(AsymmetricAlgorithms.isSupported(alg, TeeCurve.NONE), Integer.toHexString(alg));
            assertFalse(AsymmetricAlgorithms.isSupported(alg, TeeCurve.NIST_P256), Integer.toHexString(alg));
        }
    }

    @Test
    void isSupported_gp11EcdsaAndEcdhIdentifiers_onTheirOwnCurveOnly() {
        assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.ECDSA_SHA1, TeeCurve.NIST_P192));
        assertFalse(AsymmetricAlgorithms.isSupported(TeeAlg.ECDSA_SHA1, TeeCurve.NIST_P256));
        assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.ECDSA_SHA512, TeeCurve.NIST_P521));
        assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.OPTEE_ECDSA_P224, TeeCurve.NIST_P224));
        assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.OPTEE_ECDH_P384, TeeCurve.NIST_P384));
        assertFalse(AsymmetricAlgorithms.isSupported(TeeAlg.OPTEE_ECDH_P384, TeeCurve.NONE));
        for (int curve : new int[] {TeeCurve.NIST_P192, TeeCurve.NIST_P224, TeeCurve.NIST_P256, TeeCurve.NIST_P384, TeeCurve.NIST_P521}) {
            assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.ECDH_DERIVE_SHARED_SECRET, curve));
            assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.ECDSA_SHA3_256, curve));
        }
        assertFalse(AsymmetricAlgorithms.isSupported(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCurve.SM2));
    }

    @Test
    void isSupported_sm2And25519_onTheirCurves() {
        for (int alg : new int[] {TeeAlg.SM2_DSA_SM3, TeeAlg.SM2_PKE, TeeAlg.SM2_KEP}) {
            assertTrue(AsymmetricAlgorithms.isSupported(alg, TeeCurve.SM2));
            assertFalse(AsymmetricAlgorithms.isSupported(alg, TeeCurve.NONE));
        }
        assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.ED25519, TeeCurve.CURVE_25519));
        assertTrue(AsymmetricAlgorithms.isSupported(TeeAlg.X25519, TeeCurve.CURVE_25519));
        assertFalse(AsymmetricAlgorithms.isSupported(TeeAlg.X25519, TeeCurve.NONE));
        assertFalse(AsymmetricAlgorithms.isSupported(TeeAlg.ED448, TeeCurve.NONE));
        assertFalse(AsymmetricAlgorithms.isSupported(TeeAlg.AES_CBC_NOPAD, TeeCurve.NONE), "not an asymmetric algorithm");
    }

    @Test
    void create_picksTheEngineOrRefusesWithNotSupported() throws TeeException {
        assertInstanceOf(EcdsaEngine.class, AsymmetricAlgorithms.create(TeeAlg.OPTEE_ECDSA_P256, TeeCrypto.MODE_SIGN));
        assertInstanceOf(EcdhEngine.class, AsymmetricAlgorithms.create(TeeAlg.OPTEE_ECDH_P521, TeeCrypto.MODE_DERIVE));
        assertInstanceOf(RsaSignatureEngine.class, AsymmetricAlgorithms.create(TeeAlg.RSASSA_PKCS1_PSS_MGF1_MD5, TeeCrypto.MODE_SIGN));
        assertInstanceOf(MlKemEngine.class, AsymmetricAlgorithms.create(TeeAlg.ML_KEM_512, TeeCrypto.MODE_ENCAPSULATE));
        assertEquals(TeeResult.NOT_SUPPORTED, assertThrows(TeeException.class,
                () -> AsymmetricAlgorithms.create(TeeAlg.X448, TeeCrypto.MODE_DERIVE)).result());
    }

    @Test
    void hashOf_readsTheDigestField() {
        assertEquals(HashSpec.SHA3_384, AsymmetricAlgorithms.hashOf(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA3_384));
        assertEquals(HashSpec.MD5, AsymmetricAlgorithms.hashOf(TeeAlg.RSASSA_PKCS1_PSS_MGF1_MD5));
        assertEquals(HashSpec.MD5SHA1, AsymmetricAlgorithms.hashOf(TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1));
        assertEquals(HashSpec.SM3, AsymmetricAlgorithms.hashOf(TeeAlg.PBKDF2_HMAC_SM3_DERIVE_KEY));
        assertEquals(HashSpec.SHA224, AsymmetricAlgorithms.hashOf(TeeAlg.DSA_SHA224));
    }
}
