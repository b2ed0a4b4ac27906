package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.bytes;
import static org.jtee.crypto.Fixtures.fails;
import static org.jtee.crypto.Fixtures.panics;
import static org.jtee.crypto.Fixtures.shortBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GP checks {@link Operation} makes around the asymmetric engines: class, mode and key (panics),
 * the digest length of RSA signatures (a panic, as OP-TEE), output sizes (SHORT_BUFFER with the
 * engine's length, before any work), invalid signatures, and the target object of
 * {@code TEE_DeriveKey} and of jtee's KEM.
 */
class AsymmetricChecksTest {
    private static TransientObject rsa;

    @BeforeAll
    static void rsaKey() throws TeeException {
        rsa = TransientObject.allocate(TeeType.RSA_KEYPAIR, 1024);
        rsa.generateKey(1024);
    }

    private static Operation rsaOp(int alg, int mode) throws TeeException {
        return Fixtures.op(alg, mode, 1024, rsa);
    }

    @Test
    void wrongClassModeOrNoKey_panics() throws TeeException {
        try (Operation sign = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN);
                Operation verify = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_VERIFY);
                Operation noKey = Operation.allocate(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_ENCRYPT, 1024);
                Operation aes = Fixtures.op(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT, TeeType.AES, bytes(16, 1))) {
            ByteBuffer digest = ByteBuffer.allocate(32);
            panics(() -> sign.asymmetricEncrypt(List.of(), digest, ByteBuffer.allocate(128)));
            panics(() -> sign.asymmetricVerifyDigest(List.of(), digest, ByteBuffer.allocate(128)));
            panics(() -> verify.asymmetricSignDigest(List.of(), digest, ByteBuffer.allocate(128)));
            panics(() -> noKey.asymmetricEncrypt(List.of(), digest, ByteBuffer.allocate(128)));
            panics(() -> noKey.asymmetricDecrypt(List.of(), digest, ByteBuffer.allocate(128)));
            panics(() -> aes.asymmetricSignDigest(List.of(), digest, ByteBuffer.allocate(128)));
            panics(() -> aes.deriveKey(List.of(), TransientObject.allocate(TeeType.GENERIC_SECRET, 256)));
            panics(() -> sign.kemEncapsulate(ByteBuffer.allocate(2000), TransientObject.allocate(TeeType.GENERIC_SECRET,
                    256)));
        }
    }

    @Test
    void publicKeyForSigning_panics_keyPairForVerifying_isAccepted() throws TeeException {
        TransientObject pub = TransientObject.allocate(TeeType.RSA_PUBLIC_KEY, 1024);
        pub.copyAttributesFrom(rsa);
        try (Operation sign = Operation.allocate(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1, TeeCrypto.MODE_SIGN, 1024);
                Operation verify = Operation.allocate(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1, TeeCrypto.MODE_VERIFY, 1024)) {
            panics(() -> sign.setKey(pub));
            verify.setKey(rsa);
            verify.setKey(null);
            verify.setKey(pub);
        }
    }

    @Test
    void rsaSignature_digestOfTheWrongLength_panics() throws TeeException {
        try (Operation sign = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN);
                Operation verify = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_VERIFY);
                Operation raw = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5, TeeCrypto.MODE_SIGN)) {
            assertEquals(TeeResult.BAD_PARAMETERS, panics(() -> sign.asymmetricSignDigest(List.of(), ByteBuffer.allocate(31),
                    ByteBuffer.allocate(128))).code());
            panics(() -> verify.asymmetricVerifyDigest(List.of(), ByteBuffer.allocate(33), ByteBuffer.allocate(128)));
            assertEquals(128, raw.asymmetricSignDigest(List.of(), ByteBuffer.allocate(20), ByteBuffer.allocate(128)));
        }
    }

    @Test
    void sign_shortBuffer_reportsTheSignatureLength_andVerifyRejectsATamperedOne() throws TeeException {
        try (Operation sign = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN);
                Operation verify = rsaOp(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_VERIFY)) {
            ByteBuffer digest = ByteBuffer.wrap(bytes(32, 1));
            shortBuffer(128, () -> sign.asymmetricSignDigest(List.of(), digest, ByteBuffer.allocate(127)));
            shortBuffer(128, () -> sign.asymmetricSignDigest(List.of(), digest, null));
            assertEquals(32, digest.remaining());
            ByteBuffer sig = ByteBuffer.allocate(200);
            assertEquals(128, sign.asymmetricSignDigest(List.of(), digest, sig));
            assertEquals(128, sig.position());
            byte[] s = java.util.Arrays.copyOf(sig.array(), 128);
            verify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(bytes(32, 1)), ByteBuffer.wrap(s));
            s[5] ^= 1;
            fails(TeeResult.SIGNATURE_INVALID, () -> verify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(bytes(32, 1)),
                    ByteBuffer.wrap(s)));
        }
    }

    @Test
    void asymmetricEncrypt_shortBuffer_hasTheOutputLengthAndConsumesNothing() throws TeeException {
        try (Operation enc = rsaOp(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_ENCRYPT);
                Operation dec = rsaOp(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_DECRYPT)) {
            ByteBuffer msg = ByteBuffer.wrap(bytes(20, 3));
            shortBuffer(128, () -> enc.asymmetricEncrypt(List.of(), msg, ByteBuffer.allocate(10)));
            assertEquals(20, msg.remaining());
            ByteBuffer ct = ByteBuffer.allocate(128);
            enc.asymmetricEncrypt(List.of(), msg, ct);
            assertEquals(0, msg.remaining());
            ByteBuffer pt = ByteBuffer.allocate(128);
            assertEquals(20, dec.asymmetricDecrypt(List.of(), ct.flip(), pt));
            assertArrayEquals(bytes(20, 3), java.util.Arrays.copyOf(pt.array(), 20));
        }
    }

    @Test
    void deriveKey_targetMustBeAnUninitializedGenericSecret() throws TeeException {
        TransientObject ikm = TransientObject.allocate(TeeType.HKDF_IKM, 256);
        ikm.populate(Attribute.ref(TeeAttr.HKDF_IKM, bytes(32, 1)));
        List<Attribute> params = List.of(Attribute.value(TeeAttr.HKDF_OKM_LENGTH, 32, 0));
        try (Operation op = Fixtures.op(TeeAlg.HKDF_SHA256_DERIVE_KEY, TeeCrypto.MODE_DERIVE, 256, ikm)) {
            panics(() -> op.deriveKey(params, null));
            panics(() -> op.deriveKey(params, TransientObject.allocate(TeeType.AES, 256)));
            TransientObject used = Fixtures.key(TeeType.GENERIC_SECRET, bytes(32, 1));
            panics(() -> op.deriveKey(params, used));
            TransientObject out = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
            op.deriveKey(params, out);
            assertEquals(256, out.info().objectSize());
        }
    }

    @Test
    void kem_shortBufferFirst_thenBothSidesShareTheSecret() throws TeeException {
        TransientObject pair = TransientObject.allocate(TeeType.ML_KEM_KEYPAIR, 768);
        pair.generateKey(768);
        try (Operation enc = Fixtures.op(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCAPSULATE, 768, pair);
                Operation dec = Fixtures.op(TeeAlg.ML_KEM_768, TeeCrypto.MODE_DECAPSULATE, 768, pair)) {
            TransientObject s1 = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
            TransientObject s2 = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
            shortBuffer(1088, () -> enc.kemEncapsulate(ByteBuffer.allocate(1087), s1));
            assertEquals(0, s1.info().handleFlags() & TeeCrypto.HANDLE_FLAG_INITIALIZED);
            panics(() -> enc.kemEncapsulate(ByteBuffer.allocate(1088), TransientObject.allocate(TeeType.AES, 256)));
            ByteBuffer ct = ByteBuffer.allocate(1100);
            assertEquals(1088, enc.kemEncapsulate(ct, s1));
            fails(TeeResult.BAD_PARAMETERS, () -> dec.kemDecapsulate(ByteBuffer.wrap(ct.array(), 0, 1000), s2));
            panics(() -> dec.kemEncapsulate(ByteBuffer.allocate(1088), s2));
            dec.kemDecapsulate(ct.flip(), s2);
            assertArrayEquals(s1.bufferAttribute(TeeAttr.SECRET_VALUE), s2.bufferAttribute(TeeAttr.SECRET_VALUE));
        }
    }

    @Test
    void mlDsa_signsAndVerifiesTheMessage() throws TeeException {
        TransientObject pair = TransientObject.allocate(TeeType.ML_DSA_KEYPAIR, 44);
        pair.generateKey(44);
        byte[] msg = bytes(100, 1);
        try (Operation sign = Fixtures.op(TeeAlg.ML_DSA_44, TeeCrypto.MODE_SIGN, 44, pair);
                Operation verify = Fixtures.op(TeeAlg.ML_DSA_44, TeeCrypto.MODE_VERIFY, 44, pair)) {
            ByteBuffer sig = ByteBuffer.allocate(4000);
            int n = sign.asymmetricSignDigest(List.of(), ByteBuffer.wrap(msg), sig);
            verify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(msg), ByteBuffer.wrap(sig.array(), 0, n));
            msg[0] ^= 1;
            fails(TeeResult.SIGNATURE_INVALID, () -> verify.asymmetricVerifyDigest(List.of(), ByteBuffer.wrap(msg),
                    ByteBuffer.wrap(sig.array(), 0, n)));
        }
    }
}
