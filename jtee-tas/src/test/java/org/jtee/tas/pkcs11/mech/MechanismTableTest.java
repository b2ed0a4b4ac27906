package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MechanismTableTest {
    @Test
    void ids_listOpTeesFiftyFiveMechanismsThenTheFourPostQuantumOnes() {
        int[] ids = Mechanisms.ids();
        assertEquals(59, ids.length);
        assertEquals(CKM_SHA224_RSA_PKCS_PSS, ids[0]);
        assertEquals(CKM_AES_ECB, ids[54]);
        assertEquals(CKM_ML_KEM, ids[58]);
        assertFalse(Arrays.stream(ids).anyMatch(id -> id == CKM_RSA_X_509 || id == CKM_AES_CBC_PAD));
        assertEquals(ids.length, Arrays.stream(ids).distinct().count());
    }

    @Test
    void info_everyListedMechanism_hasFlags() {
        for (int id : Mechanisms.ids()) {
            assertNotEquals(0, Mechanisms.info(id).flags(), Integer.toHexString(id));
        }
    }

    @Test
    void info_reportsTheReferenceUnits() {
        assertEquals(new Mechanisms.Info(16, 32, CKF_ENCRYPT | CKF_DECRYPT | CKF_WRAP | CKF_UNWRAP),
                Mechanisms.info(CKM_AES_ECB));
        assertEquals(new Mechanisms.Info(1, 4096, CKF_GENERATE), Mechanisms.info(CKM_GENERIC_SECRET_KEY_GEN));
        assertEquals(new Mechanisms.Info(24, 128, CKF_SIGN | CKF_VERIFY), Mechanisms.info(CKM_SHA256_HMAC));
        assertEquals(new Mechanisms.Info(160, 521, CKF_SIGN | CKF_VERIFY), Mechanisms.info(CKM_ECDSA));
        assertEquals(new Mechanisms.Info(256, 4096, 0x2B00), Mechanisms.info(CKM_RSA_PKCS));
        assertEquals(new Mechanisms.Info(0, 0, CKF_SIGN | CKF_VERIFY), Mechanisms.info(CKM_RSA_PKCS_PSS));
        assertEquals(new Mechanisms.Info(0, 0, CKF_DIGEST), Mechanisms.info(CKM_SHA256));
        assertEquals(new Mechanisms.Info(256, 4096, CKF_ENCRYPT | CKF_DECRYPT), Mechanisms.info(CKM_RSA_PKCS_OAEP));
    }

    @Test
    void info_knownButDisabled_hasNoFlags() {
        assertEquals(0, Mechanisms.info(CKM_AES_CBC_PAD).flags());
        assertEquals(0, Mechanisms.info(CKM_RSA_X_509).flags());
    }

    @Test
    void info_unknown_isNull() {
        assertNull(Mechanisms.info(0x1234567));
    }

    @Test
    void singlePart_followsTheReference() {
        assertTrue(MechanismTable.find(CKM_ECDSA).singlePart());
        assertTrue(MechanismTable.find(CKM_RSA_PKCS).singlePart());
        assertTrue(MechanismTable.find(CKM_RSA_PKCS_PSS).singlePart());
        assertFalse(MechanismTable.find(CKM_ECDSA_SHA256).singlePart());
        assertFalse(MechanismTable.find(CKM_AES_GCM).singlePart());
    }

    @Test
    void init_disabledOrWrongFunction_isMechanismInvalid() {
        TestKey aes = TestKey.secret(CKK_AES, new byte[16], CKA_ENCRYPT, CKA_DERIVE, CKA_SIGN);
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CBC_PAD, Vectors.none(), aes));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.init(FUNCTION_SIGN, CKM_AES_ECB, Vectors.none(), aes));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, 0x7777, Vectors.none(), aes));
        Fail.rv(CKR_MECHANISM_INVALID, () -> Mechanisms.derive(CKM_AES_ECB, Vectors.none(), aes, 16));
    }
}
