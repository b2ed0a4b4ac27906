package org.jtee.tas.pkcs11;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reader over the control buffer (p0) of one command: OP-TEE's "serialargs"
 * (optee-pkcs11-ta-abi.md §4.1). Fields are read front to back; every length is checked against
 * the bytes that remain (in 64-bit arithmetic, so no sum can wrap) and any read past the end is
 * {@code CKR_ARGUMENTS_BAD}, as are trailing bytes once the command has read its last field
 * ({@link #done()}). The buffer is the TA's private copy of p0, taken once at entry.
 *
 * <pre>
 *   u32       4 bytes, little-endian, unaligned
 *   bytes[n]  n raw bytes
 *   ATTRS     u32 attrs_size, u32 attrs_count, attrs_size bytes of records   (Template)
 *   MECH      u32 mechanism, u32 param_size, param_size bytes                (Mech)
 * </pre>
 */
final class Args {
    /** A serialised mechanism: its ID and its parameter blob (positioned at its first byte). */
    record Mech(int id, byte[] params) {
        ByteBuffer paramBuffer() {
            return ByteBuffer.wrap(params).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private final byte[] buf;
    private int pos;

    Args(byte[] buf) {
        this.buf = buf;
    }

    /** The next u32. */
    int u32() throws CkException {
        need(4);
        int v = Ck.u32(buf, pos);
        pos += 4;
        return v;
    }

    /** The next {@code n} bytes ({@code n} read as an unsigned u32). */
    byte[] bytes(int n) throws CkException {
        long len = Integer.toUnsignedLong(n);
        need(len);
        byte[] out = new byte[(int) len];
        System.arraycopy(buf, pos, out, 0, out.length);
        pos += out.length;
        return out;
    }

    /** The next ATTRS, parsed (not yet sanitised). */
    Template attrs() throws CkException {
        need(8);
        long size = Integer.toUnsignedLong(Template.u32(buf, pos));
        need(8 + size);
        if (size > Limits.MAX_TEMPLATE_BYTES) {
            throw new CkException(Ck.CKR_DEVICE_MEMORY, "template of " + size + " bytes");
        }
        Template t = Template.parse(buf, pos, (int) (8 + size));
        pos += (int) (8 + size);
        return t;
    }

    /** The next MECH. */
    Mech mech() throws CkException {
        int id = u32();
        int size = u32();
        return new Mech(id, bytes(size));
    }

    /** Fails unless every byte was read. */
    void done() throws CkException {
        if (pos != buf.length) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, (buf.length - pos) + " trailing bytes in the control buffer");
        }
    }

    private void need(long n) throws CkException {
        if (n > buf.length - pos) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "control buffer truncated: " + n + " bytes needed at offset "
                    + pos + " of " + buf.length);
        }
    }
}
