package org.jtee.tapkg;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TA versions as the u32 the image header carries:
 *
 * <pre>
 *  31            16 15      8 7       0
 * +----------------+---------+---------+
 * |     major      |  minor  |  patch  |
 * +----------------+---------+---------+
 * </pre>
 *
 * so that a numerically larger value is a later version, as the loader's rollback check needs.
 */
public final class TaVersions {
    /** The largest TA version, {@code 65535.255.255}. */
    public static final long MAX = 0xFFFF_FFFFL;

    private static final Pattern TEXT = Pattern.compile("(\\d{1,5})(?:\\.(\\d{1,3}))?(?:\\.(\\d{1,3}))?");

    private TaVersions() {}

    /**
     * Parses {@code "1"}, {@code "1.2"} or {@code "1.2.3"} (GP's {@code gpd.ta.version} text).
     *
     * @throws IllegalArgumentException if the text has another shape, or a part is out of range
     *     (major ≤ 65535, minor and patch ≤ 255)
     */
    public static long parse(String gpVersion) {
        Matcher m = TEXT.matcher(gpVersion);
        if (!m.matches()) {
            throw new IllegalArgumentException("TA version \"" + gpVersion + "\" is not major[.minor[.patch]]");
        }
        long major = part(m.group(1), 0xFFFF, gpVersion);
        long minor = part(m.group(2), 0xFF, gpVersion);
        long patch = part(m.group(3), 0xFF, gpVersion);
        return (major << 16) | (minor << 8) | patch;
    }

    /** {@code "major.minor.patch"}; refuses values outside u32. */
    public static String format(long version) {
        if (version < 0 || version > MAX) {
            throw new IllegalArgumentException("TA version " + version + " is not a u32");
        }
        return (version >>> 16) + "." + ((version >>> 8) & 0xFF) + "." + (version & 0xFF);
    }

    private static long part(String digits, int max, String whole) {
        if (digits == null) {
            return 0;
        }
        int value = Integer.parseInt(digits);
        if (value > max) {
            throw new IllegalArgumentException("TA version \"" + whole + "\": " + value + " exceeds " + max);
        }
        return value;
    }
}
