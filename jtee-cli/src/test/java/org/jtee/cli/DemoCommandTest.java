package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jtee demo} end to end: real processes, both examples, OP-TEE's output. */
class DemoCommandTest {
    @Test
    void demo_printsBothExamplesOutput_exitsZero() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            status = new CommandLine(new Main()).execute("demo");
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("Invoking TA to increment 42\nTA incremented value to 43\n"), out);
        assertTrue(out.contains("Invoking TA to generate random UUID... \n"), out);
        assertTrue(Pattern.compile("TA generated UUID value = 0x[0-9a-f]{16,32}\n").matcher(out).find(), out);
        // the C ports, through libteec.so.2, print exactly the same lines
        assertTrue(out.contains("$ optee_example_hello_world    # C, through libteec.so.2\n"
                + "Invoking TA to increment 42\nTA incremented value to 43\n"), out);
        assertTrue(Pattern.compile("optee_example_random    # C, through libteec.so.2\n"
                + "Invoking TA to generate random UUID\\.\\.\\. \n"
                + "TA generated UUID value = 0x[0-9a-f]{16,32}\n").matcher(out).find(), out);
    }
}
