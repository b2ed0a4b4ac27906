package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/**
 * AES-GCM and AES-CCM against published vectors: NIST CAVP GCM (encryption with external IV,
 * decryption with failures) and CCM (DVPT, VADT, VNT, VPT, VTT), Wycheproof AES-GCM, AES-GMAC and
 * AES-CCM, valid and invalid. Encryption runs in one call and in 5-byte updates; decryption checks
 * the plaintext or {@code TEE_ERROR_MAC_INVALID}. Tag lengths GP does not allow (GCM under 96
 * bits; CCM odd) must be refused with {@code NOT_SUPPORTED}; CCM nonces outside 7 to 13 bytes,
 * and an empty GCM nonce, must panic.
 */
class AeVectorsTest {

    /** One AE case: ciphertext and tag, or how the TEE refuses it. */
    record Sealed(byte[] ct, byte[] tag) {}

    private static Operation op(int alg, boolean encrypt, byte[] key) throws TeeException {
        return Fixtures.op(alg, encrypt ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT, TeeType.AES, key);
    }

    /** Encrypts with {@code TEE_AEUpdate} pieces of {@code piece} bytes (0: all in the final call). */
    static Sealed encrypt(int alg, byte[] key, byte[] nonce, int tagBytes, byte[] aad, byte[] pt, int piece)
            throws TeeException {
        try (Operation op = op(alg, true, key)) {
            op.aeInit(nonce, tagBytes * 8, aad.length, pt.length);
            op.aeUpdateAad(ByteBuffer.wrap(aad));
            ByteBuffer out = ByteBuffer.allocate(pt.length);
            int pos = 0;
            while (piece > 0 && pt.length - pos > piece) {
                op.aeUpdate(ByteBuffer.wrap(pt, pos, piece), out);
                pos += piece;
            }
            ByteBuffer tag = ByteBuffer.allocate(tagBytes);
            op.aeEncryptFinal(ByteBuffer.wrap(pt, pos, pt.length - pos), out, tag);
            assertEquals(pt.length, out.position());
            return new Sealed(out.array(), tag.array());
        }
    }

    /** Decrypts, returning the plaintext or {@code null} on {@code MAC_INVALID}. */
    static byte[] decrypt(int alg, byte[] key, byte[] nonce, int tagBytes, byte[] aad, byte[] ct, byte[] tag)
            throws TeeException {
        try (Operation op = op(alg, false, key)) {
            op.aeInit(nonce, tagBytes * 8, aad.length, ct.length);
            op.aeUpdateAad(ByteBuffer.wrap(aad));
            ByteBuffer out = ByteBuffer.allocate(ct.length);
            int half = ct.length / 2;
            op.aeUpdate(ByteBuffer.wrap(ct, 0, half), out);
            op.aeDecryptFinal(ByteBuffer.wrap(ct, half, ct.length - half), out, ByteBuffer.wrap(tag));
            return out.array();
        } catch (TeeException e) {
            assertEquals(TeeResult.MAC_INVALID, e.result(), e.getMessage());
            return null;
        }
    }

    @Test
    void gcm_cavpEncryptExtIv_matches() throws TeeException {
        int ran = 0;
        int refused = 0;
        for (int bits : new int[] {128, 192, 256}) {
            for (Map<String, String> v : NistFile.read("ciphers/AES/GCM/gcmEncryptExtIV" + bits + ".rsp", "COUNT")) {
                int tagBits = Integer.parseInt(v.get("TAGLEN"));
                byte[] key = NistFile.bytes(v, "KEY");
                byte[] iv = NistFile.bytes(v, "IV");
                byte[] pt = NistFile.bytes(v, "PT");
                byte[] aad = NistFile.bytes(v, "AAD");
                if (tagBits < 96) {
                    try (Operation op = op(TeeAlg.AES_GCM, true, key)) {
                        Fixtures.fails(TeeResult.NOT_SUPPORTED, () -> op.aeInit(iv, tagBits, 0, 0));
                    }
                    refused++;
                    continue;
                }
                Sealed s = encrypt(TeeAlg.AES_GCM, key, iv, tagBits / 8, aad, pt, ran % 2 == 0 ? 0 : 5);
                assertArrayEquals(NistFile.bytes(v, "CT"), s.ct(), "GCM " + bits + " count " + v.get("COUNT"));
                assertArrayEquals(NistFile.bytes(v, "TAG"), s.tag(), "GCM " + bits + " count " + v.get("COUNT"));
                ran++;
            }
        }
        assertTrue(ran > 5000 && refused > 0, ran + " run, " + refused + " refused");
    }

    @Test
    void gcm_cavpDecrypt_matchesAndRejectsFailures() throws TeeException {
        int pass = 0;
        int fail = 0;
        for (int bits : new int[] {128, 192, 256}) {
            for (Map<String, String> v : NistFile.read("ciphers/AES/GCM/gcmDecrypt" + bits + ".rsp", "COUNT")) {
                int tagBits = Integer.parseInt(v.get("TAGLEN"));
                if (tagBits < 96) {
                    continue;
                }
                byte[] pt = decrypt(TeeAlg.AES_GCM, NistFile.bytes(v, "KEY"), NistFile.bytes(v, "IV"), tagBits / 8,
                        NistFile.bytes(v, "AAD"), NistFile.bytes(v, "CT"), NistFile.bytes(v, "TAG"));
                if (v.containsKey("FAIL")) {
                    assertEquals(null, pt, "GCM decrypt " + bits + " count " + v.get("COUNT") + " must fail");
                    fail++;
                } else {
                    assertArrayEquals(NistFile.bytes(v, "PT"), pt, "GCM decrypt " + bits + " count " + v.get("COUNT"));
                    pass++;
                }
            }
        }
        assertTrue(pass > 1000 && fail > 500, pass + " pass, " + fail + " fail");
    }

