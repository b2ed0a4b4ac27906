package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** xtest 1030's eighteen AES-GCM vectors (NIST, from the GCM specification) and its error cases. */
class GcmProcessingTest {
    private static String v(int n, String part) {
        return "ae_data_aes_gcm_vect" + n + "_" + part;
    }

    private static ByteBuffer gcm(int n) {
        byte[] iv = x(v(n, "nonce"));
        byte[] aad = x(v(n, "aad"));
        return params(iv.length, iv, aad.length, aad, x(v(n, "tag")).length * 8);
    }

    private static TestKey key(int n) {
        return TestKey.secret(CKK_AES, x(v(n, "key")), CKA_ENCRYPT, CKA_DECRYPT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
    void nistVectors_encryptAndDecrypt(int n) throws CkException {
        byte[] expected = Run.concat(x(v(n, "ctx")), x(v(n, "tag")));
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM, gcm(n), key(n))) {
            assertArrayEquals(expected, Run.oneShot(p, x(v(n, "ptx"))));
        }
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM, gcm(n), key(n))) {
            assertArrayEquals(expected, Run.parts(p, x(v(n, "ptx")), 6));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(n), key(n))) {
            assertArrayEquals(x(v(n, "ptx")), Run.oneShot(p, expected));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(n), key(n))) {
            byte[] out = new byte[0];
            for (int i = 0; i < expected.length; i += 6) {
                byte[] part = Run.update(p, Arrays.copyOfRange(expected, i, Math.min(expected.length, i + 6)));
                assertEquals(0, part.length, "decryption releases nothing before the tag");
                out = Run.concat(out, part);
            }
            assertArrayEquals(x(v(n, "ptx")), Run.doFinal(p));
        }
    }

    @Test
    void tamperedCiphertextOrTag_isSignatureInvalid() throws CkException {
        byte[] sealed = Run.concat(x(v(4, "ctx")), x(v(4, "tag")));
        for (int i : new int[] {0, sealed.length - 17, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[i] ^= 1;
            try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(4), key(4))) {
                Fail.rv(CKR_SIGNATURE_INVALID, () -> p.oneShot(ByteBuffer.wrap(bad), ByteBuffer.allocate(bad.length)));
            }
        }
    }

    @Test
    void sizeQueries_keepTheOperationUsable() throws CkException {
        byte[] pt = x(v(4, "ptx"));
        byte[] sealed = Run.concat(x(v(4, "ctx")), x(v(4, "tag")));
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM, gcm(4), key(4))) {
            assertEquals(sealed.length, Fail.rv(CKR_BUFFER_TOO_SMALL,
                    () -> p.oneShot(ByteBuffer.wrap(pt), ByteBuffer.allocate(0))).required());
            assertArrayEquals(sealed, Run.oneShot(p, pt));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(4), key(4))) {
            assertEquals(pt.length, Fail.rv(CKR_BUFFER_TOO_SMALL,
                    () -> p.oneShot(ByteBuffer.wrap(sealed), ByteBuffer.allocate(3))).required());
            assertArrayEquals(pt, Run.oneShot(p, sealed));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(4), key(4))) {
            Run.update(p, sealed);
            assertEquals(pt.length, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.doFinal(ByteBuffer.allocate(0))).required());
            assertArrayEquals(pt, Run.doFinal(p));
        }
    }

    @Test
    void emptyPlaintext_andMissingInput_areLegal() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(1), key(1))) {
            p.update(null, null);
            Run.update(p, x(v(1, "tag")));
            assertEquals(0, p.doFinal(ByteBuffer.allocate(0)));
        }
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM, gcm(1), key(1))) {
            assertArrayEquals(x(v(1, "tag")), Run.oneShot(p, null));
        }
    }

    @Test
    void shortCiphertext_isEncryptedDataLenRange() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(2), key(2))) {
            Run.update(p, new byte[15]);
            Fail.rv(CKR_ENCRYPTED_DATA_LEN_RANGE, () -> p.doFinal(ByteBuffer.allocate(64)));
        }
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_GCM, gcm(2), key(2))) {
            Fail.rv(CKR_ENCRYPTED_DATA_LEN_RANGE, () -> p.oneShot(ByteBuffer.allocate(3), ByteBuffer.allocate(64)));
        }
    }

    @Test
    void everyTruncationAndOverrunOfTheParameter_isArgumentsBad() {
        ByteBuffer full = gcm(4);
        for (int n = 0; n < full.remaining(); n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM, cut(full, len), key(4)));
        }
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM, longer(full, 1), key(4)));
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM,
                params(-1, new byte[12], 0, 128), key(4)));
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM,
                params(12, new byte[12], 100, 128), key(4)));
    }

    @Test
    void badIvOrTagLengths_areMechanismParamInvalid() {
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM,
                params(0, 0, 128), key(4)));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM,
                params(257, new byte[257], 0, 128), key(4)));
        for (int bits : new int[] {136, 64, 0, 100}) {
            Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_GCM,
                    params(12, new byte[12], 0, bits), key(4)));
        }
    }
}
