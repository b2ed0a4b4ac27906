package org.jtee.core.ta;

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
