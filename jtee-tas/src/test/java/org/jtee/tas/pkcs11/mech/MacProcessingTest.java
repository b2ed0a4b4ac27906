package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** xtest 1008/1009's MAC vectors (RFC 2202/4231-style HMAC, NIST SP 800-38B CMAC) and its error cases. */
class MacProcessingTest {
    private static TestKey hmacKey(int type, String name) {
        return TestKey.secret(type, x(name), CKA_SIGN, CKA_VERIFY);
    }

    @ParameterizedTest
    @CsvSource({
        "0x211, 0x212, 0x27, mac_data_md5_key1, mac_data_md5_in1, mac_data_md5_out1",
        "0x221, 0x222, 0x28, mac_data_sha1_key1, mac_data_sha1_in1, mac_data_sha1_out1",
        "0x256, 0x257, 0x2E, mac_data_sha224_key1, mac_data_sha224_in1, mac_data_sha224_out1",
        "0x251, 0x252, 0x2B, mac_data_sha256_key1, mac_data_sha256_in1, mac_data_sha256_out1",
        "0x251, 0x252, 0x2B, mac_data_sha256_key2, mac_data_sha256_in2, mac_data_sha256_out2",
        "0x261, 0x262, 0x2C, mac_data_sha384_key1, mac_data_sha384_in1, mac_data_sha384_out1",
        "0x271, 0x272, 0x2D, mac_data_sha512_key1, mac_data_sha512_in1, mac_data_sha512_out1"})
    void hmac_xtestVectors_signAndVerify(int mech, int general, int type, String key, String in, String out)
            throws CkException {
        for (TestKey k : new TestKey[] {hmacKey(type, key), hmacKey(CKK_GENERIC_SECRET, key)}) {
            try (Processing p = Mechanisms.init(FUNCTION_SIGN, mech, none(), k)) {
                assertArrayEquals(x(out), Run.oneShot(p, x(in)));
            }
            try (Processing p = Mechanisms.init(FUNCTION_SIGN, mech, none(), k)) {
                assertArrayEquals(x(out), Run.parts(p, x(in), 4));
            }
            try (Processing p = Mechanisms.init(FUNCTION_SIGN, general, params(8), k)) {
                assertArrayEquals(Arrays.copyOf(x(out), 8), Run.oneShot(p, x(in)));
            }
            try (Processing p = Mechanisms.init(FUNCTION_VERIFY, mech, none(), k)) {
                p.verifyOneShot(ByteBuffer.wrap(x(in)), ByteBuffer.wrap(x(out)));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"mac_cmac_vect1_key, mac_cmac_vect1_out", "mac_cmac_vect5_key, mac_cmac_vect5_out",
        "mac_cmac_vect9_key, mac_cmac_vect9_out"})
    void cmac_nistVectorsOfTheEmptyMessage(String key, String out) throws CkException {
        TestKey k = TestKey.secret(CKK_AES, x(key), CKA_SIGN, CKA_VERIFY);
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_AES_CMAC, none(), k)) {
            assertArrayEquals(x(out), Run.oneShot(p, null));
        }
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_AES_CMAC_GENERAL, params(8), k)) {
            p.update(ByteBuffer.allocate(0), null);
            assertArrayEquals(Arrays.copyOf(x(out), 8), Run.doFinal(p));
        }
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_AES_CMAC, none(), k)) {
            p.verifyFinal(ByteBuffer.wrap(x(out)));
        }
    }

    @Test
    void cmac_nistVectorOfFortyBytes() throws CkException {
        TestKey k = TestKey.secret(CKK_AES, x("mac_cmac_vect1_key"), CKA_SIGN);
        byte[] msg = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411");
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_AES_CMAC, none(), k)) {
            assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), Run.parts(p, msg, 7));
        }
    }

    @Test
    void sizeQueries_consumeNothing() throws CkException {
        TestKey k = hmacKey(CKK_SHA256_HMAC, "mac_data_sha256_key1");
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, none(), k)) {
            assertEquals(32, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(ByteBuffer.wrap(x("mac_data_sha256_in1")),
                    ByteBuffer.allocate(1))).required());
            assertEquals(32, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(ByteBuffer.wrap(x("mac_data_sha256_in1")),
                    null)).required());
            assertArrayEquals(x("mac_data_sha256_out1"), Run.oneShot(p, x("mac_data_sha256_in1")));
        }
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL, params(8), k)) {
            p.update(ByteBuffer.wrap(x("mac_data_sha256_in1")), null);
            assertEquals(8, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.doFinal(ByteBuffer.allocate(7))).required());
            assertArrayEquals(Arrays.copyOf(x("mac_data_sha256_out1"), 8), Run.doFinal(p));
        }
    }

    @Test
    void verify_lengthRules() throws CkException {
        TestKey k = hmacKey(CKK_SHA256_HMAC, "mac_data_sha256_key1");
        byte[] in = x("mac_data_sha256_in1");
        byte[] mac = x("mac_data_sha256_out1");
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_SHA256_HMAC_GENERAL, params(8), k)) {
            p.verifyOneShot(ByteBuffer.wrap(in), ByteBuffer.wrap(mac, 0, 3));
        }
        for (int len : new int[] {0, 3, 65}) {
            try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_SHA256_HMAC, none(), k)) {
                Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> p.verifyOneShot(ByteBuffer.wrap(in), ByteBuffer.allocate(len)));
            }
        }
        for (int len : new int[] {0, 33}) {
            try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_SHA256_HMAC_GENERAL, params(8), k)) {
                Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> p.verifyOneShot(ByteBuffer.wrap(in), ByteBuffer.allocate(len)));
            }
        }
        byte[] bad = mac.clone();
        bad[31] ^= 1;
        try (Processing p = Mechanisms.init(FUNCTION_VERIFY, CKM_SHA256_HMAC, none(), k)) {
            Fail.rv(CKR_SIGNATURE_INVALID, () -> p.verifyOneShot(ByteBuffer.wrap(in), ByteBuffer.wrap(bad)));
        }
    }

    @Test
    void updateWithoutInput_isArgumentsBad() throws CkException {
        TestKey k = hmacKey(CKK_SHA256_HMAC, "mac_data_sha256_key1");
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, none(), k)) {
            Fail.rv(CKR_ARGUMENTS_BAD, () -> p.update(null, null));
        }
    }

    @Test
    void parameters_strictSizes() {
        TestKey k = hmacKey(CKK_SHA256_HMAC, "mac_data_sha256_key1");
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, params(8), k));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL, none(), k));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL,
                cut(params(8), 3), k));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL,
                longer(params(8), 1), k));
        Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL, params(0), k));
        Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL, params(33), k));
        Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC_GENERAL, params(-1), k));
        TestKey aes = TestKey.secret(CKK_AES, new byte[16], CKA_SIGN);
        Fail.rv(CKR_SIGNATURE_LEN_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_AES_CMAC_GENERAL, params(17), aes));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_AES_CMAC, params(16), aes));
    }

    @Test
    void keys_typeSizeAndFlags() throws CkException {
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, none(),
                TestKey.secret(CKK_SHA1_HMAC_TYPE, new byte[32], CKA_SIGN)));
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, none(),
                TestKey.secret(CKK_AES, new byte[32], CKA_SIGN)));
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_VERIFY, CKM_SHA256_HMAC, none(),
                TestKey.secret(CKK_SHA256_HMAC, new byte[32], CKA_SIGN)));
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_SIGN, CKM_AES_CMAC, none(),
                TestKey.secret(CKK_GENERIC_SECRET, new byte[16], CKA_SIGN)));
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, none(),
                TestKey.secret(CKK_SHA256_HMAC, new byte[23], CKA_SIGN)));
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.init(FUNCTION_SIGN, CKM_MD5_HMAC, none(),
                TestKey.secret(CKK_GENERIC_SECRET, new byte[7], CKA_SIGN)));
    }

    @Test
    void longKeys_areHashedFirst_asStandardHmac() throws Exception {
        byte[] key = new byte[200];
        Arrays.fill(key, (byte) 0xAA);
        byte[] msg = ascii("Test Using Larger Than Block-Size Key - Hash Key First");
        javax.crypto.Mac jdk = javax.crypto.Mac.getInstance("HmacSHA256");
        jdk.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        try (Processing p = Mechanisms.init(FUNCTION_SIGN, CKM_SHA256_HMAC, none(),
                TestKey.secret(CKK_GENERIC_SECRET, key, CKA_SIGN))) {
            assertArrayEquals(jdk.doFinal(msg), Run.oneShot(p, msg));
        }
    }

    private static final int CKK_SHA1_HMAC_TYPE = CKK_SHA_1_HMAC;
}
