package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RSA engines' GP and OP-TEE behaviour, checked where possible against the JDK's RSA. */
class RsaEngineTest {
    private static TransientObject pair;
    private static TransientObject crtless;

    @BeforeAll
    static void keys() throws TeeException {
        Map<Integer, Attribute> attrs = KeyGenerators.generate(TeeType.RSA_KEYPAIR, 1024, List.of());
        pair = TransientObject.allocate(TeeType.RSA_KEYPAIR, 1024);
        pair.install(attrs, 1024);
        crtless = AsymTestSupport.key(TeeType.RSA_KEYPAIR, 1024, attrs.get(TeeAttr.RSA_MODULUS),
                attrs.get(TeeAttr.RSA_PUBLIC_EXPONENT), attrs.get(TeeAttr.RSA_PRIVATE_EXPONENT));
    }

    static BigInteger n() {
        return new BigInteger(1, pair.buffer(TeeAttr.RSA_MODULUS));
    }

    static PublicKey jdkPublic() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n(),
                new BigInteger(1, pair.buffer(TeeAttr.RSA_PUBLIC_EXPONENT))));
    }

    static RSAPrivateKey jdkPrivate() throws GeneralSecurityException {
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(n(),
                new BigInteger(1, pair.buffer(TeeAttr.RSA_PRIVATE_EXPONENT))));
    }

    static byte[] sha256(byte[] m) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(m);
    }

    @Test
    void pss_saltLengthIsTheDigestLengthUnlessTheAttributeSaysOtherwise() throws Exception {
        byte[] m = "pss".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sig = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, pair).sign(List.of(), sha256(m));
        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        jdk.initVerify(jdkPublic());
        jdk.update(m);
        assertTrue(jdk.verify(sig), "salt of 32 bytes, MGF1 over SHA-256");
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_VERIFY, pair);
        List<Attribute> zero = List.of(Attribute.value(TeeAttr.RSA_PSS_SALT_LENGTH, 0, 0));
        assertFalse(v.verify(zero, sha256(m), sig));
        byte[] unsalted = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, pair).sign(zero, sha256(m));
        assertTrue(v.verify(zero, sha256(m), unsalted));
        assertFalse(v.verify(List.of(), sha256(m), unsalted));
        assertArrayEquals(unsalted, AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, pair)
                .sign(zero, sha256(m)), "no salt: deterministic");
    }

    @Test
    void oaep_mgf1HashIsTheOaepHash_andTheLabelIsUsed() throws Exception {
        byte[] label = {1, 2, 3};
        byte[] m = {42, 43};
        byte[] c = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256, TeeCrypto.MODE_ENCRYPT, pair)
                .encrypt(List.of(Attribute.ref(TeeAttr.RSA_OAEP_LABEL, label)), m);
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
        jdk.init(Cipher.DECRYPT_MODE, jdkPrivate(), new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified(label)));
        assertArrayEquals(m, jdk.doFinal(c));
        jdk.init(Cipher.DECRYPT_MODE, jdkPrivate(), new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1,
                new PSource.PSpecified(label)));
        assertThrows(GeneralSecurityException.class, () -> jdk.doFinal(c), "not MGF1 over SHA-1");
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256, TeeCrypto.MODE_DECRYPT, pair);
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> d.decrypt(List.of(), c)).result(), "label missing");
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> d.decrypt(List.of(Attribute.ref(TeeAttr.RSA_OAEP_MGF_HASH, new byte[3])), c)).result());
    }

    @Test
    void keyWithOnlyModulusAndExponents_signsAndDecryptsAsTheCrtKey() throws Exception {
        byte[] digest = sha256(new byte[] {7});
        byte[] withCrt = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, pair).sign(List.of(), digest);
        byte[] without = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, crtless).sign(List.of(), digest);
        assertArrayEquals(withCrt, without);
        byte[] c = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_ENCRYPT, pair).encrypt(List.of(), new byte[] {9});
        assertArrayEquals(new byte[] {9}, AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_DECRYPT, crtless).decrypt(List.of(), c));
    }

    @Test
    void pkcs1Signatures_matchTheJdkForSha3AndTheDigestInfoLessVariants() throws Exception {
        byte[] m = "gp".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature sha3 = Signature.getInstance("SHA3-256withRSA");
        sha3.initSign(jdkPrivate());
        sha3.update(m);
        assertArrayEquals(sha3.sign(), AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA3_256, TeeCrypto.MODE_SIGN, pair)
                .sign(List.of(), MessageDigest.getInstance("SHA3-256").digest(m)));
        byte[] md5sha1 = new byte[36];
        System.arraycopy(MessageDigest.getInstance("MD5").digest(m), 0, md5sha1, 0, 16);
        System.arraycopy(MessageDigest.getInstance("SHA-1").digest(m), 0, md5sha1, 16, 20);
        Signature raw = Signature.getInstance("NONEwithRSA");
        raw.initSign(jdkPrivate());
        raw.update(md5sha1);
        byte[] expected = raw.sign();
        assertArrayEquals(expected, AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1, TeeCrypto.MODE_SIGN, pair).sign(List.of(), md5sha1));
        assertArrayEquals(expected, AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5, TeeCrypto.MODE_SIGN, pair).sign(List.of(), md5sha1));
        assertTrue(AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5, TeeCrypto.MODE_VERIFY, pair).verify(List.of(), md5sha1, expected));
    }

    @Test
    void verify_signatureOfTheWrongLength_isInvalidNotAnError() throws Exception {
        byte[] digest = sha256(new byte[0]);
        byte[] sig = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, pair).sign(List.of(), digest);
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_VERIFY, pair);
        assertTrue(v.verify(List.of(), digest, sig));
        assertFalse(v.verify(List.of(), digest, Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(v.verify(List.of(), digest, Arrays.copyOf(sig, sig.length + 1)));
        assertFalse(v.verify(List.of(), digest, EngineSupport.fixed(n(), sig.length)), "not below the modulus");
    }

    @Test
    void digestOfTheWrongLength_panicsWithBadParameters() throws TeeException {
        AsymmetricEngine s = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1, TeeCrypto.MODE_SIGN, pair);
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TaPanic.class, () -> s.sign(List.of(), new byte[32])).code());
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA512, TeeCrypto.MODE_VERIFY, pair);
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TaPanic.class, () -> v.verify(List.of(), new byte[32], new byte[128])).code());
    }

    @Test
    void oaepCiphertext_tamperedAnywhere_isBadParametersNeverAPlaintext() throws TeeException {
        byte[] c = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_ENCRYPT, pair).encrypt(List.of(), new byte[] {1});
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_DECRYPT, pair);
        for (int i = 0; i < c.length; i++) {
            byte[] t = c.clone();
            t[i] ^= (byte) 0x80;
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> d.decrypt(List.of(), t), "byte " + i).result());
        }
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> d.decrypt(List.of(), Arrays.copyOf(c, c.length - 1))).result());
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1, TeeCrypto.MODE_ENCRYPT, pair)
                        .encrypt(List.of(), new byte[128 - 2 * 20 - 1])).result(), "message too long");
    }

    @Test
    void nopad_outputLosesLeadingZeros_andInputMustBeBelowTheModulus() throws TeeException {
        AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_ENCRYPT, pair);
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_DECRYPT, pair);
        byte[] m = {0, 0, 5, 6};
        byte[] c = e.encrypt(List.of(), m);
        assertArrayEquals(new byte[] {5, 6}, d.decrypt(List.of(), c));
        assertArrayEquals(new byte[] {0}, d.decrypt(List.of(), e.encrypt(List.of(), new byte[] {0, 0})), "all zeros: one zero byte");
        assertArrayEquals(new byte[] {1}, e.encrypt(List.of(), new byte[] {1}));
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> e.encrypt(List.of(), EngineSupport.minimal(n()))).result());
    }

    @Test
    void inconsistentCrtParts_panicRatherThanLeakAFaultySignature() throws TeeException {
        byte[] dp = pair.buffer(TeeAttr.RSA_EXPONENT1).clone();
        dp[dp.length - 1] ^= 2;
        TransientObject bad = AsymTestSupport.raw(TeeType.RSA_KEYPAIR, 1024, Attribute.ref(TeeAttr.RSA_MODULUS, pair.buffer(TeeAttr.RSA_MODULUS)),
                Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, pair.buffer(TeeAttr.RSA_PUBLIC_EXPONENT)),
                Attribute.ref(TeeAttr.RSA_PRIVATE_EXPONENT, pair.buffer(TeeAttr.RSA_PRIVATE_EXPONENT)),
                Attribute.ref(TeeAttr.RSA_PRIME1, pair.buffer(TeeAttr.RSA_PRIME1)), Attribute.ref(TeeAttr.RSA_PRIME2, pair.buffer(TeeAttr.RSA_PRIME2)),
                Attribute.ref(TeeAttr.RSA_EXPONENT1, dp), Attribute.ref(TeeAttr.RSA_EXPONENT2, pair.buffer(TeeAttr.RSA_EXPONENT2)),
                Attribute.ref(TeeAttr.RSA_COEFFICIENT, pair.buffer(TeeAttr.RSA_COEFFICIENT)));
        AsymmetricEngine s = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA1, TeeCrypto.MODE_SIGN, bad);
        assertEquals(TeeResult.GENERIC, assertThrows(TaPanic.class, () -> s.sign(List.of(), new byte[20])).code());
    }

    @Test
    void rsa256_generatedAsXtestDoes_encryptsAndDecrypts() throws TeeException {
        TransientObject small = TransientObject.allocate(TeeType.RSA_KEYPAIR, 256);
        small.install(KeyGenerators.generate(TeeType.RSA_KEYPAIR, 256, List.of()), 256);
        assertEquals(256, new BigInteger(1, small.buffer(TeeAttr.RSA_MODULUS)).bitLength());
        byte[] m = {1, 2, 3, 4, 5};
        byte[] c = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_ENCRYPT, small).encrypt(List.of(), m);
        assertEquals(32, c.length);
        assertArrayEquals(m, AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_DECRYPT, small).decrypt(List.of(), c));
        byte[] raw = AsymTestSupport.engine(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_DECRYPT, small).decrypt(List.of(), m);
        assertArrayEquals(m, AsymTestSupport.engine(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_ENCRYPT, small).encrypt(List.of(), raw));
        AsymmetricEngine tooSmall = AsymTestSupport.engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, small);
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TaPanic.class, () -> tooSmall.sign(List.of(), new byte[32])).code(),
                "a 32-byte modulus cannot hold a SHA-256 DigestInfo");
    }
}
