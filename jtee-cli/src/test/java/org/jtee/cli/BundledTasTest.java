package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link BundledTas}: beside target/classes in tests, as beside the jar when installed. */
class BundledTasTest {
    @Test
    void directory_isTaBesideTheClassesOrNull() throws Exception {
        Path classes = Path.of(BundledTas.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path expected = classes.getParent().resolve("ta");
        Path dir = BundledTas.directory();
        if (Files.isDirectory(expected)) {
            assertEquals(expected, dir);
        } else {
            assertEquals(null, dir, "no bundled directory when the examples were not packaged");
        }
    }

    @Test
    void directory_afterPackage_holdsTheSignedExamples() {
        Path dir = BundledTas.directory();
        if (dir != null) { // `mvn test` alone does not package jtee-examples
            assertTrue(Files.isRegularFile(dir.resolve("8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta")), dir.toString());
            assertTrue(Files.isRegularFile(dir.resolve("b6c53aba-9669-4668-a7f2-205629d00f86.ta")), dir.toString());
        }
    }

    @Test
    void directory_holdsNothingButTheExamples_noTestFixtureTas() throws Exception {
        // OP-TEE's test TAs (jtee-xtest-tas) are fixtures for bin/jtee xtest: a production
        // `jtee up` must not serve them, and it serves this directory by default
        Path dir = BundledTas.directory();
        if (dir != null) {
            try (var files = Files.list(dir)) {
                // the ten examples: hello_world, random, aes, hotp, acipher, sha, sign_verify, ecdsa, ecdh, secure_storage
                assertEquals(java.util.Set.of("8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta",
                        "b6c53aba-9669-4668-a7f2-205629d00f86.ta", "5dbac793-f574-4871-8ad3-04331ec17f24.ta",
                        "484d4143-2d53-4841-3120-4a6f636b6542.ta", "a734eed9-d6a1-4244-aa50-7c99719e7b7b.ta",
                        "1dc6a16b-2fba-4aa1-9519-ea8a6c8c16e5.ta", "f066f150-42af-404f-ae32-c8e6cd117e70.ta",
                        "1945e8e7-0278-4bfb-bb99-af1080b2a934.ta", "50c82425-94da-4072-a3e0-58ef063767c0.ta",
                        "f4e750bb-1437-4fbf-8785-8d3580c34994.ta"),
                        files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
            }
        }
    }
}
