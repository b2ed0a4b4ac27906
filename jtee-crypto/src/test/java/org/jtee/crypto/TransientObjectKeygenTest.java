package org.jtee.crypto;

import static org.jtee.crypto.TransientObjectTest.allocate;
import static org.jtee.crypto.TransientObjectTest.assertPanics;
import static org.jtee.crypto.TransientObjectTest.assertResult;
import static org.jtee.crypto.TransientObjectTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.util.Arrays;

import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TransientObject#generateKey}: the secret types here, the key pairs through
 * {@link KeyGenerators}, with xtest 4007's checks ({@code generate_and_test_key},
 * {@code test_keygen_attributes}) and OP-TEE's errors and panics.
 */
class TransientObjectKeygenTest {

    /** xtest's {@code test_keygen_attributes} for a buffer: present, at most {@code maxBytes}, not all zero. */
    static void assertKeyPart(TransientObject o, int attr, int maxBytes) throws TeeException {
        byte[] b = o.bufferAttribute(attr);
        assertTrue(b.length <= maxBytes, String.format("0x%08X: %d bytes > %d", attr, b.length, maxBytes));
        assertTrue(b.length == 0 || !Arrays.equals(b, new byte[b.length]), String.format("0x%08X is all zeros", attr));
    }

    static Attribute curve(int c) {
        return Attribute.value(TeeAttr.ECC_CURVE, c, 0);
    }

    static Attribute num(int id, BigInteger v) {
        return Attribute.ref(id, TransientObjectTest.fixed(v, (v.bitLength() + 7) / 8));
    }

    @Nested
    class Secret {
        /** xtest 4007_symmetric's table, plus the types xtest leaves out (SM4, SHA-3, SM3). */
        @ParameterizedTest
        @CsvSource({"0xA0000010, 64, 128, 256", "0xA0000011, 56, 56, 56", "0xA0000011, 64, 64, 64",
            "0xA0000013, 56, 112, 168", "0xA0000013, 64, 128, 192", "0xA0000014, 128, 128, 128",
            "0xA0000001, 8, 64, 512", "0xA0000002, 8, 80, 512", "0xA0000003, 8, 112, 512", "0xA0000004, 8, 192, 1024",
            "0xA0000005, 8, 256, 1024", "0xA0000006, 8, 256, 1024", "0xA0000008, 8, 192, 1024",
            "0xA0000009, 8, 256, 1024", "0xA000000A, 8, 256, 1024", "0xA000000B, 8, 256, 1024",
            "0xA0000007, 8, 80, 512", "0xA0000000, 8, 128, 4096", "0xA0000000, 8, 0, 8"})
        void generateKey_everySizeOfTheType_randomKeyOfThatSize(String type, int quanta, int min, int max)
                throws TeeException {
            int t = Integer.parseUnsignedInt(type.substring(2), 16);
            for (int size = min; size <= max; size += quanta) {
                TransientObject o = allocate(t, size);
                o.generateKey(size);
                boolean legacyDes = ObjectTypes.isLegacyDesSize(t, size);
                int bytes = legacyDes ? (size + size / 7) / 8 : size / 8;
                assertEquals(size, o.info().objectSize());
                assertEquals(TeeCrypto.HANDLE_FLAG_INITIALIZED, o.info().handleFlags());
                assertEquals(bytes, o.bufferAttribute(TeeAttr.SECRET_VALUE).length);
                assertKeyPart(o, TeeAttr.SECRET_VALUE, bytes);
                o.close();
            }
        }

        @Test
        void generateKey_twice_differentKeys() throws TeeException {
            TransientObject a = allocate(TeeType.AES, 256);
            TransientObject b = allocate(TeeType.AES, 256);
            a.generateKey(256);
            b.generateKey(256);
            assertFalse(Arrays.equals(a.bufferAttribute(TeeAttr.SECRET_VALUE), b.bufferAttribute(TeeAttr.SECRET_VALUE)));
        }

        @Test
        void generateKey_initializedObject_panicsBadState() throws TeeException {
            TransientObject o = allocate(TeeType.AES, 128);
            o.generateKey(128);
            assertPanics(TeeResult.BAD_STATE, () -> o.generateKey(128));
            TransientObject p = TransientObjectTest.aes(bytes(16, 1));
            assertPanics(TeeResult.BAD_STATE, () -> p.generateKey(128));
        }

