package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoreMainTest {
    @Test
    void allowWeakIsolation_isOffUnlessGiven() {
        assertFalse(CoreMain.parse(new String[] {"--state-dir", "s", "--client-socket", "c"}).taLoading().allowWeakIsolation());
        assertTrue(CoreMain.parse(new String[] {"--allow-weak-isolation", "--host-pool", "0"}).taLoading().allowWeakIsolation());
    }
}
