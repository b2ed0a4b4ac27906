package org.jtee.crypto;

import static org.jtee.crypto.AsymTestSupport.buf;
import static org.jtee.crypto.AsymTestSupport.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.SM2KeyExchange;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters;
import org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;

/**
 * SM2 signature, encryption and key exchange against the worked examples on the recommended
 * curve published in GM/T 0003.5-2012 (GB/T 32918.5) annexes A.2 (signature), B.2 (key exchange)
 * and C.2 (encryption) — as OP-TEE's xtest carries them — and cross-checked against Bouncy
 * Castle's independent {@code SM2Signer}, {@code SM2Engine} and {@code SM2KeyExchange} on random
 * keys. The published signature and ciphertext need the standard's fixed k, so those annexes are
 * checked in the direction that does not: verification and decryption.
 */
class Sm2VectorsTest {
    static final String D = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
    static final String X = "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020";
    static final String Y = "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
    static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    static TransientObject keyPair(int type, String d, String x, String y) throws TeeException {
        return key(type, 256, buf(TeeAttr.ECC_PRIVATE_VALUE, d), buf(TeeAttr.ECC_PUBLIC_VALUE_X, x), buf(TeeAttr.ECC_PUBLIC_VALUE_Y, y));
    }

    static TransientObject generated(int type) throws TeeException {
        TransientObject o = TransientObject.allocate(type, 256);
        o.install(KeyGenerators.generate(type, 256, List.of()), 256);
        return o;
    }

    @Test
    void dsa_gmt0003Part5AnnexA2_userHashAndPublishedSignature() throws TeeException {
        byte[] zaM = VectorFiles.hex("b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f36d65737361676520646967657374");
        TransientObject kp = keyPair(TeeType.SM2_DSA_KEYPAIR, D, X, Y);
        byte[] za = Sm2.userHash(DEFAULT_ID, Sm2.curve().publicKey(kp).getQ());
        assertArrayEquals(java.util.Arrays.copyOf(zaM, 32), za, "Z_A of the annex");
        byte[] e = Sm2.sm3(zaM);
        byte[] published = VectorFiles.hex("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
                + "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa");
        AsymmetricEngine v = AsymTestSupport.engine(TeeAlg.SM2_DSA_SM3, TeeCrypto.MODE_VERIFY, kp);
        assertTrue(v.verify(List.of(), e, published));
        byte[] tampered = published.clone();
        tampered[40] ^= 1;
        assertFalse(v.verify(List.of(), e, tampered));
        assertFalse(v.verify(List.of(), e, java.util.Arrays.copyOf(published, 63)), "wrong length is just invalid");
        byte[] mine = AsymTestSupport.engine(TeeAlg.SM2_DSA_SM3, TeeCrypto.MODE_SIGN, kp).sign(List.of(), e);
        assertEquals(64, mine.length);
        assertTrue(v.verify(List.of(), e, mine));
    }