        @Test
        void generateKey_sizeTheTypeRefuses_panicsNotSupported() {
            assertPanics(TeeResult.NOT_SUPPORTED, () -> allocate(TeeType.AES, 256).generateKey(100));
            assertPanics(TeeResult.NOT_SUPPORTED, () -> allocate(TeeType.HMAC_SHA1, 512).generateKey(72));
            assertPanics(TeeResult.NOT_SUPPORTED, () -> allocate(TeeType.RSA_KEYPAIR, 4096).generateKey(4104));
        }

        @Test
        void generateKey_largerThanMaxObjectSize_acceptedAsOpTee() throws TeeException {
            TransientObject o = allocate(TeeType.AES, 128);
            o.generateKey(256);
            assertEquals(256, o.info().objectSize());
        }

        @Test
        void generateKey_hmacSm3OverWhatTheTypeHolds_panicsExcessData() {
            assertPanics(TeeResult.EXCESS_DATA, () -> allocate(TeeType.HMAC_SM3, 1024).generateKey(520));
        }

        @Test
        void generateKey_secretWithAParameter_panicsItemNotFound() {
            assertPanics(TeeResult.ITEM_NOT_FOUND,
                    () -> allocate(TeeType.AES, 128).generateKey(128, TransientObjectTest.secret(bytes(16, 1))));
        }

        @ParameterizedTest
        @CsvSource({"0xA0000030, 1024", "0xA0000041, 256", "0xA0000043, 256", "0xA0000045, 256",
            "0xA10000C0, 256", "0xA10000C1, 256", "0xA10000C2, 256", "0xF0000201, 768"})
        void generateKey_typeWithoutKeyGeneration_panicsBadFormat(String type, int size) {
            int t = Integer.parseUnsignedInt(type.substring(2), 16);
            assertPanics(TeeResult.BAD_FORMAT, () -> allocate(t, size).generateKey(size));
        }
    }

