package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.HexFormat;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TransientObject} against OP-TEE's rules: allocation, populate, attribute reads, copy,
 * reset and free. Key generation is in {@link TransientObjectKeygenTest}.
 */
class TransientObjectTest {

    static TransientObject allocate(int type, int maxObjectSize) {
        try {
            return TransientObject.allocate(type, maxObjectSize);
        } catch (TeeException e) {
            throw new AssertionError(e);
        }
    }

    static void assertPanics(int code, Executable call) {
        TaPanic p = assertThrows(TaPanic.class, call);
        assertEquals(TeeResult.name(code), TeeResult.name(p.code()), p.getMessage());
    }

    static void assertResult(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.name(result), TeeResult.name(e.result()), e.getMessage());
    }

    static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    static Attribute secret(byte[] key) {
        return Attribute.ref(TeeAttr.SECRET_VALUE, key);
    }

    static TransientObject aes(byte[] key) throws TeeException {
        TransientObject o = allocate(TeeType.AES, 256);
        o.populate(secret(key));
        return o;
    }

    static final RSAPrivateCrtKey RSA_1024 = rsaKey(1024);

    static RSAPrivateCrtKey rsaKey(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code v} big-endian in exactly {@code n} bytes. */
    static byte[] fixed(BigInteger v, int n) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[n];
        int len = Math.min(b.length, n);
        System.arraycopy(b, b.length - len, out, n - len, len);
        return out;
    }

    static Attribute num(int id, BigInteger v, int n) {
        return Attribute.ref(id, fixed(v, n));
    }

    static Attribute[] rsaPublic(RSAPrivateCrtKey k) {
        return new Attribute[] {num(TeeAttr.RSA_MODULUS, k.getModulus(), 128),
            num(TeeAttr.RSA_PUBLIC_EXPONENT, k.getPublicExponent(), 3)};
    }

    static Attribute[] rsaKeypair(RSAPrivateCrtKey k, boolean crt) {
        Attribute[] base = {num(TeeAttr.RSA_MODULUS, k.getModulus(), 128),
            num(TeeAttr.RSA_PUBLIC_EXPONENT, k.getPublicExponent(), 3),
            num(TeeAttr.RSA_PRIVATE_EXPONENT, k.getPrivateExponent(), 128)};
        if (!crt) {
            return base;
        }
        Attribute[] all = Arrays.copyOf(base, 8);
        all[3] = num(TeeAttr.RSA_PRIME1, k.getPrimeP(), 64);
        all[4] = num(TeeAttr.RSA_PRIME2, k.getPrimeQ(), 64);
        all[5] = num(TeeAttr.RSA_EXPONENT1, k.getPrimeExponentP(), 64);
        all[6] = num(TeeAttr.RSA_EXPONENT2, k.getPrimeExponentQ(), 64);
        all[7] = num(TeeAttr.RSA_COEFFICIENT, k.getCrtCoefficient(), 64);
        return all;
    }

    static Attribute[] ecc(int curve, int bytes, boolean keypair) {
        Attribute x = Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, bytes(bytes, 0x11));
        Attribute y = Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, bytes(bytes, 0x22));
        Attribute c = Attribute.value(TeeAttr.ECC_CURVE, curve, 0);
        return keypair ? new Attribute[] {Attribute.ref(TeeAttr.ECC_PRIVATE_VALUE, bytes(bytes, 0x33)), x, y, c}
                : new Attribute[] {x, y, c};
    }

    @Nested
    class Allocate {
        @ParameterizedTest
        @CsvSource({
            "0xA0000010, 128", "0xA0000010, 192", "0xA0000010, 256", "0xA0000011, 64", "0xA0000011, 56",
            "0xA0000013, 112", "0xA0000013, 128", "0xA0000013, 168", "0xA0000013, 192", "0xA0000014, 128",
            "0xA0000001, 64", "0xA0000001, 512", "0xA0000002, 80", "0xA0000003, 112", "0xA0000004, 192",
            "0xA0000004, 1024", "0xA0000005, 256", "0xA0000006, 1024", "0xA0000007, 1024", "0xA0000008, 192",
            "0xA0000009, 256", "0xA000000A, 1024", "0xA000000B, 256", "0xA0000000, 0", "0xA0000000, 8",
            "0xA0000000, 4096", "0xA10000C0, 4096", "0xA10000C1, 0", "0xA10000C2, 256",
            "0xA0000030, 256", "0xA0000030, 257", "0xA1000030, 4096", "0xA0000031, 512", "0xA1000031, 3072",
            "0xA1000032, 256", "0xA1000032, 2048", "0xA0000041, 192", "0xA1000041, 521", "0xA0000042, 224",
            "0xA1000042, 384", "0xA0000045, 256", "0xA1000045, 256", "0xA0000046, 256", "0xA1000046, 256",
            "0xA0000047, 256", "0xA1000047, 256", "0xA1000044, 256", "0xA0000043, 256", "0xA1000043, 256",
            "0xF0000201, 512", "0xF1000201, 1024", "0xF0000301, 44", "0xF1000301, 87"})
        void allocate_sizeTheTypeAllows_succeeds(String type, int size) throws TeeException {
            int t = Integer.parseUnsignedInt(type.substring(2), 16);
            ObjectInfo info = TransientObject.allocate(t, size).info();
            assertEquals(new ObjectInfo(t, 0, size, TeeCrypto.USAGE_ALL, 0, 0, 0), info);
        }

        @ParameterizedTest
        @CsvSource({
            "0xA0000010, 64", "0xA0000010, 120", "0xA0000010, 320", "0xA0000011, 63", "0xA0000011, 128",
            "0xA0000013, 56", "0xA0000013, 64", "0xA0000014, 256", "0xA0000001, 56", "0xA0000002, 72",
            "0xA0000004, 184", "0xA0000004, 1032", "0xA0000000, 4", "0xA0000000, 4104",
            "0xA0000030, 255", "0xA1000030, 4097", "0xA0000031, 520", "0xA1000031, 4096", "0xA1000032, 2049",
            "0xA0000041, 191", "0xA1000042, 522", "0xA0000045, 192", "0xA1000044, 255", "0xA0000043, 512",
            "0xF0000201, 700", "0xF1000301, 64", "0xA0000010, -128"})
        void allocate_sizeTheTypeRefuses_notSupported(String type, int size) {
            int t = Integer.parseUnsignedInt(type.substring(2), 16);
            assertResult(TeeResult.NOT_SUPPORTED, () -> TransientObject.allocate(t, size));
        }

        @ParameterizedTest
        @ValueSource(ints = {TeeType.DATA, TeeType.HKDF, TeeType.X25519_PUBLIC_KEY, TeeType.X448_PUBLIC_KEY,
            TeeType.ED448_PUBLIC_KEY, TeeType.ED448_KEYPAIR, TeeType.CORRUPTED_OBJECT, TeeType.ILLEGAL_VALUE, 0})
        void allocate_typeOpTeeDoesNotHave_notSupported(int type) {
            assertResult(TeeResult.NOT_SUPPORTED, () -> TransientObject.allocate(type, 256));
        }

        @Test
        void allocate_x448KeypairOf448Bits_panicsNotImplementedAsOpTeeWithoutX448() {
            assertPanics(TeeResult.NOT_IMPLEMENTED, () -> TransientObject.allocate(TeeType.X448_KEYPAIR, 448));
            assertResult(TeeResult.NOT_SUPPORTED, () -> TransientObject.allocate(TeeType.X448_KEYPAIR, 256));
        }
    }

    @Nested
    class Populate {
        @Test
        void populate_aesKey_initializedWithSizeFromLength() throws TeeException {
            TransientObject o = allocate(TeeType.AES, 256);
            o.populate(secret(bytes(24, 7)));
            ObjectInfo info = o.info();
            assertEquals(192, info.objectSize());
            assertEquals(256, info.maxObjectSize());
            assertEquals(TeeCrypto.HANDLE_FLAG_INITIALIZED, info.handleFlags());
            assertArrayEquals(bytes(24, 7), o.bufferAttribute(TeeAttr.SECRET_VALUE));
        }

        @Test
        void populate_callerChangesArrayAfterwards_objectKeepsItsCopy() throws TeeException {
            byte[] key = bytes(16, 1);
            TransientObject o = aes(key);
            Arrays.fill(key, (byte) 9);
            assertArrayEquals(bytes(16, 1), o.bufferAttribute(TeeAttr.SECRET_VALUE));
        }

        @Test
        void populate_alreadyInitialized_panics0() throws TeeException {
            TransientObject o = aes(bytes(16, 1));
            assertPanics(0, () -> o.populate(secret(bytes(16, 2))));
        }

        @Test
        void populate_attributeOfAnotherType_panicsItemNotFound() {
            TransientObject o = allocate(TeeType.AES, 128);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> o.populate(Attribute.ref(TeeAttr.HKDF_IKM, bytes(16, 1))));
            assertFalse(o.isInitialized());
        }

        @Test
        void populate_missingRequiredAttribute_panicsItemNotFound() {
            TransientObject o = allocate(TeeType.RSA_PUBLIC_KEY, 1024);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> o.populate(rsaPublic(RSA_1024)[0]));
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.AES, 128).populate());
        }

        @Test
        void populate_repeatedAttribute_panicsItemNotFound() {
            TransientObject o = allocate(TeeType.AES, 128);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> o.populate(secret(bytes(16, 1)), secret(bytes(16, 2))));
        }

        @Test
        void populate_nullAttribute_panics() {
            TransientObject o = allocate(TeeType.AES, 128);
            assertPanics(0, () -> o.populate(secret(bytes(16, 1)), null));
            assertPanics(0, () -> o.populate((Attribute[]) null));
        }

        @Test
        void populate_1024ByteSecretInto1024BitHmacSha256_panicsSecurityAsXtest4010() {
            TransientObject o = allocate(TeeType.HMAC_SHA256, 1024);
            assertPanics(TeeResult.SECURITY, () -> o.populate(secret(bytes(1024, 1))));
        }

        @Test
        void populate_secretLongerThanMaxObjectSizeButWithinType_panicsBadState() {
            TransientObject o = allocate(TeeType.HMAC_SHA256, 512);
            assertPanics(TeeResult.BAD_STATE, () -> o.populate(secret(bytes(65, 1))));
        }

        @Test
        void populate_hmacSm3KeyOver64Bytes_panicsSecurityThoughTypeAllows1024Bits() {
            TransientObject o = allocate(TeeType.HMAC_SM3, 1024);
            assertPanics(TeeResult.SECURITY, () -> o.populate(secret(bytes(65, 1))));
        }

        @Test
        void populate_sizeTheTypeRefuses_badParametersAndStaysUninitialized() throws TeeException {
            TransientObject aes = allocate(TeeType.AES, 256);
            assertResult(TeeResult.BAD_PARAMETERS, () -> aes.populate(secret(bytes(10, 1))));
            assertFalse(aes.isInitialized());
            aes.populate(secret(bytes(32, 1)));
            assertEquals(256, aes.info().objectSize());
            TransientObject hmac = allocate(TeeType.HMAC_SHA256, 256);
            assertResult(TeeResult.BAD_PARAMETERS, () -> hmac.populate(secret(bytes(16, 1))));
        }

        @Test
        void populate_emptyGenericSecret_succeedsWithSize0() throws TeeException {
            TransientObject o = allocate(TeeType.GENERIC_SECRET, 256);
            o.populate(secret(new byte[0]));
            assertEquals(0, o.info().objectSize());
            assertTrue(o.isInitialized());
        }

        @ParameterizedTest
        @CsvSource({"0xA0000011, 64, 8, 64", "0xA0000011, 56, 8, 49", "0xA0000013, 192, 24, 192",
            "0xA0000013, 168, 24, 147", "0xA0000013, 112, 16, 98", "0xA0000013, 168, 16, 98"})
        void populate_des_sizeAsOpTeeIncludingItsDoubleParityDropForGp10Sizes(String type, int max, int len,
                int size) throws TeeException {
            TransientObject o = allocate(Integer.parseUnsignedInt(type.substring(2), 16), max);
            o.populate(secret(bytes(len, 0x5A)));
            assertEquals(size, o.info().objectSize());
        }

        @Test
        void populate_rsaKeypairWithoutCrtValues_accepted() throws TeeException {
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, 1024);
            o.populate(rsaKeypair(RSA_1024, false));
            assertEquals(1024, o.info().objectSize());
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> o.bufferAttribute(TeeAttr.RSA_PRIME1));
        }

        @Test
        void populate_rsaKeypairWithAllCrtValues_accepted() throws TeeException {
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, 1024);
            o.populate(rsaKeypair(RSA_1024, true));
            assertEquals(RSA_1024.getPrimeP(), new BigInteger(1, o.bufferAttribute(TeeAttr.RSA_PRIME1)));
        }

        @Test
        void populate_rsaKeypairWithPartOfCrtValues_panicsItemNotFound() {
            Attribute[] partial = Arrays.copyOf(rsaKeypair(RSA_1024, true), 5);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.RSA_KEYPAIR, 1024).populate(partial));
        }

        @Test
        void populate_rsaModulusWithLeadingZeroByte_countsTheByteTowardsTheSize() {
            Attribute[] attrs = rsaPublic(RSA_1024);
            attrs[0] = num(TeeAttr.RSA_MODULUS, RSA_1024.getModulus(), 129);
            assertPanics(TeeResult.BAD_STATE, () -> allocate(TeeType.RSA_PUBLIC_KEY, 1024).populate(attrs));
        }

        @Test
        void populate_bigNumbers_keptAndReadWithoutLeadingZeros() throws TeeException {
            TransientObject o = allocate(TeeType.RSA_PUBLIC_KEY, 1024);
            Attribute[] attrs = rsaPublic(RSA_1024);
            attrs[1] = Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, new byte[] {0, 0, 1, 0, 1});
            o.populate(attrs);
            assertArrayEquals(new byte[] {1, 0, 1}, o.bufferAttribute(TeeAttr.RSA_PUBLIC_EXPONENT));
            assertArrayEquals(new byte[] {1, 0, 1}, o.buffer(TeeAttr.RSA_PUBLIC_EXPONENT));
        }

        @Test
        void populate_eccKeypair_sizeFromCurveAndValueBDropped() throws TeeException {
            TransientObject o = allocate(TeeType.ECDSA_KEYPAIR, 521);
            Attribute[] attrs = ecc(TeeCurve.NIST_P256, 32, true);
            attrs[3] = Attribute.value(TeeAttr.ECC_CURVE, TeeCurve.NIST_P256, 77);
            o.populate(attrs);
            assertEquals(256, o.info().objectSize());
            assertEquals(Attribute.value(TeeAttr.ECC_CURVE, TeeCurve.NIST_P256, 0), o.valueAttribute(TeeAttr.ECC_CURVE));
        }

        @Test
        void populate_curveLargerThanMaxObjectSize_panicsBadState() {
            TransientObject o = allocate(TeeType.ECDH_PUBLIC_KEY, 256);
            assertPanics(TeeResult.BAD_STATE, () -> o.populate(ecc(TeeCurve.NIST_P384, 48, false)));
        }

        @Test
        void populate_unknownCurve_panicsNotSupported() {
            TransientObject o = allocate(TeeType.ECDSA_PUBLIC_KEY, 256);
            assertPanics(TeeResult.NOT_SUPPORTED, () -> o.populate(ecc(0x77, 32, false)));
        }

        @Test
        void populate_eccWithoutCurve_panicsItemNotFound() {
            Attribute[] noCurve = Arrays.copyOf(ecc(TeeCurve.NIST_P256, 32, true), 3);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.ECDSA_KEYPAIR, 256).populate(noCurve));
        }

        @Test
        void populate_sm2Keypair_hasNoSizeIndicatorSoSize0() throws TeeException {
            TransientObject o = allocate(TeeType.SM2_DSA_KEYPAIR, 256);
            o.populate(Arrays.copyOf(ecc(TeeCurve.SM2, 32, true), 3));
            assertEquals(0, o.info().objectSize());
            assertPanics(TeeResult.ITEM_NOT_FOUND,
                    () -> allocate(TeeType.SM2_DSA_PUBLIC_KEY, 256).populate(ecc(TeeCurve.SM2, 32, false)));
        }

        @Test
        void populate_x25519ValueNotOf32Bytes_panicsSecurity() throws TeeException {
            TransientObject o = allocate(TeeType.X25519_KEYPAIR, 256);
            Attribute pub = Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, bytes(32, 1));
            assertPanics(TeeResult.SECURITY,
                    () -> o.populate(Attribute.ref(TeeAttr.X25519_PRIVATE_VALUE, bytes(31, 2)), pub));
            o.populate(Attribute.ref(TeeAttr.X25519_PRIVATE_VALUE, bytes(32, 2)), pub);
            assertEquals(0, o.info().objectSize());
        }

        @Test
        void populate_ed25519PublicKey_accepted() throws TeeException {
            TransientObject o = allocate(TeeType.ED25519_PUBLIC_KEY, 256);
            o.populate(Attribute.ref(TeeAttr.ED25519_PUBLIC_VALUE, bytes(32, 3)));
            assertArrayEquals(bytes(32, 3), o.bufferAttribute(TeeAttr.ED25519_PUBLIC_VALUE));
        }

        @Test
        void populate_dsaValueLongerThanMaxObjectSize_panicsBadState() {
            TransientObject o = allocate(TeeType.DSA_PUBLIC_KEY, 512);
            assertPanics(TeeResult.BAD_STATE, () -> o.populate(
                    Attribute.ref(TeeAttr.DSA_PRIME, bytes(64, 0x7F)), Attribute.ref(TeeAttr.DSA_SUBPRIME, bytes(20, 1)),
                    Attribute.ref(TeeAttr.DSA_BASE, bytes(65, 1)), Attribute.ref(TeeAttr.DSA_PUBLIC_VALUE, bytes(64, 1))));
        }

        @Test
        void populate_dsaPrimeOfSizeNotMultipleOf64_badParameters() throws TeeException {
            TransientObject o = allocate(TeeType.DSA_PUBLIC_KEY, 1024);
            Attribute q = Attribute.ref(TeeAttr.DSA_SUBPRIME, bytes(20, 1));
            Attribute g = Attribute.ref(TeeAttr.DSA_BASE, bytes(64, 1));
            Attribute y = Attribute.ref(TeeAttr.DSA_PUBLIC_VALUE, bytes(64, 1));
            assertResult(TeeResult.BAD_PARAMETERS, () -> o.populate(Attribute.ref(TeeAttr.DSA_PRIME, bytes(68, 1)), q, g, y));
            o.populate(Attribute.ref(TeeAttr.DSA_PRIME, bytes(128, 1)), q, g, y);
            assertEquals(1024, o.info().objectSize());
        }

        @Test
        void populate_dhKeypair_subprimeOptionalAndXBitsRefused() throws TeeException {
            Attribute[] dh = {Attribute.ref(TeeAttr.DH_PRIME, bytes(32, 0x7F)), Attribute.ref(TeeAttr.DH_BASE, new byte[] {2}),
                Attribute.ref(TeeAttr.DH_PUBLIC_VALUE, bytes(32, 1)), Attribute.ref(TeeAttr.DH_PRIVATE_VALUE, bytes(32, 2))};
            TransientObject o = allocate(TeeType.DH_KEYPAIR, 256);
            o.populate(dh);
            assertEquals(256, o.info().objectSize());
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> o.valueAttribute(TeeAttr.DH_X_BITS));
            Attribute[] withXBits = Arrays.copyOf(dh, 5);
            withXBits[4] = Attribute.value(TeeAttr.DH_X_BITS, 128, 0);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> allocate(TeeType.DH_KEYPAIR, 256).populate(withXBits));
        }

        @Test
        void populate_kdfInputTypes_takeTheirOwnAttribute() throws TeeException {
            TransientObject ikm = allocate(TeeType.HKDF_IKM, 256);
            ikm.populate(Attribute.ref(TeeAttr.HKDF_IKM, bytes(22, 0x0B)));
            assertEquals(176, ikm.info().objectSize());
            TransientObject pw = allocate(TeeType.PBKDF2_PASSWORD, 256);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> pw.populate(secret(bytes(8, 1))));
        }
    }

    @Nested
    class PostQuantum {
        Attribute set(int n) {
            return Attribute.value(TeeAttr.ML_PARAMETER_SET, n, 0);
        }

        @Test
        void populate_mlKemKeypairWithSeed_sizeIsTheParameterSet() throws TeeException {
            TransientObject o = allocate(TeeType.ML_KEM_KEYPAIR, 1024);
            o.populate(set(768), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(1184, 1)), Attribute.ref(TeeAttr.ML_SEED, bytes(64, 2)));
            assertEquals(768, o.info().objectSize());
            assertEquals(768, o.valueAttribute(TeeAttr.ML_PARAMETER_SET).a());
        }

        @Test
        void populate_mlDsaPublicKey_accepted() throws TeeException {
            TransientObject o = allocate(TeeType.ML_DSA_PUBLIC_KEY, 87);
            o.populate(set(44), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(1312, 1)));
            assertEquals(44, o.info().objectSize());
        }

        @Test
        void populate_mlEncodingOfWrongLength_badParameters() {
            TransientObject o = allocate(TeeType.ML_DSA_KEYPAIR, 87);
            assertResult(TeeResult.BAD_PARAMETERS, () -> o.populate(set(65),
                    Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(1952, 1)), Attribute.ref(TeeAttr.ML_PRIVATE_KEY, bytes(4000, 1))));
            assertFalse(o.isInitialized());
        }

        @Test
        void populate_mlKeypairWithoutSeedOrPrivateKey_panicsItemNotFound() {
            TransientObject o = allocate(TeeType.ML_KEM_KEYPAIR, 512);
            assertPanics(TeeResult.ITEM_NOT_FOUND, () -> o.populate(set(512), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(800, 1))));
        }

        @Test
        void populate_unknownParameterSet_panicsNotSupported() {
            TransientObject o = allocate(TeeType.ML_KEM_PUBLIC_KEY, 1024);
            assertPanics(TeeResult.NOT_SUPPORTED, () -> o.populate(set(640), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(800, 1))));
        }

        @Test
        void populate_parameterSetAboveMaxObjectSize_panicsBadState() {
            TransientObject o = allocate(TeeType.ML_KEM_PUBLIC_KEY, 768);
            assertPanics(TeeResult.BAD_STATE, () -> o.populate(set(1024), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(1568, 1))));
        }

        @Test
        void copy_mlKemKeypairToPublicKey_copiesPublicParts() throws TeeException {
            TransientObject kp = allocate(TeeType.ML_KEM_KEYPAIR, 512);
            kp.populate(set(512), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, bytes(800, 1)), Attribute.ref(TeeAttr.ML_PRIVATE_KEY, bytes(1632, 2)));
            TransientObject pub = allocate(TeeType.ML_KEM_PUBLIC_KEY, 512);
            pub.copyAttributesFrom(kp);
            assertArrayEquals(bytes(800, 1), pub.bufferAttribute(TeeAttr.ML_PUBLIC_KEY));
            assertEquals(512, pub.info().objectSize());
        }
    }

    @Nested
    class Read {
        @Test
        void getBufferAttribute_roomEnough_writesAtPositionAndAdvances() throws TeeException {
            TransientObject o = aes(bytes(16, 4));
            ByteBuffer out = ByteBuffer.allocate(20).position(2);
            assertEquals(16, o.getBufferAttribute(TeeAttr.SECRET_VALUE, out));
            assertEquals(18, out.position());
            assertEquals(4, out.get(2));
        }

        @Test
        void getBufferAttribute_tooLittleRoom_shortBufferWithTheLength() throws TeeException {
            TransientObject o = aes(bytes(16, 4));
            ByteBuffer out = ByteBuffer.allocate(15);
            ShortBufferException e = assertThrows(ShortBufferException.class,
                    () -> o.getBufferAttribute(TeeAttr.SECRET_VALUE, out));
            assertEquals(16, e.required());
            assertEquals(0, out.position());
            assertEquals(16, assertThrows(ShortBufferException.class,
                    () -> o.getBufferAttribute(TeeAttr.SECRET_VALUE, null)).required());
        }

        @Test
        void getBufferAttribute_absentOrForeignAttribute_itemNotFound() throws TeeException {
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, 1024);
            o.populate(rsaKeypair(RSA_1024, false));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> o.bufferAttribute(TeeAttr.RSA_COEFFICIENT));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> o.getBufferAttribute(TeeAttr.DSA_PRIME, ByteBuffer.allocate(9)));
        }

        @Test
        void getBufferAttribute_valueIdentifier_panicsBadParameters() throws TeeException {
            TransientObject o = allocate(TeeType.ECDSA_PUBLIC_KEY, 256);
            o.populate(ecc(TeeCurve.NIST_P256, 32, false));
            assertPanics(TeeResult.BAD_PARAMETERS, () -> o.bufferAttribute(TeeAttr.ECC_CURVE));
            assertPanics(TeeResult.BAD_PARAMETERS, () -> o.valueAttribute(TeeAttr.ECC_PUBLIC_VALUE_X));
        }

        @Test
        void read_uninitializedObject_panicsBadParameters() {
            TransientObject o = allocate(TeeType.AES, 128);
            assertPanics(TeeResult.BAD_PARAMETERS, () -> o.bufferAttribute(TeeAttr.SECRET_VALUE));
            assertPanics(TeeResult.BAD_PARAMETERS, () -> o.valueAttribute(TeeAttr.ECC_CURVE));
        }

        @Test
        void read_secretOfNonExtractableObject_panicsBadParametersButPublicPartsReadable() throws TeeException {
            TransientObject o = allocate(TeeType.RSA_KEYPAIR, 1024);
            o.populate(rsaKeypair(RSA_1024, false));
            o.restrictUsage(~TeeCrypto.USAGE_EXTRACTABLE);
            assertPanics(TeeResult.BAD_PARAMETERS, () -> o.bufferAttribute(TeeAttr.RSA_PRIVATE_EXPONENT));
            assertPanics(TeeResult.BAD_PARAMETERS, () -> o.bufferAttribute(TeeAttr.RSA_PRIME1));
            assertEquals(RSA_1024.getModulus(), new BigInteger(1, o.bufferAttribute(TeeAttr.RSA_MODULUS)));
        }

        @Test
        void getBufferAttribute_zeroBigNumber_lengthZeroWhateverTheRoom() throws TeeException {
            TransientObject o = allocate(TeeType.DH_KEYPAIR, 256);
            o.populate(Attribute.ref(TeeAttr.DH_PRIME, bytes(32, 0x7F)), Attribute.ref(TeeAttr.DH_BASE, new byte[] {2}),
                    Attribute.ref(TeeAttr.DH_PUBLIC_VALUE, new byte[] {0, 0}), Attribute.ref(TeeAttr.DH_PRIVATE_VALUE, bytes(32, 2)));
            assertEquals(0, o.getBufferAttribute(TeeAttr.DH_PUBLIC_VALUE, null));
        }
    }

    @Nested
    class Copy {
        @Test
        void copy_sameType_takesAttributesSizeAndUsage() throws TeeException {
            TransientObject src = aes(bytes(32, 6));
            src.restrictUsage(TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_EXTRACTABLE);
            TransientObject dst = allocate(TeeType.AES, 256);
            dst.copyAttributesFrom(src);
            assertEquals(new ObjectInfo(TeeType.AES, 256, 256, TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_EXTRACTABLE, 0, 0,
                    TeeCrypto.HANDLE_FLAG_INITIALIZED), dst.info());
            assertArrayEquals(bytes(32, 6), dst.bufferAttribute(TeeAttr.SECRET_VALUE));
        }

        @Test
        void copy_destinationUsageRestrictedBefore_keepsTheAndOfBoth() throws TeeException {
            TransientObject src = aes(bytes(16, 6));
            TransientObject dst = allocate(TeeType.AES, 128);
            dst.restrictUsage(~TeeCrypto.USAGE_EXTRACTABLE);
            dst.copyAttributesFrom(src);
            assertEquals(~TeeCrypto.USAGE_EXTRACTABLE, dst.info().objectUsage());
            assertPanics(TeeResult.BAD_PARAMETERS, () -> dst.bufferAttribute(TeeAttr.SECRET_VALUE));
        }

        @Test
        void copy_isDeep_sourceResetAfterwardsLeavesTheCopy() throws TeeException {
            TransientObject src = aes(bytes(16, 6));
            TransientObject dst = allocate(TeeType.AES, 128);
            dst.copyAttributesFrom(src);
            src.reset();
            assertArrayEquals(bytes(16, 6), dst.bufferAttribute(TeeAttr.SECRET_VALUE));
        }

        @Test
        void copy_rsaKeypairIntoPublicKey_onlyPublicParts() throws TeeException {
            TransientObject kp = allocate(TeeType.RSA_KEYPAIR, 1024);
            kp.populate(rsaKeypair(RSA_1024, true));
            TransientObject pub = allocate(TeeType.RSA_PUBLIC_KEY, 1024);
            pub.copyAttributesFrom(kp);
            assertEquals(1024, pub.info().objectSize());
            assertEquals(RSA_1024.getModulus(), new BigInteger(1, pub.bufferAttribute(TeeAttr.RSA_MODULUS)));
            assertResult(TeeResult.ITEM_NOT_FOUND, () -> pub.bufferAttribute(TeeAttr.RSA_PRIVATE_EXPONENT));
            assertFalse(pub.has(TeeAttr.RSA_PRIME1));
        }

        @Test
        void copy_eccKeypairIntoPublicKey_keepsTheCurve() throws TeeException {
            TransientObject kp = allocate(TeeType.ECDH_KEYPAIR, 384);
            kp.populate(ecc(TeeCurve.NIST_P384, 48, true));
            TransientObject pub = allocate(TeeType.ECDH_PUBLIC_KEY, 384);
            pub.copyAttributesFrom(kp);
            assertEquals(TeeCurve.NIST_P384, pub.valueAttribute(TeeAttr.ECC_CURVE).a());
            assertEquals(384, pub.info().objectSize());
        }

        @Test
        void copy_typesThatDoNotMatch_panicBadParameters() throws TeeException {
            TransientObject kp = allocate(TeeType.ECDH_KEYPAIR, 256);
            kp.populate(ecc(TeeCurve.NIST_P256, 32, true));
            assertPanics(TeeResult.BAD_PARAMETERS, () -> allocate(TeeType.ECDSA_PUBLIC_KEY, 256).copyAttributesFrom(kp));
            assertPanics(TeeResult.BAD_PARAMETERS, () -> allocate(TeeType.HMAC_SHA256, 256).copyAttributesFrom(aes(bytes(32, 1))));
            TransientObject pub = allocate(TeeType.ECDH_PUBLIC_KEY, 256);
            pub.copyAttributesFrom(kp);
            assertPanics(TeeResult.BAD_PARAMETERS, () -> allocate(TeeType.ECDH_KEYPAIR, 256).copyAttributesFrom(pub));
        }

        @Test
        void copy_uninitializedSourceOrInitializedDestination_panics0() throws TeeException {
            TransientObject src = aes(bytes(16, 1));
            assertPanics(0, () -> allocate(TeeType.AES, 128).copyAttributesFrom(allocate(TeeType.AES, 128)));
            assertPanics(0, () -> aes(bytes(16, 2)).copyAttributesFrom(src));
        }

        @Test
        void copy_sourceLargerThanDestinationMaximum_acceptedAsOpTee() throws TeeException {
            TransientObject dst = allocate(TeeType.AES, 128);
            dst.copyAttributesFrom(aes(bytes(32, 1)));
            assertEquals(256, dst.info().objectSize());
        }

        @Test
        void copy_freedSource_panicsBadState() throws TeeException {
            TransientObject src = aes(bytes(16, 1));
            src.close();
            assertPanics(TeeResult.BAD_STATE, () -> allocate(TeeType.AES, 128).copyAttributesFrom(src));
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void reset_wipesTheKeyAndReturnsToUninitialized() throws TeeException {
            TransientObject o = aes(bytes(16, 0x42));
            o.restrictUsage(TeeCrypto.USAGE_ENCRYPT);
            byte[] held = o.buffer(TeeAttr.SECRET_VALUE);
            o.reset();
            assertArrayEquals(new byte[16], held);
            assertEquals(new ObjectInfo(TeeType.AES, 0, 256, TeeCrypto.USAGE_ALL, 0, 0, 0), o.info());
            assertNull(o.buffer(TeeAttr.SECRET_VALUE));
            o.populate(secret(bytes(16, 1)));
            assertTrue(o.isInitialized());
        }

        @Test
        void restrictUsage_andsTheBits() {
            TransientObject o = allocate(TeeType.AES, 128);
            o.restrictUsage(TeeCrypto.USAGE_ENCRYPT | TeeCrypto.USAGE_DECRYPT);
            o.restrictUsage(TeeCrypto.USAGE_DECRYPT | TeeCrypto.USAGE_MAC);
            assertEquals(TeeCrypto.USAGE_DECRYPT, o.info().objectUsage());
        }

        @Test
        void close_wipesAndLaterUsePanicsBadState() throws TeeException {
            TransientObject o = aes(bytes(16, 0x42));
            byte[] held = o.buffer(TeeAttr.SECRET_VALUE);
            o.close();
            assertArrayEquals(new byte[16], held);
            assertPanics(TeeResult.BAD_STATE, o::info);
            assertPanics(TeeResult.BAD_STATE, o::reset);
            assertPanics(TeeResult.BAD_STATE, () -> o.restrictUsage(0));
            assertPanics(TeeResult.BAD_STATE, () -> o.populate(secret(bytes(16, 1))));
            assertPanics(TeeResult.BAD_STATE, () -> o.generateKey(128));
            assertPanics(TeeResult.BAD_STATE, () -> o.bufferAttribute(TeeAttr.SECRET_VALUE));
            assertPanics(TeeResult.BAD_STATE, () -> o.valueAttribute(TeeAttr.ECC_CURVE));
            o.close();
        }

        @Test
        void snapshot_isDeep() throws TeeException {
            TransientObject o = aes(bytes(16, 0x42));
            TransientObject copy = o.snapshot();
            o.reset();
            assertArrayEquals(bytes(16, 0x42), copy.buffer(TeeAttr.SECRET_VALUE));
            assertEquals(128, copy.keySize());
        }

        @Test
        void install_replacesAndWipesTheOldContent() throws TeeException {
            TransientObject o = aes(bytes(16, 0x42));
            byte[] old = o.buffer(TeeAttr.SECRET_VALUE);
            byte[] fresh = bytes(32, 1);
            o.install(java.util.Map.of(TeeAttr.SECRET_VALUE, secret(fresh)), 256);
            assertArrayEquals(new byte[16], old);
            assertTrue(fresh == o.buffer(TeeAttr.SECRET_VALUE));
            assertEquals(256, o.keySize());
        }

        @Test
        void toStringAndFailures_neverShowKeyBytes() throws TeeException {
            byte[] key = HexFormat.of().parseHex("A1B2C3D4E5F60718293A4B5C6D7E8F90");
            TransientObject o = aes(key);
            String hex = HexFormat.of().formatHex(key);
            assertFalse(o.toString().toLowerCase().contains(hex.substring(0, 8)), o.toString());
            ShortBufferException e = assertThrows(ShortBufferException.class,
                    () -> o.getBufferAttribute(TeeAttr.SECRET_VALUE, ByteBuffer.allocate(1)));
            assertFalse(e.getMessage().toLowerCase().contains(hex.substring(0, 8)));
            TaPanic p = assertThrows(TaPanic.class, () -> allocate(TeeType.HMAC_SHA256, 1024).populate(secret(bytes(1024, 0xA1))));
            assertFalse(p.getMessage().toLowerCase().contains("a1a1a1a1"));
            assertNotNull(p.getMessage());
        }
    }
}
