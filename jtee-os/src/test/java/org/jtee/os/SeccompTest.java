package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The TA host filter, tried with raw system calls in a child JVM: what Java code could never call. */
class SeccompTest {
    private static final int EPERM = 1;
    private static final List<String> DENIED = List.of("socket_inet", "socket_inet_udp", "socket_inet6", "socket_unix",
            "socket_netlink", "socketpair", "kill_parent", "kill_parent_high_bits", "kill_group", "kill_everyone", "tgkill_parent",
            "ptrace_seize", "process_vm_readv", "execve", "unshare_user", "prctl_dumpable");

    @Test
    void taHostFilter_refusesEscapesWithEperm_andLeavesTheJvmRunning() throws Exception {
        assumeTrue(Seccomp.isAvailable(), "this kernel runs no seccomp filters");

        Map<String, String> results = runChild("confined");

        for (String call : DENIED) {
            assertEquals(Integer.toString(EPERM), results.get(call), call + " is refused with EPERM: " + results);
        }
        assertEquals("0", results.get("kill_self"), "signals to its own pid pass");
        assertEquals("0", results.get("tgkill_self"), "signals to its own threads pass");
        assertTrue(results.get("status").contains("NoNewPrivs:1"), results.get("status"));
        assertTrue(results.get("status").contains("Seccomp:2"), results.get("status"));
        assertTrue(results.get("status").contains("CapEff:0000000000000000"), results.get("status"));
        assertTrue(results.get("thread").endsWith("started: true"), "threads still start");
    }

    @Test
    void withoutTheFilter_theSameCallsAreNotRefused() throws Exception {
        Map<String, String> results = runChild("open");

        assertEquals("0", results.get("socket_inet"), "so the test above tests the filter, not the machine");
        assertEquals("0", results.get("kill_parent"));
    }

    @Test
    void taHostFilter_checksTheArchitectureFirst() {
        byte[] x86 = Seccomp.taHostFilter(SyscallTable.X86_64, 1234);
        byte[] arm = Seccomp.taHostFilter(SyscallTable.AARCH64, 1234);

        assertEquals(SyscallTable.X86_64.auditArch(), java.nio.ByteBuffer.wrap(x86, 12, 4).order(java.nio.ByteOrder.nativeOrder()).getInt());
        assertEquals(SyscallTable.AARCH64.auditArch(), java.nio.ByteBuffer.wrap(arm, 12, 4).order(java.nio.ByteOrder.nativeOrder()).getInt());
        assertTrue(x86.length / 8 < 4096, "within BPF_MAXINSNS");
    }

    private static Map<String, String> runChild(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SeccompChild.class.getName(), mode))
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        Map<String, String> results = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf(line.startsWith("status") ? ' ' : '=');
            if (eq > 0) {
                results.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return results;
    }
}
