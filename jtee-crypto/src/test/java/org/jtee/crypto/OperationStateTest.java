package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.bytes;
import static org.jtee.crypto.Fixtures.cipher;
import static org.jtee.crypto.Fixtures.fails;
import static org.jtee.crypto.Fixtures.key;
import static org.jtee.crypto.Fixtures.panics;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_INITIALIZED;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_KEY_SET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;

/**
 * The operation state machine and where OP-TEE panics: keys (set, clear, type, size, usage, two
 * keys), init, update and final of each class out of order or on the wrong class, IV and nonce
 * rules, reset, and use after {@code TEE_FreeOperation}.
 */
class OperationStateTest {
    private static final byte[] K16 = bytes(16, 3);
    private static final byte[] IV = bytes(16, 9);

    private static Operation aes(int alg, int mode) throws TeeException {
        return Fixtures.op(alg, mode, 256, key(TeeType.AES, K16));
    }

    @Test
    void setKey_onDigest_panics() throws TeeException {
        try (Operation op = Operation.allocate(TeeAlg.SHA256, TeeCrypto.MODE_DIGEST, 0)) {
            panics(() -> op.setKey(key(TeeType.AES, K16)));
        }
    }

    @Test
    void setKey_whileInitialized_panics() throws TeeException {
        try (Operation op = aes(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT)) {
            op.cipherInit(IV);
            panics(() -> op.setKey(key(TeeType.AES, K16)));
        }
    }

