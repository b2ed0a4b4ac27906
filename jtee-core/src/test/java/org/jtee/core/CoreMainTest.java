package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CoreMainTest {
    @Test
    void parse_clientLimitFlags_setEveryLimit() {
        CoreConfig c = CoreMain.parse(new String[] {"--max-calls-per-connection", "3", "--max-connections-per-uid", "4",
            "--max-connections", "5", "--reply-buffer-bytes", "6", "--reply-budget-bytes", "10",
            "--write-timeout-ms", "7", "--frame-budget-bytes", "8", "--frame-budget-wait-ms", "9"});
        assertEquals(new ClientLimits(3, 4, 5, 6, 10, 7, 8, 9), c.clientLimits());
    }

    @Test
    void parse_noLimitFlags_productionDefaults() {
        assertEquals(ClientLimits.DEFAULTS, CoreMain.parse(new String[0]).clientLimits());
    }

    @Test
    void parse_zeroLimit_refused() {
        assertThrows(IllegalArgumentException.class, () -> CoreMain.parse(new String[] {"--max-connections", "0"}));
    }

    @Test
    void allowWeakIsolation_isOffUnlessGiven() {
        assertFalse(CoreMain.parse(new String[] {"--state-dir", "s", "--client-socket", "c"}).taLoading().allowWeakIsolation());
        assertTrue(CoreMain.parse(new String[] {"--allow-weak-isolation", "--host-pool", "0"}).taLoading().allowWeakIsolation());
    }

    @Test
    void instanceLimitFlags_setTheLimits_othersKeepTheirDefaults() {
        CoreConfig c = CoreMain.parse(new String[] {"--max-ta-instances-per-uid", "7", "--max-ta-hosts", "3"});
        assertEquals(new InstanceLimits(7, InstanceLimits.DEFAULTS.instances(), InstanceLimits.DEFAULTS.hostsPerUid(), 3),
                c.taLoading().instanceLimits());
        assertEquals(InstanceLimits.DEFAULTS, CoreMain.parse(new String[0]).taLoading().instanceLimits());
    }

    @Test
    void storageDirectory_isReeBesideTheStateDirectory_unlessGiven() {
        CoreConfig defaults = CoreMain.parse(new String[] {"--state-dir", "/home/u/jtee/core"});
        assertEquals(Path.of("/home/u/jtee/ree"), defaults.supplicant().storageDirectoryBeside(defaults.stateDirectory()));
        CoreConfig given = CoreMain.parse(new String[] {"--state-dir", "/home/u/jtee/core", "--storage-dir", "/data/tee"});
        assertEquals(Path.of("/data/tee"), given.supplicant().storageDirectoryBeside(given.stateDirectory()));
    }

    @Test
    void instanceLimitBelowOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoreMain.parse(new String[] {"--max-ta-hosts-per-uid", "0"}));
    }
}
