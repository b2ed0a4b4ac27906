package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.mac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/**
 * MACs against published vectors: HMAC (RFC 2202, RFC 4231; Wycheproof HMAC-SHA-1/2 and HMAC-SM3,
 * valid and invalid), CMAC (NIST SP 800-38B examples for AES and triple DES; Wycheproof AES-CMAC),
 * each computed in one call, in pieces, and checked with {@code TEE_MACCompareFinal}. Keys under
 * GP's minimum for the HMAC type are refused by the key object and the vector is skipped.
 */
class MacVectorsTest {

    /** MACs {@code msg}; {@code null} when the key is refused. */
    private static byte[] compute(int alg, int keyType, byte[] key, byte[] msg) throws TeeException {
        TransientObject k = Fixtures.secret(keyType, key);
        if (k == null) {
            return null;
        }
        try (Operation op = Fixtures.op(alg, TeeCrypto.MODE_MAC, Math.max(key.length * 8, 8), k)) {
            byte[] whole = mac(op, msg);
            op.macInit(null);
            for (int i = 0; i < msg.length; i += 5) {
                op.macUpdate(ByteBuffer.wrap(msg, i, Math.min(5, msg.length - i)));
            }
            ByteBuffer out = ByteBuffer.allocateDirect(whole.length);
            op.macComputeFinal(null, out);
            byte[] pieces = new byte[whole.length];
            out.flip().get(pieces);
            assertArrayEquals(whole, pieces, "in 5-byte pieces");
            return whole;
        }
    }

    /** {@code TEE_MACCompareFinal} of {@code tag}: whether it matched. */
    private static boolean compare(int alg, int keyType, byte[] key, byte[] msg, byte[] tag) throws TeeException {
        try (Operation op = Fixtures.op(alg, TeeCrypto.MODE_MAC, key.length * 8, Fixtures.key(keyType, key))) {
            op.macInit(null);
            op.macCompareFinal(ByteBuffer.wrap(msg), ByteBuffer.wrap(tag));
            return true;
        } catch (TeeException e) {
            assertEquals(TeeResult.MAC_INVALID, e.result());
            return false;
        }
    }

    /**
     * The vectors of an RFC file whose keys the HMAC type allows; every other vector must be one the
     * key object refuses (RFC 4231's keys of 4, 20, 25 and 131 bytes are all outside GP's 256 to
     * 1024 bits for HMAC-SHA-384 and -512).
     */
    private static int rfc(int alg, int keyType, String file) throws TeeException {
        List<Map<String, String>> vectors = NistFile.read(file, "MD");
        assertTrue(vectors.size() > 0, file + " yielded no vectors");
        int n = 0;
        for (Map<String, String> v : vectors) {
            byte[] key = NistFile.bytes(v, "KEY");
            byte[] msg = NistFile.bytes(v, "MSG");
            byte[] md = NistFile.bytes(v, "MD");
            byte[] got = compute(alg, keyType, key, msg);
            if (got == null) {
                continue;
            }
            assertArrayEquals(md, Arrays.copyOf(got, md.length), file + " key of " + key.length);
            assertEquals(md.length == got.length, compare(alg, keyType, key, msg, md), file);
            n++;
        }
        return n;
    }

    @Test
    void hmac_rfc2202AndRfc4231_match() throws TeeException {
        int n = rfc(TeeAlg.HMAC_MD5, TeeType.HMAC_MD5, "HMAC/rfc-2202-md5.txt")
                + rfc(TeeAlg.HMAC_SHA1, TeeType.HMAC_SHA1, "HMAC/rfc-2202-sha1.txt")
                + rfc(TeeAlg.HMAC_SHA224, TeeType.HMAC_SHA224, "HMAC/rfc-4231-sha224.txt")
                + rfc(TeeAlg.HMAC_SHA256, TeeType.HMAC_SHA256, "HMAC/rfc-4231-sha256.txt")
                + rfc(TeeAlg.HMAC_SHA384, TeeType.HMAC_SHA384, "HMAC/rfc-4231-sha384.txt")
                + rfc(TeeAlg.HMAC_SHA512, TeeType.HMAC_SHA512, "HMAC/rfc-4231-sha512.txt");
        assertTrue(n >= 10, "RFC HMAC vectors: " + n);
    }

