package org.jtee.tas.pkcs11;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An attribute list as it crosses the ABI and as the TA stores it (optee-pkcs11-ta-abi.md §4.2):
 * an 8-byte head and records packed back to back, all integers little-endian, no padding.
 *
 * <pre>
 *   +------------+-------------+   +---------+-----------+-------------+
 *   | attrs_size | attrs_count |   | id (u32)| size (u32)| value[size] |  ... repeated
 *   +------------+-------------+   +---------+-----------+-------------+
 * </pre>
 *
 * {@link #parse} checks only the structure (every record inside {@code attrs_size}, the records
 * ending exactly there, a bound on their number); what the values mean is
 * {@link AttributeRules}' job. Nested templates (CKA_WRAP/UNWRAP/DERIVE_TEMPLATE) stay raw bytes
 * here. {@code attrs_count} is informational on input, as in the reference TA.
 */
final class Template {
    /** One record. {@code value} is never null (an empty value has length 0). */
    record Attr(int type, byte[] value) {}

    static final Template EMPTY = new Template(List.of());

    private final List<Attr> attrs;
    /** attrs_count as the client sent it (informational; kept for GET_ATTRIBUTE_VALUE's answer). */
    final int count;

    Template(List<Attr> attrs) {
        this(attrs, attrs.size());
    }

    private Template(List<Attr> attrs, int count) {
        this.attrs = attrs;
        this.count = count;
    }

    List<Attr> attrs() {
        return Collections.unmodifiableList(attrs);
    }

    /** The attributes as a new mutable map in template order (the values not copied; a later duplicate wins). */
    Map<Integer, byte[]> toMap() {
        Map<Integer, byte[]> map = new LinkedHashMap<>();
        for (Attr a : attrs) {
            map.put(a.type(), a.value());
        }
        return map;
    }

    boolean isEmpty() {
        return attrs.isEmpty();
    }

    /** The first record of {@code type}, or null. */
    Attr find(int type) {
        for (Attr a : attrs) {
            if (a.type() == type) {
                return a;
            }
        }
        return null;
    }

    /**
     * Parses the list at {@code buf[off, off+len)}, which must be exactly a head and the
     * {@code attrs_size} bytes it announces; {@code CKR_ARGUMENTS_BAD} otherwise.
     */
    static Template parse(byte[] buf, int off, int len) throws CkException {
        if (len < 8) {
            throw bad("template shorter than its head");
        }
        long size = Integer.toUnsignedLong(u32(buf, off));
        if (size != len - 8L) {
            throw bad("template announces " + size + " bytes of records in " + (len - 8));
        }
        List<Attr> out = new ArrayList<>();
        int pos = off + 8;
        int end = off + len;
        while (pos != end) {
            if (end - pos < 8) {
                throw bad("attribute head truncated");
            }
            int type = u32(buf, pos);
            long valueLen = Integer.toUnsignedLong(u32(buf, pos + 4));
            if (valueLen > end - pos - 8L) {
                throw bad("attribute 0x" + Integer.toHexString(type) + " announces " + valueLen + " bytes, "
                        + (end - pos - 8) + " remain");
            }
            if (out.size() == Limits.MAX_TEMPLATE_ATTRIBUTES) {
                throw new CkException(Ck.CKR_DEVICE_MEMORY, "more than " + Limits.MAX_TEMPLATE_ATTRIBUTES + " attributes");
            }
            byte[] value = new byte[(int) valueLen];
            System.arraycopy(buf, pos + 8, value, 0, value.length);
            out.add(new Attr(type, value));
            pos += 8 + value.length;
        }
        return new Template(out, u32(buf, off + 4));
    }

    /** Parses a whole blob (a nested template's value, a stored object). */
    static Template parse(byte[] blob) throws CkException {
        return parse(blob, 0, blob.length);
    }

    /** The serialised form: head and records in order. */
    byte[] encode() {
        return encode(attrs);
    }

    static byte[] encode(List<Attr> list) {
        int size = 0;
        for (Attr a : list) {
            size += 8 + a.value().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + size);
        putU32(out, size);
        putU32(out, list.size());
        for (Attr a : list) {
            putU32(out, a.type());
            putU32(out, a.value().length);
            out.writeBytes(a.value());
        }
        return out.toByteArray();
    }

    static int u32(byte[] b, int off) {
        return Ck.u32(b, off);
    }

    static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static void putU32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    static byte[] u32Bytes(int v) {
        return Ck.u32Bytes(v);
    }

    private static CkException bad(String message) {
        return new CkException(Ck.CKR_ARGUMENTS_BAD, message);
    }
}
