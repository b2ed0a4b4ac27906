package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jtee.common.TeeException;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.function.Executable;

/** Keys, operations and one-call helpers the operation tests share, all through the public API. */
final class Fixtures {
    private Fixtures() {}

    /**
     * A symmetric key object of {@code type} holding {@code key}, or {@code null} when the object
     * refuses it (a size the type does not allow, as an HMAC key under the GP minimum).
     */
    static TransientObject secret(int type, byte[] key) {
        try {
            TransientObject o = TransientObject.allocate(type, key.length * 8);
            o.populate(Attribute.ref(TeeAttr.SECRET_VALUE, key));
            return o;
        } catch (TeeException | TaPanic | IllegalArgumentException e) {
            return null;
        }
    }

    /** A key object that must be accepted. */
    static TransientObject key(int type, byte[] key) {
        TransientObject o = secret(type, key);
        if (o == null) {
            throw new AssertionError(String.format("type 0x%08X refused a %d-byte key", type, key.length));
        }
        return o;
    }

    /** An operation with {@code key} set. */
    static Operation op(int alg, int mode, int maxKeySize, TransientObject key) throws TeeException {
        Operation op = Operation.allocate(alg, mode, maxKeySize);
        op.setKey(key);
        return op;
    }

    /** An operation keyed with fresh key bytes of {@code type}. */
    static Operation op(int alg, int mode, int type, byte[] key) throws TeeException {
        return op(alg, mode, key.length * 8, key(type, key));
    }

    /** {@code TEE_CipherInit} then {@code TEE_CipherDoFinal} over all of {@code in}. */
    static byte[] cipher(Operation op, byte[] iv, byte[] in) throws TeeException {
        op.cipherInit(iv);
        ByteBuffer out = ByteBuffer.allocate(in.length + 64);
        op.cipherDoFinal(ByteBuffer.wrap(in), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** {@code TEE_CipherInit}, then {@code in} in updates of {@code chunk} bytes and a final call. */
    static byte[] cipherInChunks(Operation op, byte[] iv, byte[] in, int chunk) throws TeeException {
        op.cipherInit(iv);
        ByteBuffer out = ByteBuffer.allocate(in.length + 64);
        int pos = 0;
        while (in.length - pos > chunk) {
            op.cipherUpdate(ByteBuffer.wrap(in, pos, chunk), out);
            pos += chunk;
        }
        op.cipherDoFinal(ByteBuffer.wrap(in, pos, in.length - pos), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** {@code TEE_MACInit} then {@code TEE_MACComputeFinal}. */
    static byte[] mac(Operation op, byte[] message) throws TeeException {
        op.macInit(null);
        ByteBuffer out = ByteBuffer.allocate(64);
        op.macComputeFinal(ByteBuffer.wrap(message), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Asserts that {@code call} panics. */
    static TaPanic panics(Executable call) {
        return assertThrows(TaPanic.class, call);
    }

    /** Asserts that {@code call} fails with GP result {@code result}. */
    static TeeException fails(int result, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), e.getMessage());
        return e;
    }

    /** Asserts that {@code call} fails with {@code SHORT_BUFFER} asking for {@code required} bytes. */
    static ShortBufferException shortBuffer(int required, Executable call) {
        ShortBufferException e = assertThrows(ShortBufferException.class, call);
        assertEquals(required, e.required(), e.getMessage());
        return e;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
