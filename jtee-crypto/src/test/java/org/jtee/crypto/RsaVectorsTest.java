package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.buf;
import static org.jtee.crypto.AsymTestSupport.key;
import static org.jtee.crypto.AsymTestSupport.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RSA engines against published vectors: Wycheproof (PKCS#1 v1.5 and PSS verification,
 * PKCS#1 v1.5 signature generation with n, e, d keys, PKCS#1 v1.5 and OAEP decryption, valid
 * and invalid alike) and NIST CAVP FIPS 186-3 SigVer (PKCS#1 v1.5 and PSS). Vectors whose hash
 * GP has no algorithm for (SHA-512/224, SHA-512/256, SHAKE) or whose MGF1 hash differs from the
 * PSS hash (GP ties them) are skipped, as are keys over OP-TEE's 4096 bits; each file must
 * yield tests.
 */
class RsaVectorsTest {

    static Stream<String> files(String prefix) throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(VectorFiles.wycheproof("x25519_test.json").getParent())) {
            List<String> names = new ArrayList<>();
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().forEach(names::add);
            return names.stream();
        }
    }

    static Stream<String> signatureFiles() throws IOException {
        return files("rsa_signature_");
    }

    static Stream<String> pssFiles() throws IOException {
        return files("rsa_pss_");
    }

    static Stream<String> oaepFiles() throws IOException {
        return files("rsa_oaep_");
    }

    static Stream<String> sigGenFiles() throws IOException {
        return files("rsa_pkcs1_").filter(n -> n.contains("sig_gen"));
    }

    /** GP's hash for a Wycheproof/CAVP name, or null. */
    static HashSpec hash(String name) {
        return switch (name.replace("-", "")) {
            case "SHA1" -> HashSpec.SHA1;
            case "SHA224" -> HashSpec.SHA224;
            case "SHA256" -> HashSpec.SHA256;
            case "SHA384" -> HashSpec.SHA384;
            case "SHA512" -> HashSpec.SHA512;
            case "SHA3224" -> HashSpec.SHA3_224;
            case "SHA3256" -> HashSpec.SHA3_256;
            case "SHA3384" -> HashSpec.SHA3_384;
            case "SHA3512" -> HashSpec.SHA3_512;
            default -> null;
        };
    }

    static int pkcs1SignatureAlgorithm(HashSpec h) {
        return switch (h) {
            case SHA1 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA1;
            case SHA224 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA224;
            case SHA256 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA256;
            case SHA384 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA384;
            case SHA512 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA512;
            case SHA3_224 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA3_224;
            case SHA3_256 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA3_256;
            case SHA3_384 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA3_384;
            case SHA3_512 -> TeeAlg.RSASSA_PKCS1_V1_5_SHA3_512;
            default -> throw new IllegalArgumentException(h.name());
        };
    }

    static int pssAlgorithm(HashSpec h) {
        return switch (h) {
            case SHA1 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA1;
            case SHA224 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA224;
            case SHA256 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA256;
            case SHA384 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA384;
            case SHA512 -> TeeAlg.RSASSA_PKCS1_PSS_MGF1_SHA512;
            default -> throw new IllegalArgumentException(h.name());
        };
    }

    static int oaepAlgorithm(HashSpec h) {
        return switch (h) {
            case SHA1 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA1;
            case SHA224 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA224;
            case SHA256 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA256;
            case SHA384 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA384;
            case SHA512 -> TeeAlg.RSAES_PKCS1_OAEP_MGF1_SHA512;
            default -> throw new IllegalArgumentException(h.name());
        };
    }

    @SuppressWarnings("unchecked")
    static TransientObject publicKey(AsymTestSupport.Case c) throws TeeException {
        Map<String, Object> pk = c.groupMap("publicKey");
        String n = pk != null ? (String) pk.get("modulus") : c.s("n");
        String e = pk != null ? (String) pk.get("publicExponent") : c.s("e");
        return key(TeeType.RSA_PUBLIC_KEY, 4096, num(TeeAttr.RSA_MODULUS, n), num(TeeAttr.RSA_PUBLIC_EXPONENT, e));
    }

    /** The Wycheproof private key, with its CRT parts only if it has them. */
    static TransientObject privateKey(AsymTestSupport.Case c) throws TeeException {
        Map<String, Object> k = c.groupMap("privateKey");
        List<Attribute> attrs = new ArrayList<>(List.of(num(TeeAttr.RSA_MODULUS, (String) k.get("modulus")),
                num(TeeAttr.RSA_PUBLIC_EXPONENT, (String) k.get("publicExponent")),
                num(TeeAttr.RSA_PRIVATE_EXPONENT, (String) k.get("privateExponent"))));
        if (k.containsKey("prime1")) {
            attrs.add(num(TeeAttr.RSA_PRIME1, (String) k.get("prime1")));
            attrs.add(num(TeeAttr.RSA_PRIME2, (String) k.get("prime2")));
            attrs.add(num(TeeAttr.RSA_EXPONENT1, (String) k.get("exponent1")));
            attrs.add(num(TeeAttr.RSA_EXPONENT2, (String) k.get("exponent2")));
            attrs.add(num(TeeAttr.RSA_COEFFICIENT, (String) k.get("coefficient")));
        }
        return key(TeeType.RSA_KEYPAIR, 4096, attrs.toArray(Attribute[]::new));
    }

    private static void checkVerdict(AsymTestSupport.Case c, boolean verdict) {
        if (!c.acceptable()) {
            assertEquals(c.valid(), verdict, c::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("signatureFiles")
    void pkcs1Verify_wycheproof_matchesEveryVerdict(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            HashSpec h = hash(c.s("sha"));
            AsymmetricEngine e = AsymTestSupport.engine(pkcs1SignatureAlgorithm(h), TeeCrypto.MODE_VERIFY, publicKey(c));
            byte[] digest = AsymTestSupport.hash(c.s("sha"), c.hex("msg"));
            checkVerdict(c, e.verify(List.of(), digest, c.hex("sig")));
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @MethodSource("sigGenFiles")
    void pkcs1Sign_wycheproofKeysWithoutCrt_giveThePublishedSignature(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            HashSpec h = hash(c.s("sha"));
            byte[] digest = AsymTestSupport.hash(c.s("sha"), c.hex("msg"));
            TransientObject k = privateKey(c);
            assertTrue(!k.has(TeeAttr.RSA_PRIME1), "sig_gen keys have only n, e, d");
            byte[] sig = AsymTestSupport.engine(pkcs1SignatureAlgorithm(h), TeeCrypto.MODE_SIGN, k).sign(List.of(), digest);
            if (c.valid() || c.acceptable()) {
                assertArrayEquals(c.hex("sig"), sig, c::toString);
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa_pkcs1_2048_test.json", "rsa_pkcs1_3072_test.json", "rsa_pkcs1_4096_test.json"})
    void pkcs1Decrypt_wycheproof_validDecryptsInvalidIsBadParameters(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.RSAES_PKCS1_V1_5, TeeCrypto.MODE_DECRYPT, privateKey(c));
            if (c.valid()) {
                assertArrayEquals(c.hex("msg"), e.decrypt(List.of(), c.hex("ct")), c::toString);
            } else {
                TeeException x = assertThrows(TeeException.class, () -> e.decrypt(List.of(), c.hex("ct")), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, x.result());
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @MethodSource("pssFiles")
    void pssVerify_wycheproof_matchesEveryVerdictGpCanExpress(String file) throws TeeException {
        int run = 0;
        int skipped = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            HashSpec h = hash(c.s("sha"));
            if (h == null || !c.s("sha").equals(c.s("mgfSha"))) {
                skipped++;
                continue;
            }
            AsymmetricEngine e = AsymTestSupport.engine(pssAlgorithm(h), TeeCrypto.MODE_VERIFY, publicKey(c));
            List<Attribute> params = List.of(Attribute.value(TeeAttr.RSA_PSS_SALT_LENGTH, c.intOf("sLen"), 0));
            checkVerdict(c, e.verify(params, AsymTestSupport.hash(c.s("sha"), c.hex("msg")), c.hex("sig")));
            run++;
        }
        assertTrue(run > 0 || file.contains("shake") || file.contains("sha512_2") || file.contains("mgf1sha"),
                file + ": " + skipped + " skipped");
    }

    @ParameterizedTest
    @MethodSource("oaepFiles")
    void oaepDecrypt_wycheproof_withMgfHashAttribute(String file) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            HashSpec h = hash(c.s("sha"));
            HashSpec mgf = hash(c.s("mgfSha"));
            if (h == null || mgf == null || c.intOf("keySize") > RsaKeyGen.MAX_BITS) {
                continue;
            }
            AsymmetricEngine e = AsymTestSupport.engine(oaepAlgorithm(h), TeeCrypto.MODE_DECRYPT, privateKey(c));
            List<Attribute> params = new ArrayList<>();
            params.add(buf(TeeAttr.RSA_OAEP_LABEL, c.hex("label")));
            if (mgf != h) {
                int id = mgf.teeId();
                params.add(buf(TeeAttr.RSA_OAEP_MGF_HASH, new byte[] {(byte) id, (byte) (id >>> 8), (byte) (id >>> 16), (byte) (id >>> 24)}));
            }
            if (c.valid() || c.acceptable()) {
                assertArrayEquals(c.hex("msg"), e.decrypt(params, c.hex("ct")), c::toString);
            } else {
                TeeException x = assertThrows(TeeException.class, () -> e.decrypt(params, c.hex("ct")), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, x.result());
            }
            run++;
        }
        assertTrue(run > 0 || file.contains("sha512_2"), file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"asymmetric/RSA/FIPS_186-2/SigVer15_186-3.rsp", "asymmetric/RSA/FIPS_186-2/SigVerPSS_186-3.rsp"})
    void sigVer_cavp_matchesEveryResult(String file) throws TeeException {
        boolean pss = file.contains("PSS");
        int run = 0;
        for (Map<String, String> r : AsymTestSupport.rsp(file, "Result")) {
            HashSpec h = hash(r.get("SHAAlg"));
            TransientObject k = key(TeeType.RSA_PUBLIC_KEY, 4096, num(TeeAttr.RSA_MODULUS, r.get("n")),
                    num(TeeAttr.RSA_PUBLIC_EXPONENT, r.get("e")));
            int alg = pss ? pssAlgorithm(h) : pkcs1SignatureAlgorithm(h);
            List<Attribute> params = pss ? List.of(Attribute.value(TeeAttr.RSA_PSS_SALT_LENGTH, r.get("SaltVal").length() / 2, 0))
                    : List.of();
            boolean ok = AsymTestSupport.engine(alg, TeeCrypto.MODE_VERIFY, k)
                    .verify(params, AsymTestSupport.hash(r.get("SHAAlg"), VectorFiles.hex(r.get("Msg"))), VectorFiles.hex(r.get("S")));
            assertEquals(r.get("Result").startsWith("P"), ok, r::toString);
            run++;
        }
        assertTrue(run > 0, file);
    }
}
