package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.buf;
import static org.jtee.crypto.AsymTestSupport.key;
import static org.jtee.crypto.AsymTestSupport.val;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * The key derivations against published vectors: Wycheproof HKDF and PBKDF2, RFC 5869 (HKDF),
 * RFC 6070 (PBKDF2-HMAC-SHA1) and the NIST CAVP SP 800-56A KAS ECC validity file with the
 * concatenation KDF (Z and OtherInfo to DKM). PBKDF2 vectors of more than 100,000 iterations
 * (RFC 6070's 16,777,216) are left out for time.
 */
class KdfVectorsTest {
    private static final int MAX_ITERATIONS = 100_000;

    static int hkdfAlgorithm(HashSpec h) {
        return switch (h) {
            case SHA1 -> TeeAlg.HKDF_SHA1_DERIVE_KEY;
            case SHA224 -> TeeAlg.HKDF_SHA224_DERIVE_KEY;
            case SHA256 -> TeeAlg.HKDF_SHA256_DERIVE_KEY;
            case SHA384 -> TeeAlg.HKDF_SHA384_DERIVE_KEY;
            case SHA512 -> TeeAlg.HKDF_SHA512_DERIVE_KEY;
            default -> throw new IllegalArgumentException(h.name());
        };
    }

    static int pbkdf2Algorithm(HashSpec h) {
        return switch (h) {
            case SHA1 -> TeeAlg.PBKDF2_HMAC_SHA1_DERIVE_KEY;
            case SHA224 -> TeeAlg.PBKDF2_HMAC_SHA224_DERIVE_KEY;
            case SHA256 -> TeeAlg.PBKDF2_HMAC_SHA256_DERIVE_KEY;
            case SHA384 -> TeeAlg.PBKDF2_HMAC_SHA384_DERIVE_KEY;
            case SHA512 -> TeeAlg.PBKDF2_HMAC_SHA512_DERIVE_KEY;
            default -> throw new IllegalArgumentException(h.name());
        };
    }

    static int concatAlgorithm(HashSpec h) {
        return switch (h) {
            case SHA1 -> TeeAlg.CONCAT_KDF_SHA1_DERIVE_KEY;
            case SHA224 -> TeeAlg.CONCAT_KDF_SHA224_DERIVE_KEY;
            case SHA256 -> TeeAlg.CONCAT_KDF_SHA256_DERIVE_KEY;
            case SHA384 -> TeeAlg.CONCAT_KDF_SHA384_DERIVE_KEY;
            case SHA512 -> TeeAlg.CONCAT_KDF_SHA512_DERIVE_KEY;
            default -> throw new IllegalArgumentException(h.name());
        };
    }

    /** OP-TEE's HKDF_*_DERIVE_KEY with an HKDF_IKM key. */
    static byte[] hkdf(HashSpec h, byte[] ikm, byte[] salt, byte[] info, int length) throws TeeException {
        TransientObject k = key(TeeType.HKDF_IKM, 4096, buf(TeeAttr.HKDF_IKM, ikm));
        TransientObject out = AsymTestSupport.secretObject();
        AsymTestSupport.engine(hkdfAlgorithm(h), TeeCrypto.MODE_DERIVE, k).derive(List.of(buf(TeeAttr.OPTEE_HKDF_SALT, salt),
                buf(TeeAttr.OPTEE_HKDF_INFO, info), val(TeeAttr.HKDF_OKM_LENGTH, length)), out);
        return AsymTestSupport.secret(out);
    }

    /** GP 1.3.1's TEE_ALG_HKDF with a GENERIC_SECRET key and the hash as an attribute. */
    static byte[] gpHkdf(HashSpec h, byte[] ikm, byte[] salt, byte[] info, int length) throws TeeException {
        TransientObject k = key(TeeType.GENERIC_SECRET, 4096, buf(TeeAttr.SECRET_VALUE, ikm));
        TransientObject out = AsymTestSupport.secretObject();
        AsymTestSupport.engine(TeeAlg.HKDF, TeeCrypto.MODE_DERIVE, k).derive(List.of(buf(TeeAttr.HKDF_SALT, salt),
                buf(TeeAttr.HKDF_INFO, info), val(TeeAttr.KDF_KEY_SIZE, length), val(TeeAttr.HKDF_HASH_ALGORITHM, h.teeId())), out);
        return AsymTestSupport.secret(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hkdf_sha1_test.json", "hkdf_sha256_test.json", "hkdf_sha384_test.json", "hkdf_sha512_test.json"})
    void hkdf_wycheproof_bothAlgorithmFamilies(String file) throws TeeException {
        HashSpec h = RsaVectorsTest.hash(file.substring(5, file.indexOf("_test")).toUpperCase());
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            int size = c.intOf("size");
            if (c.valid() && size <= EngineSupport.MAX_DERIVED_BYTES) {
                assertArrayEquals(c.hex("okm"), hkdf(h, c.hex("ikm"), c.hex("salt"), c.hex("info"), size), c::toString);
                assertArrayEquals(c.hex("okm"), gpHkdf(h, c.hex("ikm"), c.hex("salt"), c.hex("info"), size), c::toString);
            } else {
                TaPanic p = assertThrows(TaPanic.class, () -> hkdf(h, c.hex("ikm"), c.hex("salt"), c.hex("info"), size), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, p.code());
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KDF/rfc-5869-HKDF-SHA1.txt", "KDF/rfc-5869-HKDF-SHA256.txt"})
    void hkdf_rfc5869(String file) throws TeeException {
        int run = 0;
        for (Map<String, String> r : AsymTestSupport.rsp(file, "OKM")) {
            HashSpec h = RsaVectorsTest.hash(r.get("Hash"));
            byte[] salt = r.containsKey("salt") ? VectorFiles.hex(r.get("salt")) : new byte[0];
            byte[] info = r.containsKey("info") ? VectorFiles.hex(r.get("info")) : new byte[0];
            assertArrayEquals(VectorFiles.hex(r.get("OKM")), hkdf(h, VectorFiles.hex(r.get("IKM")), salt, info,
                    Integer.parseInt(r.get("L"))), r::toString);
            run++;
        }
        assertTrue(run > 0, file);
    }

    static byte[] pbkdf2(HashSpec h, byte[] password, byte[] salt, int iterations, int length) throws TeeException {
        TransientObject k = key(TeeType.PBKDF2_PASSWORD, 4096, buf(TeeAttr.PBKDF2_PASSWORD, password));
        TransientObject out = AsymTestSupport.secretObject();
        AsymTestSupport.engine(pbkdf2Algorithm(h), TeeCrypto.MODE_DERIVE, k).derive(List.of(buf(TeeAttr.PBKDF2_SALT, salt),
                val(TeeAttr.PBKDF2_ITERATION_COUNT, iterations), val(TeeAttr.PBKDF2_DKM_LENGTH, length)), out);
        return AsymTestSupport.secret(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pbkdf2_hmacsha1_test.json", "pbkdf2_hmacsha224_test.json", "pbkdf2_hmacsha256_test.json",
        "pbkdf2_hmacsha384_test.json", "pbkdf2_hmacsha512_test.json"})
    void pbkdf2_wycheproof(String file) throws TeeException {
        HashSpec h = RsaVectorsTest.hash(file.substring(11, file.indexOf("_test")).toUpperCase());
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            if (c.intOf("iterationCount") > MAX_ITERATIONS) {
                continue;
            }
            assertTrue(c.valid(), "Wycheproof's PBKDF2 files hold valid vectors only");
            assertArrayEquals(c.hex("dk"), pbkdf2(h, c.hex("password"), c.hex("salt"), c.intOf("iterationCount"), c.intOf("dkLen")),
                    c::toString);
            run++;
        }
        assertTrue(run > 0, file);
    }

    @Test
    void pbkdf2_rfc6070() throws TeeException {
        int run = 0;
        for (Map<String, String> r : AsymTestSupport.rsp("KDF/rfc-6070-PBKDF2-SHA1.txt", "DERIVED_KEY")) {
            int iterations = Integer.parseInt(r.get("ITERATIONS"));
            if (iterations > MAX_ITERATIONS) {
                continue;
            }
            byte[] password = r.get("PASSWORD").replace("\\0", "\0").getBytes(StandardCharsets.US_ASCII);
            byte[] salt = r.get("SALT").replace("\\0", "\0").getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(VectorFiles.hex(r.get("DERIVED_KEY")),
                    pbkdf2(HashSpec.SHA1, password, salt, iterations, Integer.parseInt(r.get("LENGTH"))), r::toString);
            run++;
        }
        assertTrue(run > 0);
    }

    @Test
    void pbkdf2_missingOrZeroIterationCount_panics() throws TeeException {
        TransientObject k = key(TeeType.PBKDF2_PASSWORD, 4096, buf(TeeAttr.PBKDF2_PASSWORD, "70617373"));
        AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.PBKDF2_HMAC_SHA256_DERIVE_KEY, TeeCrypto.MODE_DERIVE, k);
        assertThrows(TaPanic.class, () -> e.derive(List.of(val(TeeAttr.PBKDF2_DKM_LENGTH, 16)), AsymTestSupport.secretObject()));
        assertThrows(TaPanic.class, () -> e.derive(List.of(val(TeeAttr.PBKDF2_DKM_LENGTH, 16), val(TeeAttr.PBKDF2_ITERATION_COUNT, 0)),
                AsymTestSupport.secretObject()));
    }

    @Test
    void concatKdf_cavpKasEccKdfConcat_zAndOtherInfoGiveTheDkm() throws TeeException {
        int run = 0;
        String[] shas = {"SHA224", "SHA256", "SHA384", "SHA512"};
        for (Map<String, String> r : AsymTestSupport.rsp("asymmetric/ECDH/KASValidityTest_ECCStaticUnified_KDFConcat_NOKC_init.fax",
                "Result")) {
            String section = r.get("section");
            String sha = Arrays.stream(shas).filter(section::endsWith).findFirst().orElseThrow();
            String result = r.get("Result");
            boolean macOnly = result.startsWith("P") || result.contains("Tag changed") || result.contains("MacData changed");
            boolean dkmWrong = result.contains("DKM changed") || result.contains("OI changed");
            if (!macOnly && !dkmWrong) {
                continue;
            }
            byte[] dkm = VectorFiles.hex(r.get("DKM"));
            TransientObject z = key(TeeType.CONCAT_KDF_Z, 4096, buf(TeeAttr.CONCAT_KDF_Z, r.get("Z")));
            TransientObject out = AsymTestSupport.secretObject();
            AsymTestSupport.engine(concatAlgorithm(RsaVectorsTest.hash(sha)), TeeCrypto.MODE_DERIVE, z).derive(
                    List.of(buf(TeeAttr.CONCAT_KDF_OTHER_INFO, r.get("OI")), val(TeeAttr.CONCAT_KDF_DKM_LENGTH, dkm.length)), out);
            if (macOnly) {
                assertArrayEquals(dkm, AsymTestSupport.secret(out), r::toString);
            } else {
                assertNotEquals(VectorFiles.hex(dkm), VectorFiles.hex(AsymTestSupport.secret(out)), r::toString);
            }
            run++;
        }
        assertTrue(run > 0);
    }

    @Test
    void kdfs_unknownParameterOrMissingLength_panicWithBadParameters() throws TeeException {
        TransientObject ikm = key(TeeType.HKDF_IKM, 4096, buf(TeeAttr.HKDF_IKM, "0b0b"));
        AsymmetricEngine hkdf = AsymTestSupport.engine(TeeAlg.HKDF_SHA256_DERIVE_KEY, TeeCrypto.MODE_DERIVE, ikm);
        List<List<Attribute>> bad = new ArrayList<>();
        bad.add(List.of(buf(TeeAttr.HKDF_SALT, "00")));
        bad.add(List.of(val(TeeAttr.HKDF_OKM_LENGTH, 16), buf(TeeAttr.PBKDF2_SALT, "00")));
        for (List<Attribute> params : bad) {
            TaPanic p = assertThrows(TaPanic.class, () -> hkdf.derive(params, AsymTestSupport.secretObject()));
            assertEquals(TeeResult.BAD_PARAMETERS, p.code());
        }
        TransientObject z = key(TeeType.CONCAT_KDF_Z, 4096, buf(TeeAttr.CONCAT_KDF_Z, "0b0b"));
        AsymmetricEngine concat = AsymTestSupport.engine(TeeAlg.CONCAT_KDF_SHA256_DERIVE_KEY, TeeCrypto.MODE_DERIVE, z);
        assertThrows(TaPanic.class, () -> concat.derive(List.of(buf(TeeAttr.CONCAT_KDF_OTHER_INFO, "00")), AsymTestSupport.secretObject()));
    }

    @Test
    void gpHkdf_defaultsToSha256_andSetsTheKeySize() throws TeeException {
        TransientObject k = key(TeeType.GENERIC_SECRET, 4096, buf(TeeAttr.SECRET_VALUE, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        TransientObject out = AsymTestSupport.secretObject();
        AsymTestSupport.engine(TeeAlg.HKDF, TeeCrypto.MODE_DERIVE, k).derive(List.of(buf(TeeAttr.HKDF_SALT, "000102030405060708090a0b0c"),
                buf(TeeAttr.HKDF_INFO, "f0f1f2f3f4f5f6f7f8f9"), val(TeeAttr.KDF_KEY_SIZE, 42)), out);
        assertArrayEquals(VectorFiles.hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                AsymTestSupport.secret(out), "RFC 5869 A.1");
        assertEquals(42 * 8, out.keySize());
    }
}
