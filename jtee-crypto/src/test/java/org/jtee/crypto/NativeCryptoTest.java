package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.os.EvpPrivateKey;
import org.jtee.os.LibCrypto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenSSL fast path ({@link NativeCrypto}) against the Java path of the same engines: equal
 * bytes where the result is deterministic (PKCS#1 v1.5 signatures, decryptions), signatures each
 * path's verifier and the JDK accept where it is not (PSS, ECDSA); the key converted once per key
 * object and freed with its last holder; the property that turns it off.
 */
class NativeCryptoTest {
    private static TransientObject rsa2048;
    private static TransientObject rsa1025;
    private static RSAPrivateCrtKey jdk2048;

    @BeforeAll
    static void keys() throws Exception {
        assumeTrue(LibCrypto.isAvailable(), () -> "no OpenSSL here: " + LibCrypto.unavailableReason());
        jdk2048 = jdkRsa(2048);
        rsa2048 = rsaObject(jdk2048);
        rsa1025 = rsaObject(jdkRsa(1025));
    }

    private static RSAPrivateCrtKey jdkRsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
    }

    private static TransientObject rsaObject(RSAPrivateCrtKey k) throws TeeException {
        return AsymTestSupport.key(TeeType.RSA_KEYPAIR, 4096, num(TeeAttr.RSA_MODULUS, k.getModulus()),
                num(TeeAttr.RSA_PUBLIC_EXPONENT, k.getPublicExponent()), num(TeeAttr.RSA_PRIVATE_EXPONENT, k.getPrivateExponent()),
                num(TeeAttr.RSA_PRIME1, k.getPrimeP()), num(TeeAttr.RSA_PRIME2, k.getPrimeQ()),
                num(TeeAttr.RSA_EXPONENT1, k.getPrimeExponentP()), num(TeeAttr.RSA_EXPONENT2, k.getPrimeExponentQ()),
                num(TeeAttr.RSA_COEFFICIENT, k.getCrtCoefficient()));
    }

    private static Attribute num(int id, BigInteger v) {
        return Attribute.ref(id, EngineSupport.minimal(v));
    }

    /** An engine whose key was taken with the fast path on ({@code nativePath}) or off. */
    static AsymmetricEngine engine(int algorithm, int mode, TransientObject key, boolean nativePath) throws TeeException {
        String old = System.getProperty(NativeCrypto.PROPERTY);
        System.setProperty(NativeCrypto.PROPERTY, Boolean.toString(nativePath));
        try {
            return AsymTestSupport.engine(algorithm, mode, key);
        } finally {
            if (old == null) {
                System.clearProperty(NativeCrypto.PROPERTY);
            } else {
                System.setProperty(NativeCrypto.PROPERTY, old);
            }
        }
    }

    /** The key's native form if it has been converted, without converting it. */
    private static EvpPrivateKey converted(TransientObject key) {
        return key.nativeKeySlot().get(() -> null);
    }

    private static byte[] digest(String algorithm, String message) throws GeneralSecurityException {
        return MessageDigest.getInstance(algorithm).digest(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(ints = {TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeAlg.RSASSA_PKCS1_V1_5_SHA1, TeeAlg.RSASSA_PKCS1_V1_5_SHA512,
        TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1, TeeAlg.RSASSA_PKCS1_V1_5})
    void pkcs1Signature_nativeAndJava_equalBytes(int algorithm) throws Exception {
        int hashLength = switch (algorithm) {
            case TeeAlg.RSASSA_PKCS1_V1_5_SHA1 -> 20;
            case TeeAlg.RSASSA_PKCS1_V1_5_SHA512 -> 64;
            case TeeAlg.RSASSA_PKCS1_V1_5_MD5SHA1 -> 36;
            case TeeAlg.RSASSA_PKCS1_V1_5 -> 77;
            default -> 32;
        };
        for (TransientObject key : List.of(rsa2048, rsa1025)) {
            byte[] digest = new byte[hashLength];
            Arrays.fill(digest, (byte) 0xA5);
            byte[] fast = engine(algorithm, TeeCrypto.MODE_SIGN, key, true).sign(List.of(), digest);
            assertNotNull(converted(key), "the key went to OpenSSL");
            byte[] java = engine(algorithm, TeeCrypto.MODE_SIGN, key, false).sign(List.of(), digest);
            assertArrayEquals(java, fast);
        }
    }

    @Test
    void pkcs1Signature_native_isWhatTheJdkSigns() throws Exception {
        byte[] sig = engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, rsa2048, true)
                .sign(List.of(), digest("SHA-256", "abc"));
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initSign(jdk2048);
        jdk.update("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertArrayEquals(jdk.sign(), sig);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 32, 94})
    void pss_nativeSignature_verifiesOnTheJavaPathAndInTheJdk(int saltLength) throws Exception {
        for (TransientObject key : List.of(rsa2048, rsa1025)) {
            byte[] digest = digest("SHA-256", "pss");
            List<Attribute> params = List.of(Attribute.value(TeeAttr.RSA_PSS_SALT_LENGTH, saltLength, 0));
            byte[] sig = engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, key, true).sign(params, digest);
            AsymmetricEngine verifier = engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_VERIFY, key, false);
            assertTrue(verifier.verify(params, digest, sig));
            Signature jdk = Signature.getInstance("RSASSA-PSS");
            jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1));
            jdk.initVerify(rsaPublic(key));
            jdk.update("pss".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(jdk.verify(sig));
            byte[] javaSig = engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, key, false).sign(params, digest);
            assertTrue(verifier.verify(params, digest, javaSig));
        }
    }

    @Test
    void pss_saltTooLongForTheKey_panicsOnBothPaths() throws Exception {
        List<Attribute> params = List.of(Attribute.value(TeeAttr.RSA_PSS_SALT_LENGTH, 256, 0));
        for (boolean nativePath : new boolean[] {true, false}) {
            AsymmetricEngine e = engine(TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256, TeeCrypto.MODE_SIGN, rsa2048, nativePath);
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(org.jtee.ta.TaPanic.class, () -> e.sign(params, new byte[32])).code());
        }
    }

    private static PublicKey rsaPublic(TransientObject key) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, key.buffer(TeeAttr.RSA_MODULUS)), new BigInteger(1, key.buffer(TeeAttr.RSA_PUBLIC_EXPONENT))));
    }

    @Test
    void oaepDecrypt_ofJdkCiphertext_withLabelAndOtherMgfHash_equalOnBothPaths() throws Exception {
        byte[] label = {1, 2, 3, 4};
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, rsaPublic(rsa2048),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, new PSource.PSpecified(label)));
        byte[] message = "a secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] ct = c.doFinal(message);
        int sha1 = HashSpec.SHA1.teeId();
        List<Attribute> params = List.of(Attribute.ref(TeeAttr.RSA_OAEP_LABEL, label),
                Attribute.ref(TeeAttr.RSA_OAEP_MGF_HASH, new byte[] {(byte) sha1, (byte) (sha1 >>> 8), (byte) (sha1 >>> 16), (byte) (sha1 >>> 24)}));
        for (boolean nativePath : new boolean[] {true, false}) {
            AsymmetricEngine e = engine(TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256, TeeCrypto.MODE_DECRYPT, rsa2048, nativePath);
            assertArrayEquals(message, e.decrypt(params, ct));
            List<Attribute> wrongLabel = List.of(Attribute.ref(TeeAttr.RSA_OAEP_LABEL, new byte[] {9}), params.get(1));
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> e.decrypt(wrongLabel, ct)).result());
        }
    }

    @Test
    void pkcs1AndNopadDecrypt_ofJdkCiphertext_equalOnBothPaths() throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, rsaPublic(rsa2048));
        byte[] message = {0, 0, 7, 8, 9};
        byte[] ct = c.doFinal(message);
        byte[] tiny = {0, 0, 0, 5}; // a NOPAD input of a few bytes: its result loses its leading zeros
        for (boolean nativePath : new boolean[] {true, false}) {
            assertArrayEquals(message, engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_DECRYPT, rsa2048, nativePath).decrypt(List.of(), ct));
        }
        byte[] fast = engine(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_DECRYPT, rsa2048, true).decrypt(List.of(), tiny);
        byte[] java = engine(TeeAlg.RSA_NOPAD, TeeCrypto.MODE_DECRYPT, rsa2048, false).decrypt(List.of(), tiny);
        assertArrayEquals(java, fast);
        byte[] tampered = ct.clone();
        tampered[10] ^= 1;
        for (boolean nativePath : new boolean[] {true, false}) {
            AsymmetricEngine e = engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_DECRYPT, rsa2048, nativePath);
            assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> e.decrypt(List.of(), tampered)).result());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TeeCurve.NIST_P192, TeeCurve.NIST_P224, TeeCurve.NIST_P256, TeeCurve.NIST_P384, TeeCurve.NIST_P521})
    void ecdsa_nativeSignature_verifiesOnTheJavaPathAndInTheJdk(int curve) throws Exception {
        int bits = EcCurves.nist(curve).bits();
        TransientObject kp = EcVectorsTest.generated(TeeType.ECDSA_KEYPAIR, curve, bits);
        for (String hash : List.of("SHA-256", "SHA-512", "SHA-1")) {
            byte[] digest = digest(hash, "ecdsa");
            byte[] sig = engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_SIGN, kp, true).sign(List.of(), digest);
            assertNotNull(converted(kp), "the key went to OpenSSL");
            assertEquals(2 * EcCurves.nist(curve).bytes(), sig.length);
            assertTrue(engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY, kp, false).verify(List.of(), digest, sig), hash);
            if (curve != TeeCurve.NIST_P192 && curve != TeeCurve.NIST_P224) { // the JDK's SunEC has neither
                Signature jdk = Signature.getInstance(hash.replace("-", "") + "withECDSAinP1363Format");
                jdk.initVerify(ecPublic(kp, curve));
                jdk.update("ecdsa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertTrue(jdk.verify(sig), hash);
            }
            sig[sig.length - 1] ^= 1;
            assertFalse(engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY, kp, false).verify(List.of(), digest, sig));
        }
    }

    @Test
    void ecdsa_emptyAndLongDigests_signedOnBothPathsAlike() throws Exception {
        TransientObject kp = EcVectorsTest.generated(TeeType.ECDSA_KEYPAIR, TeeCurve.NIST_P256, 256);
        AsymmetricEngine verifier = engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY, kp, false);
        for (byte[] digest : List.of(new byte[0], new byte[1], new byte[200])) {
            Arrays.fill(digest, (byte) 0x81);
            for (boolean nativePath : new boolean[] {true, false}) {
                byte[] sig = engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_SIGN, kp, nativePath).sign(List.of(), digest);
                assertTrue(verifier.verify(List.of(), digest, sig), digest.length + " bytes, native " + nativePath);
            }
        }
    }

    private static PublicKey ecPublic(TransientObject kp, int curve) throws GeneralSecurityException {
        String name = switch (curve) {
            case TeeCurve.NIST_P256 -> "secp256r1";
            case TeeCurve.NIST_P384 -> "secp384r1";
            default -> "secp521r1";
        };
        java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(name));
        ECPoint w = new ECPoint(new BigInteger(1, kp.buffer(TeeAttr.ECC_PUBLIC_VALUE_X)),
                new BigInteger(1, kp.buffer(TeeAttr.ECC_PUBLIC_VALUE_Y)));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(w, p.getParameterSpec(java.security.spec.ECParameterSpec.class)));
    }

    @Test
    void operations_shareOneConversionPerKeyObject_freedWithItsLastHolder() throws Exception {
        String old = System.setProperty(NativeCrypto.PROPERTY, "true"); // Operation.setKey reads it
        try {
            shareOneConversion();
        } finally {
            if (old == null) {
                System.clearProperty(NativeCrypto.PROPERTY);
            } else {
                System.setProperty(NativeCrypto.PROPERTY, old);
            }
        }
    }

    private static void shareOneConversion() throws Exception {
        TransientObject key = rsaObject(jdkRsa(1024));
        byte[] digest = new byte[32];
        ByteBuffer sig = ByteBuffer.allocate(128);
        EvpPrivateKey first;
        try (Operation a = Operation.allocate(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, 1024)) {
            a.setKey(key);
            a.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), sig.clear());
            first = converted(key);
            assertNotNull(first, "the operation's copy converted the key, for the object too");
            try (Operation b = Operation.allocate(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, 1024)) {
                b.setKey(key);
                b.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), sig.clear());
                assertEquals(first, converted(key), "a second operation uses the same native key");
            }
            key.close();
            a.asymmetricSignDigest(List.of(), ByteBuffer.wrap(digest), sig.clear());
            assertEquals(128, first.rsaDecryptRaw(new byte[128]).length, "the operation's copy still holds the key");
        }
        assertThrows(IllegalStateException.class, () -> first.rsaDecryptRaw(new byte[128]), "freed with its last holder");
    }

    @Test
    void inconsistentCrtParts_stayOnTheJavaPath() throws Exception {
        byte[] dq = rsa2048.buffer(TeeAttr.RSA_EXPONENT2).clone();
        dq[dq.length - 1] ^= 4;
        List<Attribute> attrs = new ArrayList<>();
        for (Attribute a : rsa2048.attributeList()) {
            attrs.add(a.id() == TeeAttr.RSA_EXPONENT2 ? Attribute.ref(a.id(), dq) : Attribute.ref(a.id(), a.buffer().clone()));
        }
        TransientObject bad = AsymTestSupport.raw(TeeType.RSA_KEYPAIR, 2048, attrs.toArray(Attribute[]::new));
        AsymmetricEngine e = engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, bad, true);
        assertEquals(TeeResult.GENERIC, assertThrows(org.jtee.ta.TaPanic.class, () -> e.sign(List.of(), new byte[32])).code());
        assertNull(converted(bad));
    }

    @Test
    void propertyFalse_keysStayOnTheJavaPath() throws Exception {
        TransientObject key = rsaObject(jdkRsa(1024));
        engine(TeeAlg.RSASSA_PKCS1_V1_5_SHA256, TeeCrypto.MODE_SIGN, key, false).sign(List.of(), new byte[32]);
        assertNull(converted(key));
        TransientObject kp = EcVectorsTest.generated(TeeType.ECDSA_KEYPAIR, TeeCurve.NIST_P256, 256);
        engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_SIGN, kp, false).sign(List.of(), new byte[32]);
        assertNull(converted(kp));
    }

    @Test
    void manyThreads_signWithOneKeyObject_everySignatureValid() throws Exception {
        TransientObject kp = EcVectorsTest.generated(TeeType.ECDSA_KEYPAIR, TeeCurve.NIST_P256, 256);
        AsymmetricEngine verifier = engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY, kp, false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                byte[] digest = digest("SHA-256", "thread " + t);
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 200; i++) {
                        // the copy an operation takes: all share the object's one native key
                        TransientObject copy = kp.snapshot();
                        byte[] sig = AsymTestSupport.engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_SIGN, copy).sign(List.of(), digest);
                        copy.close();
                        ok &= verifier.verify(List.of(), digest, sig);
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
