package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.cipher;
import static org.jtee.crypto.Fixtures.cipherInChunks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.crypto.vectors.VectorFiles;
import org.junit.jupiter.api.Test;

/**
 * Ciphers against published vectors: NIST CAVP AES ECB and CBC (KAT and MMT), AES-CTR (RFC 3686),
 * AES-XTS (SP 800-38E), triple-DES and DES (TDES KAT and MMT), SM4 ECB, CBC and CTR
 * (draft-ribose-cfrg-sm4, GB/T 32907), and Wycheproof's AES-CBC-PKCS5 (valid and invalid) and
 * AES-XTS. Every vector runs in one call and again in 7-byte updates.
 */
class CipherVectorsTest {

    private record Case(int alg, int keyType, int keyBits, boolean encrypt) {}

    /** Runs one vector both ways of feeding; {@code key2} only for XTS. */
    private static void check(Case c, byte[] key, byte[] key2, byte[] iv, byte[] in, byte[] expected, String what)
            throws TeeException {
        int mode = c.encrypt ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT;
        try (Operation op = Operation.allocate(c.alg, mode, key2 == null ? c.keyBits : 2 * c.keyBits)) {
            if (key2 == null) {
                op.setKey(Fixtures.key(c.keyType, key));
            } else {
                op.setKey2(Fixtures.key(c.keyType, key), Fixtures.key(c.keyType, key2));
            }
            assertArrayEquals(expected, cipher(op, iv, in), what);
            assertArrayEquals(expected, cipherInChunks(op, iv, in, 7), what + " in 7-byte updates");
        }
    }

