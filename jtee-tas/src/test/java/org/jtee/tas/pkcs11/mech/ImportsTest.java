package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.Map;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

/** C_CreateObject of keys: OP-TEE 4.0's EC private key import and jtee's checks of imported material. */
class ImportsTest {
    @Test
    void ecPrivateImport_computesTheHiddenPoint_andSigns() throws CkException {
        Keys.Pair gen = Keys.ec(EcCurve.P384);
        TestKey imported = new TestKey(CKO_PRIVATE_KEY, CKK_EC).with(CKA_EC_PARAMS, EcCurve.P384.oid())
                .with(CKA_VALUE, gen.priv().attribute(CKA_VALUE));
        Map<Integer, byte[]> computed = Mechanisms.completeImport(imported);
        assertArrayEquals(gen.pub().attribute(CKA_EC_POINT), computed.get(CKA_OPTEE_HIDDEN_EC_POINT));
        computed.forEach(imported::with);
        imported.set(CKA_SIGN);
        byte[] sig;
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_ECDSA_SHA256, none(), imported)) {
            sig = Run.oneShot(p, ascii("abc"));
        }
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ECDSA_SHA256, none(), gen.pub())) {
            p.verifyOneShot(ByteBuffer.wrap(ascii("abc")), ByteBuffer.wrap(sig));
        }
    }

    @Test
    void ecImport_errors() {
        Fail.rv(CKR_ATTRIBUTE_TYPE_INVALID, () -> Mechanisms.completeImport(new TestKey(CKO_PRIVATE_KEY, CKK_EC)
                .with(CKA_VALUE, new byte[] {1})));
        Fail.rv(CKR_CURVE_NOT_SUPPORTED, () -> Mechanisms.completeImport(new TestKey(CKO_PRIVATE_KEY, CKK_EC)
                .with(CKA_EC_PARAMS, hex("06052b8104000a")).with(CKA_VALUE, new byte[] {1})));
        Fail.rv(CKR_ATTRIBUTE_TYPE_INVALID, () -> Mechanisms.completeImport(new TestKey(CKO_PRIVATE_KEY, CKK_EC)
                .with(CKA_EC_PARAMS, EcCurve.P256.oid()).with(CKA_VALUE, new byte[32])));
        Fail.rv(CKR_ATTRIBUTE_TYPE_INVALID, () -> Mechanisms.completeImport(new TestKey(CKO_PRIVATE_KEY, CKK_EC)
                .with(CKA_EC_PARAMS, EcCurve.P256.oid())));
        byte[] offCurve = EcCurve.P256.derPoint(new byte[] {1}, new byte[] {2});
        Fail.rv(CKR_ATTRIBUTE_VALUE_INVALID, () -> Mechanisms.completeImport(new TestKey(CKO_PUBLIC_KEY, CKK_EC)
                .with(CKA_EC_PARAMS, EcCurve.P256.oid()).with(CKA_EC_POINT, offCurve)));
    }

    @Test
    void ed25519PrivateImport_withoutPoint_getsIt() throws CkException {
        TestKey k = new TestKey(CKO_PRIVATE_KEY, CKK_EC_EDWARDS).with(CKA_EC_PARAMS, EcCurve.ED25519.oid())
                .with(CKA_VALUE, x("ed25519_rfc_8032_7_1_private"));
        assertArrayEquals(x("ed25519_rfc_8032_7_1_public"), Mechanisms.completeImport(k).get(CKA_EC_POINT));
        Fail.rv(CKR_ATTRIBUTE_VALUE_INVALID, () -> Mechanisms.completeImport(new TestKey(CKO_PRIVATE_KEY, CKK_EC_EDWARDS)
                .with(CKA_EC_PARAMS, EcCurve.ED25519.oid()).with(CKA_VALUE, new byte[31])));
        Fail.rv(CKR_CURVE_NOT_SUPPORTED, () -> Mechanisms.completeImport(new TestKey(CKO_PUBLIC_KEY, CKK_EC_EDWARDS)
                .with(CKA_EC_PARAMS, EcCurve.P256.oid()).with(CKA_EC_POINT, new byte[32])));
    }

    @Test
    void rsaPublicImport_getsModulusBits_andSizesAreChecked() throws CkException {
        TestKey pub = new TestKey(CKO_PUBLIC_KEY, CKK_RSA).with(CKA_MODULUS, x("ac_rsassa_vect2_modulus"))
                .with(CKA_PUBLIC_EXPONENT, x("ac_rsassa_vect2_pub_exp"));
        assertArrayEquals(Keys.u32(8 * x("ac_rsassa_vect2_modulus").length), Mechanisms.completeImport(pub).get(CKA_MODULUS_BITS));
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.completeImport(new TestKey(CKO_PUBLIC_KEY, CKK_RSA)
                .with(CKA_MODULUS, new byte[] {(byte) 0xC5})));
    }

    @Test
    void mlPrivateImport_bySeed_getsTheExpandedKey() throws CkException {
        Keys.Pair gen = Keys.ml(CKM_ML_DSA_KEY_PAIR_GEN, CKK_ML_DSA, CKP_ML_DSA_65);
        TestKey bySeed = new TestKey(CKO_PRIVATE_KEY, CKK_ML_DSA).with(CKA_PARAMETER_SET, Keys.u32(CKP_ML_DSA_65))
                .with(CKA_SEED, gen.priv().attribute(CKA_SEED));
        assertArrayEquals(gen.priv().attribute(CKA_VALUE), Mechanisms.completeImport(bySeed).get(CKA_VALUE));
        assertTrue(Mechanisms.completeImport(gen.priv()).isEmpty());
        TestKey mismatch = new TestKey(CKO_PRIVATE_KEY, CKK_ML_DSA).with(CKA_PARAMETER_SET, Keys.u32(CKP_ML_DSA_65))
                .with(CKA_SEED, new byte[32]).with(CKA_VALUE, gen.priv().attribute(CKA_VALUE));
        Fail.rv(CKR_ATTRIBUTE_VALUE_INVALID, () -> Mechanisms.completeImport(mismatch));
        Fail.rv(CKR_ATTRIBUTE_VALUE_INVALID, () -> Mechanisms.completeImport(new TestKey(CKO_PUBLIC_KEY, CKK_ML_KEM)
                .with(CKA_PARAMETER_SET, Keys.u32(CKP_ML_KEM_768)).with(CKA_VALUE, new byte[1183])));
        Fail.rv(CKR_TEMPLATE_INCOMPLETE, () -> Mechanisms.completeImport(new TestKey(CKO_PUBLIC_KEY, CKK_ML_KEM)
                .with(CKA_VALUE, new byte[1184])));
    }
}
