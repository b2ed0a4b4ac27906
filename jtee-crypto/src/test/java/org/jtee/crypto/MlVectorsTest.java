package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.key;
import static org.jtee.crypto.AsymTestSupport.val;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ML-KEM and ML-DSA (jtee's extensions) against Wycheproof: ML-KEM key generation from seeds,
 * decapsulation (seed and expanded keys, with FIPS 203's input checks), deterministic
 * encapsulation and the modulus check; ML-DSA deterministic signing from seeds and from expanded
 * keys (exact signatures), hedged vectors verified, and verification with its invalid encodings,
 * contexts and key lengths. The "Internal" vectors (μ without a message) have no GP form and are
 * skipped.
 */
class MlVectorsTest {

    static int kemAlgorithm(int set) {
        return switch (set) {
            case 512 -> TeeAlg.ML_KEM_512;
            case 768 -> TeeAlg.ML_KEM_768;
            default -> TeeAlg.ML_KEM_1024;
        };
    }

    static int dsaAlgorithm(int set) {
        return switch (set) {
            case 44 -> TeeAlg.ML_DSA_44;
            case 65 -> TeeAlg.ML_DSA_65;
            default -> TeeAlg.ML_DSA_87;
        };
    }

    /** A key populated as a TA would (valid material). */
    static TransientObject kemKey(int set, Attribute... attrs) throws TeeException {
        return mlKey(false, TeeType.ML_KEM_PUBLIC_KEY, TeeType.ML_KEM_KEYPAIR, set, attrs);
    }

    /** A key installed without populate's checks (invalid material, for the engine's checks). */
    static TransientObject rawKemKey(int set, Attribute... attrs) throws TeeException {
        return mlKey(true, TeeType.ML_KEM_PUBLIC_KEY, TeeType.ML_KEM_KEYPAIR, set, attrs);
    }

    static TransientObject dsaKey(int set, Attribute... attrs) throws TeeException {
        return mlKey(false, TeeType.ML_DSA_PUBLIC_KEY, TeeType.ML_DSA_KEYPAIR, set, attrs);
    }

    static TransientObject rawDsaKey(int set, Attribute... attrs) throws TeeException {
        return mlKey(true, TeeType.ML_DSA_PUBLIC_KEY, TeeType.ML_DSA_KEYPAIR, set, attrs);
    }

    private static TransientObject mlKey(boolean raw, int publicType, int pairType, int set, Attribute... attrs) throws TeeException {
        List<Attribute> all = new ArrayList<>(List.of(val(TeeAttr.ML_PARAMETER_SET, set)));
        all.addAll(List.of(attrs));
        boolean pair = all.stream().anyMatch(a -> a.id() == TeeAttr.ML_SEED || a.id() == TeeAttr.ML_PRIVATE_KEY);
        Attribute[] array = all.toArray(Attribute[]::new);
        return raw ? AsymTestSupport.raw(pair ? pairType : publicType, set, array) : key(pair ? pairType : publicType, set, array);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 768, 1024})
    void mlkem_wycheproofSeedDecapsulation(int set) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("mlkem_" + set + "_test.json")) {
            if (c.valid()) {
                AsymmetricEngine e = AsymTestSupport.engine(kemAlgorithm(set), TeeCrypto.MODE_DECAPSULATE,
                        kemKey(set, Attribute.ref(TeeAttr.ML_SEED, c.hex("seed")), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("ek"))));
                TransientObject k = AsymTestSupport.secretObject();
                e.decapsulate(c.hex("c"), k);
                assertArrayEquals(c.hex("K"), AsymTestSupport.secret(k), c::toString);
                assertEquals(256, k.keySize());
            } else {
                TeeException x = assertThrows(TeeException.class, () -> AsymTestSupport.engine(kemAlgorithm(set),
                        TeeCrypto.MODE_DECAPSULATE, rawKemKey(set, Attribute.ref(TeeAttr.ML_SEED, c.hex("seed"))))
                        .decapsulate(c.hex("c"), AsymTestSupport.secretObject()), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, x.result());
            }
            run++;
        }
        assertTrue(run > 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 768, 1024})
    void mlkem_wycheproofKeygenSeed_expandsToThePublishedKeys(int set) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("mlkem_" + set + "_keygen_seed_test.json")) {
            AsymTestSupport.engine(kemAlgorithm(set), TeeCrypto.MODE_DECAPSULATE, kemKey(set, Attribute.ref(TeeAttr.ML_SEED, c.hex("seed")),
                    Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("ek")), Attribute.ref(TeeAttr.ML_PRIVATE_KEY, c.hex("dk"))));
            byte[] wrongDk = c.hex("dk");
            wrongDk[0] ^= 1;
            assertThrows(TeeException.class, () -> AsymTestSupport.engine(kemAlgorithm(set), TeeCrypto.MODE_DECAPSULATE,
                    rawKemKey(set, Attribute.ref(TeeAttr.ML_SEED, c.hex("seed")), Attribute.ref(TeeAttr.ML_PRIVATE_KEY, wrongDk))));
            run++;
        }
        assertTrue(run > 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 768, 1024})
    void mlkem_wycheproofEncaps_deterministicWithM_andModulusCheck(int set) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("mlkem_" + set + "_encaps_test.json")) {
            if (c.valid()) {
                MlKemEngine e = (MlKemEngine) AsymTestSupport.engine(kemAlgorithm(set), TeeCrypto.MODE_ENCAPSULATE,
                        kemKey(set, Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("ek"))));
                TransientObject k = AsymTestSupport.secretObject();
                assertArrayEquals(c.hex("c"), e.encapsulate(k, c.hex("m")), c::toString);
                assertArrayEquals(c.hex("K"), AsymTestSupport.secret(k), c::toString);
            } else {
                TeeException x = assertThrows(TeeException.class, () -> AsymTestSupport.engine(kemAlgorithm(set),
                        TeeCrypto.MODE_ENCAPSULATE, rawKemKey(set, Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("ek")))), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, x.result());
            }
            run++;
        }
        assertTrue(run > 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 768, 1024})
    void mlkem_wycheproofSemiExpandedDecaps_inputChecks(int set) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("mlkem_" + set + "_semi_expanded_decaps_test.json")) {
            if (c.valid()) {
                TransientObject k = AsymTestSupport.secretObject();
                AsymTestSupport.engine(kemAlgorithm(set), TeeCrypto.MODE_DECAPSULATE, kemKey(set,
                        Attribute.ref(TeeAttr.ML_PRIVATE_KEY, c.hex("dk")), Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("ek"))))
                        .decapsulate(c.hex("c"), k);
                assertArrayEquals(c.hex("K"), AsymTestSupport.secret(k), c::toString);
            } else {
                TeeException x = assertThrows(TeeException.class, () -> AsymTestSupport.engine(kemAlgorithm(set),
                        TeeCrypto.MODE_DECAPSULATE, rawKemKey(set, Attribute.ref(TeeAttr.ML_PRIVATE_KEY, c.hex("dk"))))
                        .decapsulate(c.hex("c"), AsymTestSupport.secretObject()), c::toString);
                assertEquals(TeeResult.BAD_PARAMETERS, x.result());
            }
            run++;
        }
        assertTrue(run > 0);
    }

    @Test
    void mlkem_generatedKeyPair_roundTrips_andTamperedCiphertextGivesAnotherKey() throws TeeException {
        TransientObject kp = TransientObject.allocate(TeeType.ML_KEM_KEYPAIR, 768);
        kp.install(KeyGenerators.generate(TeeType.ML_KEM_KEYPAIR, 768, List.of()), 768);
        TransientObject k1 = AsymTestSupport.secretObject();
        byte[] ct = AsymTestSupport.engine(TeeAlg.ML_KEM_768, TeeCrypto.MODE_ENCAPSULATE, kp).encapsulate(k1);
        assertEquals(1088, ct.length);
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.ML_KEM_768, TeeCrypto.MODE_DECAPSULATE, kp);
        TransientObject k2 = AsymTestSupport.secretObject();
        d.decapsulate(ct, k2);
        assertArrayEquals(AsymTestSupport.secret(k1), AsymTestSupport.secret(k2));
        ct[0] ^= 1;
        TransientObject k3 = AsymTestSupport.secretObject();
        d.decapsulate(ct, k3);
        assertFalse(java.util.Arrays.equals(AsymTestSupport.secret(k1), AsymTestSupport.secret(k3)), "implicit rejection");
        TeeException x = assertThrows(TeeException.class, () -> AsymTestSupport.engine(TeeAlg.ML_KEM_512, TeeCrypto.MODE_DECAPSULATE, kp));
        assertEquals(TeeResult.BAD_PARAMETERS, x.result(), "parameter set must match the algorithm");
        assertEquals(TeeResult.NOT_SUPPORTED, assertThrows(TeeException.class,
                () -> KeyGenerators.generate(TeeType.ML_KEM_KEYPAIR, 256, List.of())).result());
    }

    /** The ML-DSA key of a sign group: seed or expanded key, with the public key if any. */
    static TransientObject signKey(int set, AsymTestSupport.Case c) throws TeeException {
        return signKey(set, c, false);
    }

    static TransientObject signKey(int set, AsymTestSupport.Case c, boolean raw) throws TeeException {
        List<Attribute> attrs = new ArrayList<>();
        String seed = c.s("privateSeed");
        attrs.add(seed != null ? Attribute.ref(TeeAttr.ML_SEED, VectorFiles.hex(seed)) : Attribute.ref(TeeAttr.ML_PRIVATE_KEY, c.hex("privateKey")));
        String pk = c.s("publicKey");
        if (pk != null && !pk.isEmpty()) {
            attrs.add(Attribute.ref(TeeAttr.ML_PUBLIC_KEY, VectorFiles.hex(pk)));
        }
        return raw ? rawDsaKey(set, attrs.toArray(Attribute[]::new)) : dsaKey(set, attrs.toArray(Attribute[]::new));
    }

    static List<Attribute> context(AsymTestSupport.Case c) {
        String ctx = c.s("ctx");
        return ctx == null ? List.of() : List.of(Attribute.ref(TeeAttr.ML_DSA_CONTEXT, VectorFiles.hex(ctx)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mldsa_44_sign_seed_test.json", "mldsa_44_sign_noseed_test.json", "mldsa_65_sign_seed_test.json",
        "mldsa_65_sign_noseed_test.json", "mldsa_87_sign_seed_test.json", "mldsa_87_sign_noseed_test.json"})
    void mldsa_wycheproofSign_deterministicSignaturesAndInvalidKeys(String file) throws TeeException {
        int set = Integer.parseInt(file.substring(6, 8));
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof(file)) {
            if (c.s("msg") == null) {
                continue;
            }
            List<Attribute> params = context(c);
            if (c.flags().contains("IncorrectPrivateKeyLength") || c.flags().contains("InvalidPrivateKey")) {
                assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                        () -> AsymTestSupport.engine(dsaAlgorithm(set), TeeCrypto.MODE_SIGN, signKey(set, c, true)), c::toString).result());
            } else if (c.flags().contains("InvalidContext")) {
                AsymmetricEngine e = AsymTestSupport.engine(dsaAlgorithm(set), TeeCrypto.MODE_SIGN, signKey(set, c));
                assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TaPanic.class, () -> e.sign(params, c.hex("msg")), c::toString).code());
            } else if (c.s("rnd") != null) {
                assertTrue(AsymTestSupport.engine(dsaAlgorithm(set), TeeCrypto.MODE_VERIFY, signKey(set, c))
                        .verify(params, c.hex("msg"), c.hex("sig")), c::toString);
            } else {
                assertTrue(c.valid(), c::toString);
                MlDsaEngine e = ((MlDsaEngine) AsymTestSupport.engine(dsaAlgorithm(set), TeeCrypto.MODE_SIGN, signKey(set, c))).deterministic();
                assertArrayEquals(c.hex("sig"), e.sign(params, c.hex("msg")), c::toString);
            }
            run++;
        }
        assertTrue(run > 0, file);
    }

    @ParameterizedTest
    @ValueSource(ints = {44, 65, 87})
    void mldsa_wycheproofVerify_matchesEveryVerdict(int set) throws TeeException {
        int run = 0;
        for (AsymTestSupport.Case c : AsymTestSupport.wycheproof("mldsa_" + set + "_verify_test.json")) {
            if (c.s("msg") == null) {
                continue;
            }
            List<Attribute> params = context(c);
            if (c.flags().contains("IncorrectPublicKeyLength")) {
                assertThrows(TeeException.class, () -> AsymTestSupport.engine(dsaAlgorithm(set), TeeCrypto.MODE_VERIFY,
                        rawDsaKey(set, Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("publicKey")))), c::toString);
                run++;
                continue;
            }
            AsymmetricEngine e = AsymTestSupport.engine(dsaAlgorithm(set), TeeCrypto.MODE_VERIFY,
                    dsaKey(set, Attribute.ref(TeeAttr.ML_PUBLIC_KEY, c.hex("publicKey"))));
            if (c.s("ctx") != null && c.s("ctx").length() > 2 * 255) {
                assertFalse(c.valid());
                assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TaPanic.class,
                        () -> e.verify(params, c.hex("msg"), c.hex("sig")), c::toString).code());
            } else {
                assertEquals(c.valid(), e.verify(params, c.hex("msg"), c.hex("sig")), c::toString);
            }
            run++;
        }
        assertTrue(run > 0);
    }

    @Test
    void mldsa_generatedKey_hedgedSignaturesDiffer_contextBinds() throws TeeException {
        TransientObject kp = TransientObject.allocate(TeeType.ML_DSA_KEYPAIR, 65);
        kp.install(KeyGenerators.generate(TeeType.ML_DSA_KEYPAIR, 65, List.of(val(TeeAttr.ML_PARAMETER_SET, 65))), 65);
        AsymmetricEngine s = AsymTestSupport.engine(TeeAlg.ML_DSA_65, TeeCrypto.MODE_SIGN, kp);
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.ML_DSA_65, TeeCrypto.MODE_VERIFY, kp);
        byte[] m = "message".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sig1 = s.sign(List.of(), m);
        byte[] sig2 = s.sign(List.of(), m);
        assertEquals(3309, sig1.length);
        assertEquals(3309, s.signatureLength());
        assertFalse(java.util.Arrays.equals(sig1, sig2), "hedged");
        assertTrue(v.verify(List.of(), m, sig1));
        List<Attribute> ctx = List.of(Attribute.ref(TeeAttr.ML_DSA_CONTEXT, new byte[] {1, 2}));
        byte[] withContext = s.sign(ctx, m);
        assertTrue(v.verify(ctx, m, withContext));
        assertFalse(v.verify(List.of(), m, withContext));
        assertFalse(v.verify(ctx, m, sig1));
        assertFalse(v.verify(List.of(), m, java.util.Arrays.copyOf(sig1, 3308)));
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> KeyGenerators.generate(TeeType.ML_DSA_KEYPAIR, 65, List.of(val(TeeAttr.ML_PARAMETER_SET, 44)))).result());
    }
}
