package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.bytes;
import static org.jtee.crypto.Fixtures.key;
import static org.jtee.crypto.Fixtures.shortBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jtee.common.TeeException;
import org.junit.jupiter.api.Test;

/**
 * How many bytes each call outputs and asks for, as libutee computes it ({@code tee_buffer_update},
 * {@code req_dlen}): block modes hold a partial block, CTS and XTS two blocks, CCM a partial block,
 * CTR and GCM nothing. Modelled on xtest 4017: for several initial counts, then bytes one by one,
 * each update is first tried with no room (it must report the exact size, consuming nothing) and
 * its output must continue the one-call result.
 */
class OperationBufferTest {
    private static final byte[] KEY = bytes(16, 1);
    private static final byte[] IV = bytes(16, 2);
    private static final int TEXT = 6 * 16;

    private static Operation open(int alg, int mode) throws TeeException {
        if (alg == TeeAlg.AES_XTS) {
            Operation op = Operation.allocate(alg, mode, 256);
            op.setKey2(key(TeeType.AES, KEY), key(TeeType.AES, KEY));
            return op;
        }
        return Fixtures.op(alg, mode, TeeType.AES, KEY);
    }

    private static boolean ae(int alg) {
        return alg == TeeAlg.AES_GCM || alg == TeeAlg.AES_CCM;
    }

    private static void init(Operation op, int alg, int length) throws TeeException {
        if (ae(alg)) {
            op.aeInit(alg == TeeAlg.AES_CCM ? Arrays.copyOf(IV, 13) : IV, 128, 0, length);
        } else {
            op.cipherInit(alg == TeeAlg.AES_ECB_NOPAD ? null : IV);
        }
    }

    /** What libutee holds back before an update of {@code n} more bytes, given {@code held}. */
    private static int expectedOutput(int alg, int held, int n) {
        int total = held + n;
        return switch (alg) {
            case TeeAlg.AES_CTR, TeeAlg.AES_GCM -> n;
            case TeeAlg.AES_CTS, TeeAlg.AES_XTS -> total > 32 ? (total - 32 + 15) / 16 * 16 : 0;
            default -> total / 16 * 16;
        };
    }

    private static int update(Operation op, int alg, ByteBuffer in, ByteBuffer out) throws TeeException {
        return ae(alg) ? op.aeUpdate(in, out) : op.cipherUpdate(in, out);
    }

    private static byte[] oneCall(int alg, byte[] pt, byte[] tag) throws TeeException {
        try (Operation op = open(alg, TeeCrypto.MODE_ENCRYPT)) {
            init(op, alg, pt.length);
            ByteBuffer out = ByteBuffer.allocate(pt.length);
            if (ae(alg)) {
                op.aeEncryptFinal(ByteBuffer.wrap(pt), out, ByteBuffer.wrap(tag));
            } else {
                op.cipherDoFinal(ByteBuffer.wrap(pt), out);
            }
            return out.array();
        }
    }

    private static void process(int alg, int extra) throws TeeException {
        byte[] pt = bytes(TEXT + extra, 1);
        byte[] tag = new byte[16];
        byte[] reference = oneCall(alg, pt, tag);
        try (Operation op = open(alg, TeeCrypto.MODE_ENCRYPT)) {
            for (int initial = 0; initial < pt.length; initial++) {
                if (initial % 16 > 1 && initial % 16 < 15) {
                    continue;
                }
                init(op, alg, pt.length);
                int in = 0;
                int outCount = 0;
                int held = 0;
                ByteBuffer out = ByteBuffer.allocate(pt.length);
                for (int step = 0; in < pt.length - 2 && step < 3; step++) {
                    int n = step == 0 ? initial : 1;
                    ByteBuffer src = ByteBuffer.wrap(pt, in, n);
                    int expected = expectedOutput(alg, held, n);
                    if (expected > 0) {
                        shortBuffer(expected, () -> update(op, alg, src, ByteBuffer.allocate(0)));
                        assertEquals(n, src.remaining(), "nothing consumed on SHORT_BUFFER");
                    }
                    int written = update(op, alg, src, out);
                    assertEquals(expected, written, alg + " initial " + initial + " step " + step);
                    held += n - written;
                    in += n;
                    outCount += written;
                }
                ByteBuffer rest = ByteBuffer.wrap(pt, in, pt.length - in);
                int left = pt.length - outCount;
                ShortBufferException e = shortBuffer(left, () -> finalCall(op, alg, rest, ByteBuffer.allocate(0),
                        ByteBuffer.allocate(0)));
                if (ae(alg)) {
                    assertEquals(16, e.requiredTag());
                }
                ByteBuffer t = ByteBuffer.allocate(16);
                assertEquals(left, finalCall(op, alg, rest, out, t));
                assertArrayEquals(reference, out.array(), alg + " initial " + initial);
                if (ae(alg)) {
                    assertArrayEquals(tag, t.array());
                }
            }
        }
    }

    private static int finalCall(Operation op, int alg, ByteBuffer src, ByteBuffer dst, ByteBuffer tag)
            throws TeeException {
        return ae(alg) ? op.aeEncryptFinal(src, dst, tag) : op.cipherDoFinal(src, dst);
    }

