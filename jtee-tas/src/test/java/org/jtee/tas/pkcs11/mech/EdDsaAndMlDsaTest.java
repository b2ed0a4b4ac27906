package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

/** Ed25519 with RFC 8032 §7.1-7.3 (as xtest 1025 carries them) and ML-DSA-44/65/87 round trips. */
class EdDsaAndMlDsaTest {
    private static TestKey edPrivate(String v) {
        TestKey k = new TestKey(CKO_PRIVATE_KEY, CKK_EC_EDWARDS).with(CKA_EC_PARAMS, EcCurve.ED25519.oid())
                .with(CKA_VALUE, x(v + "_private")).with(CKA_EC_POINT, x(v + "_public"));
        return k.set(CKA_SIGN);
    }

    private static TestKey edPublic(String v) {
        return new TestKey(CKO_PUBLIC_KEY, CKK_EC_EDWARDS).with(CKA_EC_PARAMS, EcCurve.ED25519_NAME)
                .with(CKA_EC_POINT, x(v + "_public")).set(CKA_VERIFY);
    }

    private static void kat(String v, ByteBuffer params) throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, params.duplicate(), edPrivate(v))) {
            assertArrayEquals(x(v + "_out"), Run.oneShot(p, x(v + "_ptx")), v);
        }
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_EDDSA, params.duplicate(), edPublic(v))) {
            p.verifyOneShot(ByteBuffer.wrap(x(v + "_ptx")), ByteBuffer.wrap(x(v + "_out")));
        }
    }

    @Test
    void ed25519_rfc8032Vectors_pureCtxAndPh() throws CkException {
        kat("ed25519_rfc_8032_7_1", params(0, 0));
        byte[] ctx = x("ed25519ctx_rfc_8032_7_2_context");
        kat("ed25519ctx_rfc_8032_7_2", params(0, ctx.length, ctx));
        kat("ed25519ph_rfc_8032_7_3", params(1, 0));
    }

    @Test
    void ed25519_keysWithoutEcParams_asXtestImportsThem_work() throws CkException {
        String v = "ed25519_rfc_8032_7_1";
        TestKey k = new TestKey(CKO_PRIVATE_KEY, CKK_EC_EDWARDS).with(CKA_VALUE, x(v + "_private"))
                .with(CKA_EC_POINT, x(v + "_public")).set(CKA_SIGN);
        assertTrue(Mechanisms.completeImport(k).isEmpty());
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, params(0, 0), k)) {
            assertArrayEquals(x(v + "_out"), Run.oneShot(p, x(v + "_ptx")));
        }
    }

    @Test
    void ed25519_generatedPair_signsAndVerifies_andRefusesUpdates() throws CkException {
        Keys.Pair pair = Keys.ed25519();
        assertEquals(32, pair.pub().attribute(CKA_EC_POINT).length);
        assertArrayEquals(pair.pub().attribute(CKA_EC_POINT), pair.priv().attribute(CKA_EC_POINT));
        byte[] sig;
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, params(0, 0), pair.priv())) {
            assertEquals(64, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(ByteBuffer.wrap(ascii("m")), null)).required());
            sig = Run.oneShot(p, ascii("m"));
        }
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_EDDSA, params(0, 0), pair.pub())) {
            p.verifyOneShot(ByteBuffer.wrap(ascii("m")), ByteBuffer.wrap(sig));
        }
        sig[0] ^= 1;
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_EDDSA, params(0, 0), pair.pub())) {
            Fail.rv(CKR_SIGNATURE_INVALID, () -> p.verifyOneShot(ByteBuffer.wrap(ascii("m")), ByteBuffer.wrap(sig)));
        }
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, params(0, 0), pair.priv())) {
            Fail.rv(CKR_GENERAL_ERROR, () -> p.update(ByteBuffer.wrap(ascii("m")), null));
        }
    }

    @Test
    void eddsa_parameterTruncations_areArgumentsBad() {
        TestKey k = edPrivate("ed25519_rfc_8032_7_1");
        ByteBuffer full = params(0, 3, ascii("abc"));
        for (int n = 0; n < full.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, cut(full, len), k));
        }
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, longer(full, 1), k));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, params(0, 256, new byte[256]), k));
        Keys.Pair ec;
        try {
            ec = Keys.ec(EcCurve.P256);
        } catch (CkException e) {
            throw new AssertionError(e);
        }
        Fail.rv(CKR_KEY_TYPE_INCONSISTENT, () -> Mechanisms.init(FUNCTION_SIGN, CKM_EDDSA, params(0, 0), ec.priv()));
    }

    @Test
    void mlDsa_everySet_signsWithAndWithoutContext_andInParts() throws CkException {
        int[] lengths = {2420, 3309, 4627};
        int[] sets = {CKP_ML_DSA_44, CKP_ML_DSA_65, CKP_ML_DSA_87};
        for (int i = 0; i < sets.length; i++) {
            Keys.Pair pair = Keys.ml(CKM_ML_DSA_KEY_PAIR_GEN, CKK_ML_DSA, sets[i]);
            assertEquals(32, pair.priv().attribute(CKA_SEED).length);
            for (ByteBuffer prm : new ByteBuffer[] {none(), params(CKH_HEDGE_PREFERRED, 3, ascii("ctx"))}) {
                byte[] sig;
                try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_ML_DSA, prm.duplicate(), pair.priv())) {
                    sig = Run.parts(p, ascii("The quick brown fox"), 4);
                }
                assertEquals(lengths[i], sig.length);
                try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ML_DSA, prm.duplicate(), pair.pub())) {
                    p.verifyOneShot(ByteBuffer.wrap(ascii("The quick brown fox")), ByteBuffer.wrap(sig));
                }
                try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ML_DSA, params(0, 1, ascii("x")), pair.pub())) {
                    Fail.rv(CKR_SIGNATURE_INVALID, () -> p.verifyOneShot(ByteBuffer.wrap(ascii("The quick brown fox")),
                            ByteBuffer.wrap(sig)));
                }
            }
        }
    }

    @Test
    void mlDsa_parameterErrors() throws CkException {
        Keys.Pair pair = Keys.ml(CKM_ML_DSA_KEY_PAIR_GEN, CKK_ML_DSA, CKP_ML_DSA_44);
        ByteBuffer full = params(0, 2, ascii("ab"));
        for (int n = 1; n < full.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ML_DSA, cut(full, len), pair.priv()));
        }
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ML_DSA,
                params(CKH_DETERMINISTIC_REQUIRED, 0), pair.priv()));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_ML_DSA,
                params(0, 256, new byte[256]), pair.priv()));
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_ML_DSA, none(), pair.pub())) {
            Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> p.verifyOneShot(ByteBuffer.allocate(1), ByteBuffer.allocate(2419)));
        }
        Fail.rv(CKR_TEMPLATE_INCOMPLETE, () -> Mechanisms.generateKeyPair(CKM_ML_DSA_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_ML_DSA), new TestKey(CKO_PRIVATE_KEY, CKK_ML_DSA)));
        Fail.rv(CKR_ATTRIBUTE_VALUE_INVALID, () -> Mechanisms.generateKeyPair(CKM_ML_DSA_KEY_PAIR_GEN, none(),
                new TestKey(CKO_PUBLIC_KEY, CKK_ML_DSA).with(CKA_PARAMETER_SET, Keys.u32(9)), new TestKey(CKO_PRIVATE_KEY, CKK_ML_DSA)));
    }
}
