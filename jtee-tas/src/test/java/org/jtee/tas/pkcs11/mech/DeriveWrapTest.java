package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.KeyAgreement;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

/** Key derivation, wrapping and unwrapping, ML-KEM. */
class DeriveWrapTest {
    private static final byte[] KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] BLOCK = hex("6bc1bee22e409f96e93d7e117393172a");

    private static TestKey parent() {
        return TestKey.secret(CKK_AES, KEY, CKA_DERIVE);
    }

    @Test
    void aesEncryptData_nistVectors_andValueLength() throws CkException {
        assertArrayEquals(hex("3ad77bb40d7a3660a89ecaf32466ef97"),
                Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, params(16, BLOCK), parent(), -1));
        assertArrayEquals(hex("7649abac8119b246cee98e9b12e9197d"), Mechanisms.derive(CKM_AES_CBC_ENCRYPT_DATA,
                params(hex("000102030405060708090a0b0c0d0e0f"), 16, BLOCK), parent(), -1));
        assertArrayEquals(hex("3ad77bb40d7a"), Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, params(16, BLOCK), parent(), 6));
        Fail.rv(CKR_DATA_LEN_RANGE, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, params(16, BLOCK), parent(), 17));
    }

    @Test
    void aesEncryptData_errors() {
        ByteBuffer ecb = params(16, BLOCK);
        for (int n = 0; n < ecb.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, cut(ecb, len), parent(), -1));
        }
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, longer(ecb, 1), parent(), -1));
        ByteBuffer cbc = params(new byte[16], 16, BLOCK);
        for (int n = 0; n < cbc.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_AES_CBC_ENCRYPT_DATA, cut(cbc, len), parent(), -1));
        }
        Fail.rv(CKR_DATA_LEN_RANGE, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, params(15, new byte[15]), parent(), -1));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, ecb,
                TestKey.secret(CKK_AES, KEY, CKA_DERIVE, CKA_ENCRYPT), -1));
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, ecb,
                TestKey.secret(CKK_AES, KEY), -1));
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, ecb,
                TestKey.secret(CKK_GENERIC_SECRET, KEY, CKA_DERIVE), -1));
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.derive(CKM_AES_ECB_ENCRYPT_DATA, ecb,
                parent().allowing(CKM_AES_CBC_ENCRYPT_DATA), -1));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.derive(CKM_AES_ECB, none(), parent(), -1));
    }

    private static ECParameterSpec p256() throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        return p.getParameterSpec(ECParameterSpec.class);
    }

    private static byte[] rawPoint(Keys.Pair p) {
        return Der.octetStringContent(p.pub().attribute(CKA_EC_POINT));
    }

    @Test
    void ecdh_bothSidesAndTheJdkAgree() throws Exception {
        Keys.Pair a = Keys.ec(EcCurve.P256);
        Keys.Pair b = Keys.ec(EcCurve.P256);
        byte[] ab = Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 0, 65, rawPoint(b)), a.priv(), 32);
        byte[] ba = Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 0, 67, b.pub().attribute(CKA_EC_POINT)), a.priv(), 32);
        assertArrayEquals(ab, ba);
        assertArrayEquals(ab, Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 0, 65, rawPoint(a)), b.priv(), 32));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, a.priv().attribute(CKA_VALUE)), p256())));
        byte[][] xy = EcCurve.P256.coordinates(rawPoint(b));
        ka.doPhase(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(new BigInteger(1, xy[0]), new BigInteger(1, xy[1])), p256())), true);
        assertArrayEquals(ka.generateSecret(), ab);
        assertArrayEquals(Arrays.copyOf(ab, 16), Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 0, 65, rawPoint(b)), a.priv(), 16));
    }

    @Test
    void ecdh_errors() throws CkException {
        Keys.Pair a = Keys.ec(EcCurve.P256);
        byte[] peer = rawPoint(Keys.ec(EcCurve.P256));
        ByteBuffer good = params(CKD_NULL, 0, 65, peer);
        for (int n = 4; n < good.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, cut(good, len), a.priv(), 32));
        }
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, cut(good, 3), a.priv(), 32));
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, longer(good, 1), a.priv(), 32));
        Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, params(2, 0, 65, peer), a.priv(), 32));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 1, new byte[1], 65, peer),
                a.priv(), 32));
        byte[] compressed = Arrays.copyOf(peer, 33);
        compressed[0] = 2;
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 0, 33, compressed), a.priv(), 32));
        byte[] offCurve = peer.clone();
        offCurve[64] ^= 1;
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, params(CKD_NULL, 0, 65, offCurve), a.priv(), 32));
        Fail.rv(CKR_TEMPLATE_INCOMPLETE, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, good, a.priv(), -1));
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, good, a.priv(), 33));
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.derive(CKM_ECDH1_DERIVE, good, parent(), 32));
    }

    @Test
    void aesWrap_padsToBlocks_andUnwrapsBack() throws CkException {
        TestKey kek = TestKey.secret(CKK_AES, KEY, CKA_WRAP, CKA_UNWRAP);
        byte[] value = hex("000102030405060708090a0b0c0d0e0f1011121314151617");
        TestKey target = TestKey.secret(CKK_AES, value);
        for (int m : new int[] {CKM_AES_ECB, CKM_AES_CBC}) {
            ByteBuffer prm = m == CKM_AES_ECB ? none() : params(new byte[16]);
            byte[] wrapped = Mechanisms.wrap(m, prm.duplicate(), kek, target);
            assertEquals(32, wrapped.length);
            Map<Integer, byte[]> back = Mechanisms.unwrap(m, prm.duplicate(), kek, wrapped, CKO_SECRET_KEY, CKK_AES);
            assertArrayEquals(Arrays.copyOf(value, 32), back.get(CKA_VALUE));
            Fail.rv(CKR_WRAPPED_KEY_LEN_RANGE, () -> Mechanisms.unwrap(m, prm.duplicate(), kek, Arrays.copyOf(wrapped, 31),
                    CKO_SECRET_KEY, CKK_AES));
        }
        assertArrayEquals(hex("3ad77bb40d7a3660a89ecaf32466ef97"),
                Mechanisms.wrap(CKM_AES_ECB, none(), kek, TestKey.secret(CKK_GENERIC_SECRET, BLOCK)));
    }

    @Test
    void wrap_keyAndMechanismErrors() {
        TestKey target = TestKey.secret(CKK_AES, KEY);
        Fail.rv(CKR_WRAPPING_KEY_TYPE_INCONSISTENT, () -> Mechanisms.wrap(CKM_AES_ECB, none(),
                TestKey.secret(CKK_AES, KEY, CKA_ENCRYPT), target));
        Fail.rv(CKR_WRAPPING_KEY_TYPE_INCONSISTENT, () -> Mechanisms.wrap(CKM_AES_ECB, none(),
                TestKey.secret(CKK_GENERIC_SECRET, KEY, CKA_WRAP), target));
        Fail.rv(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, () -> Mechanisms.unwrap(CKM_AES_ECB, none(),
                TestKey.secret(CKK_AES, KEY, CKA_WRAP), new byte[16], CKO_SECRET_KEY, CKK_AES));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.wrap(CKM_SHA256_HMAC, none(), TestKey.secret(CKK_AES, KEY, CKA_WRAP), target));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.wrap(CKM_AES_CTR, params(1, new byte[16]),
                TestKey.secret(CKK_AES, KEY, CKA_WRAP), target));
        Fail.rv(CKR_KEY_NOT_WRAPPABLE, () -> Mechanisms.wrap(CKM_AES_ECB, none(), TestKey.secret(CKK_AES, KEY, CKA_WRAP),
                new TestKey(CKO_PRIVATE_KEY, CKK_EC)));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.wrap(CKM_AES_CBC, params(new byte[15]),
                TestKey.secret(CKK_AES, KEY, CKA_WRAP), target));
    }

    @Test
    void gcmWrap_roundTrips_andRefusesATamperedBlob() throws CkException {
        TestKey kek = TestKey.secret(CKK_AES, KEY, CKA_WRAP, CKA_UNWRAP);
        ByteBuffer prm = params(12, new byte[12], 0, 128);
        byte[] wrapped = Mechanisms.wrap(CKM_AES_GCM, prm.duplicate(), kek, TestKey.secret(CKK_AES, BLOCK));
        assertEquals(32, wrapped.length);
        assertArrayEquals(BLOCK, Mechanisms.unwrap(CKM_AES_GCM, prm.duplicate(), kek, wrapped, CKO_SECRET_KEY, CKK_AES)
                .get(CKA_VALUE));
        wrapped[3] ^= 1;
        Fail.rv(CKR_WRAPPED_KEY_INVALID, () -> Mechanisms.unwrap(CKM_AES_GCM, prm.duplicate(), kek, wrapped,
                CKO_SECRET_KEY, CKK_AES));
        Fail.rv(CKR_WRAPPED_KEY_LEN_RANGE, () -> Mechanisms.unwrap(CKM_AES_GCM, prm.duplicate(), kek, new byte[15],
                CKO_SECRET_KEY, CKK_AES));
    }

    private static TestKey xtestRsaPrivate() {
        TestKey k = new TestKey(CKO_PRIVATE_KEY, CKK_RSA).with(CKA_MODULUS, x("ac_rsassa_vect2_modulus"))
                .with(CKA_PRIVATE_EXPONENT, x("ac_rsassa_vect2_priv_exp"))
                .with(CKA_PUBLIC_EXPONENT, x("ac_rsassa_vect2_pub_exp")).with(CKA_PRIME_1, x("ac_rsassa_vect2_prime1"))
                .with(CKA_PRIME_2, x("ac_rsassa_vect2_prime2"));
        return k.set(CKA_UNWRAP);
    }

    private static ByteBuffer rsaAes(int bits) {
        return params(bits, CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, 0);
    }

    @Test
    void rsaAesKeyWrap_unwrapsXtestsExternalBlob() throws CkException {
        Map<Integer, byte[]> v = Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, rsaAes(256), xtestRsaPrivate(),
                x("pkcs11_rsa_aes_wrapped_key"), CKO_SECRET_KEY, CKK_GENERIC_SECRET);
        assertArrayEquals(x("pkcs11_rsa_aes_tagret_key"), v.get(CKA_VALUE));
    }

    @Test
    void rsaAesKeyWrap_secretAndRsaPrivateKeys_roundTrip() throws CkException {
        TestKey priv = xtestRsaPrivate();
        TestKey pub = new TestKey(CKO_PUBLIC_KEY, CKK_RSA).with(CKA_MODULUS, x("ac_rsassa_vect2_modulus"))
                .with(CKA_PUBLIC_EXPONENT, x("ac_rsassa_vect2_pub_exp")).set(CKA_WRAP);
        for (int bits : new int[] {128, 192, 256}) {
            byte[] w = Mechanisms.wrap(CKM_RSA_AES_KEY_WRAP, rsaAes(bits), pub, TestKey.secret(CKK_AES, KEY));
            assertArrayEquals(KEY, Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, rsaAes(bits), priv, w, CKO_SECRET_KEY, CKK_AES)
                    .get(CKA_VALUE));
        }
        Keys.Pair target = Keys.rsa(1024);
        byte[] w = Mechanisms.wrap(CKM_RSA_AES_KEY_WRAP, rsaAes(256), pub, target.priv());
        Map<Integer, byte[]> back = Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, rsaAes(256), priv, w, CKO_PRIVATE_KEY, CKK_RSA);
        for (int a : new int[] {CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2,
            CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT}) {
            assertEquals(new BigInteger(1, target.priv().attribute(a)), new BigInteger(1, back.get(a)), Integer.toHexString(a));
        }
        TestKey noCrt = new TestKey(CKO_PRIVATE_KEY, CKK_RSA).with(CKA_MODULUS, target.priv().attribute(CKA_MODULUS))
                .with(CKA_PUBLIC_EXPONENT, target.priv().attribute(CKA_PUBLIC_EXPONENT))
                .with(CKA_PRIVATE_EXPONENT, target.priv().attribute(CKA_PRIVATE_EXPONENT));
        byte[] w2 = Mechanisms.wrap(CKM_RSA_AES_KEY_WRAP, rsaAes(128), pub, noCrt);
        Map<Integer, byte[]> recovered = Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, rsaAes(128), priv, w2, CKO_PRIVATE_KEY, CKK_RSA);
        assertEquals(java.util.Set.of(new BigInteger(1, back.get(CKA_PRIME_1)), new BigInteger(1, back.get(CKA_PRIME_2))),
                java.util.Set.of(new BigInteger(1, recovered.get(CKA_PRIME_1)), new BigInteger(1, recovered.get(CKA_PRIME_2))),
                "p and q recovered from n, e and d");
    }

    @Test
    void rsaAesKeyWrap_parameterErrors() {
        TestKey priv = xtestRsaPrivate();
        ByteBuffer good = rsaAes(256);
        for (int n = 0; n < good.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_FUNCTION_FAILED, () -> Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, cut(good, len), priv,
                    x("pkcs11_rsa_aes_wrapped_key"), CKO_SECRET_KEY, CKK_AES));
        }
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, rsaAes(100), priv,
                x("pkcs11_rsa_aes_wrapped_key"), CKO_SECRET_KEY, CKK_AES));
        Fail.rv(CKR_WRAPPED_KEY_LEN_RANGE, () -> Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, good, priv, new byte[100],
                CKO_SECRET_KEY, CKK_AES));
        TestKey publicWithUnwrap = new TestKey(CKO_PUBLIC_KEY, CKK_RSA).with(CKA_MODULUS, x("ac_rsassa_vect2_modulus"))
                .with(CKA_PUBLIC_EXPONENT, x("ac_rsassa_vect2_pub_exp")).set(CKA_UNWRAP);
        Fail.rv(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, () -> Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, good, publicWithUnwrap,
                x("pkcs11_rsa_aes_wrapped_key"), CKO_SECRET_KEY, CKK_AES));
        byte[] bad = x("pkcs11_rsa_aes_wrapped_key");
        bad[bad.length - 1] ^= 1;
        Fail.rv(CKR_WRAPPED_KEY_INVALID, () -> Mechanisms.unwrap(CKM_RSA_AES_KEY_WRAP, good, priv, bad, CKO_SECRET_KEY, CKK_AES));
    }

    @Test
    void mlKem_encapsulateAndDecapsulate_agree() throws CkException {
        int[] sets = {CKP_ML_KEM_512, CKP_ML_KEM_768, CKP_ML_KEM_1024};
        int[] ct = {768, 1088, 1568};
        for (int i = 0; i < sets.length; i++) {
            Keys.Pair pair = Keys.ml(CKM_ML_KEM_KEY_PAIR_GEN, CKK_ML_KEM, sets[i]);
            Mechanisms.Encapsulated e = Mechanisms.encapsulate(CKM_ML_KEM, none(), pair.pub());
            assertEquals(ct[i], e.ciphertext().length);
            assertEquals(32, e.sharedSecret().length);
            assertArrayEquals(e.sharedSecret(), Mechanisms.decapsulate(CKM_ML_KEM, none(), pair.priv(), e.ciphertext()));
            byte[] bad = e.ciphertext().clone();
            bad[0] ^= 1;
            assertFalse(Arrays.equals(e.sharedSecret(), Mechanisms.decapsulate(CKM_ML_KEM, none(), pair.priv(), bad)));
        }
    }

    @Test
    void mlKem_errors() throws CkException {
        Keys.Pair pair = Keys.ml(CKM_ML_KEM_KEY_PAIR_GEN, CKK_ML_KEM, CKP_ML_KEM_768);
        Fail.rv(CKR_ENCRYPTED_DATA_LEN_RANGE, () -> Mechanisms.decapsulate(CKM_ML_KEM, none(), pair.priv(), new byte[1087]));
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.encapsulate(CKM_ML_KEM, none(), pair.priv()));
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.encapsulate(CKM_ML_KEM, none(),
                pair.pub().with(CKA_ENCAPSULATE, new byte[] {0})));
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.encapsulate(CKM_ML_KEM, none(), Keys.ec(EcCurve.P256).pub()));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.decapsulate(CKM_ML_KEM, params(1), pair.priv(), new byte[1088]));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.encapsulate(CKM_ML_DSA, none(), pair.pub()));
    }
}
