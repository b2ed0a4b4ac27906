package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TargetTaTest {
    @Test
    void parse_userNames_giveTheTwoTargets() {
        assertEquals(TargetTa.BUILTIN, TargetTa.parse("builtin"));
        assertEquals(TargetTa.ISOLATED, TargetTa.parse("isolated"));
    }

    @Test
    void parse_unknownOrMisspelled_throws() {
        assertThrows(IllegalArgumentException.class, () -> TargetTa.parse("remote"));
        assertThrows(IllegalArgumentException.class, () -> TargetTa.parse("ISOLATED"));
        assertThrows(IllegalArgumentException.class, () -> TargetTa.parse(""));
    }

    @Test
    void benchName_isolated_hasSuffix_builtinNot() {
        assertEquals("invoke", TargetTa.BUILTIN.benchName("invoke"));
        assertEquals("invoke-isolated", TargetTa.ISOLATED.benchName("invoke"));
    }

    @Test
    void targets_areDifferentTas() {
        assertNotEquals(BenchTa.UUID, IsolatedBenchTa.UUID);
        assertEquals(IsolatedBenchTa.UUID, TargetTa.ISOLATED.uuid());
    }
}
