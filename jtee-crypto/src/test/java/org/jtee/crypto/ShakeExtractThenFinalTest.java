package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;

/**
 * xtest 4001's SHAKE case: {@code TEE_DigestExtract} of part of the output, then
 * {@code TEE_DigestDoFinal} with no data for the rest, which continues the same output stream.
 */
class ShakeExtractThenFinalTest {

    @Test
    void extractThenFinalWithNoData_continuesTheOutput() throws Exception {
        byte[] message = "jtee shake".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] expected = new byte[40];
        SHAKEDigest reference = new SHAKEDigest(128);
        reference.update(message, 0, message.length);
        reference.doFinal(expected, 0, expected.length);

        try (Operation op = Operation.allocate(TeeAlg.SHAKE128, TeeCrypto.MODE_DIGEST, 0)) {
            op.digestUpdate(ByteBuffer.wrap(message));
            ByteBuffer first = ByteBuffer.allocate(16);
            op.digestExtract(first);
            ByteBuffer rest = ByteBuffer.allocate(24);
            op.digestDoFinal(ByteBuffer.allocate(0), rest);
            byte[] both = Arrays.copyOf(first.array(), 40);
            System.arraycopy(rest.array(), 0, both, 16, 24);
            assertArrayEquals(expected, both);
            // and the operation starts over
            ByteBuffer again = ByteBuffer.allocate(40);
            op.digestDoFinal(ByteBuffer.wrap(message), again);
            assertArrayEquals(expected, again.array());
        }
    }
}
