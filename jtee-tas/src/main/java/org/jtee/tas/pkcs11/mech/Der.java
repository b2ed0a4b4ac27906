package org.jtee.tas.pkcs11.mech;

import java.io.ByteArrayOutputStream;

/** The little DER the mechanisms need: OCTET STRING wrapping and unwrapping (X.690 §8.7). */
final class Der {
    private Der() {}

    /** {@code 04 len content}, the length in short form below 128 bytes, long form above. */
    static byte[] octetString(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4);
        out.write(0x04);
        writeLength(out, content.length);
        out.write(content, 0, content.length);
        return out.toByteArray();
    }

    static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
    }

    /** The content of a DER OCTET STRING that is the whole of {@code der}; null if it is not one. */
    static byte[] octetStringContent(byte[] der) {
        if (der.length < 2 || der[0] != 0x04) {
            return null;
        }
        int len = der[1] & 0xFF;
        int at = 2;
        if (len == 0x81 && der.length > 2) {
            len = der[2] & 0xFF;
            at = 3;
        } else if (len == 0x82 && der.length > 3) {
            len = ((der[2] & 0xFF) << 8) | (der[3] & 0xFF);
            at = 4;
        } else if (len >= 0x80) {
            return null;
        }
        if (at + len != der.length) {
            return null;
        }
        return java.util.Arrays.copyOfRange(der, at, der.length);
    }
}
