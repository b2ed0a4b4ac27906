package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The core's command line. */
class CoreMainTest {
    @Test
    void instanceLimitFlags_setTheLimits_othersKeepTheirDefaults() {
        CoreConfig c = CoreMain.parse(new String[] {"--max-ta-instances-per-uid", "7", "--max-ta-hosts", "3"});
        assertEquals(new InstanceLimits(7, InstanceLimits.DEFAULTS.instances(), InstanceLimits.DEFAULTS.hostsPerUid(), 3),
                c.taLoading().instanceLimits());
        assertEquals(InstanceLimits.DEFAULTS, CoreMain.parse(new String[0]).taLoading().instanceLimits());
    }

    @Test
    void instanceLimitBelowOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoreMain.parse(new String[] {"--max-ta-hosts-per-uid", "0"}));
    }
}
