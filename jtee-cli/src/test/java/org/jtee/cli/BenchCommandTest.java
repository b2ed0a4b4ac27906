package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jtee bench}'s argument checks, which run before any TEE is started. */
class BenchCommandTest {
    private static String[] run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            status = new CommandLine(new Main()).execute(args);
        } finally {
            System.setErr(saved);
        }
        return new String[] {Integer.toString(status), bytes.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void taUnknownValue_exitsTwo_namesTheChoices() {
        String[] r = run("bench", "invoke", "--ta", "remote");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("unknown TA 'remote'; choose builtin or isolated"), r[1]);
    }

    @Test
    void clientUnknownValue_exitsTwo_namesTheChoices() {
        String[] r = run("bench", "invoke", "--client", "rust");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--client is java or c, not rust"), r[1]);
    }

    @Test
    void storage_withSocket_exitsTwo_itsFloorsNeedATeeOfItsOwn() {
        String[] r = run("bench", "storage", "--socket", "/nonexistent/client.sock");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("storage needs a TEE of its own"), r[1]);
    }

    @Test
    void pkcs11_withSocket_exitsTwo_itFillsATokenOfItsOwn() {
        String[] r = run("bench", "pkcs11", "--socket", "/nonexistent/client.sock");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("pkcs11 needs a TEE of its own"), r[1]);
    }

    @Test
    void unknownBenchmark_exitsTwo_namesTheChoices() {
        String[] r = run("bench", "latency");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("choose from invoke, shm, open, memory, abuse"), r[1]);
    }
}
