package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee ta inspect}: header fields, marked unverified. */
class TaInspectCommandTest {
    @TempDir
    Path tmp;

    @Test
    void inspect_signedImage_printsHeaderMarkedUnverified() throws Exception {
        KeyPair pair = TestImages.ephemeralKey();
        byte[] image = TaSigner.withKey(pair.getPrivate()).sign(TestImages.HELLO, TaVersions.parse("2.0.1"), TestImages.helloJar());
        Path file = TestImages.write(tmp, image);
        Cli.Result r = Cli.run("ta", "inspect", file.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("UNVERIFIED"), r.toString());
        assertTrue(r.out().contains("uuid:           " + TestImages.HELLO), r.toString());
        assertTrue(r.out().contains("version:        2.0.1"), r.toString());
        assertTrue(r.out().contains("payload size:   " + TestImages.helloJar().length + " bytes"), r.toString());
        assertTrue(r.out().contains("chain length:   0"), r.toString());
        assertTrue(r.out().contains("encrypted:      no"), r.toString());
    }

    @Test
    void inspect_notAnImage_exit1WithReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("junk.ta"), "not a TA", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("ta", "inspect", file.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("jtee ta inspect: not a TA image: "), r.toString());
    }

    @Test
    void inspect_directory_exit1() {
        Cli.Result r = Cli.run("ta", "inspect", tmp.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("is a directory"), r.toString());
    }
}
