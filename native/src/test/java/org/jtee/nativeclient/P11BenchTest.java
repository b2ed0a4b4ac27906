package org.jtee.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jtee.bench.Pkcs11Benchmarks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code p11_bench}, the consumer of {@code jtee bench pkcs11} (native/bench/p11_bench.c), on
 * both modules the bench compares — jtee's and SoftHSM2 (Debian's softhsm2) — in short runs:
 * every command works on each, every operation is counted, a fill adds objects that the finds
 * still see past, and a failing call is reported with its function and return code.
 */
class P11BenchTest {
    private static final Path P11_BENCH = Path.of("target/release/bench/p11_bench").toAbsolutePath();
    @TempDir
    static Path home;
    static Pkcs11Tee tee;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(P11_BENCH), P11_BENCH + " was not built (native/build.sh)");
        tee = Pkcs11Tee.start(home);
    }

    @AfterAll
    static void stop() {
        if (tee != null) {
            tee.close();
        }
    }

    private static Map<String, String> softhsmEnv() throws Exception {
        if (!Files.isRegularFile(Pkcs11Benchmarks.SOFTHSM)) {
            fail("SoftHSM2 is not installed: no " + Pkcs11Benchmarks.SOFTHSM + "; install Debian's softhsm2 (bin/jtee test"
                    + " installs it when run as root: apt-get install softhsm2)");
        }
        return Pkcs11Benchmarks.softhsmEnv(home);
    }

    private static Pkcs11Tee.Run bench(Path module, Map<String, String> env, String... args) throws Exception {
        List<String> command = Pkcs11Tee.command(P11_BENCH.toString(), module.toString());
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(Pkcs11Benchmarks.PINS);
        all.putAll(env);
        return tee.run(home, all, command);
    }

    private static Pkcs11Tee.Run ok(Pkcs11Tee.Run r) {
        assertEquals(0, r.exit(), r.transcript());
        return r;
    }

    /** init, keys, a short run of every operation, a fill of 20 objects, the finds again. */
    private static void everyCommandWorks(Path module, Map<String, String> env) throws Exception {
        ok(bench(module, env, "init", "t"));
        ok(bench(module, env, "keys", "t"));
        List<String> run = new ArrayList<>(List.of("run", "t", "0.05", "0.01"));
        run.addAll(Pkcs11Benchmarks.OPS);
        List<String> lines = ok(bench(module, env, run.toArray(String[]::new))).out().lines().toList();
        assertEquals(Pkcs11Benchmarks.OPS.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < Pkcs11Benchmarks.OPS.size(); i++) {
            String[] f = lines.get(i).split(" ");
            assertEquals(Pkcs11Benchmarks.OPS.get(i), f[0], lines.get(i));
            assertTrue(Long.parseLong(f[1]) >= 1 && Double.parseDouble(f[2]) >= 0.05, lines.get(i));
        }
        Pkcs11Tee.Run fill = ok(bench(module, env, "fill", "t", "20"));
        assertTrue(fill.err().contains("20 of 20 objects"), fill.transcript());
        // the finds check that exactly the AES key matches among the new objects
        ok(bench(module, env, "run", "t", "0.05", "0", "find-label", "find-id"));
    }

    @Test
    void everyCommandWorksOnJteesModule() throws Exception {
        everyCommandWorks(Pkcs11Tee.MODULE, Map.of());
    }

    @Test
    void everyCommandWorksOnSoftHsm2() throws Exception {
        everyCommandWorks(Pkcs11Benchmarks.SOFTHSM, softhsmEnv());
    }

    @Test
    void aFailingCallIsNamedWithItsCode() throws Exception {
        ok(bench(Pkcs11Tee.MODULE, Map.of(), "init", "w"));
        Pkcs11Tee.Run r = bench(Pkcs11Tee.MODULE, Map.of("P11_BENCH_PIN", "wrong-pin"), "run", "w", "0.05", "0", "sha256");
        assertEquals(1, r.exit(), r.transcript());
        assertTrue(r.err().contains("C_Login(CKU_USER) failed: CKR_PIN_INCORRECT"), r.transcript());
        Pkcs11Tee.Run missing = bench(Pkcs11Tee.MODULE, Map.of(), "run", "no-such-token", "0.05", "0", "sha256");
        assertEquals(1, missing.exit(), missing.transcript());
        assertTrue(missing.err().contains("token not found: no token labelled 'no-such-token'"), missing.transcript());
    }
}