    @Nested
    class ParameterChecks {
        @ParameterizedTest
        @ValueSource(strings = {"010000", "03", "010001000000000000000000000000000000000000000000000000000000000001", "00"})
        void generateKey_rsaExponentRefused_badParametersAndUninitialized(String hex) {
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, 512);
            byte[] e = java.util.HexFormat.of().parseHex(hex);
            assertResult(TeeResult.BAD_PARAMETERS,
                    () -> o.generateKey(512, Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, e)));
            assertFalse(o.isInitialized());
        }

        @Test
        void generateKey_rsaWithAModulus_panicsItemNotFound() {
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.RSA_KEYPAIR, 512)
                    .generateKey(512, Attribute.ref(TeeAttr.RSA_MODULUS, bytes(64, 1))));
        }

        @Test
        void generateKey_eccCurveChecks_panicAsOpTee() {
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.ECDSA_KEYPAIR, 256).generateKey(256));
            assertPanics(TeeResult.NOT_SUPPORTED, () -> allocate(TeeType.ECDSA_KEYPAIR, 256).generateKey(256, curve(9)));
            assertPanics(TeeResult.BAD_STATE,
                    () -> allocate(TeeType.ECDH_KEYPAIR, 256).generateKey(256, curve(TeeCurve.NIST_P384)));
        }

        @Test
        void generateKey_dsaWithoutDomain_panicsItemNotFound() {
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.DSA_KEYPAIR, 1024).generateKey(1024));
        }

        @Test
        void generateKey_dhPrimeChecks_asOpTee() {
            Attribute g = Attribute.ref(TeeAttr.DH_BASE, new byte[] {2});
            assertPanics(TeeResult.BAD_STATE, () -> allocate(TeeType.DH_KEYPAIR, 256)
                    .generateKey(256, Attribute.ref(TeeAttr.DH_PRIME, bytes(40, 0x7F)), g));
            assertResult(TeeResult.BAD_PARAMETERS, () -> allocate(TeeType.DH_KEYPAIR, 256)
                    .generateKey(256, Attribute.ref(TeeAttr.DH_PRIME, bytes(31, 0x7F)), g));
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.DH_KEYPAIR, 256)
                    .generateKey(256, Attribute.ref(TeeAttr.DH_PRIME, bytes(32, 0x7F))));
        }

        @Test
        void generateKey_sm2OrMlWithAParameter_panicsItemNotFound() {
            assertPanics(TeeResult.ITEM_NOT_FOUND,
                    () -> allocate(TeeType.SM2_DSA_KEYPAIR, 256).generateKey(256, curve(TeeCurve.SM2)));
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.ML_KEM_KEYPAIR, 768)
                    .generateKey(768, Attribute.ref(TeeAttr.ML_SEED, bytes(64, 1))));
            assertPanics(TeeResult.NOT_SUPPORTED, () -> allocate(TeeType.ML_DSA_KEYPAIR, 87).generateKey(50));
            assertPanics(TeeResult.BAD_STATE, () -> allocate(TeeType.ML_KEM_KEYPAIR, 768)
                    .generateKey(768, Attribute.value(TeeAttr.ML_PARAMETER_SET, 1024, 0)));
        }
    }

    /** Key pairs through {@link KeyGenerators}, which must handle every type tested here. */
    @Nested
    class WithKeyGenerators {
        static void requireGenerator(int type) {
            assertTrue(KeyGenerators.handles(type), String.format("KeyGenerators does not generate 0x%08X", type));
        }

        @ParameterizedTest
        @ValueSource(ints = {256, 512, 1024})
        void generateKey_rsa_allEightAttributesAsXtest4007(int bits) throws TeeException {
            requireGenerator(TeeType.RSA_KEYPAIR);
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, bits);
            o.generateKey(bits);
            assertEquals(bits, o.info().objectSize());
            assertKeyPart(o, TeeAttr.RSA_MODULUS, bits / 8);
            assertEquals(bits, new BigInteger(1, o.bufferAttribute(TeeAttr.RSA_MODULUS)).bitLength());
            for (int a : new int[] {TeeAttr.RSA_PUBLIC_EXPONENT, TeeAttr.RSA_PRIVATE_EXPONENT, TeeAttr.RSA_PRIME1,
                TeeAttr.RSA_PRIME2, TeeAttr.RSA_EXPONENT1, TeeAttr.RSA_EXPONENT2, TeeAttr.RSA_COEFFICIENT}) {
                assertKeyPart(o, a, 2048);
            }
            assertArrayEquals(new byte[] {1, 0, 1}, o.bufferAttribute(TeeAttr.RSA_PUBLIC_EXPONENT));
        }

        @Test
        void generateKey_rsaWithGivenExponent_usesIt() throws TeeException {
            requireGenerator(TeeType.RSA_KEYPAIR);
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, 512);
            o.generateKey(512, Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, new byte[] {0, 1, 0, 0, 0x3B}));
            assertArrayEquals(new byte[] {1, 0, 0, 0x3B}, o.bufferAttribute(TeeAttr.RSA_PUBLIC_EXPONENT));
            TransientObject pub = allocate(TeeType.RSA_PUBLIC_KEY, 512);
            pub.copyAttributesFrom(o);
            assertEquals(512, pub.info().objectSize());
        }

        @ParameterizedTest
        @CsvSource({"0xA1000041, 1, 192", "0xA1000041, 2, 224", "0xA1000041, 3, 256", "0xA1000041, 4, 384",
            "0xA1000041, 5, 521", "0xA1000042, 1, 192", "0xA1000042, 3, 256", "0xA1000042, 5, 521"})
        void generateKey_ecc_privateAndPublicValuesAsXtest4007(String type, int c, int bits) throws TeeException {
            requireGenerator(Integer.parseUnsignedInt(type.substring(2), 16));
            TransientObject o = allocate(Integer.parseUnsignedInt(type.substring(2), 16), bits);
            o.generateKey(bits, curve(c));
            assertEquals(bits, o.info().objectSize());
            for (int a : new int[] {TeeAttr.ECC_PRIVATE_VALUE, TeeAttr.ECC_PUBLIC_VALUE_X, TeeAttr.ECC_PUBLIC_VALUE_Y}) {
                assertKeyPart(o, a, (bits + 7) / 8);
            }
            assertEquals(c, o.valueAttribute(TeeAttr.ECC_CURVE).a());
        }

        @Test
        void generateKey_eccSizeNotTheCurves_badParameters() {
            requireGenerator(TeeType.ECDSA_KEYPAIR);
            assertResult(TeeResult.BAD_PARAMETERS,
                    () -> allocate(TeeType.ECDSA_KEYPAIR, 521).generateKey(384, curve(TeeCurve.NIST_P256)));
        }

        @ParameterizedTest
        @ValueSource(ints = {TeeType.SM2_DSA_KEYPAIR, TeeType.SM2_KEP_KEYPAIR, TeeType.SM2_PKE_KEYPAIR})
        void generateKey_sm2_privateAndPublicValues(int type) throws TeeException {
            requireGenerator(type);
            TransientObject o = allocate(type, 256);
            o.generateKey(256);
            for (int a : new int[] {TeeAttr.ECC_PRIVATE_VALUE, TeeAttr.ECC_PUBLIC_VALUE_X, TeeAttr.ECC_PUBLIC_VALUE_Y}) {
                assertKeyPart(o, a, 32);
            }
        }

        @Test
        void generateKey_x25519AndEd25519_32ByteValuesAsXtest4007() throws TeeException {
            requireGenerator(TeeType.X25519_KEYPAIR);
            requireGenerator(TeeType.ED25519_KEYPAIR);
            TransientObject x = allocate(TeeType.X25519_KEYPAIR, 256);
            x.generateKey(256);
            assertEquals(32, x.bufferAttribute(TeeAttr.X25519_PRIVATE_VALUE).length);
            assertEquals(32, x.bufferAttribute(TeeAttr.X25519_PUBLIC_VALUE).length);
            TransientObject ed = allocate(TeeType.ED25519_KEYPAIR, 256);
            ed.generateKey(256);
            assertEquals(32, ed.bufferAttribute(TeeAttr.ED25519_PRIVATE_VALUE).length);
            TransientObject pub = allocate(TeeType.ED25519_PUBLIC_KEY, 256);
            pub.copyAttributesFrom(ed);
            assertArrayEquals(ed.bufferAttribute(TeeAttr.ED25519_PUBLIC_VALUE), pub.bufferAttribute(TeeAttr.ED25519_PUBLIC_VALUE));
        }

        @Test
        void generateKey_dh256WithCallerDomainAndXBits0_asXtest4007() throws TeeException {
            BigInteger p = BigInteger.probablePrime(256, new SecureRandom());
            requireGenerator(TeeType.DH_KEYPAIR);
            TransientObject o = allocate(TeeType.DH_KEYPAIR, 256);
            o.generateKey(256, num(TeeAttr.DH_PRIME, p), Attribute.ref(TeeAttr.DH_BASE, new byte[] {2}),
                    Attribute.value(TeeAttr.DH_X_BITS, 0, 0));
            assertKeyPart(o, TeeAttr.DH_PUBLIC_VALUE, 32);
            assertKeyPart(o, TeeAttr.DH_PRIVATE_VALUE, 32);
            assertEquals(p, new BigInteger(1, o.bufferAttribute(TeeAttr.DH_PRIME)));
            assertEquals(0, o.valueAttribute(TeeAttr.DH_X_BITS).a());
        }

        @Test
        void generateKey_dh320WithXBits256_privateValueOfAtMost256Bits() throws TeeException {
            BigInteger p = BigInteger.probablePrime(320, new SecureRandom());
            requireGenerator(TeeType.DH_KEYPAIR);
            TransientObject o = allocate(TeeType.DH_KEYPAIR, 320);
            o.generateKey(320, num(TeeAttr.DH_PRIME, p), Attribute.ref(TeeAttr.DH_BASE, new byte[] {2}),
                    Attribute.value(TeeAttr.DH_X_BITS, 256, 0));
            assertKeyPart(o, TeeAttr.DH_PRIVATE_VALUE, 32);
            assertEquals(256, o.valueAttribute(TeeAttr.DH_X_BITS).a());
        }

        @Test
        void generateKey_dh512WithSubprime_fromJdkDomain() throws Exception {
            requireGenerator(TeeType.DH_KEYPAIR);
            KeyPairGenerator g = KeyPairGenerator.getInstance("DH");
            g.initialize(512);
            DHParameterSpec spec = ((DHPublicKey) g.generateKeyPair().getPublic()).getParams();
            TransientObject o = allocate(TeeType.DH_KEYPAIR, 512);
            o.generateKey(512, num(TeeAttr.DH_PRIME, spec.getP()), num(TeeAttr.DH_BASE, spec.getG()));
            assertKeyPart(o, TeeAttr.DH_PUBLIC_VALUE, 64);
            assertKeyPart(o, TeeAttr.DH_PRIVATE_VALUE, 64);
        }

        @Test
        void generateKey_dhSizeNotThePrimes_badParameters() {
            requireGenerator(TeeType.DH_KEYPAIR);
            BigInteger p = BigInteger.probablePrime(256, new SecureRandom());
            assertResult(TeeResult.BAD_PARAMETERS, () -> allocate(TeeType.DH_KEYPAIR, 512)
                    .generateKey(512, num(TeeAttr.DH_PRIME, p), Attribute.ref(TeeAttr.DH_BASE, new byte[] {2})));
        }

        @ParameterizedTest
        @ValueSource(ints = {512, 1024})
        void generateKey_dsaWithCallerDomain_asXtest4007(int bits) throws Exception {
            requireGenerator(TeeType.DSA_KEYPAIR);
            KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
            g.initialize(bits);
            DSAParams d = ((DSAPublicKey) g.generateKeyPair().getPublic()).getParams();
            TransientObject o = allocate(TeeType.DSA_KEYPAIR, bits);
            o.generateKey(bits, num(TeeAttr.DSA_PRIME, d.getP()), num(TeeAttr.DSA_SUBPRIME, d.getQ()),
                    num(TeeAttr.DSA_BASE, d.getG()));
            assertEquals(bits, o.info().objectSize());
            assertKeyPart(o, TeeAttr.DSA_PRIME, bits / 8);
            for (int a : new int[] {TeeAttr.DSA_SUBPRIME, TeeAttr.DSA_BASE, TeeAttr.DSA_PUBLIC_VALUE, TeeAttr.DSA_PRIVATE_VALUE}) {
                assertKeyPart(o, a, bits / 8);
            }
        }

        @ParameterizedTest
        @CsvSource({"0xF1000201, 512, 800", "0xF1000201, 768, 1184", "0xF1000201, 1024, 1568",
            "0xF1000301, 44, 1312", "0xF1000301, 65, 1952", "0xF1000301, 87, 2592"})
        void generateKey_postQuantum_publicKeyOfTheParameterSet(String type, int set, int publicBytes) throws TeeException {
            int t = Integer.parseUnsignedInt(type.substring(2), 16);
            requireGenerator(t);
            TransientObject o = allocate(t, set);
            o.generateKey(set);
            assertEquals(set, o.info().objectSize());
            assertEquals(set, o.valueAttribute(TeeAttr.ML_PARAMETER_SET).a());
            assertEquals(publicBytes, o.bufferAttribute(TeeAttr.ML_PUBLIC_KEY).length);
            assertTrue(o.has(TeeAttr.ML_SEED) || o.has(TeeAttr.ML_PRIVATE_KEY));
            TransientObject pub = allocate(t & ~0x0100_0000, set);
            pub.copyAttributesFrom(o);
            assertArrayEquals(o.bufferAttribute(TeeAttr.ML_PUBLIC_KEY), pub.bufferAttribute(TeeAttr.ML_PUBLIC_KEY));
        }

        @ParameterizedTest
        @CsvSource({"0xF1000201, 768", "0xF1000301, 65"})
        void generateKey_postQuantum_attributesReadBackPopulateAnotherObject(String type, int set) throws TeeException {
            int t = Integer.parseUnsignedInt(type.substring(2), 16);
            requireGenerator(t);
            TransientObject o = allocate(t, set);
            o.generateKey(set, Attribute.value(TeeAttr.ML_PARAMETER_SET, set, 0));
            TransientObject again = allocate(t, set);
            again.populate(Attribute.value(TeeAttr.ML_PARAMETER_SET, set, 0),
                    Attribute.ref(TeeAttr.ML_PUBLIC_KEY, o.bufferAttribute(TeeAttr.ML_PUBLIC_KEY)),
                    Attribute.ref(TeeAttr.ML_SEED, o.bufferAttribute(TeeAttr.ML_SEED)),
                    Attribute.ref(TeeAttr.ML_PRIVATE_KEY, o.bufferAttribute(TeeAttr.ML_PRIVATE_KEY)));
            assertEquals(set, again.info().objectSize());
        }

        @Test
        void generateKey_postQuantumSetNotTheKeySize_badParameters() {
            requireGenerator(TeeType.ML_KEM_KEYPAIR);
            assertResult(TeeResult.BAD_PARAMETERS, () -> allocate(TeeType.ML_KEM_KEYPAIR, 1024)
                    .generateKey(512, Attribute.value(TeeAttr.ML_PARAMETER_SET, 768, 0)));
        }
    }
}