    private static int runAes(int alg, String dir, String prefix) throws TeeException {
        int n = 0;
        for (String kind : new String[] {"GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT"}) {
            for (int bits : new int[] {128, 192, 256}) {
                String file = "ciphers/AES/" + dir + "/" + prefix + kind + bits + ".rsp";
                for (Map<String, String> v : NistFile.read(file, "COUNT")) {
                    boolean enc = "ENCRYPT".equals(v.get("@SECTION"));
                    byte[] pt = NistFile.bytes(v, "PLAINTEXT");
                    byte[] ct = NistFile.bytes(v, "CIPHERTEXT");
                    byte[] iv = v.containsKey("IV") ? NistFile.bytes(v, "IV") : null;
                    check(new Case(alg, TeeType.AES, bits, enc), NistFile.bytes(v, "KEY"), null, iv, enc ? pt : ct,
                            enc ? ct : pt, file + " " + v.get("COUNT"));
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aesEcb_cavpKatAndMmt_match() throws TeeException {
        assertTrue(runAes(TeeAlg.AES_ECB_NOPAD, "ECB", "ECB") > 1000);
    }

    @Test
    void aesCbc_cavpKatAndMmt_match() throws TeeException {
        assertTrue(runAes(TeeAlg.AES_CBC_NOPAD, "CBC", "CBC") > 1000);
    }

    @Test
    void aesCtr_rfc3686_matches() throws TeeException {
        int n = 0;
        for (int bits : new int[] {128, 192, 256}) {
            for (Map<String, String> v : NistFile.read("ciphers/AES/CTR/aes-" + bits + "-ctr.txt", "COUNT")) {
                byte[] pt = NistFile.bytes(v, "PLAINTEXT");
                byte[] ct = NistFile.bytes(v, "CIPHERTEXT");
                byte[] key = NistFile.bytes(v, "KEY");
                byte[] iv = NistFile.bytes(v, "IV");
                check(new Case(TeeAlg.AES_CTR, TeeType.AES, bits, true), key, null, iv, pt, ct, "CTR " + n);
                check(new Case(TeeAlg.AES_CTR, TeeType.AES, bits, false), key, null, iv, ct, pt, "CTR " + n);
                n++;
            }
        }
        assertEquals(9, n);
    }

    @Test
    void aesXts_cavp_matches() throws TeeException {
        int n = 0;
        for (int bits : new int[] {128, 256}) {
            String file = "ciphers/AES/XTS/tweak-128hexstr/XTSGenAES" + bits + ".rsp";
            for (Map<String, String> v : NistFile.read(file, "COUNT")) {
                if (Integer.parseInt(v.get("DATAUNITLEN")) % 8 != 0) {
                    continue;
                }
                byte[] key = NistFile.bytes(v, "KEY");
                byte[] k1 = Arrays.copyOf(key, key.length / 2);
                byte[] k2 = Arrays.copyOfRange(key, key.length / 2, key.length);
                boolean enc = "ENCRYPT".equals(v.get("@SECTION"));
                byte[] pt = NistFile.bytes(v, "PT");
                byte[] ct = NistFile.bytes(v, "CT");
                check(new Case(TeeAlg.AES_XTS, TeeType.AES, bits, enc), k1, k2, NistFile.bytes(v, "I"), enc ? pt : ct,
                        enc ? ct : pt, file + " " + v.get("COUNT"));
                n++;
            }
        }
        assertTrue(n > 1000, "XTS vectors: " + n);
    }

    @Test
    void tripleDesAndDes_cavpKatAndMmt_match() throws TeeException {
        int n = 0;
        for (String mode : new String[] {"ECB", "CBC"}) {
            int des3 = mode.equals("ECB") ? TeeAlg.DES3_ECB_NOPAD : TeeAlg.DES3_CBC_NOPAD;
            int des = mode.equals("ECB") ? TeeAlg.DES_ECB_NOPAD : TeeAlg.DES_CBC_NOPAD;
            for (String kind : new String[] {"invperm", "permop", "subtab", "varkey", "vartext", "MMT1", "MMT2", "MMT3"}) {
                String file = "ciphers/3DES/" + mode + "/T" + mode + kind + ".rsp";
                for (Map<String, String> v : NistFile.read(file, "COUNT")) {
                    byte[] k1 = NistFile.bytes(v, v.containsKey("KEYS") ? "KEYS" : "KEY1");
                    byte[] k2 = NistFile.bytes(v, v.containsKey("KEYS") ? "KEYS" : "KEY2");
                    byte[] k3 = NistFile.bytes(v, v.containsKey("KEYS") ? "KEYS" : "KEY3");
                    boolean enc = "ENCRYPT".equals(v.get("@SECTION"));
                    byte[] pt = NistFile.bytes(v, "PLAINTEXT");
                    byte[] ct = NistFile.bytes(v, "CIPHERTEXT");
                    byte[] iv = v.containsKey("IV") ? NistFile.bytes(v, "IV") : null;
                    byte[] key = Arrays.equals(k1, k3) ? Fixtures.concat(k1, k2) : Fixtures.concat(Fixtures.concat(k1, k2), k3);
                    check(new Case(des3, TeeType.DES3, key.length * 8, enc), key, null, iv, enc ? pt : ct, enc ? ct : pt,
                            file + " " + v.get("COUNT"));
                    n++;
                    if (Arrays.equals(k1, k2) && Arrays.equals(k2, k3)) {
                        check(new Case(des, TeeType.DES, 64, enc), k1, null, iv, enc ? pt : ct, enc ? ct : pt,
                                file + " as DES " + v.get("COUNT"));
                        n++;
                    }
                }
            }
        }
        assertTrue(n > 1000, "TDES vectors: " + n);
    }

    @Test
    void sm4_draftRibose_matches() throws TeeException {
        int n = 0;
        int[][] files = {{TeeAlg.SM4_ECB_NOPAD}, {TeeAlg.SM4_CBC_NOPAD}, {TeeAlg.SM4_CTR}};
        String[] names = {"ecb", "cbc", "ctr"};
        for (int i = 0; i < 3; i++) {
            String file = "ciphers/SM4/draft-ribose-cfrg-sm4-10-" + names[i] + ".txt";
            for (Map<String, String> v : NistFile.read(file, "COUNT")) {
                byte[] key = NistFile.bytes(v, "KEY");
                byte[] iv = v.containsKey("IV") ? NistFile.bytes(v, "IV") : null;
                byte[] pt = NistFile.bytes(v, "PLAINTEXT");
                byte[] ct = NistFile.bytes(v, "CIPHERTEXT");
                check(new Case(files[i][0], TeeType.SM4, 128, true), key, null, iv, pt, ct, file + " " + v.get("COUNT"));
                check(new Case(files[i][0], TeeType.SM4, 128, false), key, null, iv, ct, pt, file + " " + v.get("COUNT"));
                n++;
            }
        }
        assertTrue(n >= 8, "SM4 vectors: " + n);
    }

    @Test
    void sm4_gbt32907Example1_matches() throws TeeException {
        byte[] key = VectorFiles.hex("0123456789abcdeffedcba9876543210");
        try (Operation op = Fixtures.op(TeeAlg.SM4_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.SM4, key)) {
            assertArrayEquals(VectorFiles.hex("681edf34d206965e86b3e94f536e4246"), cipher(op, null, key));
        }
    }

    @Test
    void aesCbcPkcs5_wycheproof_validDecryptAndInvalidPaddingRejected() throws TeeException {
        int valid = 0;
        int invalid = 0;
        for (Map<String, Object> t : Wycheproof.tests("aes_cbc_pkcs5_test.json")) {
            byte[] key = Wycheproof.hex(t, "key");
            byte[] iv = Wycheproof.hex(t, "iv");
            byte[] msg = Wycheproof.hex(t, "msg");
            byte[] ct = Wycheproof.hex(t, "ct");
            if (ct.length % 16 != 0) {
                invalid++;
                continue;
            }
            try (Operation dec = Fixtures.op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_DECRYPT, TeeType.AES, key)) {
                byte[] unpadded = pkcs5Unpad(cipher(dec, iv, ct));
                if (Wycheproof.valid(t)) {
                    assertArrayEquals(msg, unpadded, Wycheproof.id(t));
                    try (Operation enc = Fixtures.op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.AES, key)) {
                        assertArrayEquals(ct, cipher(enc, iv, pkcs5Pad(msg)), Wycheproof.id(t));
                    }
                    valid++;
                } else {
                    assertFalse(unpadded != null && Arrays.equals(unpadded, msg), Wycheproof.id(t));
                    invalid++;
                }
            }
        }
        assertTrue(valid > 0 && invalid > 0, valid + " valid, " + invalid + " invalid");
    }

    private static byte[] pkcs5Pad(byte[] m) {
        int pad = 16 - m.length % 16;
        byte[] p = Arrays.copyOf(m, m.length + pad);
        Arrays.fill(p, m.length, p.length, (byte) pad);
        return p;
    }

    /** The message of a PKCS#5-padded plaintext, or {@code null} if the padding is wrong. */
    private static byte[] pkcs5Unpad(byte[] p) {
        if (p.length == 0) {
            return null;
        }
        int pad = p[p.length - 1] & 0xFF;
        if (pad < 1 || pad > 16) {
            return null;
        }
        for (int i = p.length - pad; i < p.length; i++) {
            if ((p[i] & 0xFF) != pad) {
                return null;
            }
        }
        return Arrays.copyOf(p, p.length - pad);
    }

    @Test
    void aesXts_wycheproof_matches() throws TeeException {
        int n = 0;
        for (Map<String, Object> t : Wycheproof.tests("aes_xts_test.json")) {
            byte[] key = Wycheproof.hex(t, "key");
            byte[] k1 = Arrays.copyOf(key, key.length / 2);
            byte[] k2 = Arrays.copyOfRange(key, key.length / 2, key.length);
            byte[] tweak = Arrays.copyOf(Wycheproof.hex(t, "iv"), 16);
            byte[] msg = Wycheproof.hex(t, "msg");
            byte[] ct = Wycheproof.hex(t, "ct");
            if (!Wycheproof.valid(t) || msg.length < 16) {
                continue;
            }
            int bits = k1.length * 8;
            check(new Case(TeeAlg.AES_XTS, TeeType.AES, bits, true), k1, k2, tweak, msg, ct, Wycheproof.id(t));
            check(new Case(TeeAlg.AES_XTS, TeeType.AES, bits, false), k1, k2, tweak, ct, msg, Wycheproof.id(t));
            n++;
        }
        assertTrue(n > 50, "Wycheproof XTS vectors: " + n);
    }

}
