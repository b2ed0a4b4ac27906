package org.jtee.protocol;

import java.util.HexFormat;

/** Hexadecimal text for golden bytes. Whitespace is ignored, so frames can be laid out field by field. */
final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    static byte[] bytes(String hex) {
        String digits = hex.replaceAll("\\s+", "");
        return HEX.parseHex(digits);
    }

    static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** {@code hex} with its whitespace removed and letters in lower case, for comparisons. */
    static String normalise(String hex) {
        return hex.replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
    }
}
