package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jtee.bench.TargetTa;
import org.junit.jupiter.api.Test;

class BenchPlanTest {
    private static List<String> names(BenchPlan p) {
        return p.runs().stream().map(r -> r.ta().benchName(r.name())).toList();
    }

    @Test
    void noNames_ownTee_runsEverythingWithInvokeAndShmOnBothTas() {
        BenchPlan p = BenchPlan.of(List.of(), null, true);
        assertEquals(List.of("invoke", "invoke-isolated", "shm", "shm-isolated", "open", "memory"), names(p));
        assertTrue(p.needsColdTee());
    }

    @Test
    void noNames_socket_runsTheBuiltInBenchmarksOnly() {
        BenchPlan p = BenchPlan.of(List.of(), null, false);
        assertEquals(List.of("invoke", "shm"), names(p));
        assertFalse(p.needsColdTee());
    }

    @Test
    void invoke_withoutTa_callsTheBuiltIn() {
        assertEquals(List.of("invoke"), names(BenchPlan.of(List.of("invoke"), null, true)));
    }

    @Test
    void invoke_taIsolated_callsTheIsolatedTa() {
        BenchPlan p = BenchPlan.of(List.of("invoke"), "isolated", true);
        assertEquals(TargetTa.ISOLATED, p.runs().getFirst().ta());
        assertEquals(List.of("invoke-isolated"), names(p));
    }

    @Test
    void abuse_runsOnlyWhenNamed_againstTheBuiltIn() {
        assertFalse(names(BenchPlan.of(List.of(), null, true)).contains("abuse"));
        assertEquals(List.of("abuse"), names(BenchPlan.of(List.of("abuse"), "isolated", true)));
    }

    @Test
    void storage_runsOnlyWhenNamed_andNeedsTheStorageDirectory() {
        assertFalse(names(BenchPlan.of(List.of(), null, true)).contains("storage"));
        assertEquals(List.of(), BenchPlan.of(List.of(), null, true).needingOwnTee());
        BenchPlan p = BenchPlan.of(List.of("storage"), null, true);
        assertEquals(List.of("storage"), names(p));
        assertEquals(List.of("storage"), p.needingOwnTee());
        assertFalse(p.needsColdTee());
    }

    @Test
    void pkcs11_runsOnlyWhenNamed_andNeedsATokenOfItsOwn() {
        assertFalse(names(BenchPlan.of(List.of(), null, true)).contains("pkcs11"));
        assertEquals(List.of(), BenchPlan.of(List.of(), null, true).needingOwnTee());
        BenchPlan p = BenchPlan.of(List.of("pkcs11"), null, true);
        assertEquals(List.of("pkcs11"), names(p));
        assertEquals(List.of("pkcs11"), p.needingOwnTee());
        assertFalse(p.needsColdTee());
        assertEquals(List.of("storage", "pkcs11"), BenchPlan.of(List.of("pkcs11", "storage"), null, true).needingOwnTee());
    }

    @Test
    void ta_unknownValue_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchPlan.of(List.of("invoke"), "remote", true));
        assertTrue(e.getMessage().contains("builtin or isolated"), e.getMessage());
    }

    @Test
    void unknownBenchmark_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> BenchPlan.of(List.of("invoke", "latency"), null, true));
    }
}
