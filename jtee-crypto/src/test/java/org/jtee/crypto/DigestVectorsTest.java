package org.jtee.crypto;

import static org.jtee.crypto.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.jtee.crypto.vectors.VectorFiles;
import org.jtee.common.TeeException;
import org.junit.jupiter.api.Test;

/**
 * Digests against published vectors: NIST CAVP SHA-1, SHA-2 and SHA-3 (short and long messages),
 * SHAKE128/256 (short, long and variable output), MD5 (RFC 1321) and SM3 (GB/T 32905 and the OSCCA
 * examples), each hashed in one call and again in uneven pieces.
 */
class DigestVectorsTest {

    private static int run(int alg, String file) throws TeeException {
        List<Map<String, String>> vectors = NistFile.read(file, "MD");
        try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0)) {
            for (Map<String, String> v : vectors) {
                byte[] msg = NistFile.message(v, "MSG", "LEN");
                byte[] md = NistFile.bytes(v, "MD");
                assertArrayEquals(md, op.digest(msg), file + " Len " + v.get("LEN"));
                assertArrayEquals(md, inPieces(op, msg, md.length), file + " in pieces, Len " + v.get("LEN"));
            }
        }
        assertTrue(vectors.size() > 0, file + " yielded no vectors");
        return vectors.size();
    }

    /** The digest with {@code TEE_DigestUpdate} calls of 1, 2, 3, ... bytes, then a final one. */
    static byte[] inPieces(Operation op, byte[] msg, int length) throws TeeException {
        int pos = 0;
        for (int step = 1; pos + step < msg.length; step++) {
            op.digestUpdate(ByteBuffer.wrap(msg, pos, step));
            pos += step;
        }
        ByteBuffer out = ByteBuffer.allocateDirect(length);
        op.digestDoFinal(ByteBuffer.wrap(msg, pos, msg.length - pos), out);
        byte[] md = new byte[length];
        out.flip().get(md);
        return md;
    }

    @Test
    void sha1AndSha2_cavpShortAndLongMessages_match() throws TeeException {
        int n = 0;
        n += run(TeeAlg.SHA1, "hashes/SHA1/SHA1ShortMsg.rsp") + run(TeeAlg.SHA1, "hashes/SHA1/SHA1LongMsg.rsp");
        for (int bits : new int[] {224, 256, 384, 512}) {
            int alg = switch (bits) {
                case 224 -> TeeAlg.SHA224;
                case 256 -> TeeAlg.SHA256;
                case 384 -> TeeAlg.SHA384;
                default -> TeeAlg.SHA512;
            };
            n += run(alg, "hashes/SHA2/SHA" + bits + "ShortMsg.rsp") + run(alg, "hashes/SHA2/SHA" + bits + "LongMsg.rsp");
        }
        assertTrue(n > 500, "SHA-1/2 vectors: " + n);
    }

    @Test
    void sha3_cavpShortAndLongMessages_match() throws TeeException {
        int n = 0;
        int[] algs = {TeeAlg.SHA3_224, TeeAlg.SHA3_256, TeeAlg.SHA3_384, TeeAlg.SHA3_512};
        int[] bits = {224, 256, 384, 512};
        for (int i = 0; i < 4; i++) {
            n += run(algs[i], "hashes/SHA3/SHA3_" + bits[i] + "ShortMsg.rsp");
            n += run(algs[i], "hashes/SHA3/SHA3_" + bits[i] + "LongMsg.rsp");
        }
        assertTrue(n > 500, "SHA-3 vectors: " + n);
    }

    @Test
    void md5_rfc1321_matches() throws TeeException {
        assertTrue(run(TeeAlg.MD5, "hashes/MD5/rfc-1321.txt") >= 7);
    }

    @Test
    void sm3_oscca_matches() throws TeeException {
        assertTrue(run(TeeAlg.SM3, "hashes/SM3/oscca.txt") >= 4);
    }

    @Test
    void sm3_gbt32905Examples_match() throws TeeException {
        try (Operation op = Operation.allocate(TeeAlg.SM3, TeeCrypto.MODE_DIGEST, 0)) {
            assertArrayEquals(VectorFiles.hex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                    op.digest("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            byte[] abcd16 = "abcd".repeat(16).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertArrayEquals(VectorFiles.hex("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
                    op.digest(abcd16));
        }
    }

    private static int runShake(int alg, String file, boolean variable) throws TeeException {
        List<Map<String, String>> vectors = NistFile.read(file, "OUTPUT");
        try (Operation op = Operation.allocate(alg, TeeCrypto.MODE_DIGEST, 0)) {
            for (Map<String, String> v : vectors) {
                byte[] msg = variable ? NistFile.bytes(v, "MSG") : NistFile.message(v, "MSG", "LEN");
                byte[] expected = NistFile.bytes(v, "OUTPUT");
                int outBits = Integer.parseInt(v.get("OUTPUTLEN"));
                if (outBits % 8 != 0) {
                    continue;
                }
                ByteBuffer out = ByteBuffer.allocate(expected.length);
                op.digestDoFinal(ByteBuffer.wrap(msg), out);
                assertArrayEquals(expected, out.array(), file + " count " + v.get("COUNT"));
                assertArrayEquals(expected, extractInPieces(op, msg, expected.length), file + " extracted");
            }
        }
        assertTrue(vectors.size() > 0, file + " yielded no vectors");
        return vectors.size();
    }

    /** SHAKE output by {@code TEE_DigestExtract} calls of 1, 2, 3, ... bytes. */
    private static byte[] extractInPieces(Operation op, byte[] msg, int length) throws TeeException {
        op.digestUpdate(ByteBuffer.wrap(msg));
        ByteBuffer out = ByteBuffer.allocate(length);
        for (int step = 1; out.hasRemaining(); step++) {
            op.digestExtract(out.slice(out.position(), Math.min(step, out.remaining())));
            out.position(out.position() + Math.min(step, out.remaining()));
        }
        op.reset();
        return out.array();
    }

    @Test
    void shake_cavpShortLongAndVariableOutput_match() throws TeeException {
        int n = 0;
        for (String size : new String[] {"128", "256"}) {
            int alg = size.equals("128") ? TeeAlg.SHAKE128 : TeeAlg.SHAKE256;
            n += runShake(alg, "hashes/SHAKE/SHAKE" + size + "ShortMsg.rsp", false);
            n += runShake(alg, "hashes/SHAKE/SHAKE" + size + "LongMsg.rsp", false);
            n += runShake(alg, "hashes/SHAKE/SHAKE" + size + "VariableOut.rsp", true);
        }
        assertTrue(n > 1000, "SHAKE vectors: " + n);
    }

    @Test
    void digest_directAndHeapBuffers_agree() throws TeeException {
        byte[] msg = bytes(100_000, 7);
        ByteBuffer direct = ByteBuffer.allocateDirect(msg.length).put(msg).flip();
        try (Operation a = Operation.allocate(TeeAlg.SHA256, TeeCrypto.MODE_DIGEST, 0);
                Operation b = Operation.allocate(TeeAlg.SM3, TeeCrypto.MODE_DIGEST, 0)) {
            byte[] ha = new byte[32];
            a.digestDoFinal(direct.duplicate(), ByteBuffer.wrap(ha));
            assertArrayEquals(a.digest(msg), ha);
            byte[] hb = new byte[32];
            b.digestDoFinal(direct.duplicate(), ByteBuffer.wrap(hb));
            assertArrayEquals(b.digest(msg), hb);
        }
    }
}
