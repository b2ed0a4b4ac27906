package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.buf;
import static org.jtee.crypto.AsymTestSupport.key;
import static org.jtee.crypto.AsymTestSupport.num;
import static org.jtee.crypto.AsymTestSupport.val;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DSA and finite-field DH against published vectors: Wycheproof DSA in P1363 form (raw r ‖ s),
 * NIST CAVP FIPS 186-3 DSA SigVer and the SP 800-56A KAS FFC ZZ-only validity file; and the GP
 * rules around them (digest lengths, signature halves of |q| bytes, generated keys).
 */
class FfcVectorsTest {

    static int dsaAlgorithm(String sha) {
        return switch (sha.replace("-", "")) {
            case "SHA1" -> TeeAlg.DSA_SHA1;
            case "SHA224" -> TeeAlg.DSA_SHA224;
            default -> TeeAlg.DSA_SHA256;
        };
    }

    static TransientObject dsaPublic(String p, String q, String g, String y) throws TeeException {
        return key(TeeType.DSA_PUBLIC_KEY, 3072, num(TeeAttr.DSA_PRIME, p), num(TeeAttr.DSA_SUBPRIME, q),
                num(TeeAttr.DSA_BASE, g), num(TeeAttr.DSA_PUBLIC_VALUE, y));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dsa_2048_224_sha224_p1363_test.json", "dsa_2048_224_sha256_p1363_test.json",
        "dsa_2048_256_sha256_p1363_test.json", "dsa_3072_256_sha256_p1363_test.json"})
    void dsaVerify_wycheproofP1363_matchesEveryVerdict(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            Map<String, Object> pk = c.groupMap("publicKey");
            AsymmetricEngine e = AsymTestSupport.engine(dsaAlgorithm(c.s("sha")), TeeCrypto.MODE_VERIFY,
                    dsaPublic((String) pk.get("p"), (String) pk.get("q"), (String) pk.get("g"), (String) pk.get("y")));
            boolean ok = e.verify(List.of(), AsymTestSupport.hash(c.s("sha"), c.hex("msg")), c.hex("sig"));
            if (!c.acceptable()) {
                assertEquals(c.valid(), ok, c::toString);
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @Test
    void dsaVerify_cavpSigVer_matchesEveryResult() throws TeeException {
        int run = 0;
        for (Map<String, String> r : AsymTestSupport.rsp("asymmetric/DSA/FIPS_186-3/SigVer.rsp", "Result")) {
            String sha = r.get("section").substring(r.get("section").lastIndexOf(' ') + 1);
            int qBytes = (new BigInteger(r.get("Q"), 16).bitLength() + 7) / 8;
            byte[] digest = AsymTestSupport.hash(sha, VectorFiles.hex(r.get("Msg")));
            int alg = dsaAlgorithm(sha);
            if (alg == TeeAlg.DSA_SHA256 && !sha.equals("SHA-256")) {
                digest = Arrays.copyOf(digest, Math.min(digest.length, qBytes));
            }
            byte[] sig = EngineSupport.rawSignature(new BigInteger(r.get("R"), 16), new BigInteger(r.get("S"), 16), qBytes);
            boolean ok;
            try {
                ok = AsymTestSupport.engine(alg, TeeCrypto.MODE_VERIFY, dsaPublic(r.get("P"), r.get("Q"), r.get("G"), r.get("Y")))
                        .verify(List.of(), digest, sig);
            } catch (TeeException e) {
                ok = false;
            }
            assertEquals(r.get("Result").startsWith("P"), ok, r::toString);
            run++;
        }
        assertTrue(run > 0);
    }

    @Test
    void dh_cavpKasFfcValidity_passesAndRejectsAsPublished() throws TeeException {
        int run = 0;
        String file = "asymmetric/DH/KASValidityTest_FFCStatic_NOKC_ZZOnly_init.fax";
        for (Map<String, String> r : AsymTestSupport.rsp(file, "Result")) {
            boolean pass = r.get("Result").startsWith("P");
            byte[] z = null;
            try {
                TransientObject own = key(TeeType.DH_KEYPAIR, 2048, num(TeeAttr.DH_PRIME, r.get("P")), num(TeeAttr.DH_BASE, r.get("G")),
                        num(TeeAttr.DH_SUBPRIME, r.get("Q")), num(TeeAttr.DH_PUBLIC_VALUE, r.get("YstatIUT")),
                        num(TeeAttr.DH_PRIVATE_VALUE, r.get("XstatIUT")));
                TransientObject out = AsymTestSupport.secretObject();
                AsymTestSupport.engine(TeeAlg.DH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, own)
                        .derive(List.of(num(TeeAttr.DH_PUBLIC_VALUE, r.get("YstatCAVS"))), out);
                z = AsymTestSupport.secret(out);
            } catch (TeeException | TaPanic e) {
                assertFalse(pass, r + ": " + e);
            }
            if (z != null) {
                assertEquals(pass, Arrays.equals(AsymTestSupport.hexInt(r.get("Z")), z), r::toString);
            }
            run++;
        }
        assertTrue(run > 0);
    }

    /** RFC 5114 §2.1's 1024-bit group with its 160-bit subgroup. */
    static final String P = "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C0"
            + "13ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371";
    static final String G = "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213"
            + "160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5";
    static final String Q = "F518AA8781A8DF278ABA4E7D64B7CB9D49462353";

    @Test
    void dsa_generatedKey_signsRawRAndSOfQSize_andChecksDigestLengths() throws TeeException {
        Map<Integer, Attribute> attrs = KeyGenerators.generate(TeeType.DSA_KEYPAIR, 1024,
                List.of(buf(TeeAttr.DSA_PRIME, P), buf(TeeAttr.DSA_SUBPRIME, Q), buf(TeeAttr.DSA_BASE, G)));
        TransientObject kp = TransientObject.allocate(TeeType.DSA_KEYPAIR, 1024);
        kp.install(attrs, 1024);
        byte[] digest = new byte[20];
        Arrays.fill(digest, (byte) 7);
        AsymmetricEngine signer = AsymTestSupport.engine(TeeAlg.DSA_SHA1, TeeCrypto.MODE_SIGN, kp);
        byte[] sig = signer.sign(List.of(), digest);
        assertEquals(40, sig.length);
        assertEquals(40, signer.signatureLength());
        AsymmetricEngine verifier = AsymTestSupport.engine(TeeAlg.DSA_SHA1, TeeCrypto.MODE_VERIFY, kp);
        assertTrue(verifier.verify(List.of(), digest, sig));
        assertFalse(verifier.verify(List.of(), digest, Arrays.copyOf(sig, 39)), "wrong length is just invalid");
        TaPanic p = assertThrows(TaPanic.class, () -> signer.sign(List.of(), new byte[19]));
        assertEquals(TeeResult.SECURITY, p.code());
        assertThrows(TaPanic.class, () -> verifier.verify(List.of(), new byte[21], sig));
        AsymmetricEngine sha256 = AsymTestSupport.engine(TeeAlg.DSA_SHA256, TeeCrypto.MODE_SIGN, kp);
        byte[] truncated = sha256.sign(List.of(), Arrays.copyOf(digest, 20));
        assertTrue(AsymTestSupport.engine(TeeAlg.DSA_SHA256, TeeCrypto.MODE_VERIFY, kp).verify(List.of(), digest, truncated),
                "a 160-bit q takes SHA-256 digests cut to 20 bytes");
    }

    @Test
    void dh_generatedKeys_agree_andSecretHasNoLeadingZeros() throws TeeException {
        List<Attribute> domain = List.of(buf(TeeAttr.DH_PRIME, P), buf(TeeAttr.DH_BASE, G), buf(TeeAttr.DH_SUBPRIME, Q),
                val(TeeAttr.DH_X_BITS, 150));
        TransientObject a = TransientObject.allocate(TeeType.DH_KEYPAIR, 1024);
        a.install(KeyGenerators.generate(TeeType.DH_KEYPAIR, 1024, domain), 1024);
        TransientObject b = TransientObject.allocate(TeeType.DH_KEYPAIR, 1024);
        b.install(KeyGenerators.generate(TeeType.DH_KEYPAIR, 1024, domain), 1024);
        assertEquals(150, new BigInteger(1, a.buffer(TeeAttr.DH_PRIVATE_VALUE)).bitLength());
        assertEquals(150, a.value(TeeAttr.DH_X_BITS).a());
        TransientObject sa = AsymTestSupport.secretObject();
        TransientObject sb = AsymTestSupport.secretObject();
        AsymTestSupport.engine(TeeAlg.DH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, a)
                .derive(List.of(Attribute.ref(TeeAttr.DH_PUBLIC_VALUE, b.buffer(TeeAttr.DH_PUBLIC_VALUE))), sa);
        AsymTestSupport.engine(TeeAlg.DH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, b)
                .derive(List.of(Attribute.ref(TeeAttr.DH_PUBLIC_VALUE, a.buffer(TeeAttr.DH_PUBLIC_VALUE))), sb);
        assertArrayEquals(AsymTestSupport.secret(sa), AsymTestSupport.secret(sb));
        assertTrue(AsymTestSupport.secret(sa)[0] != 0);
    }

    @Test
    void dh_degeneratePeerValue_panics() throws TeeException {
        TransientObject a = TransientObject.allocate(TeeType.DH_KEYPAIR, 1024);
        a.install(KeyGenerators.generate(TeeType.DH_KEYPAIR, 1024, List.of(buf(TeeAttr.DH_PRIME, P), buf(TeeAttr.DH_BASE, G))), 1024);
        AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.DH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, a);
        for (byte[] y : List.of(new byte[] {1}, new byte[0], EngineSupport.minimal(new BigInteger(P, 16).subtract(BigInteger.ONE)))) {
            TaPanic p = assertThrows(TaPanic.class, () -> e.derive(List.of(Attribute.ref(TeeAttr.DH_PUBLIC_VALUE, y)),
                    AsymTestSupport.secretObject()));
            assertEquals(TeeResult.BAD_PARAMETERS, p.code());
        }
    }

    @Test
    void dhAndDsaKeyGeneration_sizeNotMatchingPrime_isBadParameters() {
        TeeException e = assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.DH_KEYPAIR, 2048,
                List.of(buf(TeeAttr.DH_PRIME, P), buf(TeeAttr.DH_BASE, G))));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
        e = assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.DSA_KEYPAIR, 1024, List.of(buf(TeeAttr.DSA_PRIME, P))));
        assertEquals(TeeResult.BAD_PARAMETERS, e.result());
    }
}
