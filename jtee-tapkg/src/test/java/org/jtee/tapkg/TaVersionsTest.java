package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaVersionsTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "1, 65536", "1.2, 66048", "1.2.3, 66051", "0.0, 0", "65535.255.255, 4294967295",
        "0.0.1, 1", "0.255, 65280"})
    void parse_validText_packsMajorMinorPatch(String text, long expected) {
        assertEquals(expected, TaVersions.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "65536", "1.256", "1.2.256", "1.2.3.4", "-1", "1.", ".1", "a", "1.2a", " 1",
        "123456", "1.1000"})
    void parse_invalidText_refuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> TaVersions.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"0, 0.0.0", "66051, 1.2.3", "4294967295, 65535.255.255"})
    void format_u32_givesDottedText(long version, String expected) {
        assertEquals(expected, TaVersions.format(version));
    }

    @Test
    void format_outsideU32_refuses() {
        assertThrows(IllegalArgumentException.class, () -> TaVersions.format(-1));
        assertThrows(IllegalArgumentException.class, () -> TaVersions.format(1L << 32));
    }

    @Test
    void formatThenParse_roundTrips() {
        for (long v : new long[] {0, 1, 255, 256, 65535, 65536, 0x12345678L, TaVersions.MAX}) {
            assertEquals(v, TaVersions.parse(TaVersions.format(v)));
        }
    }
}
