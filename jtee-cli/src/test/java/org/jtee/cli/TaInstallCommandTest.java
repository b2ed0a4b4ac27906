package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.jtee.examples.helloworld.HelloWorldTa;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee ta install}: verified bytes only, renamed into place, versions only go forward. */
class TaInstallCommandTest {
    @TempDir
    Path tmp;
    private Path keys;
    private Path taDir;

    @BeforeEach
    void keys() {
        keys = TestImages.devKeys(tmp);
        taDir = tmp.resolve("installed");
    }

    @Test
    void install_verifiedImage_copiedAsUuidDotTa() throws Exception {
        byte[] image = TestImages.signedByDevKey(keys, TaVersions.parse("1.0.0"));
        Cli.Result r = install(TestImages.write(tmp.resolve("in"), image));
        assertEquals(0, r.status(), r.toString());
        Path target = taDir.resolve(TestImages.HELLO + ".ta");
        assertArrayEquals(image, Files.readAllBytes(target));
        assertTrue(r.out().startsWith("installed " + TestImages.HELLO + " version 1.0.0"), r.toString());
        assertEquals(1, count(taDir), "no temporary file is left behind");
    }

    @Test
    void install_olderThanInstalled_refusedAndKeepsTheInstalledOne() throws Exception {
        byte[] newer = TestImages.signedByDevKey(keys, TaVersions.parse("1.1.0"));
        assertEquals(0, install(TestImages.write(tmp.resolve("a"), newer)).status());
        Cli.Result r = install(TestImages.write(tmp.resolve("b"), TestImages.signedByDevKey(keys, TaVersions.parse("1.0.9"))));
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("version 1.0.9 of " + TestImages.HELLO + " is older than the installed version 1.1.0"), r.toString());
        assertArrayEquals(newer, Files.readAllBytes(taDir.resolve(TestImages.HELLO + ".ta")));
    }

    @Test
    void install_newerOrSameVersion_replaces() throws Exception {
        assertEquals(0, install(TestImages.write(tmp.resolve("a"), TestImages.signedByDevKey(keys, 1))).status());
        byte[] newer = TestImages.signedByDevKey(keys, 2);
        Cli.Result r = install(TestImages.write(tmp.resolve("b"), newer));
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("replacing version " + TaVersions.format(1)), r.toString());
        assertArrayEquals(newer, Files.readAllBytes(taDir.resolve(TestImages.HELLO + ".ta")));
        assertEquals(0, install(TestImages.write(tmp.resolve("c"), TestImages.signedByDevKey(keys, 2))).status());
        assertEquals(1, count(taDir));
    }

    @Test
    void install_tamperedImage_refusedAndNothingWritten() throws Exception {
        byte[] image = TestImages.signedByDevKey(keys, 1);
        image[image.length / 2] ^= 0x40;
        Cli.Result r = install(TestImages.write(tmp.resolve("in"), image));
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("jtee ta install: refused: "), r.toString());
        assertFalse(Files.exists(taDir.resolve(TestImages.HELLO + ".ta")));
    }

    @Test
    void install_imageWhoseClassDeclaresAnotherUuid_refusedAndNothingWritten() throws Exception {
        UUID other = UUID.fromString("11111111-2222-4333-8444-555555555555");
        Path file;
        try (DevKeys dev = DevKeys.load(keys)) {
            file = Files.write(tmp.resolve(other + ".ta"), TaSigner.withKey(dev.signingKey()).sign(other, 1, TestImages.helloJar()));
        }
        Cli.Result r = install(file);
        assertEquals(1, r.status(), r.toString());
        assertEquals("jtee ta install: refused: the image is for TA " + other + ", but its TA class "
                + HelloWorldTa.class.getName() + " declares @Ta(uuid = \"" + TestImages.HELLO + "\")\n", r.err(), r.toString());
        assertFalse(Files.exists(taDir), r.toString());
    }

    @Test
    void install_bareJar_saysToSignItFirst() throws Exception {
        Path jar = Files.write(tmp.resolve("foo.jar"), TestImages.helloJar());
        Cli.Result r = install(jar);
        assertEquals(1, r.status(), r.toString());
        assertEquals("jtee ta install: " + jar + " is a JAR, not a signed TA image: sign it first: jtee ta sign --jar " + jar
                + " --out DIR\n", r.err(), r.toString());
    }

    private Cli.Result install(Path file) {
        return Cli.run("ta", "install", file.toString(), "--ta-dir", taDir.toString(), "--keys-dir", keys.toString());
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
