package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import org.jtee.ta.Identity;
import org.junit.jupiter.api.Test;

class PropertyValuesTest {
    @Test
    void base64_readsWhatTheJdkWrites_forEveryLengthUpTo64() {
        Random random = new Random(1);
        for (int n = 0; n <= 64; n++) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            assertArrayEquals(data, PropertyValues.base64(Base64.getEncoder().encodeToString(data)), n + " bytes");
            assertArrayEquals(data, PropertyValues.base64(Base64.getEncoder().withoutPadding().encodeToString(data)));
        }
    }

    @Test
    void base64_skipsForeignCharacters_andStopsAtTheFirstPad() {
        assertEquals("Hello world!", new String(PropertyValues.base64("SGVs bG8g\nd29y-bGQh"), StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[0], PropertyValues.base64(""));
        assertArrayEquals(new byte[0], PropertyValues.base64("===="));
        assertArrayEquals(new byte[0], PropertyValues.base64("-%@&"));
        assertArrayEquals(new byte[] {-1}, PropertyValues.base64("/w==AAAA"));
        assertArrayEquals(new byte[0], PropertyValues.base64("/"), "six bits make no byte");
    }

    @Test
    void identity_roundTrips_withDecimalOrHexLogin() {
        Identity id = new Identity(0xF0000000, UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        assertEquals("4026531840:8aaaf200-2450-11e4-abe2-0002a5d5c51b", PropertyValues.text(id));
        assertEquals(id, PropertyValues.identity(PropertyValues.text(id)));
        assertEquals(id, PropertyValues.identity("0xf0000000:8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
    }

    @Test
    void identity_withoutLoginOrUuid_refused() {
        assertThrows(IllegalArgumentException.class, () -> PropertyValues.identity("8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        assertThrows(IllegalArgumentException.class, () -> PropertyValues.identity("1:not-a-uuid"));
        assertThrows(IllegalArgumentException.class, () -> PropertyValues.identity("x:8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
    }
}
