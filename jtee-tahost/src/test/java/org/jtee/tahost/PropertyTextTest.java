package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PropertyTextTest {
    @Test
    void everyType_roundTripsInOrder() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gpd.tee.description", "jtee 0.1.0\nsecond line \\ backslash, and \\n is no newline");
        p.put("gpd.tee.cryptography.ecc", true);
        p.put("gpd.tee.internalCore.version", 0xFFFF_FFFF_FFFFL);
        p.put("gpd.tee.deviceID", UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        p.put("blob", new byte[] {1, 2, (byte) 0xff});
        Map<String, Object> back = PropertyText.decode(PropertyText.encode(p));
        assertEquals(p.keySet().stream().toList(), back.keySet().stream().toList());
        assertEquals(p.get("gpd.tee.description"), back.get("gpd.tee.description"));
        assertEquals(true, back.get("gpd.tee.cryptography.ecc"));
        assertEquals(0xFFFF_FFFF_FFFFL, back.get("gpd.tee.internalCore.version"));
        assertEquals(p.get("gpd.tee.deviceID"), back.get("gpd.tee.deviceID"));
        assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, (byte[]) back.get("blob"));
    }

    @Test
    void malformedLine_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> PropertyText.decode("no equals sign\n"));
        assertThrows(IllegalArgumentException.class, () -> PropertyText.decode("a=q:unknown type\n"));
    }
}
