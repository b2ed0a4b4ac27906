package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.bytes;
import static org.jtee.crypto.Fixtures.cipher;
import static org.jtee.crypto.Fixtures.cipherInChunks;
import static org.jtee.crypto.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;

import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jtee.common.TeeException;
import org.jtee.crypto.vectors.VectorFiles;
import org.junit.jupiter.api.Test;

/**
 * GP details that differ from Java's defaults: AES-CTR's counter is the whole block and wraps from
 * all ones to zero; CTS is CBC-CS3 (RFC 3962's vectors; one block is plain CBC); XTS takes two keys,
 * the second for the tweak, which is the IV; SM4-CTR ends with a partial block; GCM's counter is 32
 * bits; GCM and CCM agree with Bouncy Castle's for random nonce, AAD and payload lengths.
 */
class SymmetricDetailsTest {
    private static final byte[] K16 = bytes(16, 11);

    private static byte[] ecb(int alg, int type, byte[] key, byte[] in) throws TeeException {
        try (Operation op = Fixtures.op(alg, TeeCrypto.MODE_ENCRYPT, type, key)) {
            return cipher(op, null, in);
        }
    }

    @Test
    void aesCtr_counterOfAllOnes_wrapsToZero() throws TeeException {
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 0xFF);
        try (Operation ctr = Fixtures.op(TeeAlg.AES_CTR, TeeCrypto.MODE_ENCRYPT, TeeType.AES, K16)) {
            byte[] keystream = cipher(ctr, ones, new byte[40]);
            byte[] expected = ecb(TeeAlg.AES_ECB_NOPAD, TeeType.AES, K16, Fixtures.concat(Fixtures.concat(ones,
                    new byte[16]), VectorFiles.hex("00000000000000000000000000000001")));
            assertArrayEquals(Arrays.copyOf(expected, 40), keystream);
            assertArrayEquals(Arrays.copyOf(expected, 40), cipherInChunks(ctr, ones, new byte[40], 3));
        }
    }

    @Test
    void gcmCounter_isThirtyTwoBits_andAStreamCopiesMidBlock() throws TeeException {
        byte[] counter = VectorFiles.hex("0102030405060708090a0b0cfffffffe");
        SecretKeySpec key = new SecretKeySpec(K16, "AES");
        CtrStream gcm = new CtrStream(true);
        gcm.init(key, counter);
        byte[] ks = new byte[64];
        gcm.update(ks, 0, 5, ks, 0);
        CtrStream copy = new CtrStream(true);
        copy.copyFrom(gcm);
        byte[] fromCopy = ks.clone();
        gcm.update(ks, 5, 59, ks, 5);
        copy.update(fromCopy, 5, 59, fromCopy, 5);
        byte[] blocks = Fixtures.concat(Fixtures.concat(counter, VectorFiles.hex("0102030405060708090a0b0cffffffff")),
                VectorFiles.hex("0102030405060708090a0b0c000000000102030405060708090a0b0c00000001"));
        assertArrayEquals(ecbRaw(blocks), ks);
        assertArrayEquals(ks, fromCopy);
    }

    private static byte[] ecbRaw(byte[] blocks) throws TeeException {
        return ecb(TeeAlg.AES_ECB_NOPAD, TeeType.AES, K16, blocks);
    }

    @Test
    void cts_rfc3962VectorsAndXtestIssue1203_match() throws TeeException {
        byte[] key = VectorFiles.hex("636869636b656e207465726979616b69");
        String[][] v = {
            {"4920776f756c64206c696b652074686520", "c6353568f2bf8cb4d8a580362da7ff7f97"},
            {"4920776f756c64206c696b65207468652047656e6572616c20476175277320",
                "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5"},
            {"4920776f756c64206c696b65207468652047656e6572616c2047617527732043",
                "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584"},
            {"4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c",
                "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5"},
            {"4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20",
                "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8"},
            {"4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20616e6420"
                + "776f6e746f6e20736f75702e", "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836"
                + "ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8"}};
        for (String[] t : v) {
            ctsBothWays(key, new byte[16], VectorFiles.hex(t[0]), VectorFiles.hex(t[1]));
        }
        ctsBothWays(key, VectorFiles.hex("5b117bf9836a01271d2aae0ad3273581"), VectorFiles.hex("332af48c18a1307ca75276ca"
                + "a668adf61ebac96666521ae73ebcba609571045eb4b710d7936d5f9ab8bb6bb06d4793412921f284f5b2f26dbee58a2b588d1b5e"
                + "4104ba9e92e952b68b1e367291e45666"), VectorFiles.hex("6cfeef6a1c8fd3c366c4d90ebe24173fcd19c9d2103fcfdce9"
                + "05abd51a3141773bd76a26ae0dc94777d4a7d573889ede7266e0e23d629122ae110197226a45a9ba56d2bc552d994d3d22279aa"
                + "c662ff5"));
    }

    private static void ctsBothWays(byte[] key, byte[] iv, byte[] pt, byte[] ct) throws TeeException {
        for (int chunk : new int[] {1000, 13, 1}) {
            try (Operation enc = Fixtures.op(TeeAlg.AES_CTS, TeeCrypto.MODE_ENCRYPT, TeeType.AES, key);
                    Operation dec = Fixtures.op(TeeAlg.AES_CTS, TeeCrypto.MODE_DECRYPT, TeeType.AES, key)) {
                assertArrayEquals(ct, cipherInChunks(enc, iv, pt, chunk), "CTS encrypt, chunks of " + chunk);
                assertArrayEquals(pt, cipherInChunks(dec, iv, ct, chunk), "CTS decrypt, chunks of " + chunk);
            }
        }
    }

    @Test
    void cts_exactlyOneBlock_isPlainCbc() throws Exception {
        byte[] iv = bytes(16, 3);
        byte[] pt = bytes(16, 4);
        // the expected block from the JDK, not from jtee's own CBC, on which CTS is built
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(K16, "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        ctsBothWays(K16, iv, pt, jdk.doFinal(pt));
    }

    @Test
    void xts_secondKeyEncryptsTheIvIntoTheTweak() throws TeeException {
        byte[] k1 = bytes(16, 1);
        byte[] k2 = bytes(16, 2);
        byte[] iv = bytes(16, 3);
        byte[] pt = bytes(32, 4);
        byte[] t1 = ecb(TeeAlg.AES_ECB_NOPAD, TeeType.AES, k2, iv);
        byte[] t2 = t1.clone();
        Xts.timesAlpha(t2);
        byte[] x = pt.clone();
        for (int i = 0; i < 16; i++) {
            x[i] ^= t1[i];
            x[16 + i] ^= t2[i];
        }
        byte[] y = ecb(TeeAlg.AES_ECB_NOPAD, TeeType.AES, k1, x);
        for (int i = 0; i < 16; i++) {
            y[i] ^= t1[i];
            y[16 + i] ^= t2[i];
        }
        try (Operation op = Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_ENCRYPT, 256);
                Operation swapped = Operation.allocate(TeeAlg.AES_XTS, TeeCrypto.MODE_ENCRYPT, 256)) {
            op.setKey2(key(TeeType.AES, k1), key(TeeType.AES, k2));
            assertArrayEquals(y, cipher(op, iv, pt));
            swapped.setKey2(key(TeeType.AES, k2), key(TeeType.AES, k1));
            assertFalse(Arrays.equals(y, cipher(swapped, iv, pt)));
        }
    }

    @Test
    void sm4Xts_roundTripsWithStealing() throws TeeException {
        byte[] pt = bytes(45, 6);
        byte[] iv = bytes(16, 7);
        try (Operation enc = Operation.allocate(TeeAlg.SM4_XTS, TeeCrypto.MODE_ENCRYPT, 256);
                Operation dec = Operation.allocate(TeeAlg.SM4_XTS, TeeCrypto.MODE_DECRYPT, 256)) {
            enc.setKey2(key(TeeType.SM4, bytes(16, 1)), key(TeeType.SM4, bytes(16, 2)));
            dec.setKey2(key(TeeType.SM4, bytes(16, 1)), key(TeeType.SM4, bytes(16, 2)));
            byte[] ct = cipherInChunks(enc, iv, pt, 7);
            assertArrayEquals(ct, cipher(enc, iv, pt));
            assertArrayEquals(pt, cipherInChunks(dec, iv, ct, 5));
        }
    }

    @Test
    void sm4Ctr_mayEndWithAPartialBlock() throws TeeException {
        byte[] iv = bytes(16, 2);
        byte[] pt = bytes(37, 9);
        try (Operation ctr = Fixtures.op(TeeAlg.SM4_CTR, TeeCrypto.MODE_ENCRYPT, TeeType.SM4, K16)) {
            byte[] ct = cipherInChunks(ctr, iv, pt, 5);
            byte[] ks = ecb(TeeAlg.SM4_ECB_NOPAD, TeeType.SM4, K16, Fixtures.concat(iv,
                    Fixtures.concat(inc(iv, 1), inc(iv, 2))));
            for (int i = 0; i < pt.length; i++) {
                pt[i] ^= ks[i];
            }
            assertArrayEquals(pt, ct);
        }
    }

    private static byte[] inc(byte[] counter, int n) {
        byte[] c = counter.clone();
        for (int k = 0; k < n; k++) {
            for (int i = 15; i >= 0 && ++c[i] == 0; i--) {
                continue;
            }
        }
        return c;
    }

    @Test
    void gcmAndCcm_agreeWithBouncyCastle_forRandomLengths() throws TeeException, InvalidCipherTextException {
        SplittableRandom random = new SplittableRandom(20261202);
        for (int i = 0; i < 200; i++) {
            boolean gcm = i % 2 == 0;
            byte[] key = bytes(new int[] {16, 24, 32}[random.nextInt(3)], i);
            int nonceLength = gcm ? 1 + random.nextInt(40) : 7 + random.nextInt(7);
            byte[] nonce = bytes(nonceLength, i * 7);
            byte[] aad = bytes(random.nextInt(70), i * 3);
            byte[] pt = bytes(random.nextInt(300), i * 5);
            int tagBytes = gcm ? 12 + random.nextInt(5) : 4 + 2 * random.nextInt(7);
            var bc = gcm ? GCMBlockCipher.newInstance(AESEngine.newInstance())
                    : CCMBlockCipher.newInstance(AESEngine.newInstance());
            bc.init(true, new AEADParameters(new KeyParameter(key), tagBytes * 8, nonce, aad));
            byte[] sealed = new byte[bc.getOutputSize(pt.length)];
            int n = bc.processBytes(pt, 0, pt.length, sealed, 0);
            bc.doFinal(sealed, n);
            int alg = gcm ? TeeAlg.AES_GCM : TeeAlg.AES_CCM;
            AeVectorsTest.Sealed mine = AeVectorsTest.encrypt(alg, key, nonce, tagBytes, aad, pt, 1 + i % 17);
            assertArrayEquals(sealed, Fixtures.concat(mine.ct(), mine.tag()), (gcm ? "GCM" : "CCM") + " case " + i);
            assertArrayEquals(pt, AeVectorsTest.decrypt(alg, key, nonce, tagBytes, aad, mine.ct(), mine.tag()));
        }
    }

    @Test
    void gcm_longAadAndPayloadInUnevenPieces_agreeWithBouncyCastle() throws TeeException, InvalidCipherTextException {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 6; i++) {
            byte[] key = bytes(16 + 8 * (i % 3), i);
            byte[] nonce = bytes(i % 2 == 0 ? 12 : 20, i);
            byte[] aad = bytes(random.nextInt(20_000), 3 * i);
            byte[] pt = bytes(50_000 + random.nextInt(100_000), 5 * i);
            var bc = GCMBlockCipher.newInstance(AESEngine.newInstance());
            bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
            byte[] sealed = new byte[bc.getOutputSize(pt.length)];
            bc.doFinal(sealed, bc.processBytes(pt, 0, pt.length, sealed, 0));
            for (boolean encrypt : new boolean[] {true, false}) {
                try (Operation op = Fixtures.op(TeeAlg.AES_GCM, encrypt ? TeeCrypto.MODE_ENCRYPT : TeeCrypto.MODE_DECRYPT,
                        TeeType.AES, key)) {
                    op.aeInit(nonce, 128, aad.length, pt.length);
                    feed(random, aad, b -> op.aeUpdateAad(b));
                    byte[] in = encrypt ? pt : Arrays.copyOf(sealed, pt.length);
                    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(pt.length);
                    int last = feedAllButLast(random, in, b -> op.aeUpdate(b, out));
                    java.nio.ByteBuffer tail = java.nio.ByteBuffer.wrap(in, in.length - last, last);
                    java.nio.ByteBuffer tag = java.nio.ByteBuffer.wrap(Arrays.copyOfRange(sealed, pt.length, sealed.length));
                    if (encrypt) {
                        java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(16);
                        op.aeEncryptFinal(tail, out, t);
                        assertArrayEquals(tag.array(), t.array(), "tag, case " + i);
                    } else {
                        op.aeDecryptFinal(tail, out, tag);
                    }
                    byte[] got = new byte[pt.length];
                    out.flip().get(got);
                    assertArrayEquals(encrypt ? Arrays.copyOf(sealed, pt.length) : pt, got, "case " + i + " " + encrypt);
                }
            }
        }
    }

    private interface Piece {
        void accept(java.nio.ByteBuffer b) throws TeeException;
    }

    private static void feed(SplittableRandom random, byte[] data, Piece piece) throws TeeException {
        int last = feedAllButLast(random, data, piece);
        piece.accept(java.nio.ByteBuffer.wrap(data, data.length - last, last));
    }

    /** Feeds {@code data} in random pieces (1 byte to 20 KiB), all but the last; returns its length. */
    private static int feedAllButLast(SplittableRandom random, byte[] data, Piece piece) throws TeeException {
        int pos = 0;
        while (true) {
            int n = random.nextInt(4) == 0 ? 1 + random.nextInt(40) : 1 + random.nextInt(20_000);
            if (pos + n >= data.length) {
                return data.length - pos;
            }
            piece.accept(java.nio.ByteBuffer.wrap(data, pos, n));
            pos += n;
        }
    }
}
