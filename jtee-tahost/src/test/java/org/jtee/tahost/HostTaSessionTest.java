package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jtee.protocol.Wire;
import org.jtee.ta.Tee;
import org.junit.jupiter.api.Test;

/** The cancellation timeout of a TA-to-TA call as a TA host puts it on the wire. */
class HostTaSessionTest {
    @Test
    void timeoutInfinite_isTheSameValue_inTheTaApiAndOnTheWire() {
        assertEquals(Tee.TIMEOUT_INFINITE, Wire.TIMEOUT_INFINITE, "the core reads the wire's value as the TA API's");
    }

    @Test
    void wireTimeout_infiniteNegativeOrTooLarge_isInfinite_elseAsGiven() {
        assertEquals(Wire.TIMEOUT_INFINITE, HostTaSession.wireTimeout(Tee.TIMEOUT_INFINITE));
        assertEquals(Wire.TIMEOUT_INFINITE, HostTaSession.wireTimeout(-1));
        assertEquals(Wire.TIMEOUT_INFINITE, HostTaSession.wireTimeout(Long.MAX_VALUE));
        assertEquals(0, HostTaSession.wireTimeout(0));
        assertEquals(Tee.TIMEOUT_INFINITE - 1, HostTaSession.wireTimeout(Tee.TIMEOUT_INFINITE - 1));
    }
}
