package org.jtee.tahost;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A property set as text, one {@code name=type:value} line per property, to hand the TEE
 * implementation properties to a TA host. Types: {@code s} string (with {@code \n} and
 * {@code \\} escaped), {@code b} boolean, {@code u} unsigned integer, {@code i} UUID,
 * {@code x} binary block in hex.
 */
public final class PropertyText {
    private PropertyText() {}

    /** {@code values} as text, one line each, in order. */
    public static String encode(Map<String, Object> values) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.append(e.getKey()).append('=').append(encodeValue(e.getValue())).append('\n');
        }
        return out.toString();
    }

    private static String encodeValue(Object v) {
        if (v instanceof String s) {
            return "s:" + s.replace("\\", "\\\\").replace("\n", "\\n");
        } else if (v instanceof Boolean b) {
            return "b:" + b;
        } else if (v instanceof Long l) {
            return "u:" + Long.toUnsignedString(l);
        } else if (v instanceof UUID u) {
            return "i:" + u;
        } else if (v instanceof byte[] b) {
            return "x:" + HexFormat.of().formatHex(b);
        }
        throw new IllegalArgumentException("property type " + v.getClass().getName() + " has no text form");
    }

    static Map<String, Object> decode(String text) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || line.length() < eq + 3 || line.charAt(eq + 2) != ':') {
                throw new IllegalArgumentException("not a property line: " + line);
            }
            values.put(line.substring(0, eq), decodeValue(line.charAt(eq + 1), line.substring(eq + 3)));
        }
        return values;
    }

    private static String unescape(String v) {
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char next = v.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Object decodeValue(char type, String v) {
        return switch (type) {
            case 's' -> unescape(v);
            case 'b' -> Boolean.parseBoolean(v);
            case 'u' -> Long.parseUnsignedLong(v);
            case 'i' -> UUID.fromString(v);
            case 'x' -> HexFormat.of().parseHex(v);
            default -> throw new IllegalArgumentException("unknown property type " + type);
        };
    }
}