    @Test
    void ecbAndCbc_holdAPartialBlock() throws TeeException {
        process(TeeAlg.AES_ECB_NOPAD, 0);
        process(TeeAlg.AES_CBC_NOPAD, 0);
    }

    @Test
    void ctr_outputsEveryByte() throws TeeException {
        process(TeeAlg.AES_CTR, 0);
        process(TeeAlg.AES_CTR, 1);
    }

    @Test
    void ctsAndXts_holdTwoBlocks() throws TeeException {
        process(TeeAlg.AES_CTS, 0);
        process(TeeAlg.AES_CTS, 1);
        process(TeeAlg.AES_XTS, 0);
        process(TeeAlg.AES_XTS, 1);
    }

    @Test
    void ccmHoldsAPartialBlock_gcmNothing() throws TeeException {
        process(TeeAlg.AES_CCM, 0);
        process(TeeAlg.AES_CCM, 1);
        process(TeeAlg.AES_GCM, 0);
        process(TeeAlg.AES_GCM, 1);
    }

    @Test
    void aeEncryptFinal_shortTagOnly_reportsBothSizes() throws TeeException {
        try (Operation op = open(TeeAlg.AES_GCM, TeeCrypto.MODE_ENCRYPT)) {
            op.aeInit(new byte[12], 96, 0, 0);
            ByteBuffer src = ByteBuffer.wrap(bytes(20, 0));
            ShortBufferException e = shortBuffer(20, () -> op.aeEncryptFinal(src, ByteBuffer.allocate(20),
                    ByteBuffer.allocate(11)));
            assertEquals(12, e.requiredTag());
            assertEquals(20, src.remaining());
            assertEquals(20, op.aeEncryptFinal(src, ByteBuffer.allocate(20), ByteBuffer.allocate(12)));
        }
    }

    @Test
    void digestAndMac_shortBuffer_askForTheLengthAndConsumeNothing() throws TeeException {
        try (Operation sha = Operation.allocate(TeeAlg.SHA384, TeeCrypto.MODE_DIGEST, 0);
                Operation mac = Fixtures.op(TeeAlg.HMAC_SHA512, TeeCrypto.MODE_MAC, TeeType.HMAC_SHA512, bytes(64, 1))) {
            byte[] expected = sha.digest(bytes(100, 0));
            ByteBuffer msg = ByteBuffer.wrap(bytes(100, 0));
            shortBuffer(48, () -> sha.digestDoFinal(msg, ByteBuffer.allocate(47)));
            shortBuffer(48, () -> sha.digestDoFinal(msg, null));
            assertEquals(100, msg.remaining());
            ByteBuffer out = ByteBuffer.allocate(60);
            assertEquals(48, sha.digestDoFinal(msg, out));
            assertArrayEquals(expected, Arrays.copyOf(out.array(), 48));
            assertEquals(48, out.position());
            mac.macInit(null);
            ByteBuffer m = ByteBuffer.wrap(bytes(10, 0));
            shortBuffer(64, () -> mac.macComputeFinal(m, ByteBuffer.allocate(63)));
            assertEquals(10, m.remaining());
            assertEquals(64, mac.macComputeFinal(m, ByteBuffer.allocate(64)));
        }
    }

    @Test
    void cipherDoFinal_shortBuffer_asksForHeldPlusSource() throws TeeException {
        try (Operation op = open(TeeAlg.AES_CBC_NOPAD, TeeCrypto.MODE_DECRYPT)) {
            op.cipherInit(IV);
            assertEquals(0, op.cipherUpdate(ByteBuffer.wrap(bytes(10, 0)), null));
            shortBuffer(32, () -> op.cipherDoFinal(ByteBuffer.wrap(bytes(22, 0)), ByteBuffer.allocate(31)));
            assertEquals(32, op.cipherDoFinal(ByteBuffer.wrap(bytes(22, 0)), ByteBuffer.allocate(32)));
        }
    }

    @Test
    void bulk_directBuffersOfOneMebibyte_matchHeapBuffers() throws TeeException {
        byte[] data = bytes(1 << 20, 5);
        for (int alg : new int[] {TeeAlg.AES_CTR, TeeAlg.AES_CBC_NOPAD, TeeAlg.AES_ECB_NOPAD, TeeAlg.AES_GCM}) {
            try (Operation op = open(alg, TeeCrypto.MODE_ENCRYPT)) {
                byte[] heap = oneCall(alg, data, new byte[16]);
                ByteBuffer in = ByteBuffer.allocateDirect(data.length).put(data).flip();
                ByteBuffer out = ByteBuffer.allocateDirect(data.length);
                init(op, alg, data.length);
                if (ae(alg)) {
                    op.aeEncryptFinal(in, out, ByteBuffer.allocate(16));
                } else {
                    op.cipherDoFinal(in, out);
                }
                assertEquals(data.length, out.position());
                assertEquals(in.limit(), in.position());
                byte[] direct = new byte[data.length];
                out.flip().get(direct);
                assertArrayEquals(heap, direct, "alg " + alg);
            }
        }
    }
}