    private static int wycheproof(int alg, int keyType, String file) throws TeeException {
        int n = 0;
        for (Map<String, Object> t : Wycheproof.tests(file)) {
            byte[] key = Wycheproof.hex(t, "key");
            byte[] msg = Wycheproof.hex(t, "msg");
            byte[] tag = Wycheproof.hex(t, "tag");
            byte[] got = compute(alg, keyType, key, msg);
            if (got == null) {
                continue;
            }
            boolean matches = Arrays.equals(tag, Arrays.copyOf(got, tag.length));
            assertEquals(Wycheproof.valid(t), matches, file + " " + Wycheproof.id(t));
            if (tag.length == got.length) {
                assertEquals(Wycheproof.valid(t), compare(alg, keyType, key, msg, tag), file + " compare " + Wycheproof.id(t));
            } else {
                assertFalse(compare(alg, keyType, key, msg, tag), "a truncated tag never compares equal");
            }
            n++;
        }
        assertTrue(n > 0, file + ": no vector ran");
        return n;
    }

    @Test
    void hmac_wycheproofSha1AndSha2_validAndInvalid() throws TeeException {
        int n = wycheproof(TeeAlg.HMAC_SHA1, TeeType.HMAC_SHA1, "hmac_sha1_test.json")
                + wycheproof(TeeAlg.HMAC_SHA224, TeeType.HMAC_SHA224, "hmac_sha224_test.json")
                + wycheproof(TeeAlg.HMAC_SHA256, TeeType.HMAC_SHA256, "hmac_sha256_test.json")
                + wycheproof(TeeAlg.HMAC_SHA384, TeeType.HMAC_SHA384, "hmac_sha384_test.json")
                + wycheproof(TeeAlg.HMAC_SHA512, TeeType.HMAC_SHA512, "hmac_sha512_test.json");
        assertTrue(n > 500, "Wycheproof HMAC vectors: " + n);
    }

    @Test
    void hmacSm3_wycheproof_validAndInvalid() throws TeeException {
        assertTrue(wycheproof(TeeAlg.HMAC_SM3, TeeType.HMAC_SM3, "hmac_sm3_test.json") > 100);
    }

    @Test
    void aesCmac_wycheproof_validAndInvalid() throws TeeException {
        int n = 0;
        for (Map<String, Object> t : Wycheproof.tests("aes_cmac_test.json")) {
            byte[] key = Wycheproof.hex(t, "key");
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                assertEquals(null, Fixtures.secret(TeeType.AES, key), "an AES key of " + key.length + " bytes");
                continue;
            }
            byte[] msg = Wycheproof.hex(t, "msg");
            byte[] tag = Wycheproof.hex(t, "tag");
            byte[] got = compute(TeeAlg.AES_CMAC, TeeType.AES, key, msg);
            assertEquals(Wycheproof.valid(t), Arrays.equals(tag, Arrays.copyOf(got, tag.length)), Wycheproof.id(t));
            assertEquals(Wycheproof.valid(t) && tag.length == 16, compare(TeeAlg.AES_CMAC, TeeType.AES, key, msg, tag),
                    Wycheproof.id(t));
            n++;
        }
        assertTrue(n > 300, "Wycheproof CMAC vectors: " + n);
    }

    @Test
    void cmac_sp80038bExamples_match() throws TeeException {
        int n = 0;
        for (String file : new String[] {"CMAC/nist-800-38b-aes128.txt", "CMAC/nist-800-38b-aes192.txt",
                "CMAC/nist-800-38b-aes256.txt", "CMAC/nist-800-38b-3des.txt"}) {
            for (Map<String, String> v : NistFile.read(file, "COUNT")) {
                boolean des = v.containsKey("KEY1");
                byte[] key = des ? Fixtures.concat(Fixtures.concat(NistFile.bytes(v, "KEY1"), NistFile.bytes(v, "KEY2")),
                        NistFile.bytes(v, "KEY3")) : NistFile.bytes(v, "KEY");
                int alg = des ? TeeAlg.DES3_CMAC : TeeAlg.AES_CMAC;
                int type = des ? TeeType.DES3 : TeeType.AES;
                byte[] msg = NistFile.bytes(v, "MESSAGE");
                assertArrayEquals(NistFile.bytes(v, "OUTPUT"), compute(alg, type, key, msg), file + " " + v.get("COUNT"));
                n++;
            }
        }
        assertTrue(n >= 16, "CMAC examples: " + n);
    }
}
