package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.hexInt;
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

import org.bouncycastle.math.ec.ECPoint;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ECDSA and ECDH on the NIST curves against published vectors: Wycheproof ECDSA in IEEE P1363
 * form (GP's raw r ‖ s) and ECDH with uncompressed points (GP's x, y input), NIST CAVP FIPS 186-3
 * ECDSA SigVer and SigGen (the published signatures verify) and the SP 800-56A KAS ECC ZZ-only
 * validity files.
 */
class EcVectorsTest {

    static int curveId(String name) {
        return switch (name) {
            case "secp192r1", "P-192" -> TeeCurve.NIST_P192;
            case "secp224r1", "P-224" -> TeeCurve.NIST_P224;
            case "secp256r1", "P-256" -> TeeCurve.NIST_P256;
            case "secp384r1", "P-384" -> TeeCurve.NIST_P384;
            case "secp521r1", "P-521" -> TeeCurve.NIST_P521;
            default -> TeeCurve.NONE;
        };
    }

    static TransientObject publicKey(int curve, String x, String y) throws TeeException {
        return key(TeeType.ECDSA_PUBLIC_KEY, EcCurves.nist(curve).bits(), num(TeeAttr.ECC_PUBLIC_VALUE_X, x),
                num(TeeAttr.ECC_PUBLIC_VALUE_Y, y), val(TeeAttr.ECC_CURVE, curve));
    }

