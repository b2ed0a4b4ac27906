package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.val;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code TEE_GenerateKey}'s asymmetric half: sizes, parameters, attribute sets and their forms. */
class KeyGeneratorsTest {

    static BigInteger big(Map<Integer, Attribute> m, int id) {
        byte[] b = m.get(id).buffer();
        assertTrue(b.length == 0 || b[0] != 0, () -> String.format("attribute 0x%08X has a leading zero byte", id));
        return new BigInteger(1, b);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 264, 512, 1000, 2048})
    void rsa_modulusHasExactlyTheSize_andEveryPartIsConsistent(int bits) throws TeeException {
        Map<Integer, Attribute> m = KeyGenerators.generate(TeeType.RSA_KEYPAIR, bits, List.of());
        assertEquals(Set.of(TeeAttr.RSA_MODULUS, TeeAttr.RSA_PUBLIC_EXPONENT, TeeAttr.RSA_PRIVATE_EXPONENT, TeeAttr.RSA_PRIME1,
                TeeAttr.RSA_PRIME2, TeeAttr.RSA_EXPONENT1, TeeAttr.RSA_EXPONENT2, TeeAttr.RSA_COEFFICIENT), m.keySet());
        BigInteger n = big(m, TeeAttr.RSA_MODULUS);
        BigInteger e = big(m, TeeAttr.RSA_PUBLIC_EXPONENT);
        BigInteger d = big(m, TeeAttr.RSA_PRIVATE_EXPONENT);
        BigInteger p = big(m, TeeAttr.RSA_PRIME1);
        BigInteger q = big(m, TeeAttr.RSA_PRIME2);
        assertEquals(bits, n.bitLength());
        assertEquals(BigInteger.valueOf(65537), e);
        assertEquals(n, p.multiply(q));
        assertEquals(big(m, TeeAttr.RSA_EXPONENT1), d.mod(p.subtract(BigInteger.ONE)));
        assertEquals(big(m, TeeAttr.RSA_EXPONENT2), d.mod(q.subtract(BigInteger.ONE)));
        assertEquals(BigInteger.ONE, big(m, TeeAttr.RSA_COEFFICIENT).multiply(q).mod(p));
        BigInteger msg = BigInteger.valueOf(123456789);
        assertEquals(msg, msg.modPow(e, n).modPow(d, n));
    }

    @Test
    void rsa_publicExponentParameter_isUsedAndChecked() throws TeeException {
        byte[] e = BigInteger.valueOf(65539).toByteArray();
        Map<Integer, Attribute> m = KeyGenerators.generate(TeeType.RSA_KEYPAIR, 512,
                List.of(Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, e)));
        assertEquals(BigInteger.valueOf(65539), big(m, TeeAttr.RSA_PUBLIC_EXPONENT));
        for (int bad : new int[] {3, 65536, 65535}) {
            TeeException x = assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.RSA_KEYPAIR, 512,
                    List.of(Attribute.ref(TeeAttr.RSA_PUBLIC_EXPONENT, BigInteger.valueOf(bad).toByteArray()))));
            assertEquals(TeeResult.BAD_PARAMETERS, x.result(), "e = " + bad);
        }
        assertEquals(TeeResult.NOT_SUPPORTED, assertThrows(TeeException.class,
                () -> KeyGenerators.generate(TeeType.RSA_KEYPAIR, 255, List.of())).result());
    }

    @Test
    void ecc_keyOnTheCurveOfTheParameter_sizeMustMatch() throws TeeException {
        Map<Integer, Attribute> m = KeyGenerators.generate(TeeType.ECDSA_KEYPAIR, 384, List.of(val(TeeAttr.ECC_CURVE, TeeCurve.NIST_P384)));
        assertEquals(TeeCurve.NIST_P384, m.get(TeeAttr.ECC_CURVE).a());
        var curve = EcCurves.nist(TeeCurve.NIST_P384);
        assertTrue(curve.domain().getCurve().createPoint(big(m, TeeAttr.ECC_PUBLIC_VALUE_X), big(m, TeeAttr.ECC_PUBLIC_VALUE_Y)).isValid());
        assertEquals(curve.domain().getG().multiply(big(m, TeeAttr.ECC_PRIVATE_VALUE)).normalize().getAffineXCoord().toBigInteger(),
                big(m, TeeAttr.ECC_PUBLIC_VALUE_X));
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.ECDH_KEYPAIR, 256,
                List.of(val(TeeAttr.ECC_CURVE, TeeCurve.NIST_P384)))).result());
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> KeyGenerators.generate(TeeType.ECDH_KEYPAIR, 256, List.of())).result());
        assertEquals(TeeResult.NOT_SUPPORTED, assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.ECDH_KEYPAIR, 256,
                List.of(val(TeeAttr.ECC_CURVE, TeeCurve.CURVE_25519)))).result());
    }

    @Test
    void ed25519_keysAre32BytesAndDiffer() throws TeeException {
        Map<Integer, Attribute> a = KeyGenerators.generate(TeeType.ED25519_KEYPAIR, 256, List.of());
        Map<Integer, Attribute> b = KeyGenerators.generate(TeeType.ED25519_KEYPAIR, 256, List.of());
        assertEquals(32, a.get(TeeAttr.ED25519_PRIVATE_VALUE).buffer().length);
        assertEquals(32, a.get(TeeAttr.ED25519_PUBLIC_VALUE).buffer().length);
        assertNotEquals(a.get(TeeAttr.ED25519_PRIVATE_VALUE), b.get(TeeAttr.ED25519_PRIVATE_VALUE));
    }

    @Test
    void ml_keySizeIsTheParameterSet() throws TeeException {
        Map<Integer, Attribute> kem = KeyGenerators.generate(TeeType.ML_KEM_KEYPAIR, 1024, List.of());
        assertEquals(1024, kem.get(TeeAttr.ML_PARAMETER_SET).a());
        assertEquals(1568, kem.get(TeeAttr.ML_PUBLIC_KEY).buffer().length);
        assertEquals(64, kem.get(TeeAttr.ML_SEED).buffer().length);
        assertEquals(3168, kem.get(TeeAttr.ML_PRIVATE_KEY).buffer().length);
        Map<Integer, Attribute> dsa = KeyGenerators.generate(TeeType.ML_DSA_KEYPAIR, 44, List.of());
        assertEquals(1312, dsa.get(TeeAttr.ML_PUBLIC_KEY).buffer().length);
        assertEquals(32, dsa.get(TeeAttr.ML_SEED).buffer().length);
        assertEquals(2560, dsa.get(TeeAttr.ML_PRIVATE_KEY).buffer().length);
    }

    @Test
    void handles_theAsymmetricKeyPairsOnly() {
        for (int t : new int[] {TeeType.RSA_KEYPAIR, TeeType.DSA_KEYPAIR, TeeType.DH_KEYPAIR, TeeType.ECDSA_KEYPAIR, TeeType.ECDH_KEYPAIR,
            TeeType.SM2_DSA_KEYPAIR, TeeType.SM2_KEP_KEYPAIR, TeeType.SM2_PKE_KEYPAIR, TeeType.ED25519_KEYPAIR, TeeType.X25519_KEYPAIR,
            TeeType.ML_KEM_KEYPAIR, TeeType.ML_DSA_KEYPAIR}) {
            assertTrue(KeyGenerators.handles(t), Integer.toHexString(t));
        }
        for (int t : new int[] {TeeType.AES, TeeType.GENERIC_SECRET, TeeType.RSA_PUBLIC_KEY, TeeType.ED448_KEYPAIR}) {
            assertFalse(KeyGenerators.handles(t), Integer.toHexString(t));
        }
    }
}
