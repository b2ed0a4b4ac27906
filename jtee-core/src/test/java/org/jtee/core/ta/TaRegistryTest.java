package org.jtee.core.ta;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;
import org.jtee.tahost.TaType;
import org.junit.jupiter.api.Test;

/** The nil UUID owns the core's own objects: no TA may be registered with it. */
class TaRegistryTest {
    @Ta(uuid = "00000000-0000-0000-0000-000000000000", singleInstance = true, multiSession = true, instanceKeepAlive = true)
    static final class NilTa implements TrustedApplication<Void> {
        @Override
        public Void openSession(CallContext call, Parameters params) {
            return null;
        }

        @Override
        public void invokeCommand(Void session, CallContext call, int cmd, Parameters p) {}
    }

    @Test
    void aBuiltInTaWithTheNilUuid_isRefused_namingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TaRegistry().addBuiltIn(TaType.of(NilTa.class, false, false, NilTa::new)));
        assertTrue(e.getMessage().contains("nil UUID"), e.getMessage());
    }

    @Test
    void aPseudoTaWithTheNilUuid_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new TaRegistry().addPseudo(TaType.of(NilTa.class, true, false, NilTa::new)));
    }
}
