package org.jtee.ta;

/**
 * {@code TEE_Time} (GP Internal Core API §7.2.1): seconds and milliseconds since an origin the
 * clock defines. Seconds are an unsigned 32-bit count, so a time past {@code 2^32 - 1} seconds
 * wraps; milliseconds are 0 to 999.
 *
 * @param seconds 0 to {@code 0xFFFFFFFF}
 * @param millis 0 to 999
 */
public record TeeTime(long seconds, int millis) {
    /** The largest seconds value, {@code UINT32_MAX}. */
    public static final long MAX_SECONDS = 0xFFFF_FFFFL;

    public TeeTime {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("seconds " + seconds + " are not an unsigned 32-bit count");
        }
        if (millis < 0 || millis > 999) {
            throw new IllegalArgumentException("millis " + millis + " are not 0 to 999");
        }
    }

    /** This time in milliseconds since its origin. */
    public long toMillis() {
        return seconds * 1000 + millis;
    }

    @Override
    public String toString() {
        return seconds + "." + String.format("%03d", millis);
    }
}
