package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaDebugTest {
    private static final String A = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";
    private static final String B = "b6c53aba-9669-4668-a7f2-205629d00f86";

    @Test
    void parse_tasWithoutPorts_getPortsByPosition() {
        TaDebug d = TaDebug.parse(List.of(A, B));

        assertEquals(new TaDebug.Target(UUID.fromString(A), 5005, false), d.target(UUID.fromString(A)));
        assertEquals(new TaDebug.Target(UUID.fromString(B), 5006, false), d.target(UUID.fromString(B)));
        assertFalse(d.everyTa());
    }

    @Test
    void parse_portAndSuspend_inEitherCombination() {
        TaDebug d = TaDebug.parse(List.of(A + ":6000:suspend", B + ":suspend"));

        assertEquals(new TaDebug.Target(UUID.fromString(A), 6000, true), d.target(UUID.fromString(A)));
        assertEquals(new TaDebug.Target(UUID.fromString(B), 5006, true), d.target(UUID.fromString(B)));
    }

    @Test
    void parse_noValue_everyTa_andNothingGiven_off() {
        assertEquals(TaDebug.EVERY_TA, TaDebug.parse(List.of(TaDebug.EVERY_TA_VALUE)));
        assertEquals(TaDebug.OFF, TaDebug.parse(List.of()));
        assertFalse(TaDebug.OFF.enabled());
        assertNull(TaDebug.EVERY_TA.target(UUID.fromString(A)), "every TA: pooled hosts, no port of its own");
    }

    @Test
    void parse_badValues_areRefused_namingTheValue() {
        for (String bad : List.of("hello", A + ":port", A + ":5005:wait", A + ":5005:suspend:x", A + ":70000", A + ":0",
            "8aaaf200-2450-11e4-abe2-0002a5d5c51b0", "1-1-1-1-1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaDebug.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("--ta-debug"), e.getMessage());
        }
    }

    @Test
    void parse_clashes_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> TaDebug.parse(List.of(TaDebug.EVERY_TA_VALUE, A)),
                "every TA and one TA");
        assertThrows(IllegalArgumentException.class, () -> TaDebug.parse(List.of(A, A + ":6000")), "one TA twice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaDebug.parse(List.of(A + ":5006", B)), "B's default port is A's");
        assertTrue(e.getMessage().contains("port 5006"), e.getMessage());
    }

    @Test
    void coreArguments_areParsedByTheCore_intoTheSameSetting() {
        for (TaDebug d : List.of(TaDebug.OFF, TaDebug.EVERY_TA, TaDebug.parse(List.of(A + ":6000:suspend", B)))) {
            List<String> args = new ArrayList<>(d.coreArguments());
            args.addAll(List.of("--host-pool", "0"));

            assertEquals(d, CoreMain.parse(args.toArray(String[]::new)).taLoading().debug());
        }
    }

    @Test
    void coreMain_takesTheBareOptionAndValues() {
        assertTrue(CoreMain.parse(new String[] {"--ta-debug"}).taLoading().debug().everyTa());
        assertTrue(CoreMain.parse(new String[] {"--ta-debug=all"}).taLoading().debug().everyTa());
        TaDebug d = CoreMain.parse(new String[] {"--ta-debug=" + A + ":suspend", "--host-pool", "2"}).taLoading().debug();
        assertEquals(new TaDebug.Target(UUID.fromString(A), 5005, true), d.target(UUID.fromString(A)));
        assertEquals(TaDebug.OFF, CoreMain.parse(new String[0]).taLoading().debug());
    }
}
