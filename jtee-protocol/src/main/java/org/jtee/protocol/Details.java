package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The detail of a version 2 reply: why a call failed, in words, for a person — the core's reason
 * for refusing a TA, a development core's report of a TA's own message. It never changes what the
 * result means, and a receiver that drops it loses nothing but the words.
 *
 * <pre>u16 detail length (1..{@value Wire#MAX_DETAIL_BYTES}) | u16 reserved (0) | detail (UTF-8)</pre>
 *
 * Text that comes from another process (a TA, a TA host, the supplicant) is untrusted: a receiver
 * that logs it passes it through {@link #oneLine} or {@link #lines} first, so it cannot forge a
 * log line.
 */
public final class Details {
    private Details() {}

    /** {@code text} cut to at most {@code maxBytes} of UTF-8, with a note of its full size; null or empty: null. */
    public static String bounded(String text, int maxBytes) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return text;
        }
        String note = " [cut: " + utf8.length + " bytes in all]";
        int keep = maxBytes - note.length();
        if (keep <= 0) { // no room for the note: the text's start alone
            note = "";
            keep = Math.max(0, maxBytes);
        }
        while (keep > 0 && (utf8[keep] & 0xC0) == 0x80) {
            keep--; // not inside a character
        }
        return new String(utf8, 0, keep, StandardCharsets.UTF_8) + note;
    }

    /** {@code text} as a reply's detail: cut to {@link Wire#MAX_DETAIL_BYTES}; null or empty: null. */
    public static String bounded(String text) {
        return bounded(text, Wire.MAX_DETAIL_BYTES);
    }

    /** Untrusted text as one line: every control character (line breaks too) becomes a space. */
    public static String oneLine(String untrusted) {
        return printable(untrusted, false);
    }

    /**
     * Untrusted lines, each indented by {@code indent} so that none can pass for a log line of
     * its own; control characters other than line breaks and tabs become spaces.
     */
    public static String lines(String untrusted, String indent) {
        StringBuilder b = new StringBuilder(untrusted.length() + 64);
        for (String line : untrusted.strip().split("\r?\n", -1)) {
            b.append(indent).append(printable(line, true)).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    private static String printable(String text, boolean keepTabs) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) && !(keepTabs && c == '\t') ? ' ' : c));
        return b.toString();
    }

    static void check(String detail) {
        if (detail != null) {
            int bytes = detail.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > Wire.MAX_DETAIL_BYTES) {
                throw new IllegalArgumentException("a detail is 1 to " + Wire.MAX_DETAIL_BYTES + " bytes, not " + bytes
                        + " (Details.bounded cuts one)");
            }
        }
    }

    /** Bytes the detail takes in a body: none without one (version 1). */
    static int size(String detail) {
        return detail == null ? 0 : 4 + detail.getBytes(StandardCharsets.UTF_8).length;
    }

    static void encode(String detail, ByteBuffer out) {
        if (detail != null) {
            byte[] text = detail.getBytes(StandardCharsets.UTF_8);
            out.putShort((short) text.length).putShort((short) 0).put(text);
        }
    }

    /** The detail at the end of a version 2 body; null in version 1. */
    static String decode(BodyReader in) throws ProtocolException {
        if (in.version() < 2) {
            return null;
        }
        int length = in.u16("detail length");
        in.zero(in.u16("reserved"), "reserved");
        return in.utf8(length, Wire.MAX_DETAIL_BYTES, "detail");
    }
}
