package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

/** ECDSA on P-192 to P-521, checked against the JDK's ECDSA (P-256 up) both ways. */
class EcMechanismsTest {
    private static final byte[] MSG = ascii("The quick brown fox jumps over the lazy dog");

    private static ECParameterSpec spec(String name) throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(name));
        return p.getParameterSpec(ECParameterSpec.class);
    }

    private static PublicKey jdkPublic(Keys.Pair pair, EcCurve c, String name) throws Exception {
        byte[][] xy = c.coordinates(pair.pub().attribute(CKA_EC_POINT));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(new BigInteger(1, xy[0]), new BigInteger(1, xy[1])), spec(name)));
    }

    @Test
    void generate_pointIsDerOctetString_andHiddenInThePrivateKey() throws CkException {
        Keys.Pair p = Keys.ec(EcCurve.P256);
        byte[] point = p.pub().attribute(CKA_EC_POINT);
        assertEquals(67, point.length);
        assertArrayEquals(hex("044104"), java.util.Arrays.copyOf(point, 3));
        assertArrayEquals(point, p.priv().attribute(CKA_OPTEE_HIDDEN_EC_POINT));
        assertNull(p.priv().attribute(CKA_EC_POINT));
        assertArrayEquals(EcCurve.P256.oid(), p.priv().attribute(CKA_EC_PARAMS));
        assertEquals(32, p.priv().attribute(CKA_VALUE).length);
        byte[] p521 = Keys.ec(EcCurve.P521).pub().attribute(CKA_EC_POINT);
        assertArrayEquals(hex("048185"), java.util.Arrays.copyOf(p521, 3));
    }

    @Test
    void ecdsaWithHashes_verifyWithTheJdk_andBack() throws Exception {
        Object[][] curves = {{EcCurve.P256, "secp256r1"}, {EcCurve.P384, "secp384r1"}, {EcCurve.P521, "secp521r1"}};
        int[] mechs = {CKM_ECDSA_SHA1, CKM_ECDSA_SHA224, CKM_ECDSA_SHA256, CKM_ECDSA_SHA384, CKM_ECDSA_SHA512};
        String[] names = {"SHA1", "SHA224", "SHA256", "SHA384", "SHA512"};
        for (Object[] c : curves) {
            EcCurve curve = (EcCurve) c[0];
            Keys.Pair pair = Keys.ec(curve);
            PublicKey pub = jdkPublic(pair, curve, (String) c[1]);
            for (int i = 0; i < mechs.length; i++) {
                byte[] sig;
                try (Processing p = Mechanisms.init(FUNCTION_SIGN, mechs[i], none(), pair.priv())) {
                    sig = Run.parts(p, MSG, 9);
                }
                assertEquals(2 * curve.fieldBytes(), sig.length);
                Signature jdk = Signature.getInstance(names[i] + "withECDSAinP1363Format");
                jdk.initVerify(pub);
                jdk.update(MSG);
                assertTrue(jdk.verify(sig), curve.name() + " " + names[i]);
                PrivateKey jpriv = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                        new BigInteger(1, pair.priv().attribute(CKA_VALUE)), spec((String) c[1])));
                jdk.initSign(jpriv);
                jdk.update(MSG);
                byte[] jsig = jdk.sign();
                try (Processing p = Mechanisms.init(FUNCTION_VERIFY, mechs[i], none(), pair.pub())) {
                    p.verifyOneShot(ByteBuffer.wrap(MSG), ByteBuffer.wrap(jsig));
                }
            }
        }
    }

    @Test
    void rawEcdsa_smallCurves_signAndVerify_andTruncateLongHashes() throws CkException {
        for (EcCurve curve : new EcCurve[] {EcCurve.P192, EcCurve.P224, EcCurve.P256}) {
            Keys.Pair pair = Keys.ec(curve);
            byte[] hash = SecretKeys.digest(CKM_SHA512, MSG);
            byte[] sig;
            try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), pair.priv())) {
                sig = Run.oneShot(p, hash);
            }
            try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ECDSA, none(), pair.pub())) {
                p.verifyOneShot(ByteBuffer.wrap(java.util.Arrays.copyOf(hash, curve.fieldBytes())), ByteBuffer.wrap(sig));
            }
        }
    }

    @Test
    void errors_haveTheReferenceCodes() throws CkException {
        Keys.Pair pair = Keys.ec(EcCurve.P256);
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), pair.priv())) {
            Fail.rv(CKR_FUNCTION_FAILED, () -> p.oneShot(ByteBuffer.allocate(0), ByteBuffer.allocate(64)));
        }
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), pair.priv())) {
            assertEquals(64, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(ByteBuffer.allocate(32), null)).required());
        }
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ECDSA_SHA256, none(), pair.pub())) {
            Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> p.verifyOneShot(ByteBuffer.wrap(MSG), ByteBuffer.allocate(63)));
        }
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ECDSA_SHA256, none(), pair.pub())) {
            Fail.rv(CKR_SIGNATURE_INVALID, () -> p.verifyOneShot(ByteBuffer.wrap(MSG), ByteBuffer.allocate(64)));
        }
        Keys.Pair rsa = Keys.rsa(512);
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), rsa.priv()));
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), pair.pub()));
        TestKey secret = TestKey.secret(CKK_EC, new byte[32], CKA_SIGN);
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), secret));
        TestKey unknownCurve = new TestKey(CKO_PRIVATE_KEY, CKK_EC).with(CKA_EC_PARAMS, hex("06052b8104000a"))
                .with(CKA_VALUE, new byte[32]);
        unknownCurve.set(CKA_SIGN);
        Fail.rv(CKR_CURVE_NOT_SUPPORTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, none(), unknownCurve));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA, params(1), pair.priv()));
    }

    @Test
    void generate_unknownCurve_isAttributeTypeInvalid() {
        Fail.rv(CKR_ATTRIBUTE_TYPE_INVALID, () -> Mechanisms.generateKeyPair(CKM_EC_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_EC).with(CKA_EC_PARAMS, hex("06052b8104000a")), new TestKey(CKO_PRIVATE_KEY, CKK_EC)));
        Fail.rv(CKR_ATTRIBUTE_TYPE_INVALID, () -> Mechanisms.generateKeyPair(CKM_EC_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_EC), new TestKey(CKO_PRIVATE_KEY, CKK_EC)));
        Fail.rv(CKR_TEMPLATE_INCONSISTENT, () -> Mechanisms.generateKeyPair(CKM_EC_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_EC).with(CKA_EC_PARAMS, EcCurve.P256.oid()).with(CKA_EC_POINT, hex("0401")),
                new TestKey(CKO_PRIVATE_KEY, CKK_EC)));
    }
}
