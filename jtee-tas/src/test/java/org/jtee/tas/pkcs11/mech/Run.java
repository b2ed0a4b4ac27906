package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jtee.tas.pkcs11.CkException;

/** Drives a {@link Processing} the way the session does, with buffers large enough. */
final class Run {
    private Run() {}

    static byte[] oneShot(Processing p, byte[] in) throws CkException {
        ByteBuffer out = ByteBuffer.allocate(in == null ? 8192 : in.length + 8192);
        int n = p.oneShot(in == null ? null : ByteBuffer.wrap(in), out);
        return Arrays.copyOf(out.array(), n);
    }

    static byte[] update(Processing p, byte[] in) throws CkException {
        ByteBuffer out = ByteBuffer.allocate(in.length + 64);
        int n = p.update(ByteBuffer.wrap(in), out);
        return Arrays.copyOf(out.array(), n);
    }

    static byte[] doFinal(Processing p) throws CkException {
        ByteBuffer out = ByteBuffer.allocate(8192);
        int n = p.doFinal(out);
        return Arrays.copyOf(out.array(), n);
    }

    /** All of {@code in} in chunks of {@code chunk} bytes, then the final step. */
    static byte[] parts(Processing p, byte[] in, int chunk) throws CkException {
        byte[] all = new byte[0];
        for (int i = 0; i < in.length; i += chunk) {
            byte[] part = Arrays.copyOfRange(in, i, Math.min(in.length, i + chunk));
            all = concat(all, update(p, part));
        }
        return concat(all, doFinal(p));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