    @Test
    void dsa_againstBouncyCastleSm2Signer_bothWays() throws TeeException, CryptoException {
        for (int i = 0; i < 5; i++) {
            TransientObject kp = generated(TeeType.SM2_DSA_KEYPAIR);
            ECPrivateKeyParameters priv = Sm2.curve().privateKey(kp);
            ECPublicKeyParameters pub = Sm2.curve().publicKey(kp);
            byte[] msg = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] e = Sm2.sm3(Sm2.userHash(DEFAULT_ID, pub.getQ()), msg);
            byte[] ours = AsymTestSupport.engine(TeeAlg.SM2_DSA_SM3, TeeCrypto.MODE_SIGN, kp).sign(List.of(), e);
            SM2Signer bc = new SM2Signer(new org.bouncycastle.crypto.signers.PlainDSAEncoding());
            bc.init(false, new ParametersWithID(pub, DEFAULT_ID));
            bc.update(msg, 0, msg.length);
            assertTrue(bc.verifySignature(ours), "BC verifies ours");
            bc.init(true, new ParametersWithID(new ParametersWithRandom(priv, EngineSupport.random()), DEFAULT_ID));
            bc.update(msg, 0, msg.length);
            byte[] theirs = bc.generateSignature();
            assertTrue(AsymTestSupport.engine(TeeAlg.SM2_DSA_SM3, TeeCrypto.MODE_VERIFY, kp).verify(List.of(), e, theirs), "ours verifies BC's");
        }
    }

    @Test
    void pke_gmt0003Part5AnnexC2_decryptsThePublishedC1C2C3() throws TeeException {
        byte[] c = VectorFiles.hex("0404ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73e858f9d81e5430a57b36daab8f950a3c64e6"
                + "ee6a63094d99283aff767e124df021886ca989ca9c7d58087307ca93092d651efa59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766");
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.SM2_PKE, TeeCrypto.MODE_DECRYPT, keyPair(TeeType.SM2_PKE_KEYPAIR, D, X, Y));
        assertArrayEquals("encryption standard".getBytes(StandardCharsets.US_ASCII), d.decrypt(List.of(), c));
    }

    @Test
    void pke_roundTrip_andBouncyCastleC1C2C3Interop() throws TeeException, InvalidCipherTextException {
        TransientObject kp = generated(TeeType.SM2_PKE_KEYPAIR);
        byte[] m = new byte[100];
        EngineSupport.random().nextBytes(m);
        byte[] c = AsymTestSupport.engine(TeeAlg.SM2_PKE, TeeCrypto.MODE_ENCRYPT, kp).encrypt(List.of(), m);
        assertEquals(65 + m.length + 32, c.length);
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.SM2_PKE, TeeCrypto.MODE_DECRYPT, kp);
        assertArrayEquals(m, d.decrypt(List.of(), c));
        SM2Engine bc = new SM2Engine(SM2Engine.Mode.C1C2C3);
        bc.init(false, Sm2.curve().privateKey(kp));
        assertArrayEquals(m, bc.processBlock(c, 0, c.length), "BC decrypts ours");
        bc.init(true, new ParametersWithRandom(Sm2.curve().publicKey(kp), EngineSupport.random()));
        byte[] theirs = bc.processBlock(m, 0, m.length);
        assertArrayEquals(m, d.decrypt(List.of(), theirs), "ours decrypts BC's");
    }

    @Test
    void pke_tamperedInEveryRegion_failsWithoutPlaintext() throws TeeException {
        TransientObject kp = generated(TeeType.SM2_PKE_KEYPAIR);
        byte[] m = "attack at dawn".getBytes(StandardCharsets.US_ASCII);
        byte[] c = AsymTestSupport.engine(TeeAlg.SM2_PKE, TeeCrypto.MODE_ENCRYPT, kp).encrypt(List.of(), m);
        AsymmetricEngine d = AsymTestSupport.engine(TeeAlg.SM2_PKE, TeeCrypto.MODE_DECRYPT, kp);
        for (int i = 0; i < c.length; i++) {
            byte[] t = c.clone();
            t[i] ^= 0x01;
            TeeException e = assertThrows(TeeException.class, () -> d.decrypt(List.of(), t), "byte " + i);
            int expected = i == 0 ? TeeResult.BAD_PARAMETERS : i < 65 ? TeeResult.BAD_PARAMETERS : EngineSupport.CIPHERTEXT_INVALID;
            assertEquals(expected, e.result(), "byte " + i);
        }
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> d.decrypt(List.of(), java.util.Arrays.copyOf(c, 97))).result(), "no C2");
        assertEquals(TeeResult.BAD_PARAMETERS, assertThrows(TeeException.class,
                () -> AsymTestSupport.engine(TeeAlg.SM2_PKE, TeeCrypto.MODE_ENCRYPT, kp).encrypt(List.of(), new byte[0])).result());
        byte[] compressed = c.clone();
        compressed[0] = 0x02;
        assertEquals(TeeResult.NOT_SUPPORTED, assertThrows(TeeException.class, () -> d.decrypt(List.of(), compressed)).result());
    }

    static List<Attribute> kepParams(boolean initiator, TransientObject peer, TransientObject peerEphemeral, byte[] confIn,
            byte[] confOut) {
        List<Attribute> p = new ArrayList<>();
        p.add(Attribute.value(TeeAttr.SM2_KEP_USER, initiator ? 0 : 1, 0));
        p.add(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, peer.buffer(TeeAttr.ECC_PUBLIC_VALUE_X)));
        p.add(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, peer.buffer(TeeAttr.ECC_PUBLIC_VALUE_Y)));
        p.add(Attribute.ref(TeeAttr.ECC_EPHEMERAL_PUBLIC_VALUE_X, peerEphemeral.buffer(TeeAttr.ECC_PUBLIC_VALUE_X)));
        p.add(Attribute.ref(TeeAttr.ECC_EPHEMERAL_PUBLIC_VALUE_Y, peerEphemeral.buffer(TeeAttr.ECC_PUBLIC_VALUE_Y)));
        p.add(Attribute.ref(TeeAttr.SM2_ID_INITIATOR, DEFAULT_ID));
        p.add(Attribute.ref(TeeAttr.SM2_ID_RESPONDER, DEFAULT_ID));
        if (confIn != null) {
            p.add(Attribute.ref(TeeAttr.SM2_KEP_CONFIRMATION_IN, confIn));
        }
        if (confOut != null) {
            p.add(Attribute.ref(TeeAttr.SM2_KEP_CONFIRMATION_OUT, confOut));
        }
        return p;
    }

    @Test
    void kep_gmt0003Part5AnnexB2_bothSidesGiveThePublishedKeyAndConfirmations() throws TeeException {
        TransientObject a = keyPair(TeeType.SM2_KEP_KEYPAIR, "81eb26e941bb5af16df116495f90695272ae2cd63d6c4ae1678418be48230029",
                "160e12897df4edb61dd812feb96748fbd3ccf4ffe26aa6f6db9540af49c94232",
                "4a7dad08bb9a459531694beb20aa489d6649975e1bfcf8c4741b78b4b223007f");
        TransientObject ra = keyPair(TeeType.SM2_KEP_KEYPAIR, "d4de15474db74d06491c440d305e012400990f3e390c7e87153c12db2ea60bb3",
                "64ced1bdbc99d590049b434d0fd73428cf608a5db8fe5ce07f15026940bae40e",
                "376629c7ab21e7db260922499ddb118f07ce8eaae3e7720afef6a5cc062070c0");
        TransientObject b = keyPair(TeeType.SM2_KEP_KEYPAIR, "785129917d45a9ea5437a59356b82338eaadda6ceb199088f14ae10defa229b5",
                "6ae848c57c53c7b1b5fa99eb2286af078ba64c64591b8b566f7357d576f16dfb",
                "ee489d771621a27b36c5c7992062e9cd09a9264386f3fbea54dff69305621c4d");
        TransientObject rb = keyPair(TeeType.SM2_KEP_KEYPAIR, "7e07124814b309489125eaed101113164ebf0f3458c5bd88335c1f9d596243d6",
                "acc27688a6f7b706098bc91ff3ad1bff7dc2802cdb14ccccdb0a90471f9bd707",
                "2fedac0494b2ffc4d6853876c79b8f301c6573ad0aa50f39fc87181e1a1b46fe");
        byte[] sa = VectorFiles.hex("18c7894b3816df16cf07b05c5ec0bef5d655d58f779cc1b400a4f3884644db88");
        byte[] sb = VectorFiles.hex("d3a0fe15dee185ceae907a6b595cc32a266ed7b3367e9983a896dc32fa20f8eb");
        byte[] shared = VectorFiles.hex("6c89347354de2484c60b4ab1fde4c6e5");

        byte[] outA = new byte[32];
        TransientObject keyA = TransientObject.allocate(TeeType.GENERIC_SECRET, 16);
        AsymTestSupport.engine(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, a, ra).derive(kepParams(true, b, rb, sb, outA), keyA);
        assertArrayEquals(shared, AsymTestSupport.secret(keyA), "16 bytes for an object of maxObjectSize 16, as OP-TEE");
        assertArrayEquals(sa, outA);

        byte[] outB = new byte[32];
        TransientObject keyB = TransientObject.allocate(TeeType.GENERIC_SECRET, 16);
        AsymTestSupport.engine(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, b, rb).derive(kepParams(false, a, ra, sa, outB), keyB);
        assertArrayEquals(shared, AsymTestSupport.secret(keyB));
        assertArrayEquals(sb, outB);

        byte[] wrong = sb.clone();
        wrong[0] ^= 1;
        AsymmetricEngine e = AsymTestSupport.engine(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, a, ra);
        TaPanic p = assertThrows(TaPanic.class, () -> e.derive(kepParams(true, b, rb, wrong, null),
                TransientObject.allocate(TeeType.GENERIC_SECRET, 16)));
        assertEquals(TeeResult.BAD_STATE, p.code());
        List<Attribute> missing = kepParams(true, b, rb, null, null);
        missing.remove(5);
        assertThrows(TaPanic.class, () -> e.derive(missing, TransientObject.allocate(TeeType.GENERIC_SECRET, 16)));
    }

    @Test
    void kep_againstBouncyCastleSm2KeyExchange() throws TeeException {
        TransientObject a = generated(TeeType.SM2_KEP_KEYPAIR);
        TransientObject ra = generated(TeeType.SM2_KEP_KEYPAIR);
        TransientObject b = generated(TeeType.SM2_KEP_KEYPAIR);
        TransientObject rb = generated(TeeType.SM2_KEP_KEYPAIR);
        TransientObject ours = TransientObject.allocate(TeeType.GENERIC_SECRET, 32);
        AsymTestSupport.engine(TeeAlg.SM2_KEP, TeeCrypto.MODE_DERIVE, a, ra).derive(kepParams(true, b, rb, null, null), ours);
        SM2KeyExchange bc = new SM2KeyExchange();
        bc.init(new ParametersWithID(new SM2KeyExchangePrivateParameters(false, Sm2.curve().privateKey(b), Sm2.curve().privateKey(rb)),
                DEFAULT_ID));
        byte[] theirs = bc.calculateKey(32 * 8, new ParametersWithID(new SM2KeyExchangePublicParameters(Sm2.curve().publicKey(a),
                Sm2.curve().publicKey(ra)), DEFAULT_ID));
        assertArrayEquals(theirs, AsymTestSupport.secret(ours));
    }

    @Test
    void keyGeneration_sm2KeysHaveNoCurveAttribute_andArePoints() throws TeeException {
        Map<Integer, Attribute> attrs = KeyGenerators.generate(TeeType.SM2_DSA_KEYPAIR, 256, List.of());
        assertFalse(attrs.containsKey(TeeAttr.ECC_CURVE));
        BigInteger x = new BigInteger(1, attrs.get(TeeAttr.ECC_PUBLIC_VALUE_X).buffer());
        BigInteger y = new BigInteger(1, attrs.get(TeeAttr.ECC_PUBLIC_VALUE_Y).buffer());
        assertTrue(Sm2.curve().domain().getCurve().createPoint(x, y).isValid());
        assertEquals(TeeResult.BAD_PARAMETERS,
                assertThrows(TeeException.class, () -> KeyGenerators.generate(TeeType.SM2_KEP_KEYPAIR, 255, List.of())).result());
    }
}
