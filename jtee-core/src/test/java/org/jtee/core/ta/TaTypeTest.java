package org.jtee.core.ta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.jtee.core.SharedTa;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TrustedApplication;
import org.jtee.tahost.TaType;
import org.junit.jupiter.api.Test;

class TaTypeTest {
    @Ta(uuid = "not-a-uuid")
    static final class BadUuid implements TrustedApplication<Void> {
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        public void invokeCommand(Void s, CallContext call, int cmd, Parameters params) {}
    }

    @Ta(uuid = "44444444-2222-3333-4444-555555555555")
    @TaProperty(name = "gpd.ta.sneaky", string = "x")
    static final class GpdExtra implements TrustedApplication<Void> {
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        public void invokeCommand(Void s, CallContext call, int cmd, Parameters params) {}
    }

    @Ta(uuid = "55555555-2222-3333-4444-555555555555")
    @TaProperty(name = "p.bool", type = TaProperty.Type.BOOL, bool = true)
    @TaProperty(name = "p.u32", type = TaProperty.Type.U32, u32 = -1)
    @TaProperty(name = "p.u64", type = TaProperty.Type.U64, u64 = 1L << 40)
    @TaProperty(name = "p.uuid", type = TaProperty.Type.UUID, string = "00000001-0002-0003-0000-000000000000")
    @TaProperty(name = "p.identity", type = TaProperty.Type.IDENTITY, string = "1:00000002-0003-0004-0000-000000000000")
    @TaProperty(name = "p.blob", type = TaProperty.Type.BINARY_BLOCK, string = "SGVsbG8gd29ybGQh")
    @TaProperty(name = "p.ones", type = TaProperty.Type.BINARY_BLOCK, string = "/////w==")
    @TaProperty(name = "p.empty", type = TaProperty.Type.BINARY_BLOCK, string = "====")
    @TaProperty(name = "p.invalid", type = TaProperty.Type.BINARY_BLOCK, string = "-%@&")
    @TaProperty(name = "p.string", string = "text")
    static final class Typed implements TrustedApplication<Void> {
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        public void invokeCommand(Void s, CallContext call, int cmd, Parameters params) {}
    }

    @Ta(uuid = "66666666-2222-3333-4444-555555555555")
    @TaProperty(name = "p.identity", type = TaProperty.Type.IDENTITY, string = "00000002-0003-0004-0000-000000000000")
    static final class BadIdentity implements TrustedApplication<Void> {
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        public void invokeCommand(Void s, CallContext call, int cmd, Parameters params) {}
    }

    @Test
    void extraProperties_ofEveryType_readWithTheirGetters_inDeclarationOrder() throws Exception {
        var set = new org.jtee.tahost.PropertySet(TaType.of(Typed.class, false, false, Typed::new).properties());
        assertEquals(true, set.getBool("p.bool"));
        assertEquals(-1, set.getU32("p.u32"));
        assertEquals(1L << 40, set.getU64("p.u64"));
        assertEquals(new UUID(0x0000000100020003L, 0), set.getUuid("p.uuid"));
        assertEquals(new org.jtee.ta.Identity(1, new UUID(0x0000000200030004L, 0)), set.getIdentity("p.identity"));
        assertEquals("1:00000002-0003-0004-0000-000000000000", set.getString("p.identity"));
        assertEquals("Hello world!", new String(set.getBinaryBlock("p.blob"), java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, set.getBinaryBlock("p.ones"));
        assertEquals(0, set.getBinaryBlock("p.empty").length, "the first '=' ends the data");
        assertEquals(0, set.getBinaryBlock("p.invalid").length, "characters outside Base64 are skipped");
        assertEquals("text", set.getString("p.string"));
        var names = set.names();
        assertEquals(java.util.List.of("p.bool", "p.u32", "p.u64", "p.uuid", "p.identity", "p.blob", "p.ones", "p.empty",
                "p.invalid", "p.string"), names.subList(names.indexOf("p.bool"), names.size()));
    }

    @Test
    void malformedIdentity_refusedNamingTheProperty() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaType.of(BadIdentity.class, false, false, BadIdentity::new));
        assertEquals(true, e.getMessage().contains("p.identity"), e.getMessage());
    }

    @Test
    void properties_fromAnnotation() {
        TaType t = TaType.of(SharedTa.class, false, false, SharedTa::new);
        var p = t.properties();
        assertEquals(UUID.fromString(SharedTa.UUID_STRING), p.get("gpd.ta.appID"));
        assertEquals(true, p.get("gpd.ta.singleInstance"));
        assertEquals(true, p.get("gpd.ta.multiSession"));
        assertEquals(true, p.get("gpd.ta.instanceKeepAlive"));
        assertEquals(32768L, p.get("gpd.ta.dataSize"));
        assertEquals(0L, p.get("gpd.ta.endian"));
    }

    @Test
    void badUuid_refusedNamingTheClass() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaType.of(BadUuid.class, false, false, BadUuid::new));
        assertEquals(true, e.getMessage().contains("BadUuid"));
    }

    @Test
    void extraPropertyInGpdNamespace_refused() {
        assertThrows(IllegalArgumentException.class, () -> TaType.of(GpdExtra.class, false, false, GpdExtra::new));
    }

    @Test
    void pseudoTa_mustBeSingleMultiKeepAlive() {
        assertThrows(IllegalArgumentException.class, () -> TaType.of(GpdExtra.class, true, false, GpdExtra::new));
    }
}
