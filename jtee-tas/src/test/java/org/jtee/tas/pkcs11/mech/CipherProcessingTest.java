package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.jtee.tas.pkcs11.mech.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

/** AES ECB/CBC/CTR with NIST SP 800-38A F.1.1, F.2.1, F.5.1; CTS with RFC 3962's first vectors. */
class CipherProcessingTest {
    private static final byte[] KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] PT = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    private static final byte[] ECB = hex("3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
            + "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4");
    private static final byte[] CBC_IV = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] CBC = hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
            + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
    private static final byte[] CTR_IV = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final byte[] CTR = hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
            + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");

    private static TestKey key() {
        return TestKey.secret(CKK_AES, KEY, CKA_ENCRYPT, CKA_DECRYPT);
    }

    private static byte[] oneShot(int function, int mechanism, ByteBuffer params, byte[] in) throws CkException {
        try (Processing p = Mechanisms.init(function, mechanism, params, key())) {
            return Run.oneShot(p, in);
        }
    }

    @Test
    void nistVectors_encryptAndDecrypt_oneShotAndInParts() throws CkException {
        TestKey k = key();
        Object[][] cases = {{CKM_AES_ECB, none(), ECB}, {CKM_AES_CBC, params(CBC_IV), CBC},
            {CKM_AES_CTR, params(1, CTR_IV), CTR}};
        for (Object[] c : cases) {
            int m = (int) c[0];
            ByteBuffer prm = (ByteBuffer) c[1];
            byte[] ct = (byte[]) c[2];
            assertArrayEquals(ct, oneShot(FUNCTION_ENCRYPT, m, prm, PT), Integer.toHexString(m));
            assertArrayEquals(PT, oneShot(FUNCTION_DECRYPT, m, prm, ct));
            try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, m, prm, k)) {
                assertArrayEquals(ct, Run.parts(p, PT, 16));
            }
            try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, m, prm, k)) {
                assertArrayEquals(PT, Run.parts(p, ct, 32));
            }
        }
    }

    @Test
    void ctr_oddLengths_streamByteForByte() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, params(1, CTR_IV), key())) {
            assertArrayEquals(Arrays.copyOf(CTR, 37), Run.parts(p, Arrays.copyOf(PT, 37), 5));
        }
    }

    @Test
    void cts_roundTrips_andKeepsTheLengthOfTheInput() throws CkException {
        byte[] in = Arrays.copyOf(PT, 37);
        byte[] ct = oneShot(FUNCTION_ENCRYPT, CKM_AES_CTS, params(CBC_IV), in);
        assertEquals(37, ct.length);
        assertArrayEquals(Arrays.copyOf(CBC, 16), Arrays.copyOf(ct, 16));
        assertArrayEquals(in, oneShot(FUNCTION_DECRYPT, CKM_AES_CTS, params(CBC_IV), ct));
        try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, CKM_AES_CTS, params(CBC_IV), key())) {
            byte[] out = Run.concat(Run.update(p, Arrays.copyOf(ct, 20)), Run.update(p, Arrays.copyOfRange(ct, 20, 37)));
            assertArrayEquals(in, Run.concat(out, Run.doFinal(p)));
        }
    }

    @Test
    void sizeQuery_consumesNothing() throws CkException {
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CBC, params(CBC_IV), key())) {
            ByteBuffer in = ByteBuffer.wrap(PT);
            assertEquals(64, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.update(in, ByteBuffer.allocate(0))).required());
            assertEquals(64, in.remaining());
            assertEquals(64, Fail.rv(CKR_BUFFER_TOO_SMALL, () -> p.oneShot(in, null)).required());
            assertArrayEquals(CBC, Run.oneShot(p, PT));
        }
    }

    @Test
    void counterOf128Bits_isTheSameCounterAsOne() throws CkException {
        ByteBuffer out = ByteBuffer.allocate(PT.length);
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, params(128, CTR_IV), key())) {
            assertEquals(64, p.oneShot(ByteBuffer.wrap(PT), out));
        }
        assertArrayEquals(CTR, out.array());
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, params(64, CTR_IV), key()));
    }

    @Test
    void directBuffers_streamThroughWithoutCopies() throws CkException {
        ByteBuffer in = ByteBuffer.allocateDirect(PT.length).put(PT).flip();
        ByteBuffer out = ByteBuffer.allocateDirect(PT.length);
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, params(1, CTR_IV), key())) {
            assertEquals(64, p.oneShot(in, out));
        }
        byte[] got = new byte[64];
        out.flip().get(got);
        assertArrayEquals(CTR, got);
    }

    @Test
    void partialBlocks_areDataLenRange() throws CkException {
        for (int m : new int[] {CKM_AES_ECB, CKM_AES_CBC}) {
            ByteBuffer prm = m == CKM_AES_ECB ? none() : params(CBC_IV);
            try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, m, prm, key())) {
                Fail.rv(CKR_DATA_LEN_RANGE, () -> p.update(ByteBuffer.wrap(PT, 0, 15), ByteBuffer.allocate(64)));
                Fail.rv(CKR_DATA_LEN_RANGE, () -> p.oneShot(ByteBuffer.wrap(PT, 0, 17), ByteBuffer.allocate(64)));
            }
            try (Processing p = Mechanisms.init(FUNCTION_DECRYPT, m, prm, key())) {
                Fail.rv(CKR_ENCRYPTED_DATA_LEN_RANGE, () -> p.update(ByteBuffer.wrap(PT, 0, 1), ByteBuffer.allocate(64)));
            }
        }
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTS, params(CBC_IV), key())) {
            Fail.rv(CKR_DATA_LEN_RANGE, () -> p.oneShot(ByteBuffer.wrap(PT, 0, 15), ByteBuffer.allocate(64)));
        }
    }

    @Test
    void missingInput_isArgumentsBad() throws CkException {
        for (int m : new int[] {CKM_AES_ECB, CKM_AES_CTR}) {
            ByteBuffer prm = m == CKM_AES_ECB ? none() : params(1, CTR_IV);
            try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, m, prm, key())) {
                Fail.rv(CKR_ARGUMENTS_BAD, () -> p.update(null, ByteBuffer.allocate(64)));
                Fail.rv(CKR_ARGUMENTS_BAD, () -> p.oneShot(null, ByteBuffer.allocate(64)));
                assertEquals(0, p.doFinal(null));
            }
        }
    }

    @Test
    void badParameters_haveTheReferenceCodes() {
        TestKey k = key();
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_ECB, params(CBC_IV), k));
        for (int m : new int[] {CKM_AES_CBC, CKM_AES_CTS}) {
            Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, m, cut(params(CBC_IV), 15), k));
            Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, m, longer(params(CBC_IV), 1), k));
            Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, m, none(), k));
        }
        ByteBuffer ctr = params(1, CTR_IV);
        for (int n = 0; n < 20; n++) {
            int len = n;
            Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, cut(ctr, len), k));
        }
        Fail.rv(CKR_ARGUMENTS_BAD, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, longer(ctr, 1), k));
        Fail.rv(CKR_MECHANISM_PARAM_INVALID, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CTR, params(32, CTR_IV), k));
    }

    @Test
    void keyChecks_followTheReference() {
        ByteBuffer iv = params(CBC_IV);
        TestKey noEncrypt = TestKey.secret(CKK_AES, KEY, CKA_DECRYPT);
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CBC, iv, noEncrypt));
        TestKey generic = TestKey.secret(CKK_GENERIC_SECRET, KEY, CKA_ENCRYPT);
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CBC, iv, generic));
        TestKey onlyEcb = key().allowing(CKM_AES_ECB);
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_CBC, iv, onlyEcb));
        TestKey noneAllowed = key().allowing();
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_ECB, none(), noneAllowed));
        TestKey shortKey = TestKey.secret(CKK_AES, new byte[17], CKA_ENCRYPT);
        Fail.rv(CKR_KEY_SIZE_RANGE, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_ECB, none(), shortKey));
        TestKey flagFirst = TestKey.secret(CKK_GENERIC_SECRET, KEY).allowing();
        Fail.rv(CKR_KEY_FUNCTION_NOT_PERMITTED, () -> Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_ECB, none(), flagFirst));
    }

    @Test
    void secondInit_withTheSameKey_reusesItsParsedMaterial() throws CkException {
        TestKey k = key();
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_ECB, none(), k)) {
            assertArrayEquals(ECB, Run.oneShot(p, PT));
        }
        Object material = k.material();
        assertNotNull(material);
        try (Processing p = Mechanisms.init(FUNCTION_ENCRYPT, CKM_AES_ECB, none(), k)) {
            assertArrayEquals(ECB, Run.oneShot(p, PT));
        }
        assertSame(material, k.material());
    }
}
