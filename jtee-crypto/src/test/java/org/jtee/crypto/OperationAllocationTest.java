package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.fails;
import static org.jtee.crypto.Fixtures.shortBuffer;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_EXPECT_TWO_KEYS;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_INITIALIZED;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_KEY_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/**
 * {@code TEE_AllocateOperation}, {@code TEE_GetOperationInfo(Multiple)} and
 * {@code TEE_IsAlgorithmSupported}: the switch of OP-TEE's libutee (modes, maximum key sizes,
 * required usage, two keys, digests ready at once) and the key object's own size rule.
 */
class OperationAllocationTest {

    @Test
    void allocate_unknownAlgorithm_isNotSupported() {
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(0x12345678, TeeCrypto.MODE_ENCRYPT, 128));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ILLEGAL_VALUE, TeeCrypto.MODE_DIGEST, 0));
    }

    @Test
    void allocate_modeTheAlgorithmLacks_isNotSupported() {
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_SIGN, 128));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.AES_GCM, TeeCrypto.MODE_MAC, 128));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.SHA256, TeeCrypto.MODE_ENCRYPT, 0));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_DIGEST, 256));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.AES_CMAC, TeeCrypto.MODE_ENCRYPT, 128));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_ENCRYPT,
                2048));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_SIGN, 2048));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.HKDF_SHA256_DERIVE_KEY, TeeCrypto.MODE_MAC, 256));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCRYPT, 768));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ML_DSA_65, TeeCrypto.MODE_ENCAPSULATE, 65));
    }

    @Test
    void allocate_maxKeySizeOutsideTheAlgorithmsRule_isNotSupported() {
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ECDSA_P256, TeeCrypto.MODE_SIGN, 384));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.OPTEE_ECDH_P384, TeeCrypto.MODE_DERIVE, 256));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE,
                528));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.DSA_SHA1, TeeCrypto.MODE_SIGN, 1000));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.DSA_SHA1, TeeCrypto.MODE_SIGN, 2048));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.DSA_SHA224, TeeCrypto.MODE_SIGN, 3072));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.DSA_SHA256, TeeCrypto.MODE_VERIFY, 1024));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ED25519, TeeCrypto.MODE_SIGN, 255));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.X25519, TeeCrypto.MODE_DERIVE, 512));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, 256));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.SM2_DSA_SM3, TeeCrypto.MODE_SIGN, 512));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCAPSULATE, 1024));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.ML_DSA_44, TeeCrypto.MODE_SIGN, 65));
    }

    @Test
    void allocate_sizeTheKeyTypeDoesNotAllow_isNotSupported() {
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 100));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT, 512));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_ENCRYPT, 128));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.DES_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT, 128));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.SM4_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256));
        fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, 2048));
    }

    @Test
    void allocate_digest_isInitializedWithKeySet() throws TeeException {
        for (int alg : new int[] {TeeAlg.MD5, TeeAlg.SHA1, TeeAlg.SHA224, TeeAlg.SHA256, TeeAlg.SHA384, TeeAlg.SHA512,
                TeeAlg.SHA3_224, TeeAlg.SHA3_256, TeeAlg.SHA3_384, TeeAlg.SHA3_512, TeeAlg.SHAKE128, TeeAlg.SHAKE256,
                TeeAlg.SM3}) {
            try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0)) {
                OperationInfo info = op.info();
                assertEquals(HANDLE_FLAG_KEY_SET | HANDLE_FLAG_INITIALIZED, info.handleState());
                assertEquals(TeeCrypto.OPERATION_DIGEST, info.operationClass());
                assertEquals(0, info.requiredKeyUsage());
                assertEquals(0, op.infoMultiple().numberOfKeys());
            }
        }
    }

    @Test
    void info_digestLengths_areOpteeS() throws TeeException {
        int[][] expected = {{TeeAlg.MD5, 16}, {TeeAlg.SHA1, 20}, {TeeAlg.SHA3_224, 28}, {TeeAlg.SHA512, 64},
            {TeeAlg.SHAKE128, 0}, {TeeAlg.SM3, 32}};
        for (int[] e : expected) {
            try (Operation op = Operation.allocate(e[0], TeeCrypto.MODE_DIGEST, 0)) {
                assertEquals(e[1], op.info().digestLength(), String.format("0x%08X", e[0]));
            }
        }
        try (Operation op = Operation.allocate(TeeAlg.AES_CMAC, TeeCrypto.MODE_MAC, 256);
                Operation des = Operation.allocate(TeeAlg.DES3_CBC_MAC_PKCS5, TeeCrypto.MODE_MAC, 192);
                Operation hmac = Operation.allocate(TeeAlg.HMAC_SHA3_384, TeeCrypto.MODE_MAC, 512);
                Operation gcm = Operation.allocate(TeeAlg.AES_GCM, TeeCrypto.MODE_ENCRYPT, 256)) {
            assertEquals(16, op.info().digestLength());
            assertEquals(8, des.info().digestLength());
            assertEquals(48, hmac.info().digestLength());
            assertEquals(0, gcm.info().digestLength());
        }
    }

    @Test
    void info_requiredKeyUsage_followsTheMode() throws TeeException {
        try (Operation enc = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256);
                Operation dec = Operation.allocate(TeeAlg.AES_CCM, TeeCrypto.MODE_DECRYPT, 128);
                Operation mac = Operation.allocate(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, 256);
                Operation nopadEnc = Operation.allocate(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_ENCRYPT, 2048);
                Operation nopadDec = Operation.allocate(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_DECRYPT, 2048);
                Operation sign = Operation.allocate(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, 2048);
                Operation derive = Operation.allocate(TeeAlg.HKDF_SHA256_DERIVE_KEY, TeeCrypto.MODE_DERIVE, 512)) {
            assertEquals(TeeCrypto.USAGE_ENCRYPT, enc.info().requiredKeyUsage());
            assertEquals(TeeCrypto.USAGE_DECRYPT, dec.info().requiredKeyUsage());
            assertEquals(TeeCrypto.USAGE_MAC, mac.info().requiredKeyUsage());
            assertEquals(TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_VERIFY, nopadEnc.info().requiredKeyUsage());
            assertEquals(TeeCrypto.USAGE_DECRYPT | TeeCrypto.USAGE_SIGN, nopadDec.info().requiredKeyUsage());
            assertEquals(TeeCrypto.USAGE_SIGN, sign.info().requiredKeyUsage());
            assertEquals(TeeCrypto.USAGE_DERIVE, derive.info().requiredKeyUsage());
            assertEquals(TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE, sign.operationClass());
            assertEquals(0, enc.info().handleState());
            assertEquals(256, enc.info().maxKeySize());
        }
    }

    @Test
    void allocate_xtsAndSm2Kep_expectTwoKeys() throws TeeException {
        try (Operation xts = Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_ENCRYPT, 512);
                Operation sm4 = Operation.allocate(TeeAlg.SM4_XTS, TeeCrypto.MODE_DECRYPT, 256);
                Operation kep = Operation.allocate(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, 512)) {
            for (Operation op : List.of(xts, sm4, kep)) {
                OperationInfo info = op.info();
                assertEquals(HANDLE_FLAG_EXPECT_TWO_KEYS, info.handleState());
                assertEquals(0, info.keySize());
                assertEquals(0, info.requiredKeyUsage());
                OperationInfoMultiple multiple = op.infoMultiple();
                assertEquals(2, multiple.numberOfKeys());
                assertEquals(op.algorithm() == TeeAlg.SM2_KEP ? TeeCrypto.USAGE_DERIVE
                        : op.mode() == TeeCrypto.MODE_ENCRYPT ? TeeCrypto.USAGE_ENCRYPT : TeeCrypto.USAGE_DECRYPT,
                        multiple.keyInformation().get(1).requiredKeyUsage());
                shortBuffer(2, () -> op.infoMultiple(1));
            }
        }
    }

    @Test
    void infoMultiple_afterKeySet_reportsKeySizeAndState() throws TeeException {
        byte[] k = Fixtures.bytes(16, 1);
        try (Operation op = Fixtures.op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256, Fixtures.key(TeeType.AES, k))) {
            OperationInfoMultiple before = op.infoMultiple(1);
            assertEquals(List.of(new OperationInfoMultiple.KeyInformation(128, TeeCrypto.USAGE_ENCRYPT)),
                    before.keyInformation());
            assertEquals(TeeCrypto.OPERATION_STATE_INITIAL, before.operationState());
            op.cipherInit(new byte[16]);
            OperationInfoMultiple active = op.infoMultiple();
            assertEquals(TeeCrypto.OPERATION_STATE_ACTIVE, active.operationState());
            assertEquals(HANDLE_FLAG_KEY_SET | HANDLE_FLAG_INITIALIZED, active.handleState());
            assertEquals(128, op.info().keySize());
        }
    }

    @Test
    void allocate_postQuantumParameterSets_areTheMaxKeySize() throws TeeException {
        try (Operation kem = Operation.allocate(TeeAlg.ML_KEM_512, TeeCrypto.MODE_DECAPSULATE, 512);
                Operation dsa = Operation.allocate(TeeAlg.ML_DSA_87, TeeCrypto.MODE_VERIFY, 87)) {
            assertEquals(TeeCrypto.OPERATION_KEM, kem.operationClass());
            assertEquals(TeeCrypto.USAGE_DECRYPT, kem.info().requiredKeyUsage());
            assertEquals(TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE, dsa.operationClass());
            assertEquals(TeeCrypto.USAGE_VERIFY, dsa.info().requiredKeyUsage());
        }
    }

    @Test
    void isAlgorithmSupported_symmetricWithoutElement_asOptee() {
        for (int alg : new int[] {TeeAlg.AES_CTR, TeeAlg.AES_XTS, TeeAlg.SM4_XTS, TeeAlg.DES3_CMAC, TeeAlg.HMAC_SM3,
                TeeAlg.SHAKE256, TeeAlg.MD5SHA1, TeeAlg.AES_GCM, TeeAlg.SM3}) {
            assertTrue(TeeCrypto.isAlgorithmSupported(alg, TeeCurve.NONE), String.format("0x%08X", alg));
            assertFalse(TeeCrypto.isAlgorithmSupported(alg, TeeCurve.NIST_P256), String.format("0x%08X", alg));
        }
        assertFalse(TeeCrypto.isAlgorithmSupported(TeeAlg.SM4_ECB_PKCS5, TeeCurve.NONE));
        assertFalse(TeeCrypto.isAlgorithmSupported(TeeAlg.ILLEGAL_VALUE, TeeCurve.NONE));
        assertTrue(TeeCrypto.isAlgorithmSupported(TeeAlg.ECDSA_P256, TeeCurve.NIST_P256));
        assertFalse(TeeCrypto.isAlgorithmSupported(TeeAlg.ECDSA_P256, TeeCurve.NONE));
    }

    /** OP-TEE's headers define SM4 with PKCS#5 padding, its TEE_AllocateOperation does not take it. */
    @Test
    void sm4WithPkcs5Padding_isNotSupportedAtAllocation() {
        for (int alg : new int[] {TeeAlg.SM4_ECB_PKCS5, TeeAlg.SM4_CBC_PKCS5}) {
            fails(TeeResult.NOT_SUPPORTED, () -> Operation.allocate(alg, TeeCrypto.MODE_ENCRYPT, 128));
        }
    }

    @Test
    void enums_mapToGpValues() {
        assertEquals(TeeCrypto.OPERATION_AE, TeeCrypto.OperationClass.AE.id());
        assertEquals(TeeCrypto.OperationClass.KEM, TeeCrypto.OperationClass.of(TeeCrypto.OPERATION_KEM));
        assertEquals(TeeCrypto.Mode.DECAPSULATE, TeeCrypto.Mode.of(TeeCrypto.MODE_DECAPSULATE));
        assertEquals(TeeCrypto.MODE_MAC, TeeCrypto.Mode.MAC.id());
    }
}
