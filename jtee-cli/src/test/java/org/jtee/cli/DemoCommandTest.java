package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jtee demo} end to end: real processes, every example, OP-TEE's output. */
class DemoCommandTest {
    @Test
    void demo_printsTheExamplesOutput_exitsZero_andTheNextRunFindsWhatSecureStorageStored() throws IOException {
        Path home = Files.createTempDirectory("jtee-demo-test-");
        try {
            String out = demo(home);
            assertTrue(out.contains("Invoking TA to increment 42\nTA incremented value to 43\n"), out);
            assertTrue(out.contains("Invoking TA to generate random UUID... \n"), out);
            assertTrue(Pattern.compile("TA generated UUID value = 0x[0-9a-f]{16,32}\n").matcher(out).find(), out);
            // the C ports, through libteec.so.2, print exactly the same lines
            assertTrue(out.contains("$ optee_example_hello_world    # C, through libteec.so.2\n"
                    + "Invoking TA to increment 42\nTA incremented value to 43\n"), out);
            assertTrue(Pattern.compile("optee_example_random    # C, through libteec.so.2\n"
                    + "Invoking TA to generate random UUID\\.\\.\\. \n"
                    + "TA generated UUID value = 0x[0-9a-f]{16,32}\n").matcher(out).find(), out);
            assertTrue(out.contains("$ optee_example_secure_storage\n"), out);
            assertTrue(out.contains("- Object not found in TA secure storage, create it.\n"), out);
            assertFalse(out.contains("- Object found in TA secure storage"), out);

            String second = demo(home);
            assertTrue(second.contains("- Object found in TA secure storage, delete it.\n"), second);
            assertTrue(second.contains("jtee demo: object#2 was stored by an earlier jtee demo"), second);
        } finally {
            DemoCommand.deleteTree(home);
        }
    }

    /** Runs {@code jtee demo --home home}; what it printed, once it exited with 0. */
    private static String demo(Path home) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            status = new CommandLine(new Main()).execute("demo", "--home", home.toString());
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        return out;
    }
}
