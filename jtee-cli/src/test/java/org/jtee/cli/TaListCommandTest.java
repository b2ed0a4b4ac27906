package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee ta list}: a row per image across directories; a broken file shows its error. */
class TaListCommandTest {
    @TempDir
    Path tmp;

    @Test
    void list_twoDirectories_rowPerImageAndBrokenFileWithError() throws Exception {
        KeyPair pair = TestImages.ephemeralKey();
        Path a = TestImages.write(tmp.resolve("a"), TaSigner.withKey(pair.getPrivate())
                .sign(TestImages.HELLO, TaVersions.parse("1.4.0"), TestImages.helloJar()));
        Path broken = Files.writeString(Files.createDirectories(tmp.resolve("b")).resolve("broken.ta"), "junk",
                StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("b").resolve("notes.txt"), "not listed", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("ta", "list", "--ta-dir", tmp.resolve("a").toString(), "--ta-dir", tmp.resolve("b").toString());
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("uuid"), r.toString());
        assertTrue(lines[1].startsWith(TestImages.HELLO.toString()) && lines[1].contains("1.4.0")
                && lines[1].contains(" no ") && lines[1].endsWith(a.toString()), r.toString());
        assertTrue(lines[2].startsWith("?") && lines[2].contains(broken + ": error: "), r.toString());
        assertTrue(lines[3].startsWith("(2 images in "), r.toString());
        assertFalse(r.out().contains("notes.txt"), r.toString());
    }

    @Test
    void list_emptyDirectory_onlyTheHeader() {
        Cli.Result r = Cli.run("ta", "list", "--ta-dir", tmp.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("(0 images in "), r.toString());
    }

    @Test
    void list_missingDirectory_exit1NamingIt() {
        Path missing = tmp.resolve("missing");
        Cli.Result r = Cli.run("ta", "list", "--ta-dir", missing.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("no such directory: " + missing), r.toString());
    }
}
