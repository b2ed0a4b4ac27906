package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.buf;
import static org.jtee.crypto.AsymTestSupport.val;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;

/**
 * The asymmetric engines through the public GP front, {@link Operation} and
 * {@link TransientObject}, as a TA drives them: key generation, set key, sign/verify with
 * SIGNATURE_INVALID, encrypt/decrypt errors returned, derivations that panic, and jtee's KEM.
 */
class AsymmetricOperationTest {

    static TransientObject generate(int type, int bits, Attribute... params) throws TeeException {
        TransientObject o = TransientObject.allocate(type, bits);
        o.generateKey(bits, params);
        return o;
    }

    static byte[] sign(int alg, int bits, TransientObject key, List<Attribute> params, byte[] digest) throws TeeException {
        try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_SIGN, bits)) {
            op.setKey(key);
            ShortBufferException small = assertThrows(ShortBufferException.class,
                    () -> op.asymmetricSignDigest(params, ByteBuffer.wrap(digest), ByteBuffer.allocate(1)));
            ByteBuffer sig = ByteBuffer.allocate(small.required());
            op.asymmetricSignDigest(params, ByteBuffer.wrap(digest), sig);
            return Arrays.copyOf(sig.array(), sig.position());
        }
    }

    static void verify(int alg, int bits, TransientObject key, List<Attribute> params, byte[] digest, byte[] sig) throws TeeException {
        try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_VERIFY, bits)) {
            op.setKey(key);
            op.asymmetricVerifyDigest(params, ByteBuffer.wrap(digest), ByteBuffer.wrap(sig));
        }
    }

    static void assertInvalid(int alg, int bits, TransientObject key, List<Attribute> params, byte[] digest, byte[] sig) {
        TeeException e = assertThrows(TeeException.class, () -> verify(alg, bits, key, params, digest, sig));
        assertEquals(TeeResult.SIGNATURE_INVALID, e.result());
    }

    @Test
    void rsaPss_generatedKey_signsAndVerifies_wrongLengthIsSignatureInvalid() throws TeeException {
        TransientObject key = generate(TeeType.RSA_KEYPAIR, 1024);
        byte[] digest = new byte[32];
        byte[] sig = sign(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, 1024, key, List.of(), digest);
        assertEquals(128, sig.length);
        verify(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, 1024, key, List.of(), digest, sig);
        assertInvalid(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, 1024, key, List.of(), digest, Arrays.copyOf(sig, 127));
        sig[5] ^= 1;
        assertInvalid(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, 1024, key, List.of(), digest, sig);
    }

    @Test
    void rsaOaep_invalidCiphertext_isReturnedNotPanicked() throws TeeException {
        TransientObject key = generate(TeeType.RSA_KEYPAIR, 1024);
        byte[] c;
        try (Operation op = Operation.allocate(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_ENCRYPT, 1024)) {
            op.setKey(key);
            ByteBuffer out = ByteBuffer.allocate(128);
            op.asymmetricEncrypt(List.of(), ByteBuffer.wrap(new byte[] {1, 2}), out);
            c = out.array();
        }
        try (Operation op = Operation.allocate(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_DECRYPT, 1024)) {
            op.setKey(key);
            ByteBuffer out = ByteBuffer.allocate(128);
            assertEquals(2, op.asymmetricDecrypt(List.of(), ByteBuffer.wrap(c), out));
            c[1] ^= 1;
            byte[] tampered = c;
            TeeException e = assertThrows(TeeException.class,
                    () -> op.asymmetricDecrypt(List.of(), ByteBuffer.wrap(tampered), ByteBuffer.allocate(128)));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        }
    }

    @Test
    void ecdsaP256_signatureIsRaw64Bytes() throws TeeException {
        TransientObject key = generate(TeeType.ECDSA_KEYPAIR, 256, val(TeeAttr.ECC_CURVE, TeeCurve.NIST_P256));
        byte[] digest = new byte[32];
        byte[] sig = sign(TeeAlg.ECDSA_SHA256, 256, key, List.of(), digest);
        assertEquals(64, sig.length);
        verify(TeeAlg.ECDSA_SHA256, 256, key, List.of(), digest, sig);
        assertInvalid(TeeAlg.ECDSA_SHA256, 256, key, List.of(), digest, Arrays.copyOf(sig, 63));
    }

    @Test
    void ecdh_offCurvePeerPoint_panicsTheTa() throws TeeException {
        TransientObject key = generate(TeeType.ECDH_KEYPAIR, 256, val(TeeAttr.ECC_CURVE, TeeCurve.NIST_P256));
        byte[] y = key.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_Y);
        y[0] ^= 1;
        try (Operation op = Operation.allocate(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, 256)) {
            op.setKey(key);
            TransientObject out = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
            List<Attribute> peer = List.of(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, key.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_X)),
                    Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, y));
            assertThrows(TaPanic.class, () -> op.deriveKey(peer, out));
        }
    }

    @Test
    void x25519_agreesBetweenTwoOperations_andSmallOrderPointPanics() throws TeeException {
        TransientObject a = generate(TeeType.X25519_KEYPAIR, 256);
        TransientObject b = generate(TeeType.X25519_KEYPAIR, 256);
        byte[] sa = derive(TeeAlg.X25519, 256, a, List.of(Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, b.bufferAttribute(TeeAttr.X25519_PUBLIC_VALUE))));
        byte[] sb = derive(TeeAlg.X25519, 256, b, List.of(Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, a.bufferAttribute(TeeAttr.X25519_PUBLIC_VALUE))));
        assertArrayEquals(sa, sb);
        TaPanic p = assertThrows(TaPanic.class, () -> derive(TeeAlg.X25519, 256, a,
                List.of(Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, new byte[32]))));
        assertEquals(TeeResult.SECURITY, p.code());
    }

    static byte[] derive(int alg, int bits, TransientObject key, List<Attribute> params) throws TeeException {
        try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_DERIVE, bits)) {
            op.setKey(key);
            TransientObject out = TransientObject.allocate(TeeType.GENERIC_SECRET, 4096);
            op.deriveKey(params, out);
            return out.bufferAttribute(TeeAttr.SECRET_VALUE);
        }
    }

    @Test
    void hkdf_opteeVariant_throughOperation() throws TeeException {
        TransientObject ikm = TransientObject.allocate(TeeType.HKDF_IKM, 176);
        ikm.populate(buf(TeeAttr.HKDF_IKM, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        byte[] okm = derive(TeeAlg.HKDF_SHA256_DERIVE_KEY, 176, ikm, List.of(buf(TeeAttr.OPTEE_HKDF_SALT, "000102030405060708090a0b0c"),
                buf(TeeAttr.OPTEE_HKDF_INFO, "f0f1f2f3f4f5f6f7f8f9"), val(TeeAttr.HKDF_OKM_LENGTH, 42)));
        assertArrayEquals(org.jtee.crypto.vectors.VectorFiles.hex(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"), okm, "RFC 5869 A.1");
    }

    @Test
    void ed25519ctx_throughOperation() throws TeeException {
        TransientObject key = generate(TeeType.ED25519_KEYPAIR, 256);
        List<Attribute> ctx = List.of(buf(TeeAttr.EDDSA_CTX, "666f6f"));
        byte[] msg = {1, 2, 3};
        byte[] sig = sign(TeeAlg.ED25519, 256, key, ctx, msg);
        verify(TeeAlg.ED25519, 256, key, ctx, msg, sig);
        assertInvalid(TeeAlg.ED25519, 256, key, List.of(), msg, sig);
    }

    @Test
    void mlKem768_encapsulateDecapsulate_throughOperation() throws TeeException {
        TransientObject key = generate(TeeType.ML_KEM_KEYPAIR, 768);
        ByteBuffer ct = ByteBuffer.allocate(1088);
        TransientObject k1 = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
        try (Operation op = Operation.allocate(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCAPSULATE, 768)) {
            op.setKey(key);
            assertEquals(1088, op.kemEncapsulate(ct, k1));
        }
        TransientObject k2 = TransientObject.allocate(TeeType.GENERIC_SECRET, 256);
        try (Operation op = Operation.allocate(TeeAlg.ML_KEM_768, TeeCrypto.MODE_DECAPSULATE, 768)) {
            op.setKey(key);
            op.kemDecapsulate(ByteBuffer.wrap(ct.array()), k2);
        }
        assertArrayEquals(k1.bufferAttribute(TeeAttr.SECRET_VALUE), k2.bufferAttribute(TeeAttr.SECRET_VALUE));
        assertEquals(256, k2.info().objectSize());
    }

    @Test
    void mlDsa44_signVerify_throughOperation() throws TeeException {
        TransientObject key = generate(TeeType.ML_DSA_KEYPAIR, 44);
        byte[] msg = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sig = sign(TeeAlg.ML_DSA_44, 44, key, List.of(), msg);
        assertEquals(2420, sig.length);
        verify(TeeAlg.ML_DSA_44, 44, key, List.of(), msg, sig);
        assertInvalid(TeeAlg.ML_DSA_44, 44, key, List.of(buf(TeeAttr.ML_DSA_CONTEXT, "01")), msg, sig);
    }

    @Test
    void sm2Kep_twoKeysThroughSetKey2_confirmationWrittenIntoTheTasBuffer() throws TeeException {
        TransientObject a = generate(TeeType.SM2_KEP_KEYPAIR, 256);
        TransientObject ra = generate(TeeType.SM2_KEP_KEYPAIR, 256);
        TransientObject b = generate(TeeType.SM2_KEP_KEYPAIR, 256);
        TransientObject rb = generate(TeeType.SM2_KEP_KEYPAIR, 256);
        byte[] confA = new byte[32];
        byte[] keyA = kep(a, ra, Sm2VectorsTest.kepParams(true, b, rb, null, confA));
        byte[] confB = new byte[32];
        byte[] keyB = kep(b, rb, Sm2VectorsTest.kepParams(false, a, ra, confA, confB));
        assertArrayEquals(keyA, keyB);
        assertEquals(16, keyA.length);
        kep(a, ra, Sm2VectorsTest.kepParams(true, b, rb, confB, null));
    }

    static byte[] kep(TransientObject own, TransientObject ephemeral, List<Attribute> params) throws TeeException {
        try (Operation op = Operation.allocate(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, 512)) {
            op.setKey2(own, ephemeral);
            TransientObject out = TransientObject.allocate(TeeType.GENERIC_SECRET, 16);
            op.deriveKey(params, out);
            return out.bufferAttribute(TeeAttr.SECRET_VALUE);
        }
    }
}
