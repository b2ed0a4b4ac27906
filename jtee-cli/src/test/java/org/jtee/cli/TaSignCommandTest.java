package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.UUID;
import org.jtee.examples.helloworld.HelloWorldTa;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaImageInfo;
import org.jtee.tapkg.TaVersions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee ta sign}: PackageTa from the command line, with keys in a temporary directory. */
class TaSignCommandTest {
    @TempDir
    Path tmp;
    private Path keys;
    private Path jar;
    private Path out;

    @BeforeEach
    void jarAndKeys() throws Exception {
        keys = TestImages.devKeys(tmp);
        jar = Files.write(tmp.resolve("hello-ta.jar"), TestImages.helloJar());
        out = tmp.resolve("out");
    }

    @Test
    void sign_devKey_uuidAndVersionFromTheAnnotation_verifies() throws Exception {
        Cli.Result r = Cli.run("ta", "sign", "--jar", jar.toString(), "--out", out.toString(), "--keys-dir", keys.toString());
        assertEquals(0, r.status(), r.toString());
        Path image = out.resolve(TestImages.HELLO + ".ta");
        assertTrue(r.out().contains("wrote " + image), r.toString());
        TaImageInfo info = TaImageInfo.parse(Files.readAllBytes(image));
        assertEquals(TaVersions.parse("1.0"), info.version());
        assertEquals(0, Cli.run("ta", "verify", image.toString(), "--keys-dir", keys.toString()).status());
    }

    @Test
    void sign_uuidAndVersionGiven_override() throws Exception {
        Cli.Result r = Cli.run("ta", "sign", "--jar", jar.toString(), "--out", out.toString(), "--keys-dir", keys.toString(),
                "--uuid", TestImages.HELLO.toString(), "--ta-version", "3.2.1");
        assertEquals(0, r.status(), r.toString());
        TaImageInfo info = TaImageInfo.parse(Files.readAllBytes(out.resolve(TestImages.HELLO + ".ta")));
        assertEquals(TestImages.HELLO, info.uuid());
        assertEquals(TaVersions.parse("3.2.1"), info.version());
    }

    @Test
    void sign_uuidOtherThanTheAnnotations_refusedNamingBothUuidsAndTheClass() throws Exception {
        UUID other = UUID.fromString("11111111-2222-4333-8444-555555555555");
        Cli.Result r = Cli.run("ta", "sign", "--jar", jar.toString(), "--out", out.toString(), "--keys-dir", keys.toString(),
                "--uuid", other.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("jtee ta sign: --uuid " + other + " is not the UUID of the TA in " + jar + ": its class "
                + HelloWorldTa.class.getName() + " declares @Ta(uuid = \"" + TestImages.HELLO + "\")"), r.toString());
        assertFalse(Files.exists(out.resolve(other + ".ta")), r.toString());
    }

    @Test
    void sign_encryptWithGivenKey_onlyThatKeyDecrypts() throws Exception {
        Path keyFile = tmp.resolve("enc.key");
        try (TaEncryptionKey k = TaEncryptionKey.generate(new SecureRandom())) {
            k.store(keyFile);
        }
        Cli.Result r = Cli.run("ta", "sign", "--jar", jar.toString(), "--out", out.toString(), "--keys-dir", keys.toString(),
                "--encrypt", "--encryption-key", keyFile.toString());
        assertEquals(0, r.status(), r.toString());
        String image = out.resolve(TestImages.HELLO + ".ta").toString();
        assertTrue(TaImageInfo.parse(Files.readAllBytes(Path.of(image))).encrypted());
        assertEquals(0, Cli.run("ta", "verify", image, "--keys-dir", keys.toString(), "--encryption-key", keyFile.toString()).status());
        assertEquals(1, Cli.run("ta", "verify", image, "--keys-dir", keys.toString()).status(), "the dev encryption key is another key");
    }

    @Test
    void sign_missingJar_exit1NamingIt() {
        Path missing = tmp.resolve("missing.jar");
        Cli.Result r = Cli.run("ta", "sign", "--jar", missing.toString(), "--out", out.toString(), "--keys-dir", keys.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("no such jar: " + missing), r.toString());
    }

    @Test
    void sign_badVersionOrChainWithoutKey_usageError() {
        Cli.Result version = Cli.run("ta", "sign", "--jar", jar.toString(), "--out", out.toString(), "--keys-dir", keys.toString(),
                "--ta-version", "one");
        assertEquals(2, version.status(), version.toString());
        assertTrue(version.err().contains("\"one\""), version.toString());
        Cli.Result chain = Cli.run("ta", "sign", "--jar", jar.toString(), "--chain", "c.pem", "--keys-dir", keys.toString());
        assertEquals(2, chain.status(), chain.toString());
        assertTrue(chain.err().contains("--chain needs --key"), chain.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void sign_classOtherThanTheManifests_usageErrorNamingBoth() {
        Cli.Result r = Cli.run("ta", "sign", "--jar", jar.toString(), "--out", out.toString(), "--keys-dir", keys.toString(),
                "--class", "com.example.Absent");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--class com.example.Absent is not the TA class of " + jar + ": its manifest names "
                + HelloWorldTa.class.getName()), r.toString());
    }
}
