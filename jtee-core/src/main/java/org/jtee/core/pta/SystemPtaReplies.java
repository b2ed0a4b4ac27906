package org.jtee.core.pta;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The byte layouts of the system PTA's list replies ({@link SystemPtaContract}), written by the
 * core and read by {@code jtee}. Integers are big-endian, UUIDs 16 bytes in RFC 9562 order, names
 * ASCII after a u8 length.
 *
 * <pre>
 * STORAGE_USAGE  u32 stores, then per store:
 *                  u8 n | name[n] | u32 result | u64 commits | u32 owners,
 *                  then per owner: uuid[16] | u32 objects | u64 bytes
 *                (result is TEE_SUCCESS, or why the store could not be asked, and then commits is
 *                 -1 and owners 0; commits is the store's last commit sequence number, the value
 *                 its monotonic counter holds, -1 if the store does not say)
 * SECURE_TAS     u32 tas, then per TA:
 *                  uuid[16] | u32 version | u64 image bytes | u8 encrypted | u8 n | algorithm[n]
 * </pre>
 */
public final class SystemPtaReplies {
    private SystemPtaReplies() {}

    /** One owner's objects in one store: how many and their bytes (data plus attributes). */
    public record OwnerUsage(UUID owner, int objects, long bytes) {}

    /** One store's usage, or the result that kept it from being read. */
    public record StoreUsage(String backend, int result, long commits, List<OwnerUsage> owners) {
        public StoreUsage {
            owners = List.copyOf(owners);
        }
    }

    /** A TA installed in the core's secure storage. */
    public record SecureTa(UUID uuid, long version, long imageBytes, String algorithm, boolean encrypted) {}

    public static byte[] encodeUsage(List<StoreUsage> stores) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(stores.size()).array());
        for (StoreUsage s : stores) {
            out.writeBytes(name(s.backend()));
            out.writeBytes(ByteBuffer.allocate(16).putInt(s.result()).putLong(s.commits()).putInt(s.owners().size()).array());
            for (OwnerUsage o : s.owners()) {
                written(out, uuid(o.owner()).putInt(o.objects()).putLong(o.bytes()));
            }
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if {@code reply} is not such a layout, exactly */
    public static List<StoreUsage> decodeUsage(byte[] reply) {
        ByteBuffer b = ByteBuffer.wrap(reply);
        try {
            List<StoreUsage> stores = new ArrayList<>();
            for (int i = count(b, 1 + 16); i > 0; i--) {
                String name = name(b);
                int result = b.getInt();
                long commits = b.getLong();
                List<OwnerUsage> owners = new ArrayList<>();
                for (int n = count(b, 28); n > 0; n--) {
                    owners.add(new OwnerUsage(uuid(b), b.getInt(), b.getLong()));
                }
                stores.add(new StoreUsage(name, result, commits, owners));
            }
            return end(b, stores);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("a STORAGE_USAGE reply cut short at byte " + b.position(), e);
        }
    }

    public static byte[] encodeSecureTas(List<SecureTa> tas) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(tas.size()).array());
        for (SecureTa t : tas) {
            written(out, uuid(t.uuid()).putInt((int) t.version()).putLong(t.imageBytes()).put((byte) (t.encrypted() ? 1 : 0)));
            out.writeBytes(name(t.algorithm()));
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if {@code reply} is not such a layout, exactly */
    public static List<SecureTa> decodeSecureTas(byte[] reply) {
        ByteBuffer b = ByteBuffer.wrap(reply);
        try {
            List<SecureTa> tas = new ArrayList<>();
            for (int i = count(b, 30); i > 0; i--) {
                UUID uuid = uuid(b);
                long version = Integer.toUnsignedLong(b.getInt());
                long bytes = b.getLong();
                boolean encrypted = b.get() != 0;
                tas.add(new SecureTa(uuid, version, bytes, name(b), encrypted));
            }
            return end(b, tas);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("a SECURE_TAS reply cut short at byte " + b.position(), e);
        }
    }

    /** A u32 count, checked against the bytes left at {@code minBytes} per item. */
    private static int count(ByteBuffer b, int minBytes) {
        int n = b.getInt();
        if (n < 0 || (long) n * minBytes > b.remaining()) {
            throw new IllegalArgumentException("a count of " + Integer.toUnsignedLong(n) + " items in " + b.remaining() + " bytes");
        }
        return n;
    }

    private static <T> List<T> end(ByteBuffer b, List<T> items) {
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " bytes after the last item");
        }
        return List.copyOf(items);
    }

    /** Writes what was put into {@code b}: its bytes up to its position. */
    private static void written(ByteArrayOutputStream out, ByteBuffer b) {
        out.write(b.array(), 0, b.position());
    }

    /** A 32-byte buffer, filled with {@code uuid} up to position 16. */
    private static ByteBuffer uuid(UUID uuid) {
        return ByteBuffer.allocate(32).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    }

    private static UUID uuid(ByteBuffer b) {
        return new UUID(b.getLong(), b.getLong());
    }

    private static byte[] name(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > 255) {
            throw new IllegalArgumentException("a name of " + ascii.length + " bytes");
        }
        return ByteBuffer.allocate(1 + ascii.length).put((byte) ascii.length).put(ascii).array();
    }

    private static String name(ByteBuffer b) {
        byte[] ascii = new byte[Byte.toUnsignedInt(b.get())];
        b.get(ascii);
        return new String(ascii, StandardCharsets.US_ASCII);
    }
}
