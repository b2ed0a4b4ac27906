package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DigestProcessingTest {
    private static final byte[] FOX = ascii("The quick brown fox jumps over the lazy dog");

    @ParameterizedTest
    @CsvSource({"0x210, md5", "0x220, sha1", "0x255, sha224", "0x250, sha256", "0x260, sha384", "0x270, sha512"})
    void digest_xtestPatterns_oneShotAndMultiPart(int mechanism, String name) throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, mechanism, none(), null)) {
            assertArrayEquals(x("digest_test_pattern_" + name), Run.oneShot(p, FOX));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, mechanism, none(), null)) {
            assertArrayEquals(x("digest_test_pattern_" + name), Run.parts(p, FOX, 7));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, mechanism, none(), null)) {
            assertArrayEquals(x("digest_test_pattern_empty_" + name), Run.oneShot(p, null));
        }
    }

    @Test
    void sizeQuery_consumesNothing_andReportsTheLength() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, CKM_SHA256, none(), null)) {
            p.update(ByteBuffer.wrap(FOX, 0, 10), null);
            ByteBuffer rest = ByteBuffer.wrap(FOX, 10, FOX.length - 10);
            assertEquals(32, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(rest, ByteBuffer.allocate(0))).required());
            assertEquals(FOX.length - 10, rest.remaining());
            p.update(rest, null);
            assertEquals(32, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.doFinal(ByteBuffer.allocate(31))).required());
            assertArrayEquals(x("digest_test_pattern_sha256"), Run.doFinal(p));
        }
    }

    @Test
    void updateWithoutInput_isNoOp() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, CKM_SHA_1, none(), null)) {
            p.update(null, null);
            assertArrayEquals(x("digest_test_pattern_empty_sha1"), Run.doFinal(p));
        }
    }

    @Test
    void finalWithoutOutputBuffer_isArgumentsBad() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, CKM_SHA_1, none(), null)) {
            Fail.rv(CKR_ARGUMENTS_BAD, () -> p.doFinal(null));
            Fail.rv(CKR_ARGUMENTS_BAD, () -> p.oneShot(ByteBuffer.wrap(FOX), null));
        }
    }

    @Test
    void digestKey_aesAndGenericSecret_absorbTheirValue() throws CkException {
        byte[] value = hex("000102030405060708090a0b0c0d0e0f");
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, CKM_SHA256, none(), null)) {
            p.digestKey(TestKey.secret(CKK_AES, value));
            p.digestKey(TestKey.secret(CKK_GENERIC_SECRET, value));
            assertArrayEquals(SecretKeys.digest(CKM_SHA256, Run.concat(value, value)), Run.doFinal(p));
        }
    }

    @Test
    void digestKey_otherObjects_areIndigestible() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DIGEST, CKM_SHA256, none(), null)) {
            Fail.rv(CKR_KEY_INDIGESTIBLE, () -> p.digestKey(TestKey.secret(CKK_SHA256_HMAC, new byte[32])));
            Fail.rv(CKR_KEY_INDIGESTIBLE, () -> p.digestKey(new TestKey(CKO_DATA, UNAVAILABLE).with(CKA_VALUE, FOX)));
            Fail.rv(CKR_KEY_INDIGESTIBLE, () -> p.digestKey(new TestKey(CKO_PRIVATE_KEY, CKK_EC)));
        }
    }

    @Test
    void digestWithParameter_isMechanismParamInvalid() {
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_DIGEST, CKM_SHA256, params(1), null));
    }
}
