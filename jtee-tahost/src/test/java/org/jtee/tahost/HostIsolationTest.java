package org.jtee.tahost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostIsolationTest {
    @Test
    void landlockAndSeccomp_areComplete() {
        HostIsolation isolation = new HostIsolation(2, true);

        assertTrue(isolation.complete(), "seccomp covers what ABI 2 does not");
        assertEquals(List.of(), isolation.missing());
    }

    @Test
    void noLandlock_refusalNamesItAndTheFlag() {
        String refusal = new HostIsolation(0, true).refusal();

        assertTrue(refusal.contains("Landlock"), refusal);
        assertFalse(refusal.contains("seccomp"), refusal);
        assertTrue(refusal.contains("--allow-weak-isolation"), refusal);
    }

    @Test
    void noSeccompOnAnOldKernel_saysTcpAndSignalsAreOpen() {
        String missing = String.join(" ", new HostIsolation(3, false).missing());

        assertTrue(missing.contains("seccomp") && missing.contains("TCP included") && missing.contains("signal the core"), missing);
    }

    @Test
    void describe_saysWhatEachMechanismCovers() {
        assertEquals("Landlock ABI 6 (files, TCP, signals, abstract sockets) + seccomp (all sockets, outside signals, "
                + "ptrace, process_vm, exec, fork, namespaces, mounts, bpf, perf, keys, io_uring) + no capabilities, "
                + "no_new_privs", new HostIsolation(6, true).describe());
        assertTrue(new HostIsolation(2, false).describe().startsWith("Landlock ABI 2 (files) + no seccomp"));
    }
}
