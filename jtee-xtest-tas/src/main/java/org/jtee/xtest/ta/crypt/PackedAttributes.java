package org.jtee.xtest.ta.crypt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.TeeAttr;

/**
 * xtest's serialised attribute array (a {@code TEE_Attribute} holds a pointer, so xtest packs an
 * array into one memref): a little-endian u32 count, then per attribute {@code id, a, b}, then
 * the data of the reference attributes; for a reference attribute {@code a} is its data's offset
 * from the start of the memref (0 for a NULL buffer) and {@code b} its length.
 */
final class PackedAttributes {
    private static final int HEADER = 4;
    private static final int ENTRY = 12;

    private PackedAttributes() {}

    /**
     * The attributes packed in {@code packed}; an empty memref holds none.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} if the count or a data reference does
     *     not fit the memref
     */
    static List<Attribute> unpack(byte[] packed) throws TeeException {
        List<Attribute> attrs = new ArrayList<>();
        if (packed.length == 0) {
            return attrs;
        }
        if (packed.length < HEADER) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "packed attributes: " + packed.length + " bytes, no count");
        }
        ByteBuffer in = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        long count = Integer.toUnsignedLong(in.getInt(0));
        if (packed.length - HEADER < count * ENTRY) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "packed attributes: " + count
                    + " entries do not fit " + packed.length + " bytes");
        }
        for (int n = 0; n < count; n++) {
            int at = HEADER + n * ENTRY;
            int id = in.getInt(at);
            int a = in.getInt(at + 4);
            int b = in.getInt(at + 8);
            if (TeeAttr.isValue(id)) {
                attrs.add(Attribute.value(id, a, b));
                continue;
            }
            long offset = Integer.toUnsignedLong(a);
            long length = Integer.toUnsignedLong(b);
            if (offset == 0) {
                // a NULL buffer: GP's functions see no data (a length without a buffer is refused by them)
                attrs.add(Attribute.ref(id, new byte[0]));
                continue;
            }
            if (offset + length > packed.length) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, String.format(
                        "packed attribute 0x%08X: %d bytes at %d overrun the %d-byte memref", id, length, offset, packed.length));
            }
            byte[] data = new byte[(int) length];
            System.arraycopy(packed, (int) offset, data, 0, data.length);
            attrs.add(Attribute.ref(id, data));
        }
        return attrs;
    }
}
