package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

class PropertySetTest {
    private final PropertySet set = new PropertySet(properties());

    private static Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("b", true);
        p.put("u32", 0x10L);
        p.put("big", 0x1_0000_0000L);
        p.put("s", "text");
        p.put("hex", "0x20");
        p.put("uuid", UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        p.put("blob", new byte[] {1, 2, 3});
        return p;
    }

    @Test
    void typedReads() throws Exception {
        assertTrue(set.getBool("b"));
        assertEquals(0x10, set.getU32("u32"));
        assertEquals(0x1_0000_0000L, set.getU64("big"));
        assertEquals(0x20, set.getU32("hex"), "integers read from 0x-hex text");
        assertEquals("16", set.getString("u32"));
        assertEquals(UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"), set.getUuid("uuid"));
        assertArrayEquals(new byte[] {1, 2, 3}, set.getBinaryBlock("blob"));
        assertEquals("AQID", set.getString("blob"), "binary blocks read as Base64 text");
    }

    @Test
    void identity_readsAsLoginColonUuid_andTextReadsAsIdentity() throws Exception {
        org.jtee.ta.Identity id = new org.jtee.ta.Identity(4, UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        PropertySet p = new PropertySet(Map.of("id", id, "text", "4:8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        assertEquals("4:8aaaf200-2450-11e4-abe2-0002a5d5c51b", p.getString("id"));
        assertEquals(id, p.getIdentity("text"));
    }

    @Test
    void missing_itemNotFound() {
        assertEquals(TeeResult.ITEM_NOT_FOUND, assertThrows(TeeException.class, () -> set.getString("nope")).result());
    }

    @Test
    void wrongType_badFormat() {
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> set.getBool("s")).result());
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> set.getU32("big")).result());
        assertEquals(TeeResult.BAD_FORMAT, assertThrows(TeeException.class, () -> set.getIdentity("s")).result());
    }

    @Test
    void names_keepDeclarationOrder() {
        assertEquals(List.of("b", "u32", "big", "s", "hex", "uuid", "blob"), set.names());
    }
}