    @Test
    void setKey_wrongTypeTooBigNoUsageOrUninitialized_panics() throws TeeException {
        try (Operation op = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 128)) {
            panics(() -> op.setKey(key(TeeType.DES, bytes(8, 1))));
            panics(() -> op.setKey(key(TeeType.AES, bytes(32, 1))));
            TransientObject noEncrypt = key(TeeType.AES, K16);
            noEncrypt.restrictUsage(~TeeCrypto.USAGE_ENCRYPT);
            TaPanic p = panics(() -> op.setKey(noEncrypt));
            assertEquals(TeeResult.BAD_PARAMETERS, p.code());
            panics(() -> op.setKey(TransientObject.allocate(TeeType.AES, 128)));
            assertEquals(0, op.info().handleState());
        }
        try (Operation hmac = Operation.allocate(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, 256)) {
            panics(() -> hmac.setKey(key(TeeType.GENERIC_SECRET, bytes(32, 1))));
            panics(() -> hmac.setKey(key(TeeType.HMAC_SHA1, bytes(32, 1))));
        }
    }

    @Test
    void setKey_keepsItsOwnCopy() throws TeeException {
        TransientObject k = key(TeeType.AES, K16);
        try (Operation op = Fixtures.op(TeeAlg.AES_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT, 128, k);
                Operation ref = Fixtures.op(TeeAlg.AES_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.AES, K16)) {
            k.reset();
            k.populate(Attribute.ref(TeeAttr.SECRET_VALUE, bytes(16, 77)));
            k.close();
            assertArrayEquals(cipher(ref, null, bytes(32, 0)), cipher(op, null, bytes(32, 0)));
        }
    }

    @Test
    void setKey_null_clearsTheKeyAndResets() throws TeeException {
        try (Operation op = aes(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT)) {
            op.cipherInit(IV);
            op.cipherDoFinal(ByteBuffer.wrap(bytes(5, 0)), ByteBuffer.allocate(5));
            op.setKey(null);
            assertEquals(0, op.info().handleState());
            assertEquals(0, op.infoMultiple().keyInformation().get(0).keySize());
            panics(() -> op.cipherInit(IV));
            panics(op::reset);
        }
    }

    @Test
    void setKey2_rules() throws TeeException {
        TransientObject a = key(TeeType.AES, K16);
        TransientObject b = key(TeeType.AES, bytes(16, 4));
        try (Operation xts = Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_ENCRYPT, 256);
                Operation cbc = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256)) {
            fails(TeeResult.SECURITY, () -> xts.setKey2(a, a));
            panics(() -> xts.setKey2(a, null));
            panics(() -> xts.setKey(a));
            panics(() -> cbc.setKey2(a, b));
            panics(() -> xts.setKey2(a, key(TeeType.AES, bytes(24, 4))));
            panics(() -> xts.setKey2(key(TeeType.AES, bytes(32, 4)), key(TeeType.AES, bytes(32, 5))));
            xts.setKey2(a, b);
            assertEquals(HANDLE_FLAG_KEY_SET | TeeCrypto.HANDLE_FLAG_EXPECT_TWO_KEYS, xts.info().handleState());
            assertEquals(128, xts.infoMultiple().keyInformation().get(1).keySize());
            xts.cipherInit(IV);
            panics(() -> xts.setKey2(a, b));
            xts.cipherDoFinal(ByteBuffer.wrap(bytes(32, 0)), ByteBuffer.allocate(32));
            xts.setKey2(null, null);
            assertEquals(TeeCrypto.HANDLE_FLAG_EXPECT_TWO_KEYS, xts.info().handleState());
        }
    }

    @Test
    void reset_withoutKey_panics_andWithKey_returnsToInitial() throws TeeException {
        try (Operation op = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 128)) {
            panics(op::reset);
            op.setKey(key(TeeType.AES, K16));
            op.cipherInit(IV);
            op.cipherUpdate(ByteBuffer.wrap(bytes(20, 0)), ByteBuffer.allocate(16));
            op.reset();
            assertEquals(HANDLE_FLAG_KEY_SET, op.info().handleState());
            assertEquals(TeeCrypto.OPERATION_STATE_INITIAL, op.infoMultiple().operationState());
            panics(() -> op.cipherUpdate(ByteBuffer.wrap(bytes(16, 0)), ByteBuffer.allocate(16)));
        }
    }

    @Test
    void cipher_outOfOrderOrOnAnotherClass_panics() throws TeeException {
        try (Operation op = aes(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT)) {
            TaPanic p = panics(() -> op.cipherUpdate(ByteBuffer.wrap(bytes(16, 0)), ByteBuffer.allocate(16)));
            assertEquals(TeeResult.BAD_PARAMETERS, p.code());
            panics(() -> op.cipherDoFinal(null, ByteBuffer.allocate(16)));
            panics(() -> op.macInit(null));
            panics(() -> op.digestUpdate(ByteBuffer.allocate(1)));
            panics(() -> op.aeInit(new byte[12], 128, 0, 0));
            op.cipherInit(IV);
            op.cipherDoFinal(ByteBuffer.wrap(bytes(16, 0)), ByteBuffer.allocate(16));
            panics(() -> op.cipherDoFinal(null, ByteBuffer.allocate(16)));
        }
        try (Operation mac = Fixtures.op(TeeAlg.AES_CMAC, TeeCrypto.MODE_MAC, TeeType.AES, K16)) {
            panics(() -> mac.cipherInit(IV));
        }
    }

    @Test
    void cipherInit_ivRules_panic() throws TeeException {
        try (Operation ecb = aes(TeeAlg.AES_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT);
                Operation cbc = aes(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT);
                Operation ctr = aes(TeeAlg.AES_CTR, TeeCrypto.MODE_DECRYPT);
                Operation cts = aes(TeeAlg.AES_CTS, TeeCrypto.MODE_ENCRYPT);
                Operation des = Fixtures.op(TeeAlg.DES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.DES, bytes(8, 1));
                Operation sm4 = Fixtures.op(TeeAlg.SM4_CTR, TeeCrypto.MODE_ENCRYPT, TeeType.SM4, K16);
                Operation xts = Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_ENCRYPT, 256)) {
            assertEquals(0, panics(() -> ecb.cipherInit(IV)).code());
            ecb.cipherInit(new byte[0]);
            ecb.cipherInit(null);
            panics(() -> cbc.cipherInit(null));
            panics(() -> cbc.cipherInit(new byte[8]));
            panics(() -> ctr.cipherInit(new byte[12]));
            panics(() -> cts.cipherInit(null));
            panics(() -> des.cipherInit(new byte[16]));
            des.cipherInit(new byte[8]);
            panics(() -> sm4.cipherInit(new byte[15]));
            xts.setKey2(key(TeeType.AES, K16), key(TeeType.AES, bytes(16, 8)));
            panics(() -> xts.cipherInit(null));
        }
    }

    @Test
    void cipherDoFinal_noPaddingPartialBlock_panics() throws TeeException {
        for (int alg : new int[] {TeeAlg.AES_ECB_NOPAD, TeeAlg.AES_CBC_NOPAD}) {
            try (Operation op = aes(alg, TeeCrypto.MODE_ENCRYPT)) {
                op.cipherInit(alg == TeeAlg.AES_ECB_NOPAD ? null : IV);
                op.cipherUpdate(ByteBuffer.wrap(bytes(10, 0)), ByteBuffer.allocate(16));
                TaPanic p = panics(() -> op.cipherDoFinal(ByteBuffer.wrap(bytes(7, 0)), ByteBuffer.allocate(32)));
                assertEquals(TeeResult.BAD_PARAMETERS, p.code());
            }
        }
        try (Operation des = Fixtures.op(TeeAlg.DES3_ECB_NOPAD, TeeCrypto.MODE_DECRYPT, TeeType.DES3, bytes(24, 1))) {
            des.cipherInit(null);
            panics(() -> des.cipherDoFinal(ByteBuffer.wrap(bytes(12, 0)), ByteBuffer.allocate(16)));
        }
    }

    @Test
    void ctsAndXts_shorterThanOneBlock_panic() throws TeeException {
        try (Operation cts = aes(TeeAlg.AES_CTS, TeeCrypto.MODE_ENCRYPT);
                Operation xts = Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_DECRYPT, 256)) {
            cts.cipherInit(IV);
            panics(() -> cts.cipherDoFinal(ByteBuffer.wrap(bytes(15, 0)), ByteBuffer.allocate(16)));
            xts.setKey2(key(TeeType.AES, K16), key(TeeType.AES, bytes(16, 8)));
            xts.cipherInit(IV);
            panics(() -> xts.cipherDoFinal(ByteBuffer.wrap(bytes(10, 0)), ByteBuffer.allocate(16)));
        }
    }

    @Test
    void mac_stateRules() throws TeeException {
        try (Operation op = Fixtures.op(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, TeeType.HMAC_SHA256, bytes(32, 1))) {
            panics(() -> op.macUpdate(ByteBuffer.allocate(3)));
            assertEquals(TeeResult.BAD_PARAMETERS,
                    panics(() -> op.macComputeFinal(null, ByteBuffer.allocate(32))).code());
            panics(() -> op.macCompareFinal(null, ByteBuffer.allocate(32)));
            op.macInit(new byte[16]);
            assertEquals(HANDLE_FLAG_KEY_SET | HANDLE_FLAG_INITIALIZED, op.info().handleState());
            op.macUpdate(ByteBuffer.wrap(bytes(3, 0)));
            byte[] tag = new byte[32];
            op.macComputeFinal(ByteBuffer.wrap(bytes(4, 0)), ByteBuffer.wrap(tag));
            assertEquals(HANDLE_FLAG_KEY_SET, op.info().handleState());
            panics(() -> op.macUpdate(ByteBuffer.allocate(3)));
            op.macInit(null);
            fails(TeeResult.MAC_INVALID, () -> op.macCompareFinal(ByteBuffer.wrap(bytes(7, 0)),
                    ByteBuffer.wrap(tag, 0, 31)));
            op.macInit(null);
            byte[] wrong = tag.clone();
            wrong[31] ^= 1;
            fails(TeeResult.MAC_INVALID, () -> op.macCompareFinal(ByteBuffer.wrap(bytes(7, 0)), ByteBuffer.wrap(wrong)));
            op.macInit(null);
            op.macUpdate(ByteBuffer.wrap(bytes(3, 0)));
            op.macInit(null);
            op.macCompareFinal(ByteBuffer.wrap(bytes(3, 0)), ByteBuffer.wrap(tagOf(bytes(3, 0))));
        }
    }

    private static byte[] tagOf(byte[] msg) throws TeeException {
        try (Operation op = Fixtures.op(TeeAlg.HMAC_SHA256, TeeCrypto.MODE_MAC, TeeType.HMAC_SHA256, bytes(32, 1))) {
            return Fixtures.mac(op, msg);
        }
    }

    @Test
    void cbcMacNoPadding_partialOrEmptyMessage_panics() throws TeeException {
        try (Operation op = Fixtures.op(TeeAlg.AES_CBC_MAC_NOPAD, TeeCrypto.MODE_MAC, TeeType.AES, K16)) {
            op.macInit(null);
            panics(() -> op.macComputeFinal(ByteBuffer.wrap(bytes(17, 0)), ByteBuffer.allocate(16)));
            op.macInit(null);
            panics(() -> op.macComputeFinal(null, ByteBuffer.allocate(16)));
            op.macInit(null);
            assertEquals(16, op.macComputeFinal(ByteBuffer.wrap(bytes(32, 0)), ByteBuffer.allocate(16)));
        }
    }

    @Test
    void cbcMac_isTheLastCbcBlock_andPkcs5PadsAFullBlock() throws TeeException {
        byte[] msg = bytes(48, 5);
        try (Operation mac = Fixtures.op(TeeAlg.DES3_CBC_MAC_NOPAD, TeeCrypto.MODE_MAC, TeeType.DES3, bytes(24, 2));
                Operation pkcs = Fixtures.op(TeeAlg.DES3_CBC_MAC_PKCS5, TeeCrypto.MODE_MAC, TeeType.DES3, bytes(24, 2));
                Operation cbc = Fixtures.op(TeeAlg.DES3_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.DES3, bytes(24, 2))) {
            byte[] ct = cipher(cbc, new byte[8], msg);
            assertArrayEquals(java.util.Arrays.copyOfRange(ct, 40, 48), Fixtures.mac(mac, msg));
            byte[] padded = Fixtures.concat(msg, new byte[] {8, 8, 8, 8, 8, 8, 8, 8});
            byte[] ct2 = cipher(cbc, new byte[8], padded);
            assertArrayEquals(java.util.Arrays.copyOfRange(ct2, 48, 56), Fixtures.mac(pkcs, msg));
        }
    }

    @Test
    void ae_stateRules() throws TeeException {
        try (Operation gcm = aes(TeeAlg.AES_GCM, TeeCrypto.MODE_ENCRYPT)) {
            panics(() -> gcm.aeInit(null, 128, 0, 0));
            panics(() -> gcm.aeUpdateAad(ByteBuffer.allocate(1)));
            panics(() -> gcm.aeUpdate(ByteBuffer.allocate(1), ByteBuffer.allocate(1)));
            fails(TeeResult.NOT_SUPPORTED, () -> gcm.aeInit(new byte[12], 64, 0, 0));
            fails(TeeResult.NOT_SUPPORTED, () -> gcm.aeInit(new byte[12], 100, 0, 0));
            fails(TeeResult.NOT_SUPPORTED, () -> gcm.aeInit(new byte[12], 136, 0, 0));
            panics(() -> gcm.aeInit(new byte[0], 128, 0, 0));
            gcm.aeInit(new byte[12], 104, 0, 0);
            assertEquals(13, gcm.info().digestLength());
            gcm.aeUpdateAad(ByteBuffer.wrap(bytes(5, 0)));
            gcm.aeUpdate(ByteBuffer.allocate(0), ByteBuffer.allocate(0));
            gcm.aeUpdateAad(ByteBuffer.wrap(bytes(5, 0)));
            gcm.aeUpdate(ByteBuffer.wrap(bytes(5, 0)), ByteBuffer.allocate(5));
            panics(() -> gcm.aeUpdateAad(ByteBuffer.allocate(1)));
            panics(() -> gcm.aeInit(new byte[12], 128, 0, 0));
            panics(() -> gcm.aeDecryptFinal(null, ByteBuffer.allocate(16), ByteBuffer.allocate(13)));
            gcm.aeEncryptFinal(null, ByteBuffer.allocate(0), ByteBuffer.allocate(16));
            assertEquals(HANDLE_FLAG_KEY_SET, gcm.info().handleState());
        }
        try (Operation noKey = Operation.allocate(TeeAlg.AES_GCM, TeeCrypto.MODE_ENCRYPT, 128)) {
            panics(() -> noKey.aeInit(new byte[12], 128, 0, 0));
        }
    }

    @Test
    void ccm_lengthsAnnouncedAtInit_areEnforced() throws TeeException {
        try (Operation ccm = aes(TeeAlg.AES_CCM, TeeCrypto.MODE_ENCRYPT)) {
            fails(TeeResult.NOT_SUPPORTED, () -> ccm.aeInit(new byte[12], 40, 0, 0));
            fails(TeeResult.NOT_SUPPORTED, () -> ccm.aeInit(new byte[12], 16, 0, 0));
            panics(() -> ccm.aeInit(new byte[14], 128, 0, 0));
            panics(() -> ccm.aeInit(new byte[6], 128, 0, 0));
            ccm.aeInit(new byte[13], 128, 4, 32);
            panics(() -> ccm.aeUpdateAad(ByteBuffer.allocate(5)));
        }
        try (Operation ccm = aes(TeeAlg.AES_CCM, TeeCrypto.MODE_ENCRYPT)) {
            ccm.aeInit(new byte[13], 128, 4, 32);
            ccm.aeUpdateAad(ByteBuffer.allocate(3));
            panics(() -> ccm.aeUpdate(ByteBuffer.allocate(16), ByteBuffer.allocate(16)));
        }
        try (Operation ccm = aes(TeeAlg.AES_CCM, TeeCrypto.MODE_ENCRYPT)) {
            ccm.aeInit(new byte[7], 32, 0, 32);
            ccm.aeUpdate(ByteBuffer.allocate(20), ByteBuffer.allocate(16));
            panics(() -> ccm.aeEncryptFinal(ByteBuffer.allocate(4), ByteBuffer.allocate(16), ByteBuffer.allocate(4)));
        }
        try (Operation ccm = aes(TeeAlg.AES_CCM, TeeCrypto.MODE_ENCRYPT)) {
            ccm.aeInit(new byte[7], 32, 0, 16);
            panics(() -> ccm.aeEncryptFinal(ByteBuffer.allocate(17), ByteBuffer.allocate(32), ByteBuffer.allocate(4)));
        }
    }

    @Test
    void aeDecryptFinal_wrongTag_isMacInvalidAndReleasesNothing() throws TeeException {
        byte[] pt = bytes(40, 1);
        for (int alg : new int[] {TeeAlg.AES_GCM, TeeAlg.AES_CCM}) {
            byte[] nonce = new byte[alg == TeeAlg.AES_GCM ? 12 : 13];
            byte[] ct = new byte[40];
            byte[] tag = new byte[16];
            try (Operation enc = aes(alg, TeeCrypto.MODE_ENCRYPT)) {
                enc.aeInit(nonce, 128, 0, 40);
                enc.aeEncryptFinal(ByteBuffer.wrap(pt), ByteBuffer.wrap(ct), ByteBuffer.wrap(tag));
            }
            try (Operation dec = aes(alg, TeeCrypto.MODE_DECRYPT)) {
                dec.aeInit(nonce, 128, 0, 40);
                ByteBuffer out = ByteBuffer.allocate(40);
                byte[] bad = tag.clone();
                bad[0] ^= 1;
                fails(TeeResult.MAC_INVALID, () -> dec.aeDecryptFinal(ByteBuffer.wrap(ct), out, ByteBuffer.wrap(bad)));
                assertEquals(0, out.position());
                assertArrayEquals(new byte[40], out.array());
                assertEquals(HANDLE_FLAG_KEY_SET | HANDLE_FLAG_INITIALIZED, dec.info().handleState());
                dec.reset();
                dec.aeInit(nonce, 128, 0, 40);
                fails(TeeResult.MAC_INVALID, () -> dec.aeDecryptFinal(ByteBuffer.wrap(ct), ByteBuffer.allocate(40),
                        ByteBuffer.wrap(tag, 0, 15)));
                dec.reset();
                dec.aeInit(nonce, 128, 0, 40);
                dec.aeDecryptFinal(ByteBuffer.wrap(ct), out, ByteBuffer.wrap(tag));
                assertArrayEquals(pt, out.array());
            }
        }
    }

    @Test
    void freedOperation_panics_andCloseTwiceIsHarmless() throws TeeException {
        Operation op = aes(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT);
        op.close();
        op.close();
        panics(op::info);
        panics(() -> op.cipherInit(IV));
        panics(() -> op.setKey(null));
        try (Operation other = aes(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT)) {
            panics(() -> other.copyFrom(op));
        }
    }

    @Test
    void readOnlyOutput_panics() throws TeeException {
        try (Operation op = aes(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT);
                Operation sha = Operation.allocate(TeeAlg.SHA256, TeeCrypto.MODE_DIGEST, 0)) {
            op.cipherInit(IV);
            panics(() -> op.cipherUpdate(ByteBuffer.wrap(bytes(4, 0)), ByteBuffer.allocate(4).asReadOnlyBuffer()));
            panics(() -> sha.digestDoFinal(null, ByteBuffer.allocate(32).asReadOnlyBuffer()));
            op.cipherUpdate(ByteBuffer.wrap(bytes(4, 0)).asReadOnlyBuffer(), ByteBuffer.allocate(4));
        }
    }

    @Test
    void digest_extractState() throws TeeException {
        try (Operation op = Operation.allocate(TeeAlg.SHA256, TeeCrypto.MODE_DIGEST, 0)) {
            byte[] full = op.digest(bytes(10, 0));
            op.digestUpdate(ByteBuffer.wrap(bytes(10, 0)));
            ByteBuffer part = ByteBuffer.allocate(10);
            op.digestExtract(part);
            assertEquals(TeeCrypto.OPERATION_STATE_EXTRACTING, op.infoMultiple().operationState());
            assertEquals(TeeCrypto.HANDLE_FLAG_EXTRACTING, op.info().handleState() & TeeCrypto.HANDLE_FLAG_EXTRACTING);
            panics(() -> op.digestUpdate(ByteBuffer.allocate(1)));
            panics(() -> op.digestDoFinal(ByteBuffer.allocate(1), ByteBuffer.allocate(32)));
            ByteBuffer rest = ByteBuffer.allocate(32);
            assertEquals(22, op.digestDoFinal(null, rest));
            assertArrayEquals(full, Fixtures.concat(part.array(), java.util.Arrays.copyOf(rest.array(), 22)));
            assertEquals(HANDLE_FLAG_KEY_SET | HANDLE_FLAG_INITIALIZED, op.info().handleState());
            assertEquals(TeeCrypto.OPERATION_STATE_INITIAL, op.infoMultiple().operationState());
            ByteBuffer none = ByteBuffer.allocate(40);
            op.digestExtract(none);
            assertEquals(32, none.position());
            op.digestExtract(none);
            assertEquals(32, none.position());
            op.reset();
            assertArrayEquals(full, op.digest(bytes(10, 0)));
        }
    }
}
