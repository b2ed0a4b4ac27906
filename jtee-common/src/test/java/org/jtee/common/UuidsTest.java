package org.jtee.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {
    @Test
    void parseCanonical_takesTheCanonicalFormInEitherCase_andNothingElse() {
        UUID u = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
        assertEquals(u, Uuids.parseCanonical("8aaaf200-2450-11e4-abe2-0002a5d5c51b"));
        assertEquals(u, Uuids.parseCanonical("8AAAF200-2450-11E4-ABE2-0002A5D5C51B"));
        assertNull(Uuids.parseCanonical("1-2-3-4-5"), "UUID.fromString takes it; the canonical form does not");
        assertNull(Uuids.parseCanonical("8aaaf200-2450-11e4-abe2-0002a5d5c51"));
        assertNull(Uuids.parseCanonical("8aaaf200-2450-11e4-abe2-0002a5d5c51g"));
        assertNull(Uuids.parseCanonical("8aaaf200+2450-11e4-abe2-0002a5d5c51b"));
        assertNull(Uuids.parseCanonical("hello"));
        assertNull(Uuids.parseCanonical(null));
    }
}
