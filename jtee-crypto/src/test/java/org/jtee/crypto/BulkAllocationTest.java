package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * Ciphering a TA's parameters (direct, read-only buffers over shared memory) allocates nothing in
 * proportion to the data: the JDK's own {@code Cipher.update(ByteBuffer, ByteBuffer)} allocates an
 * array as large as the input for such buffers, which in a TA host's small heap cost more than the
 * cipher itself.
 */
class BulkAllocationTest {
    private static final int MIB = 1 << 20;

    @Test
    void aesModesOnDirectBuffers_allocateFarLessThanTheData() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined(); TransientObject key = TransientObject.allocate(TeeType.AES, 128)) {
            key.generateKey(128);
            ByteBuffer in = arena.allocate(MIB).asByteBuffer().asReadOnlyBuffer();
            ByteBuffer out = arena.allocate(MIB + 64).asByteBuffer();
            for (int alg : new int[] {TeeAlg.AES_ECB_NOPAD, TeeAlg.AES_CBC_NOPAD, TeeAlg.AES_CTR}) {
                try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_ENCRYPT, 128)) {
                    op.setKey(key);
                    byte[] iv = alg == TeeAlg.AES_ECB_NOPAD ? null : new byte[16];
                    for (int i = 0; i < 5; i++) {
                        op.cipherInit(iv);
                        op.cipherDoFinal(in.clear(), out.clear());
                    }
                    long before = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
                    for (int i = 0; i < 10; i++) {
                        op.cipherInit(iv);
                        op.cipherDoFinal(in.clear(), out.clear());
                    }
                    long perOp = (mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before) / 10;
                    assertTrue(perOp < 64 * 1024, String.format("algorithm 0x%08X allocated %d bytes per MiB", alg, perOp));
                }
            }
        }
    }
}