    /** A key pair of {@code type} from the private value alone (the public point computed). */
    static TransientObject keyPair(int type, int curve, String d) throws TeeException {
        EcCurves.Curve c = EcCurves.nist(curve);
        ECPoint q = c.domain().getG().multiply(new BigInteger(d, 16)).normalize();
        return key(type, c.bits(), num(TeeAttr.ECC_PRIVATE_VALUE, d),
                Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, EngineSupport.minimal(q.getAffineXCoord().toBigInteger())),
                Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, EngineSupport.minimal(q.getAffineYCoord().toBigInteger())),
                val(TeeAttr.ECC_CURVE, curve));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa_secp192r1_sha256_p1363_test.json", "ecdsa_secp224r1_sha224_p1363_test.json",
        "ecdsa_secp224r1_sha256_p1363_test.json", "ecdsa_secp224r1_sha512_p1363_test.json",
        "ecdsa_secp256r1_sha256_p1363_test.json", "ecdsa_secp256r1_sha512_p1363_test.json",
        "ecdsa_secp384r1_sha384_p1363_test.json", "ecdsa_secp384r1_sha512_p1363_test.json",
        "ecdsa_secp521r1_sha512_p1363_test.json"})
    @SuppressWarnings("unchecked")
    void ecdsaVerify_wycheproofP1363_matchesEveryVerdict(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            Map<String, Object> pk = c.groupMap("publicKey");
            int curve = curveId((String) pk.get("curve"));
            AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY,
                    publicKey(curve, (String) pk.get("wx"), (String) pk.get("wy")));
            boolean ok = e.verify(List.of(), AsymTestSupport.hash(c.s("sha"), c.hex("msg")), c.hex("sig"));
            if (!c.acceptable()) {
                assertEquals(c.valid(), ok, c::toString);
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"asymmetric/ECDSA/FIPS_186-3/SigVer.rsp", "asymmetric/ECDSA/FIPS_186-3/SigGen.txt"})
    void ecdsaVerify_cavp_matchesEveryResult(String file) throws TeeException {
        int run = 0;
        for (Map<String, String> r : AsymTestSupport.rsp(file, file.contains("SigVer") ? "Result" : "S")) {
            String[] section = r.get("section").split(",");
            int curve = curveId(section[0]);
            if (curve == TeeCurve.NONE) {
                continue;
            }
            boolean expected = !r.containsKey("Result") || r.get("Result").startsWith("P");
            byte[] digest = AsymTestSupport.hash(section[1], VectorFiles.hex(r.get("Msg")));
            int half = EcCurves.nist(curve).bytes();
            byte[] sig = EngineSupport.rawSignature(new BigInteger(r.get("R"), 16), new BigInteger(r.get("S"), 16), half);
            boolean ok;
            try {
                ok = AsymTestSupport.engine(TeeAlg.ECDSA_SHA256, TeeCrypto.MODE_VERIFY, publicKey(curve, r.get("Qx"), r.get("Qy")))
                        .verify(List.of(), digest, sig);
            } catch (TeeException e) {
                ok = false;
            }
            assertEquals(expected, ok, r::toString);
            run++;
        }
        assertTrue(run > 0, file);
    }

    /** Uncompressed 04 ‖ x ‖ y of the right length as {x, y}, or null. */
    static byte[][] uncompressed(byte[] point, int bytes) {
        if (point.length != 1 + 2 * bytes || point[0] != 0x04) {
            return null;
        }
        return new byte[][] {Arrays.copyOfRange(point, 1, 1 + bytes), Arrays.copyOfRange(point, 1 + bytes, point.length)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdh_secp224r1_ecpoint_test.json", "ecdh_secp256r1_ecpoint_test.json",
        "ecdh_secp384r1_ecpoint_test.json", "ecdh_secp521r1_ecpoint_test.json"})
    void ecdh_wycheproofEcpoint_sharedXOrPanicOnInvalidPoint(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            int curve = curveId(c.s("curve"));
            byte[][] xy = uncompressed(c.hex("public"), EcCurves.nist(curve).bytes());
            if (xy == null) {
                continue;
            }
            AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE,
                    keyPair(TeeType.ECDH_KEYPAIR, curve, c.s("private")));
            List<Attribute> params = List.of(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, xy[0]),
                    Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, xy[1]));
            TransientObject out = AsymTestSupport.secretObject();
            if (c.valid() || c.acceptable()) {
                e.derive(params, out);
                assertArrayEquals(c.hex("shared"), AsymTestSupport.secret(out), c::toString);
            } else {
                TaPanic p = assertThrows(TaPanic.class, () -> e.derive(params, out), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, p.code());
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"asymmetric/ECDH/KASValidityTest_ECCStaticUnified_NOKC_ZZOnly_init.fax",
        "asymmetric/ECDH/KASValidityTest_ECCStaticUnified_NOKC_ZZOnly_resp.fax"})
    void ecdh_cavpKasValidity_passesAndRejectsAsPublished(String file) throws TeeException {
        int run = 0;
        String[] curves = {"P-192", "P-224", "P-256", "P-384", "P-521"};
        for (Map<String, String> r : AsymTestSupport.rsp(file, "Result")) {
            int curve = curveId(curves[r.get("section").charAt(1) - 'A']);
            boolean pass = r.get("Result").startsWith("P");
            byte[] z = null;
            try {
                EcCurves.Curve cv = EcCurves.nist(curve);
                TransientObject own = key(TeeType.ECDH_KEYPAIR, cv.bits(), num(TeeAttr.ECC_PRIVATE_VALUE, r.get("dsIUT")),
                        num(TeeAttr.ECC_PUBLIC_VALUE_X, r.get("QsIUTx")), num(TeeAttr.ECC_PUBLIC_VALUE_Y, r.get("QsIUTy")),
                        val(TeeAttr.ECC_CURVE, curve));
                AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, own);
                TransientObject out = AsymTestSupport.secretObject();
                e.derive(List.of(num(TeeAttr.ECC_PUBLIC_VALUE_X, r.get("QsCAVSx")), num(TeeAttr.ECC_PUBLIC_VALUE_Y, r.get("QsCAVSy"))),
                        out);
                z = AsymTestSupport.secret(out);
            } catch (TeeException | TaPanic e) {
                assertFalse(pass, r + ": " + e);
            }
            if (z != null) {
                assertEquals(pass, Arrays.equals(VectorFiles.hex(r.get("Z")), z), r::toString);
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @ValueSource(ints = {TeeCurve.NIST_P192, TeeCurve.NIST_P224, TeeCurve.NIST_P256, TeeCurve.NIST_P384, TeeCurve.NIST_P521})
    void ecdsa_signatureIsRawRAndSOfTheCurveSize_andVerifies(int curve) throws TeeException {
        int bits = EcCurves.nist(curve).bits();
        TransientObject kp = generated(TeeType.ECDSA_KEYPAIR, curve, bits);
        byte[] digest = new byte[64];
        Arrays.fill(digest, (byte) 0x5A);
        AsymmetricEngine signer = AsymTestSupport.engine(TeeAlg.ECDSA_SHA512, TeeCrypto.MODE_SIGN, kp);
        byte[] sig = signer.sign(List.of(), digest);
        int half = (bits + 7) / 8;
        assertEquals(2 * half, sig.length);
        assertEquals(2 * half, signer.signatureLength());
        AsymmetricEngine verifier = AsymTestSupport.engine(TeeAlg.ECDSA_SHA512, TeeCrypto.MODE_VERIFY, kp);
        assertTrue(verifier.verify(List.of(), digest, sig));
        BigInteger n = EcCurves.nist(curve).domain().getN();
        BigInteger r = new BigInteger(1, Arrays.copyOf(sig, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, half, 2 * half));
        assertTrue(r.signum() > 0 && r.compareTo(n) < 0 && s.signum() > 0 && s.compareTo(n) < 0);
        assertFalse(verifier.verify(List.of(), digest, Arrays.copyOf(sig, sig.length - 1)), "short signature");
        assertFalse(verifier.verify(List.of(), digest, Arrays.copyOf(sig, sig.length + 1)), "long signature");
        sig[half] ^= 1;
        assertFalse(verifier.verify(List.of(), digest, sig), "tampered s");
    }

    @Test
    void ecdsa_optee11IdentifierOnItsCurve_signsAndVerifies() throws TeeException {
        TransientObject kp = generated(TeeType.ECDSA_KEYPAIR, TeeCurve.NIST_P224, 224);
        byte[] digest = new byte[28];
        byte[] sig = AsymTestSupport.engine(TeeAlg.OPTEE_ECDSA_P224, TeeCrypto.MODE_SIGN, kp).sign(List.of(), digest);
        assertTrue(AsymTestSupport.engine(TeeAlg.OPTEE_ECDSA_P224, TeeCrypto.MODE_VERIFY, kp).verify(List.of(), digest, sig));
    }

    @Test
    void ecdh_offCurvePoint_panicsWithBadParameters() throws TeeException {
        TransientObject kp = generated(TeeType.ECDH_KEYPAIR, TeeCurve.NIST_P256, 256);
        AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.OPTEE_ECDH_P256, TeeCrypto.MODE_DERIVE, kp);
        byte[] x = kp.buffer(TeeAttr.ECC_PUBLIC_VALUE_X);
        byte[] y = kp.buffer(TeeAttr.ECC_PUBLIC_VALUE_Y).clone();
        y[y.length - 1] ^= 1;
        List<Attribute> params = List.of(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, x), Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, y));
        TaPanic p = assertThrows(TaPanic.class, () -> e.derive(params, AsymTestSupport.secretObject()));
        assertEquals(TeeResult.BAD_PARAMETERS, p.code());
        assertThrows(TaPanic.class, () -> e.derive(List.of(params.get(0)), AsymTestSupport.secretObject()), "y missing");
    }

    @Test
    void ecdh_bothSides_agreeOnTheFullLengthX() throws TeeException {
        TransientObject a = generated(TeeType.ECDH_KEYPAIR, TeeCurve.NIST_P521, 521);
        TransientObject b = generated(TeeType.ECDH_KEYPAIR, TeeCurve.NIST_P521, 521);
        TransientObject sa = AsymTestSupport.secretObject();
        TransientObject sb = AsymTestSupport.secretObject();
        AsymTestSupport.engine(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, a).derive(publicOf(b), sa);
        AsymTestSupport.engine(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, b).derive(publicOf(a), sb);
        assertArrayEquals(AsymTestSupport.secret(sa), AsymTestSupport.secret(sb));
        assertEquals(66, AsymTestSupport.secret(sa).length);
        assertEquals(66 * 8, sa.keySize());
    }

    static List<Attribute> publicOf(TransientObject k) {
        return List.of(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, k.buffer(TeeAttr.ECC_PUBLIC_VALUE_X)),
                Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, k.buffer(TeeAttr.ECC_PUBLIC_VALUE_Y)));
    }

    static TransientObject generated(int type, int curve, int bits) throws TeeException {
        Map<Integer, Attribute> attrs = KeyGenerators.generate(type, bits, List.of(val(TeeAttr.ECC_CURVE, curve)));
        TransientObject o = TransientObject.allocate(type, bits);
        o.install(attrs, bits);
        return o;
    }

    @Test
    void hexIntHelper_dropsLeadingZeros() {
        assertArrayEquals(new byte[] {1}, hexInt("0001"));
    }
}
