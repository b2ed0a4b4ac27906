package org.jtee.tahost;

import java.io.ByteArrayOutputStream;
import java.util.UUID;
import org.jtee.ta.Identity;

/**
 * The text forms of property values that are not strings (GP Internal Core API §4.4): an identity
 * as {@code login:uuid}, a binary block as Base64 read the lenient way OP-TEE reads a TA's
 * declared binary blocks.
 */
final class PropertyValues {
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private PropertyValues() {}

    /**
     * The bytes of Base64 {@code text}: characters outside the alphabet are skipped and the first
     * {@code =} ends the data, as OP-TEE's {@code base64_dec} does; bits of an incomplete last
     * byte are dropped. Never fails: {@code ""}, {@code "===="} and {@code "-%@&"} are all empty.
     */
    static byte[] base64(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3 / 4);
        int bits = 0;
        int pending = 0;
        for (int i = 0; i < text.length() && text.charAt(i) != '='; i++) {
            int sextet = BASE64.indexOf(text.charAt(i));
            if (sextet < 0) {
                continue;
            }
            bits = (bits << 6) | sextet;
            pending += 6;
            if (pending >= 8) {
                pending -= 8;
                out.write((bits >>> pending) & 0xFF);
                bits &= (1 << pending) - 1;
            }
        }
        return out.toByteArray();
    }

    /** {@code login:uuid} as OP-TEE prints an identity (login in decimal). */
    static String text(Identity identity) {
        return Integer.toUnsignedString(identity.login()) + ":" + identity.uuid();
    }

    /**
     * An identity from {@code login:uuid}, the login in decimal or {@code 0x} hex.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form
     */
    static Identity identity(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("an identity is login:uuid, not '" + text + "'");
        }
        String login = text.substring(0, colon);
        int value = login.startsWith("0x") || login.startsWith("0X")
                ? Integer.parseUnsignedInt(login.substring(2), 16) : Integer.parseUnsignedInt(login);
        return new Identity(value, UUID.fromString(text.substring(colon + 1)));
    }
}
