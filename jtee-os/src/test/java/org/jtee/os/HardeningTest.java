package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HardeningTest {
    @Test
    void disableDumping_inChildJvm_makesItUndumpable() throws Exception {
        assertTrue(Hardening.isDumpable(), "the test JVM itself starts out dumpable");

        String output = runChild(DumpableChild.class.getName());

        assertEquals("before=true after=false", output.strip());
        assertTrue(Hardening.isDumpable(), "the test JVM stays dumpable");
    }

    @Test
    void uidAndGid_matchTheOwnerOfProcSelf() throws IOException {
        // /proc/self leads to /proc/<pid>, which belongs to the effective uid and gid of the process looking at it
        Path self = Path.of("/proc/self");

        assertEquals(((Number) Files.getAttribute(self, "unix:uid")).longValue(),
                Hardening.uid());
        assertEquals(((Number) Files.getAttribute(self, "unix:gid")).longValue(),
                Hardening.gid());
    }

    private static String runChild(String mainClass) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass))
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        return output;
    }
}
