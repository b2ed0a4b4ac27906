package org.jtee.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** UUID helpers: the big-endian octet form OP-TEE puts on the wire, and name-based UUIDv5. */
public final class Uuids {
    /** The namespace in which OP-TEE and Linux derive client UUIDs for USER and GROUP logins. */
    public static final UUID OPTEE_CLIENT_NAMESPACE =
            UUID.fromString("58ac9ca0-2086-4683-a1b8-ec4bc08e01b6");

    /** The nil UUID: the client identity of a PUBLIC login. */
    public static final UUID NIL = new UUID(0, 0);

    private Uuids() {}

    /**
     * {@code text} as a UUID if it is one in the canonical form, 8-4-4-4-12 hex digits (either
     * case), else null. {@link UUID#fromString} also takes shorter groups ("1-2-3-4-5").
     */
    public static UUID parseCanonical(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return null;
            }
        }
        return UUID.fromString(text);
    }

    /** The 16 octets of {@code uuid} in network (big-endian) order, as in RFC 4122 §4.1.2. */
    public static byte[] toBytes(UUID uuid) {
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    public static UUID fromBytes(byte[] octets, int offset) {
        ByteBuffer b = ByteBuffer.wrap(octets, offset, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    /** Name-based UUID, version 5 (SHA-1), RFC 4122 §4.3. */
    public static UUID nameBasedV5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
        sha1.update(toBytes(namespace));
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        return fromBytes(hash, 0);
    }

    /**
     * The client UUID OP-TEE's Linux driver computes for a login ({@code tee_session_calc_client_uuid}):
     * nil for PUBLIC, UUIDv5 of {@code "uid=%x"} for USER and of {@code "gid=%x"} for GROUP.
     */
    public static UUID clientUuid(int login, long uid, long gid) {
        return switch (login) {
            case LoginMethod.PUBLIC, LoginMethod.REE_KERNEL -> NIL;
            case LoginMethod.USER -> nameBasedV5(OPTEE_CLIENT_NAMESPACE, "uid=" + Long.toHexString(uid));
            case LoginMethod.GROUP -> nameBasedV5(OPTEE_CLIENT_NAMESPACE, "gid=" + Long.toHexString(gid));
            default -> throw new IllegalArgumentException("no client UUID is defined for login " + LoginMethod.name(login));
        };
    }
}
