package org.jtee.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the C tests of jtee's PKCS#11 module (native/pkcs11/tests, built by build.sh): p11_unit,
 * which needs no TEE (a fake TA in its own process), and p11_e2e, which loads
 * {@code libjtee-pkcs11.so} and drives it through its function table against a core with the
 * PKCS#11 TA — each once as built and once under AddressSanitizer and UndefinedBehaviorSanitizer.
 */
class Pkcs11ModuleTest {
    @TempDir
    static Path home;
    static Pkcs11Tee tee;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        tee = Pkcs11Tee.start(home);
    }

    @AfterAll
    static void stop() {
        if (tee != null) {
            tee.close();
        }
    }

    private static String binary(String build, String name) {
        Path p = Path.of("target", build, "pkcs11", "tests", name).toAbsolutePath();
        assertTrue(Files.isExecutable(p), p + " was not built (native/build.sh)");
        return p.toString();
    }

    private static String module(String build) {
        return Path.of("target", build, "pkcs11", "libjtee-pkcs11.so").toAbsolutePath().toString();
    }

    private void assertPassed(Pkcs11Tee.Run r) {
        assertEquals(0, r.exit(), r.transcript());
        assertTrue(r.out().contains("PASS: 0 failed") && !r.out().contains("not ok"), r.transcript());
    }

    @Test
    void unitTestsPass() throws Exception {
        assertPassed(tee.run(work, Map.of(), List.of(binary("release", "p11_unit"))));
    }

    @Test
    void unitTestsPassUnderAsanAndUbsan() throws Exception {
        assertPassed(tee.run(work, Pkcs11Tee.SANITIZERS, List.of(binary("sanitize", "p11_unit"))));
    }

    @Test
    void endToEndPassesAgainstACore() throws Exception {
        assertPassed(tee.run(work, Map.of(), List.of(binary("release", "p11_e2e"), module("release"), "0")));
    }

    @Test
    void endToEndPassesUnderAsanAndUbsan() throws Exception {
        assertPassed(tee.run(work, Pkcs11Tee.SANITIZERS, List.of(binary("sanitize", "p11_e2e"), module("sanitize"), "1")));
    }
}
