package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.buf;
import static org.jtee.crypto.AsymTestSupport.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;

/**
 * Ed25519 and X25519 against published vectors: Wycheproof {@code ed25519_test.json} and
 * {@code x25519_test.json} (valid, invalid and acceptable, the small-order "ZeroSharedSecret"
 * points included), RFC 8032 §7.1–7.3 (Ed25519, Ed25519ctx, Ed25519ph) and RFC 7748 §5.2 and §6.1.
 */
class Curve25519VectorsTest {

    static TransientObject edKeyPair(String sk, String pk) throws TeeException {
        return key(TeeType.ED25519_KEYPAIR, 256, buf(TeeAttr.ED25519_PRIVATE_VALUE, sk), buf(TeeAttr.ED25519_PUBLIC_VALUE, pk));
    }

    static TransientObject xKeyPair(String sk, String pk) throws TeeException {
        return key(TeeType.X25519_KEYPAIR, 256, buf(TeeAttr.X25519_PRIVATE_VALUE, sk), buf(TeeAttr.X25519_PUBLIC_VALUE, pk));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ed25519Verify_wycheproof_matchesEveryVerdict() throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("ed25519_test.json")) {
            String pk = (String) ((Map<String, Object>) c.group().get("publicKey")).get("pk");
            AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.ED25519, TeeCrypto.MODE_VERIFY,
                    key(TeeType.ED25519_PUBLIC_KEY, 256, buf(TeeAttr.ED25519_PUBLIC_VALUE, pk)));
            assertEquals(c.valid(), e.verify(List.of(), c.hex("msg"), c.hex("sig")), c::toString);
            run++;
        }
        assertTrue(run > 0);
    }

    private static void rfc8032(String sk, String pk, String msg, List<Attribute> params, String sig) throws TeeException {
        TransientObject kp = edKeyPair(sk, pk);
        assertArrayEquals(VectorFiles.hex(sig),
                AsymTestSupport.engine(TeeAlg.ED25519, TeeCrypto.MODE_SIGN, kp).sign(params, VectorFiles.hex(msg)));
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.ED25519, TeeCrypto.MODE_VERIFY, kp);
        assertTrue(v.verify(params, VectorFiles.hex(msg), VectorFiles.hex(sig)));
        assertFalse(v.verify(List.of(), VectorFiles.hex(msg + "00"), VectorFiles.hex(sig)));
    }

    @Test
    void ed25519_rfc8032Section71_pure() throws TeeException {
        rfc8032("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", List.of(),
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        rfc8032("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                List.of(buf(TeeAttr.EDDSA_CTX, "")),
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    @Test
    void ed25519ctx_rfc8032Section72_withContextAttribute() throws TeeException {
        rfc8032("0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
                "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292", "f726936d19c800494e3fdaff20b276a8",
                List.of(buf(TeeAttr.EDDSA_CTX, "666f6f")),
                "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4b21f4b888e4e7edb0d");
    }

    @Test
    void ed25519ph_rfc8032Section73_hashesTheMessageGiven() throws TeeException {
        rfc8032("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", "616263",
                List.of(Attribute.value(TeeAttr.EDDSA_PREHASH, 1, 0)),
                "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
    }

    @Test
    void ed25519_badParameters_panic_wrongSignatureLength_isInvalid() throws TeeException {
        Map<Integer, Attribute> attrs = KeyGenerators.generate(TeeType.ED25519_KEYPAIR, 256, List.of());
        TransientObject kp = TransientObject.allocate(TeeType.ED25519_KEYPAIR, 256);
        kp.install(attrs, 256);
        AsymmetricEngine signer = AsymTestSupport.engine(TeeAlg.ED25519, TeeCrypto.MODE_SIGN, kp);
        byte[] msg = {1, 2, 3};
        byte[] sig = signer.sign(List.of(), msg);
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.ED25519, TeeCrypto.MODE_VERIFY, kp);
        assertTrue(v.verify(List.of(), msg, sig));
        assertFalse(v.verify(List.of(), msg, java.util.Arrays.copyOf(sig, 63)));
        for (List<Attribute> bad : List.of(List.of(Attribute.value(TeeAttr.EDDSA_PREHASH, 2, 0)),
                List.of(Attribute.value(TeeAttr.EDDSA_PREHASH, 1, 1)), List.of(Attribute.ref(TeeAttr.EDDSA_CTX, new byte[256])),
                List.of(buf(TeeAttr.EDDSA_CTX, "01"), buf(TeeAttr.EDDSA_CTX, "02")), List.of(buf(TeeAttr.RSA_OAEP_LABEL, "")))) {
            TaPanic p = assertThrows(TaPanic.class, () -> signer.sign(bad, msg));
            assertEquals(TeeResult.BAD_PARAMETERS, p.code());
            assertThrows(TaPanic.class, () -> v.verify(bad, msg, sig));
        }
    }

    @Test
    void x25519_wycheproof_sharedOrSecurityPanicForZeroSecret() throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("x25519_test.json")) {
            AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.X25519, TeeCrypto.MODE_DERIVE, xKeyPair(c.s("private"), c.s("public")));
            List<Attribute> params = List.of(buf(TeeAttr.X25519_PUBLIC_VALUE, c.s("public")));
            TransientObject out = AsymTestSupport.secretObject();
            if (c.flags().contains("ZeroSharedSecret")) {
                TaPanic p = assertThrows(TaPanic.class, () -> e.derive(params, out), c::toString);
                assertEquals(TeeResult.SECURITY, p.code());
            } else {
                e.derive(params, out);
                assertArrayEquals(c.hex("shared"), AsymTestSupport.secret(out), c::toString);
            }
            run++;
        }
        assertTrue(run > 0);
    }

    private static byte[] x25519(String scalar, String u) throws TeeException {
        TransientObject out = AsymTestSupport.secretObject();
        AsymTestSupport.engine(TeeAlg.X25519, TeeCrypto.MODE_DERIVE, xKeyPair(scalar, u))
                .derive(List.of(buf(TeeAttr.X25519_PUBLIC_VALUE, u)), out);
        return AsymTestSupport.secret(out);
    }

    @Test
    void x25519_rfc7748Section52And61() throws TeeException {
        assertArrayEquals(VectorFiles.hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
                x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
        assertArrayEquals(VectorFiles.hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
                x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));
        String alice = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
        String bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        assertArrayEquals(VectorFiles.hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"), x25519(alice, bobPublic));
    }

    @Test
    void x25519_generatedKeys_agree_andParametersAreChecked() throws TeeException {
        TransientObject a = TransientObject.allocate(TeeType.X25519_KEYPAIR, 256);
        a.install(KeyGenerators.generate(TeeType.X25519_KEYPAIR, 256, List.of()), 256);
        TransientObject b = TransientObject.allocate(TeeType.X25519_KEYPAIR, 256);
        b.install(KeyGenerators.generate(TeeType.X25519_KEYPAIR, 256, List.of()), 256);
        TransientObject sa = AsymTestSupport.secretObject();
        TransientObject sb = AsymTestSupport.secretObject();
        AsymTestSupport.engine(TeeAlg.X25519, TeeCrypto.MODE_DERIVE, a)
                .derive(List.of(Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, b.buffer(TeeAttr.X25519_PUBLIC_VALUE))), sa);
        AsymmetricEngine eb = AsymTestSupport.engine(TeeAlg.X25519, TeeCrypto.MODE_DERIVE, b);
        eb.derive(List.of(Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, a.buffer(TeeAttr.X25519_PUBLIC_VALUE))), sb);
        assertArrayEquals(AsymTestSupport.secret(sa), AsymTestSupport.secret(sb));
        assertEquals(256, sa.keySize());
        TaPanic p = assertThrows(TaPanic.class, () -> eb.derive(List.of(Attribute.ref(TeeAttr.X25519_PUBLIC_VALUE, new byte[31])),
                AsymTestSupport.secretObject()));
        assertEquals(TeeResult.BAD_PARAMETERS, p.code());
        TeeException e = assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.X25519_KEYPAIR, 255, List.of()));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
    }
}
