package org.jtee.crypto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.ObjectTypes.TypeProps;

/**
 * The attributes of a key object as a persistent object stores them: made and read on the TA's
 * side only; the core stores the bytes opaque, beside the type, sizes and usage it keeps itself.
 * Integers are big-endian:
 *
 * <pre>
 * u8 version (1) | u8 count (0..32) | count × attribute
 * attribute:  u32 id | value  (bit 29 of id set):   u32 a | u32 b
 *                    | buffer (bit 29 of id clear): u32 length (0..MAX_BUFFER_BYTES) | length bytes
 * </pre>
 *
 * The empty byte string is a pure data object's ({@code TEE_TYPE_DATA}), which the core stores
 * when a TA creates an object without attributes. Reading is strict: another version, a count above 32, an id twice, an id the object's type
 * does not have (any id at all for {@code TEE_TYPE_DATA}), a length past the bound or past the
 * end, or bytes left over fail with {@code TEE_ERROR_CORRUPT_OBJECT}, and what was read is wiped.
 */
final class StoredAttributes {
    /** The format's version. */
    static final int VERSION = 1;
    /** The most attributes one object holds. */
    static final int MAX_COUNT = 32;
    /** The longest buffer attribute, in bytes. */
    static final int MAX_BUFFER_BYTES = 128 << 10;

    private StoredAttributes() {}

    /** The bytes of {@code attributes}, which the caller wipes after use. */
    static byte[] encode(Collection<Attribute> attributes) {
        if (attributes.size() > MAX_COUNT) {
            throw new IllegalArgumentException(attributes.size() + " attributes exceed " + MAX_COUNT);
        }
        int size = 2;
        for (Attribute a : attributes) {
            size += a.isValue() ? 12 : 8 + a.buffer().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) VERSION).put((byte) attributes.size());
        for (Attribute a : attributes) {
            out.putInt(a.id());
            if (a.isValue()) {
                out.putInt(a.a()).putInt(a.b());
            } else {
                out.putInt(a.buffer().length).put(a.buffer());
            }
        }
        return out.array();
    }

    /**
     * The attributes in {@code bytes}, for an object of {@code type}, in their stored order; each
     * buffer is its own array.
     *
     * @throws TeeException {@code TEE_ERROR_CORRUPT_OBJECT} (origin TEE) if the bytes break the format
     */
    static Map<Integer, Attribute> decode(byte[] bytes, int type) throws TeeException {
        Map<Integer, Attribute> attrs = new LinkedHashMap<>();
        if (bytes.length == 0 && type == TeeType.DATA) {
            return attrs;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw corrupt("version " + version + ", not " + VERSION);
            }
            int count = in.get() & 0xFF;
            if (count > MAX_COUNT) {
                throw corrupt(count + " attributes exceed " + MAX_COUNT);
            }
            TypeProps props = ObjectTypes.find(type);
            for (int i = 0; i < count; i++) {
                Attribute a = next(in);
                if (attrs.putIfAbsent(a.id(), a) != null) {
                    ObjectAttributes.wipe(java.util.List.of(a));
                    throw corrupt(String.format("attribute 0x%08X twice", a.id()));
                }
                if (props == null || props.spec(a.id()) == null) {
                    throw corrupt(String.format("attribute 0x%08X in an object of type 0x%08X", a.id(), type));
                }
            }
            if (in.hasRemaining()) {
                throw corrupt(in.remaining() + " bytes after the attributes");
            }
            return attrs;
        } catch (BufferUnderflowException e) {
            ObjectAttributes.wipe(attrs.values());
            throw corrupt("the attributes end early");
        } catch (TeeException e) {
            ObjectAttributes.wipe(attrs.values());
            throw e;
        }
    }

    private static Attribute next(ByteBuffer in) throws TeeException {
        int id = in.getInt();
        if (TeeAttr.isValue(id)) {
            return Attribute.value(id, in.getInt(), in.getInt());
        }
        int length = in.getInt();
        if (length < 0 || length > MAX_BUFFER_BYTES || length > in.remaining()) {
            throw corrupt(String.format("attribute 0x%08X of %d bytes, with %d left", id, Integer.toUnsignedLong(length),
                    in.remaining()));
        }
        byte[] buffer = new byte[length];
        in.get(buffer);
        return Attribute.ref(id, buffer);
    }

    /** Overwrites {@code bytes} with zeros. */
    static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static TeeException corrupt(String why) {
        return new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, "the stored attributes are malformed: " + why);
    }
}