    @Test
    void ccm_cavpAllFiles_match() throws TeeException {
        int n = 0;
        for (String kind : new String[] {"DVPT", "VADT", "VNT", "VPT", "VTT"}) {
            for (int bits : new int[] {128, 192, 256}) {
                for (Map<String, String> v : NistFile.read("ciphers/AES/CCM/" + kind + bits + ".rsp", "COUNT")) {
                    n += ccm(v);
                }
            }
        }
        assertTrue(n > 2500, "CCM vectors: " + n);
    }

    private static int ccm(Map<String, String> v) throws TeeException {
        int tagBytes = Integer.parseInt(v.get("TLEN"));
        byte[] key = NistFile.bytes(v, "KEY");
        byte[] nonce = NistFile.bytes(v, "NONCE");
        byte[] aad = Arrays.copyOf(NistFile.bytes(v, "ADATA"), Integer.parseInt(v.get("ALEN")));
        byte[] ctTag = NistFile.bytes(v, "CT");
        byte[] ct = Arrays.copyOf(ctTag, ctTag.length - tagBytes);
        byte[] tag = Arrays.copyOfRange(ctTag, ct.length, ctTag.length);
        byte[] opened = decrypt(TeeAlg.AES_CCM, key, nonce, tagBytes, aad, ct, tag);
        if ("Fail".equals(v.get("RESULT"))) {
            assertEquals(null, opened, "CCM must fail: " + v);
            return 1;
        }
        byte[] pt = Arrays.copyOf(NistFile.bytes(v, "PAYLOAD"), Integer.parseInt(v.get("PLEN")));
        assertArrayEquals(pt, opened, "CCM decrypt " + v);
        Sealed s = encrypt(TeeAlg.AES_CCM, key, nonce, tagBytes, aad, pt, 5);
        assertArrayEquals(ctTag, Fixtures.concat(s.ct(), s.tag()), "CCM encrypt " + v);
        return 1;
    }

    private static boolean tagAllowed(int alg, int tagBits) {
        return alg == TeeAlg.AES_GCM ? tagBits >= 96 && tagBits <= 128 && tagBits % 8 == 0
                : tagBits >= 32 && tagBits <= 128 && tagBits % 16 == 0;
    }

    private static int wycheproofAead(int alg, String file) throws TeeException {
        int n = 0;
        for (Map<String, Object> t : Wycheproof.tests(file)) {
            byte[] key = Wycheproof.hex(t, "key");
            byte[] iv = Wycheproof.hex(t, "iv");
            byte[] aad = Wycheproof.hex(t, "aad");
            byte[] msg = Wycheproof.hex(t, "msg");
            byte[] ct = Wycheproof.hex(t, "ct");
            byte[] tag = Wycheproof.hex(t, "tag");
            int tagBits = Wycheproof.number(t, "group.tagSize");
            String what = file + " " + Wycheproof.id(t);
            if (Fixtures.secret(TeeType.AES, key) == null) {
                continue;
            }
            if (!tagAllowed(alg, tagBits)) {
                try (Operation op = op(alg, true, key)) {
                    Fixtures.fails(TeeResult.NOT_SUPPORTED, () -> op.aeInit(iv, tagBits, aad.length, msg.length));
                }
                n++;
                continue;
            }
            if (alg == TeeAlg.AES_CCM ? iv.length < 7 || iv.length > 13 : iv.length == 0) {
                try (Operation op = op(alg, true, key)) {
                    Fixtures.panics(() -> op.aeInit(iv, tagBits, aad.length, msg.length));
                }
                n++;
                continue;
            }
            byte[] opened = decrypt(alg, key, iv, tagBits / 8, aad, ct, tag);
            if (Wycheproof.valid(t)) {
                assertArrayEquals(msg, opened, what);
                Sealed s = encrypt(alg, key, iv, tagBits / 8, aad, msg, 5);
                assertArrayEquals(ct, s.ct(), what);
                assertArrayEquals(tag, s.tag(), what);
            } else {
                assertEquals(null, opened, what + " must not decrypt");
            }
            n++;
        }
        return n;
    }

    @Test
    void gcm_wycheproof_validAndInvalid() throws TeeException {
        assertTrue(wycheproofAead(TeeAlg.AES_GCM, "aes_gcm_test.json") > 250);
    }

    @Test
    void ccm_wycheproof_validAndInvalid() throws TeeException {
        assertTrue(wycheproofAead(TeeAlg.AES_CCM, "aes_ccm_test.json") > 400);
    }

    @Test
    void gmac_wycheproof_asGcmWithAadOnly() throws TeeException {
        int n = 0;
        for (Map<String, Object> t : Wycheproof.tests("aes_gmac_test.json")) {
            byte[] key = Wycheproof.hex(t, "key");
            byte[] iv = Wycheproof.hex(t, "iv");
            byte[] msg = Wycheproof.hex(t, "msg");
            byte[] tag = Wycheproof.hex(t, "tag");
            int tagBits = Wycheproof.number(t, "group.tagSize");
            if (Fixtures.secret(TeeType.AES, key) == null || !tagAllowed(TeeAlg.AES_GCM, tagBits)) {
                continue;
            }
            Sealed s = encrypt(TeeAlg.AES_GCM, key, iv, tagBits / 8, msg, new byte[0], 0);
            assertEquals(Wycheproof.valid(t), Arrays.equals(tag, s.tag()), Wycheproof.id(t));
            assertEquals(Wycheproof.valid(t), decrypt(TeeAlg.AES_GCM, key, iv, tagBits / 8, msg, new byte[0], tag) != null,
                    Wycheproof.id(t));
            n++;
        }
        assertTrue(n > 300, "GMAC vectors: " + n);
    }

}
