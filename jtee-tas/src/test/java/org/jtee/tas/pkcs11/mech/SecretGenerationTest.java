package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

class SecretGenerationTest {
    @Test
    void checkValue_aesIsTheEcbOfZeroes_othersTheSha1OfTheValue() throws CkException {
        // NIST SP 800-38A F.1.1 key: AES-ECB(k, 0^16) = 7df76b0c1ab899b33e42f047b91b546f
        assertArrayEquals(hex("7df76b"), Mechanisms.checkValue(CKK_AES, hex("2b7e151628aed2a6abf7158809cf4f3c")));
        // SHA-1("abc") = a9993e36...
        assertArrayEquals(hex("a9993e"), Mechanisms.checkValue(CKK_GENERIC_SECRET, ascii("abc")));
        Fail.rv(CKR_ATTRIBUTE_VALUE_INVALID, () -> Mechanisms.checkValue(CKK_AES, new byte[15]));
    }

    @Test
    void generate_aesSizes() throws CkException {
        for (int n : new int[] {16, 24, 32}) {
            assertEquals(n, Mechanisms.generateSecret(CKM_AES_KEY_GEN, none(), CKK_AES, n).length);
        }
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.generateSecret(CKM_AES_KEY_GEN, none(), CKK_AES, 20));
        Fail.rv(CKR_TEMPLATE_INCONSISTENT, () -> Mechanisms.generateSecret(CKM_AES_KEY_GEN, none(), CKK_GENERIC_SECRET, 16));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.generateSecret(CKM_AES_KEY_GEN, params(1), CKK_AES, 16));
    }

    @Test
    void generate_genericSecretSizes() throws CkException {
        assertEquals(1, Mechanisms.generateSecret(CKM_GENERIC_SECRET_KEY_GEN, none(), CKK_GENERIC_SECRET, 1).length);
        assertEquals(512, Mechanisms.generateSecret(CKM_GENERIC_SECRET_KEY_GEN, none(), CKK_GENERIC_SECRET, 512).length);
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.generateSecret(CKM_GENERIC_SECRET_KEY_GEN, none(), CKK_GENERIC_SECRET, 513));
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.generateSecret(CKM_GENERIC_SECRET_KEY_GEN, none(), CKK_GENERIC_SECRET, 0));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.generateSecret(CKM_AES_ECB, none(), CKK_AES, 16));
    }

    @Test
    void generate_valuesDiffer() throws CkException {
        assertFalse(java.util.Arrays.equals(Mechanisms.generateSecret(CKM_AES_KEY_GEN, none(), CKK_AES, 16),
                Mechanisms.generateSecret(CKM_AES_KEY_GEN, none(), CKK_AES, 16)));
    }
}
