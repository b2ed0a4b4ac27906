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
 * The JDK's SunPKCS11 provider on jtee's module: {@link SunPkcs11Probe}, a program with only the
 * JDK on its class path, run in a JVM of its own against a core whose token was initialised and
 * given keys by {@code p11_bench} (the bench's C driver, native/bench/p11_bench.c) — KeyStore
 * login and aliases, key generation, RSA and ECDSA signatures checked by the JDK's own provider,
 * AES-CTR, AES-GCM and RSA PKCS#1 encryption, a key stored on the token. The configuration is
 * the one {@code jtee pkcs11 java-config} prints (its template, read from jtee-cli's sources). A failure names the step (its PKCS#11 calls)
 * and the exception chain with the CKR_ code.
 */
class SunPkcs11Test {
    private static final Path P11_BENCH = Path.of("target/release/bench/p11_bench").toAbsolutePath();
    private static final String PIN = "sun-user-pin";
    /** What {@code jtee pkcs11 java-config} prints, before it fills in the name, library and slot. */
    private static final Path JAVA_CONFIG = Path.of("../jtee-cli/src/main/resources/org/jtee/cli/sunpkcs11.cfg");

    @TempDir
    static Path home;
    static Pkcs11Tee tee;
    static Path config;

    @BeforeAll
    static void initialiseToken() throws Exception {
        tee = Pkcs11Tee.start(home);
        assertTrue(Files.isExecutable(P11_BENCH), P11_BENCH + " was not built (native/build.sh)");
        Map<String, String> pins = Map.of("P11_BENCH_SO_PIN", "sun-so-pin", "P11_BENCH_PIN", PIN);
        for (String step : List.of("init", "keys")) {
            Pkcs11Tee.Run r = tee.run(home, pins, List.of(P11_BENCH.toString(), Pkcs11Tee.MODULE.toString(), step, "sun"));
            assertEquals(0, r.exit(), "p11_bench " + step + ":\n" + r.transcript());
        }
        config = home.resolve("jtee-pkcs11.cfg");
        Files.writeString(config, Files.readString(JAVA_CONFIG).replace("@NAME@", "jtee")
                .replace("@LIBRARY@", Pkcs11Tee.MODULE.toString()).replace("@SLOT@", "0"));
    }

    @AfterAll
    static void stop() {
        if (tee != null) {
            tee.close();
        }
    }

    private Pkcs11Tee.Run probe(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = Pkcs11Tee.command(java, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                SunPkcs11Probe.class.getName(), config.toString());
        command.addAll(List.of(args));
        return tee.run(home, Map.of(), command);
    }

    @Test
    void signsVerifiesEncryptsAndListsKeysThroughSunPkcs11() throws Exception {
        Pkcs11Tee.Run r = probe(PIN, "bench-aes");
        assertEquals(0, r.exit(), r.transcript());
        assertTrue(r.out().contains("all steps passed"), r.transcript());
    }

    @Test
    void aWrongPinIsCkrPinIncorrect() throws Exception {
        Pkcs11Tee.Run r = probe("not-" + PIN, "bench-aes", "wrong-pin");
        assertEquals(0, r.exit(), r.transcript());
    }
}
