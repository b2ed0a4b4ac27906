package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.bytes;
import static org.jtee.crypto.Fixtures.key;
import static org.jtee.crypto.Fixtures.panics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.jtee.common.TeeException;
import org.junit.jupiter.api.Test;

/**
 * {@code TEE_CopyOperation} in every state and for every symmetric algorithm: a copy made
 * mid-stream (partial blocks held, CTR mid-block, AE mid-AAD and mid-payload, a digest while
 * extracting) continues exactly as the original, and each finishes as a single call would; the
 * copy has its own key; algorithms and modes must match.
 */
class CopyOperationTest {
    private static final byte[] A = bytes(37, 1);
    private static final byte[] B = bytes(50, 2);
    private static final byte[] AB = Fixtures.concat(A, B);

    private static final int[] DIGESTS = {TeeAlg.MD5, TeeAlg.SHA1, TeeAlg.SHA224, TeeAlg.SHA256, TeeAlg.SHA384,
        TeeAlg.SHA512, TeeAlg.SHA3_224, TeeAlg.SHA3_256, TeeAlg.SHA3_384, TeeAlg.SHA3_512, TeeAlg.SM3};

    @Test
    void digest_copiedMidStream_continuesAsTheOriginal() throws TeeException {
        for (int alg : DIGESTS) {
            try (Operation src = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0);
                    Operation dst = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0)) {
                byte[] expected = src.digest(AB);
                src.digestUpdate(ByteBuffer.wrap(A));
                dst.copyFrom(src);
                assertEquals(src.infoMultiple(), dst.infoMultiple());
                assertArrayEquals(expected, src.digest(B), String.format("0x%08X", alg));
                assertArrayEquals(expected, dst.digest(B), String.format("copy of 0x%08X", alg));
            }
        }
    }

    @Test
    void digest_copiedWhileExtracting_extractsTheRest() throws TeeException {
        for (int alg : new int[] {TeeAlg.SHA256, TeeAlg.SHAKE128, TeeAlg.SHAKE256}) {
            try (Operation src = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0);
                    Operation dst = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0)) {
                src.digestUpdate(ByteBuffer.wrap(AB));
                ByteBuffer all = ByteBuffer.allocate(32);
                src.digestExtract(all.slice(0, 7));
                dst.copyFrom(src);
                ByteBuffer rest1 = ByteBuffer.allocate(25);
                ByteBuffer rest2 = ByteBuffer.allocate(25);
                src.digestExtract(rest1);
                dst.digestExtract(rest2);
                assertArrayEquals(rest1.array(), rest2.array());
                try (Operation one = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0)) {
                    byte[] whole = new byte[32];
                    one.digestUpdate(ByteBuffer.wrap(AB));
                    one.digestExtract(ByteBuffer.wrap(whole));
                    assertArrayEquals(Arrays.copyOfRange(whole, 7, 32), rest2.array());
                }
            }
        }
    }

    private record CipherCase(int alg, int type, int keyBytes, boolean twoKeys, int ivBytes) {}

    private static final List<CipherCase> CIPHERS = List.of(new CipherCase(TeeAlg.AES_ECB_NOPAD, TeeType.AES, 16, false, 0),
            new CipherCase(TeeAlg.AES_CBC_NOPAD, TeeType.AES, 24, false, 16),
            new CipherCase(TeeAlg.AES_CTR, TeeType.AES, 32, false, 16),
            new CipherCase(TeeAlg.AES_CTS, TeeType.AES, 16, false, 16),
            new CipherCase(TeeAlg.AES_XTS, TeeType.AES, 32, true, 16),
            new CipherCase(TeeAlg.DES_ECB_NOPAD, TeeType.DES, 8, false, 0),
            new CipherCase(TeeAlg.DES_CBC_NOPAD, TeeType.DES, 8, false, 8),
            new CipherCase(TeeAlg.DES3_ECB_NOPAD, TeeType.DES3, 16, false, 0),
            new CipherCase(TeeAlg.DES3_CBC_NOPAD, TeeType.DES3, 24, false, 8),
            new CipherCase(TeeAlg.SM4_ECB_NOPAD, TeeType.SM4, 16, false, 0),
            new CipherCase(TeeAlg.SM4_CBC_NOPAD, TeeType.SM4, 16, false, 16),
            new CipherCase(TeeAlg.SM4_CTR, TeeType.SM4, 16, false, 16),
            new CipherCase(TeeAlg.SM4_XTS, TeeType.SM4, 16, true, 16));

    private static Operation cipherOp(CipherCase c, int mode, boolean withKey) throws TeeException {
        Operation op = Operation.allocate(c.alg, mode, c.keyBytes * 8 * (c.twoKeys ? 2 : 1));
        if (withKey && c.twoKeys) {
            op.setKey2(key(c.type, bytes(c.keyBytes, 1)), key(c.type, bytes(c.keyBytes, 2)));
        } else if (withKey) {
            op.setKey(key(c.type, bytes(c.keyBytes, 1)));
        }
        return op;
    }

    @Test
    void cipher_copiedMidStream_continuesAsTheOriginal() throws TeeException {
        for (CipherCase c : CIPHERS) {
            boolean whole = c.alg == TeeAlg.AES_ECB_NOPAD || c.alg == TeeAlg.AES_CBC_NOPAD || c.alg == TeeAlg.SM4_ECB_NOPAD
                    || c.alg == TeeAlg.SM4_CBC_NOPAD || c.type != TeeType.AES && c.type != TeeType.SM4;
            byte[] data = whole ? bytes(96, 5) : AB;
            byte[] iv = c.ivBytes == 0 ? null : bytes(c.ivBytes, 9);
            for (int mode : new int[] {TeeCrypto.MODE_ENCRYPT, TeeCrypto.MODE_DECRYPT}) {
                try (Operation src = cipherOp(c, mode, true); Operation dst = cipherOp(c, mode, false)) {
                    byte[] expected = Fixtures.cipher(src, iv, data);
                    src.cipherInit(iv);
                    ByteBuffer out1 = ByteBuffer.allocate(data.length);
                    src.cipherUpdate(ByteBuffer.wrap(data, 0, 37), out1);
                    dst.copyFrom(src);
                    ByteBuffer out2copy = ByteBuffer.allocate(data.length).put(Arrays.copyOf(out1.array(), out1.position()));
                    src.cipherDoFinal(ByteBuffer.wrap(data, 37, data.length - 37), out1);
                    dst.cipherDoFinal(ByteBuffer.wrap(data, 37, data.length - 37), out2copy);
                    String what = String.format("0x%08X mode %d", c.alg, mode);
                    assertArrayEquals(expected, out1.array(), what);
                    assertArrayEquals(expected, out2copy.array(), "copy of " + what);
                }
            }
        }
    }

    private static final int[][] MACS = {{TeeAlg.HMAC_MD5, TeeType.HMAC_MD5, 16}, {TeeAlg.HMAC_SHA1, TeeType.HMAC_SHA1, 20},
        {TeeAlg.HMAC_SHA224, TeeType.HMAC_SHA224, 28}, {TeeAlg.HMAC_SHA256, TeeType.HMAC_SHA256, 32},
        {TeeAlg.HMAC_SHA384, TeeType.HMAC_SHA384, 48}, {TeeAlg.HMAC_SHA512, TeeType.HMAC_SHA512, 64},
        {TeeAlg.HMAC_SHA3_224, TeeType.HMAC_SHA3_224, 28}, {TeeAlg.HMAC_SHA3_256, TeeType.HMAC_SHA3_256, 32},
        {TeeAlg.HMAC_SHA3_384, TeeType.HMAC_SHA3_384, 48}, {TeeAlg.HMAC_SHA3_512, TeeType.HMAC_SHA3_512, 64},
        {TeeAlg.HMAC_SM3, TeeType.HMAC_SM3, 32}, {TeeAlg.AES_CBC_MAC_NOPAD, TeeType.AES, 16},
        {TeeAlg.AES_CBC_MAC_PKCS5, TeeType.AES, 16}, {TeeAlg.AES_CMAC, TeeType.AES, 32},
        {TeeAlg.DES_CBC_MAC_NOPAD, TeeType.DES, 8}, {TeeAlg.DES_CBC_MAC_PKCS5, TeeType.DES, 8},
        {TeeAlg.DES3_CBC_MAC_NOPAD, TeeType.DES3, 24}, {TeeAlg.DES3_CBC_MAC_PKCS5, TeeType.DES3, 16},
        {TeeAlg.DES3_CMAC, TeeType.DES3, 24}};

    @Test
    void mac_copiedMidStream_continuesAsTheOriginal() throws TeeException {
        for (int[] m : MACS) {
            boolean nopad = m[0] == TeeAlg.AES_CBC_MAC_NOPAD || m[0] == TeeAlg.DES_CBC_MAC_NOPAD
                    || m[0] == TeeAlg.DES3_CBC_MAC_NOPAD;
            byte[] data = nopad ? bytes(96, 4) : AB;
            byte[] k = bytes(m[2], 3);
            try (Operation src = Fixtures.op(m[0], TeeCrypto.MODE_MAC, m[1], k);
                    Operation dst = Operation.allocate(m[0], TeeCrypto.MODE_MAC, m[2] * 8)) {
                byte[] expected = Fixtures.mac(src, data);
                src.macInit(null);
                src.macUpdate(ByteBuffer.wrap(data, 0, 37));
                dst.copyFrom(src);
                String what = String.format("0x%08X", m[0]);
                byte[] t1 = new byte[expected.length];
                byte[] t2 = new byte[expected.length];
                src.macComputeFinal(ByteBuffer.wrap(data, 37, data.length - 37), ByteBuffer.wrap(t1));
                dst.macComputeFinal(ByteBuffer.wrap(data, 37, data.length - 37), ByteBuffer.wrap(t2));
                assertArrayEquals(expected, t1, what);
                assertArrayEquals(expected, t2, "copy of " + what);
            }
        }
    }

    @Test
    void ae_copiedMidAadAndMidPayload_continuesAsTheOriginal() throws TeeException {
        byte[] k = bytes(16, 8);
        for (int alg : new int[] {TeeAlg.AES_GCM, TeeAlg.AES_CCM}) {
            byte[] nonce = bytes(alg == TeeAlg.AES_GCM ? 12 : 11, 1);
            AeVectorsTest.Sealed expected = AeVectorsTest.encrypt(alg, k, nonce, 16, A, B, 0);
            for (int at : new int[] {0, 1}) {
                try (Operation src = Fixtures.op(alg, TeeCrypto.MODE_ENCRYPT, TeeType.AES, k);
                        Operation dst = Operation.allocate(alg, TeeCrypto.MODE_ENCRYPT, 128)) {
                    src.aeInit(nonce, 128, A.length, B.length);
                    ByteBuffer out1 = ByteBuffer.allocate(B.length);
                    if (at == 0) {
                        src.aeUpdateAad(ByteBuffer.wrap(A, 0, 20));
                    } else {
                        src.aeUpdateAad(ByteBuffer.wrap(A));
                        src.aeUpdate(ByteBuffer.wrap(B, 0, 21), out1);
                    }
                    dst.copyFrom(src);
                    ByteBuffer out2 = ByteBuffer.allocate(B.length).put(Arrays.copyOf(out1.array(), out1.position()));
                    for (Operation op : List.of(src, dst)) {
                        ByteBuffer out = op == src ? out1 : out2;
                        if (at == 0) {
                            op.aeUpdateAad(ByteBuffer.wrap(A, 20, A.length - 20));
                            op.aeUpdate(ByteBuffer.wrap(B, 0, 21), out);
                        }
                        ByteBuffer tag = ByteBuffer.allocate(16);
                        op.aeEncryptFinal(ByteBuffer.wrap(B, 21, B.length - 21), out, tag);
                        assertArrayEquals(expected.ct(), out.array(), alg + " at " + at);
                        assertArrayEquals(expected.tag(), tag.array(), alg + " at " + at);
                    }
                }
            }
        }
    }

    @Test
    void copy_hasItsOwnKey_andClearsAKeyTheSourceLacks() throws TeeException {
        byte[] iv = bytes(16, 1);
        Operation src = Fixtures.op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.AES, bytes(16, 1));
        byte[] expected = Fixtures.cipher(src, iv, Arrays.copyOf(B, 32));
        try (Operation dst = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256);
                Operation empty = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 256)) {
            dst.copyFrom(src);
            src.close();
            assertArrayEquals(expected, Fixtures.cipher(dst, iv, Arrays.copyOf(B, 32)));
            dst.copyFrom(empty);
            assertEquals(0, dst.info().handleState());
            panics(() -> dst.cipherInit(iv));
        }
    }

    @Test
    void copy_mismatchOrKeyTooLarge_panics() throws TeeException {
        try (Operation cbc = Fixtures.op(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, TeeType.AES, bytes(32, 1));
                Operation ecb = Operation.allocate(TeeAlg.AES_ECB_NOPAD, TeeCrypto.MODE_ENCRYPT, 256);
                Operation dec = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_DECRYPT, 256);
                Operation small = Operation.allocate(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_ENCRYPT, 128)) {
            panics(() -> ecb.copyFrom(cbc));
            panics(() -> dec.copyFrom(cbc));
            panics(() -> small.copyFrom(cbc));
        }
    }

    @Test
    void copy_intoAnActiveTwoKeyOperation_panics() throws TeeException {
        CipherCase xts = CIPHERS.get(4);
        try (Operation src = cipherOp(xts, TeeCrypto.MODE_ENCRYPT, true);
                Operation dst = cipherOp(xts, TeeCrypto.MODE_ENCRYPT, true)) {
            dst.cipherInit(bytes(16, 1));
            panics(() -> dst.copyFrom(src));
        }
    }

    @Test
    void asymmetric_copy_signsWithItsOwnKey() throws TeeException {
        TransientObject pair = TransientObject.allocate(TeeType.ED25519_KEYPAIR, 256);
        pair.generateKey(256);
        byte[] msg = bytes(40, 1);
        try (Operation dst = Operation.allocate(TeeAlg.ED25519, TeeCrypto.MODE_SIGN, 256)) {
            byte[] expected;
            try (Operation src = Fixtures.op(TeeAlg.ED25519, TeeCrypto.MODE_SIGN, 256, pair)) {
                expected = sign(src, msg);
                dst.copyFrom(src);
            }
            pair.close();
            assertArrayEquals(expected, sign(dst, msg));
        }
    }

    private static byte[] sign(Operation op, byte[] msg) throws TeeException {
        ByteBuffer sig = ByteBuffer.allocate(64);
        op.asymmetricSignDigest(List.of(), ByteBuffer.wrap(msg), sig);
        return sig.array();
    }
}
