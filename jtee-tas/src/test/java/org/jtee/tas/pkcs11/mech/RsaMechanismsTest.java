package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RSA through the mechanisms, checked against the JDK's own RSA (an independent implementation). */
class RsaMechanismsTest {
    private static Keys.Pair pair;
    private static PublicKey jdkPublic;
    private static final byte[] MSG = ascii("The quick brown fox jumps over the lazy dog");

    @BeforeAll
    static void generate() throws Exception {
        pair = Keys.rsa(1024);
        jdkPublic = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, pair.pub().attribute(CKA_MODULUS)), new BigInteger(1, pair.pub().attribute(CKA_PUBLIC_EXPONENT))));
    }

    private static byte[] sign(int mechanism, ByteBuffer params, byte[] msg) throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, mechanism, params, pair.priv())) {
            return Run.oneShot(p, msg);
        }
    }

    private static void verify(int mechanism, ByteBuffer params, byte[] msg, byte[] sig) throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, mechanism, params, pair.pub())) {
            p.verifyOneShot(ByteBuffer.wrap(msg), ByteBuffer.wrap(sig));
        }
    }

    @Test
    void generatedPair_hasEveryComponent() {
        assertEquals(1024, new BigInteger(1, pair.priv().attribute(CKA_MODULUS)).bitLength());
        assertArrayEquals(hex("010001"), pair.pub().attribute(CKA_PUBLIC_EXPONENT));
        for (int a : new int[] {CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT}) {
            assertNotNull(pair.priv().attribute(a));
        }
    }

    @Test
    void pkcs1WithHashes_verifyWithTheJdk_andBack() throws Exception {
        Object[][] cases = {{CKM_MD5_RSA_PKCS, "MD5withRSA"}, {CKM_SHA1_RSA_PKCS, "SHA1withRSA"},
            {CKM_SHA224_RSA_PKCS, "SHA224withRSA"}, {CKM_SHA256_RSA_PKCS, "SHA256withRSA"},
            {CKM_SHA384_RSA_PKCS, "SHA384withRSA"}, {CKM_SHA512_RSA_PKCS, "SHA512withRSA"}};
        for (Object[] c : cases) {
            byte[] sig = sign((int) c[0], none(), MSG);
            Signature jdk = Signature.getInstance((String) c[1]);
            jdk.initVerify(jdkPublic);
            jdk.update(MSG);
            assertTrue(jdk.verify(sig), (String) c[1]);
            verify((int) c[0], none(), MSG, sig);
            try (Processing p = Mechanisms.init(FUNCTION_SIGN, (int) c[0], none(), pair.priv())) {
                assertArrayEquals(sig, Run.parts(p, MSG, 5), "PKCS#1 v1.5 is deterministic");
            }
        }
    }

    @Test
    void rawPkcs1_signsTheBytesGiven() throws Exception {
        byte[] hash = SecretKeys.digest(CKM_SHA256, MSG);
        byte[] sig = sign(CKM_RSA_PKCS, none(), hash);
        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, jdkPublic);
        byte[] em = c.doFinal(sig);
        assertArrayEquals(hash, java.util.Arrays.copyOfRange(em, em.length - 32, em.length));
        verify(CKM_RSA_PKCS, none(), hash, sig);
        Fail.rv(CKR_SIGNATURE_INVALID, () -> verify(CKM_RSA_PKCS, none(), java.util.Arrays.copyOf(hash, 31), sig));
        Fail.rv(CKR_DATA_LEN_RANGE, () -> sign(CKM_RSA_PKCS, none(), new byte[128 - 10]));
    }

    @Test
    void pss_rawAndWithHashes_verifyWithTheJdk() throws Exception {
        int[][] cases = {{CKM_SHA1_RSA_PKCS_PSS, CKM_SHA_1, CKG_MGF1_SHA1}, {CKM_SHA224_RSA_PKCS_PSS, CKM_SHA224, CKG_MGF1_SHA224},
            {CKM_SHA256_RSA_PKCS_PSS, CKM_SHA256, CKG_MGF1_SHA256}, {CKM_SHA384_RSA_PKCS_PSS, CKM_SHA384, CKG_MGF1_SHA384}};
        for (int[] c : cases) {
            int hLen = Hmac.digestLength(c[1]);
            ByteBuffer prm = params(c[1], c[2], hLen);
            byte[] sig = sign(c[0], prm, MSG);
            String name = Hmac.jdkName(c[1]);
            Signature jdk = Signature.getInstance("RSASSA-PSS");
            jdk.setParameter(new PSSParameterSpec(name, "MGF1", new MGF1ParameterSpec(name), hLen, 1));
            jdk.initVerify(jdkPublic);
            jdk.update(MSG);
            assertTrue(jdk.verify(sig), name);
            verify(c[0], prm, MSG, sig);
            byte[] rawSig = sign(CKM_RSA_PKCS_PSS, prm, SecretKeys.digest(c[1], MSG));
            verify(c[0], prm, MSG, rawSig);
        }
    }

    @Test
    void pss_saltTooLongForTheKey_isKeySizeRange_atInit() {
        // xtest 1022: SHA-512 with salt 64 on RSA-1024: 64 > 128 - 2 - 64
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA512_RSA_PKCS_PSS,
                params(CKM_SHA512, CKG_MGF1_SHA512, 64), pair.priv()));
    }

    @Test
    void pss_badParameters_areFunctionFailed() {
        ByteBuffer good = params(CKM_SHA256, CKG_MGF1_SHA256, 32);
        for (int n = 0; n < 12; n++) {
            int len = n;
            Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS_PSS, cut(good, len), pair.priv()));
        }
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS_PSS, longer(good, 1), pair.priv()));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS_PSS,
                params(CKM_SHA256, CKG_MGF1_SHA1, 32), pair.priv()));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS_PSS,
                params(CKM_SHA_1, CKG_MGF1_SHA1, 20), pair.priv()));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_RSA_PKCS_PSS,
                params(CKM_MD5, CKG_MGF1_SHA1, 16), pair.priv()));
    }

    @Test
    void oaep_withAndWithoutLabel_decryptsWhatTheJdkEncrypts() throws Exception {
        int[][] hashes = {{CKM_SHA_1, CKG_MGF1_SHA1}, {CKM_SHA224, CKG_MGF1_SHA224}, {CKM_SHA256, CKG_MGF1_SHA256},
            {CKM_SHA384, CKG_MGF1_SHA384}};
        for (int[] h : hashes) {
            for (byte[] label : new byte[][] {new byte[0], ascii("TestLabel")}) {
                ByteBuffer prm = params(h[0], h[1], CKZ_DATA_SPECIFIED, label.length, label);
                String name = Hmac.jdkName(h[0]);
                Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
                jdk.init(Cipher.ENCRYPT_MODE, jdkPublic, new OAEPParameterSpec(name, "MGF1", new MGF1ParameterSpec(name),
                        new PSource.PSpecified(label)));
                byte[] ct = jdk.doFinal(ascii("Hello World"));
                try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_RSA_PKCS_OAEP, prm, pair.priv())) {
                    assertArrayEquals(ascii("Hello World"), Run.oneShot(p, ct));
                }
                byte[] mine;
                try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP, prm, pair.pub())) {
                    mine = Run.oneShot(p, ascii("Hello World"));
                }
                jdk.init(Cipher.DECRYPT_MODE, pairJdkPrivate(), jdk.getParameters());
                try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_RSA_PKCS_OAEP, prm, pair.priv())) {
                    assertArrayEquals(ascii("Hello World"), Run.oneShot(p, mine));
                }
            }
        }
    }

    private static java.security.PrivateKey pairJdkPrivate() throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.RSAPrivateKeySpec(
                new BigInteger(1, pair.priv().attribute(CKA_MODULUS)), new BigInteger(1, pair.priv().attribute(CKA_PRIVATE_EXPONENT))));
    }

    @Test
    void oaep_sizeQueryBeforeMessageLength_thenDataLenRange() throws CkException {
        // xtest 1023: OAEP-SHA512 on RSA-1024 takes at most 128 - 2*64 - 2 < 0 bytes
        ByteBuffer prm = params(CKM_SHA512, CKG_MGF1_SHA512, CKZ_DATA_SPECIFIED, 0);
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP, prm, pair.pub())) {
            assertEquals(128, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(ByteBuffer.wrap(MSG), null)).required());
            Fail.rv(CKR_DATA_LEN_RANGE, () -> p.oneShot(ByteBuffer.wrap(MSG), ByteBuffer.allocate(128)));
        }
    }

    @Test
    void oaep_sourceZeroWithoutLabel_isTheEmptyLabel() throws Exception {
        ByteBuffer none = params(CKM_SHA256, CKG_MGF1_SHA256, 0, 0);
        ByteBuffer empty = params(CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, 0);
        byte[] ct = new byte[128];
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP, none, pair.pub())) {
            assertEquals(128, p.oneShot(ByteBuffer.wrap(MSG), ByteBuffer.wrap(ct)));
        }
        ByteBuffer pt = ByteBuffer.allocate(128);
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_RSA_PKCS_OAEP, empty, pair.priv())) {
            assertEquals(MSG.length, p.oneShot(ByteBuffer.wrap(ct), pt));
        }
        assertArrayEquals(MSG, java.util.Arrays.copyOf(pt.array(), MSG.length));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP,
                params(CKM_SHA256, CKG_MGF1_SHA256, 0, 3, ascii("abc")), pair.pub()));
    }

    @Test
    void oaep_badParameters_areFunctionFailed() {
        ByteBuffer good = params(CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, 3, ascii("abc"));
        for (int n = 0; n < good.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP, cut(good, len), pair.pub()));
        }
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP, longer(good, 1), pair.pub()));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP,
                params(CKM_SHA256, CKG_MGF1_SHA256, 2, 0), pair.pub()));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP,
                params(CKM_SHA256, CKG_MGF1_SHA512, CKZ_DATA_SPECIFIED, 0), pair.pub()));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS_OAEP,
                params(CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, 10, ascii("abc")), pair.pub()));
    }

    @Test
    void pkcs1Encryption_roundTrips_andChecksLengths() throws Exception {
        byte[] ct;
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS, none(), pair.pub())) {
            ct = Run.oneShot(p, MSG);
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_RSA_PKCS, none(), pair.priv())) {
            assertEquals(MSG.length, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(ByteBuffer.wrap(ct), null)).required());
            assertArrayEquals(MSG, Run.oneShot(p, ct));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_RSA_PKCS, none(), pair.priv())) {
            Fail.rv(CKR_ENCRYPTED_DATA_LEN_RANGE, () -> p.oneShot(ByteBuffer.wrap(ct, 0, 127), ByteBuffer.allocate(128)));
        }
        byte[] bad = ct.clone();
        bad[5] ^= 0x40;
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_RSA_PKCS, none(), pair.priv())) {
            Fail.rv(CKR_ENCRYPTED_DATA_INVALID, () -> p.oneShot(ByteBuffer.wrap(bad), ByteBuffer.allocate(128)));
        }
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_RSA_PKCS, none(), pair.pub())) {
            Fail.rv(CKR_DATA_LEN_RANGE, () -> p.oneShot(ByteBuffer.allocate(118), ByteBuffer.allocate(128)));
        }
    }

    @Test
    void verify_wrongLengthOrSignature() throws CkException {
        byte[] sig = sign(CKM_SHA256_RSA_PKCS, none(), MSG);
        Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> verify(CKM_SHA256_RSA_PKCS, none(), MSG, java.util.Arrays.copyOf(sig, 127)));
        sig[10] ^= 1;
        Fail.rv(CKR_SIGNATURE_INVALID, () -> verify(CKM_SHA256_RSA_PKCS, none(), MSG, sig));
    }

    @Test
    void signSizeQuery_doesNotConsumeTheHash() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, none(), pair.priv())) {
            p.update(ByteBuffer.wrap(MSG), null);
            assertEquals(128, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.doFinal(ByteBuffer.allocate(0))).required());
            assertArrayEquals(sign(CKM_SHA256_RSA_PKCS, none(), MSG), Run.doFinal(p));
        }
    }

    @Test
    void keys_typeClassAndFlags() throws CkException {
        Keys.Pair ec = Keys.ec(EcCurve.P256);
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, none(), ec.priv()));
        TestKey noSign = new TestKey(CKO_PRIVATE_KEY, CKK_RSA);
        pair.priv().attributes().forEach(noSign::with);
        noSign.with(CKA_SIGN, new byte[] {0});
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, none(), noSign));
        TestKey onlyPss = new TestKey(CKO_PRIVATE_KEY, CKK_RSA);
        pair.priv().attributes().forEach(onlyPss::with);
        onlyPss.allowing(CKM_SHA256_RSA_PKCS_PSS);
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, none(), onlyPss));
        TestKey noExponent = new TestKey(CKO_PRIVATE_KEY, CKK_RSA).with(CKA_MODULUS, pair.priv().attribute(CKA_MODULUS))
                .with(CKA_PUBLIC_EXPONENT, hex("010001"));
        noExponent.set(CKA_SIGN);
        Fail.rv(CKR_GENERAL_ERROR, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, none(), noExponent));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, params(1), pair.priv()));
    }

    @Test
    void importedKeyWithoutCrt_signsLikeTheFullKey() throws CkException {
        TestKey partial = new TestKey(CKO_PRIVATE_KEY, CKK_RSA).with(CKA_MODULUS, pair.priv().attribute(CKA_MODULUS))
                .with(CKA_PUBLIC_EXPONENT, pair.priv().attribute(CKA_PUBLIC_EXPONENT))
                .with(CKA_PRIVATE_EXPONENT, pair.priv().attribute(CKA_PRIVATE_EXPONENT))
                .with(CKA_PRIME_1, pair.priv().attribute(CKA_PRIME_1)).with(CKA_PRIME_2, pair.priv().attribute(CKA_PRIME_2));
        partial.set(CKA_SIGN);
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_RSA_PKCS, none(), partial)) {
            assertArrayEquals(sign(CKM_SHA256_RSA_PKCS, none(), MSG), Run.oneShot(p, MSG));
        }
    }

    @Test
    void generate_modulusBitsRules() {
        Fail.rv(CKR_TEMPLATE_INCOMPLETE, () -> Mechanisms.generateKeyPair(CKM_RSA_PKCS_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_RSA), new TestKey(CKO_PRIVATE_KEY, CKK_RSA)));
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.generateKeyPair(CKM_RSA_PKCS_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_RSA).with(CKA_MODULUS_BITS, Keys.u32(4097)), new TestKey(CKO_PRIVATE_KEY, CKK_RSA)));
        Fail.rv(CKR_TEMPLATE_INCONSISTENT, () -> Mechanisms.generateKeyPair(CKM_RSA_PKCS_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_RSA).with(CKA_MODULUS_BITS, Keys.u32(1024)),
                new TestKey(CKO_PRIVATE_KEY, CKK_RSA).with(CKA_PRIVATE_EXPONENT, hex("03"))));
    }
}
