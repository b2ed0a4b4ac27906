package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.UUID;
import org.jtee.examples.helloworld.HelloWorldTa;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.TaEncryptionKey;
import org.jtee.tapkg.TaSigner;
import org.jtee.tapkg.TaVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee ta verify}: the same decision as the core, with the reason when it refuses. */
class TaVerifyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void verify_signedByDevKey_printsOkWithUuidVersionSignerAndSize() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        Path file = TestImages.write(tmp, TestImages.signedByDevKey(keys, TaVersions.parse("1.2.3")));
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--keys-dir", keys.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("OK " + file), r.toString());
        assertTrue(r.out().contains("uuid:         " + TestImages.HELLO), r.toString());
        assertTrue(r.out().contains("version:      1.2.3"), r.toString());
        assertTrue(r.out().contains("signer:       "), r.toString());
        assertTrue(r.out().contains("payload size: " + TestImages.helloJar().length + " bytes"), r.toString());
    }

    @Test
    void verify_trustFileGiven_acceptsItsKey() throws Exception {
        KeyPair pair = TestImages.ephemeralKey();
        Path file = TestImages.write(tmp, TaSigner.withKey(pair.getPrivate()).sign(TestImages.HELLO, 1, TestImages.helloJar()));
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--trust", TestImages.trustFile(tmp, pair).toString());
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void verify_signedByAnotherKey_refusedWithExit1() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        KeyPair other = TestImages.ephemeralKey();
        Path file = TestImages.write(tmp, TaSigner.withKey(other.getPrivate()).sign(TestImages.HELLO, 1, TestImages.helloJar()));
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--keys-dir", keys.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("jtee ta verify: refused: "), r.toString());
        assertTrue(r.out().isEmpty(), r.toString());
    }

    @Test
    void verify_oneByteFlipped_refused() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        byte[] image = TestImages.signedByDevKey(keys, 1);
        image[image.length - 1] ^= 1;
        Cli.Result r = Cli.run("ta", "verify", TestImages.write(tmp, image).toString(), "--keys-dir", keys.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("refused: "), r.toString());
    }

    @Test
    void verify_uuidOptionDiffersFromImage_refused() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        Path file = TestImages.write(tmp, TestImages.signedByDevKey(keys, 1));
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--uuid", UUID.randomUUID().toString(), "--keys-dir", keys.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("refused: "), r.toString());
    }

    @Test
    void verify_fileNameNotAUuid_usageErrorUnlessUuidGiven() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        Path file = Files.write(tmp.resolve("hello.ta"), TestImages.signedByDevKey(keys, 1));
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--keys-dir", keys.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("cannot tell the TA's UUID from the file name hello.ta"), r.toString());
        Cli.Result named = Cli.run("ta", "verify", file.toString(), "--uuid", TestImages.HELLO.toString(), "--keys-dir", keys.toString());
        assertEquals(0, named.status(), named.toString());
    }

    @Test
    void verify_encryptedImage_needsTheEncryptionKey() throws Exception {
        KeyPair pair = TestImages.ephemeralKey();
        Path keyFile = tmp.resolve("ta.key");
        try (TaEncryptionKey key = TaEncryptionKey.generate(new SecureRandom())) {
            key.store(keyFile);
            byte[] image = TaSigner.withKey(pair.getPrivate()).encryptedWith(key).sign(TestImages.HELLO, 1, TestImages.helloJar());
            TestImages.write(tmp, image);
        }
        String file = tmp.resolve(TestImages.HELLO + ".ta").toString();
        String trust = TestImages.trustFile(tmp, pair).toString();
        Cli.Result withKey = Cli.run("ta", "verify", file, "--trust", trust, "--encryption-key", keyFile.toString(),
                "--keys-dir", tmp.resolve("no-dev-keys").toString());
        assertEquals(0, withKey.status(), withKey.toString());
        Cli.Result without = Cli.run("ta", "verify", file, "--trust", trust, "--keys-dir", tmp.resolve("no-dev-keys").toString());
        assertEquals(1, without.status(), without.toString());
        assertTrue(without.err().contains("refused: "), without.toString());
    }

    @Test
    void verify_noDevKeyAndNoTrust_saysHowToGetOne() throws Exception {
        Path file = TestImages.write(tmp, new byte[16]);
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--keys-dir", tmp.resolve("absent").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("run `jtee keys init`"), r.toString());
    }

    @Test
    void verify_trustGiven_brokenDevKeyDirectoryDoesNotMatter() throws Exception {
        KeyPair pair = TestImages.ephemeralKey();
        Path file = TestImages.write(tmp, TaSigner.withKey(pair.getPrivate()).sign(TestImages.HELLO, 1, TestImages.helloJar()));
        Path halfKeys = Files.createDirectories(tmp.resolve("half-keys"));
        Files.writeString(halfKeys.resolve("ta-signing.pub"), "not a key");
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--trust", TestImages.trustFile(tmp, pair).toString(),
                "--keys-dir", halfKeys.toString());
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void verify_missingFile_namesIt() {
        Path file = tmp.resolve(TestImages.HELLO + ".ta");
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--trust", tmp.resolve("x.pem").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains(file.toString()), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    @Test
    void verify_imageWhoseClassDeclaresAnotherUuid_refusedNamingBothUuidsAndTheClass() throws Exception {
        Path keys = TestImages.devKeys(tmp);
        UUID other = UUID.fromString("11111111-2222-4333-8444-555555555555");
        Path file;
        try (DevKeys dev = DevKeys.load(keys)) {
            file = Files.write(tmp.resolve(other + ".ta"), TaSigner.withKey(dev.signingKey()).sign(other, 1, TestImages.helloJar()));
        }
        Cli.Result r = Cli.run("ta", "verify", file.toString(), "--keys-dir", keys.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("jtee ta verify: refused: the image is for TA " + other + ", but its TA class "
                + HelloWorldTa.class.getName() + " declares @Ta(uuid = \"" + TestImages.HELLO + "\")\n", r.err(), r.toString());
    }

    @Test
    void verify_bareJar_saysToSignItFirst() throws Exception {
        Path jar = Files.write(tmp.resolve("foo.jar"), TestImages.helloJar());
        Cli.Result r = Cli.run("ta", "verify", jar.toString(), "--keys-dir", TestImages.devKeys(tmp).toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("jtee ta verify: " + jar + " is a JAR, not a signed TA image: sign it first: jtee ta sign --jar " + jar
                + " --out DIR\n", r.err(), r.toString());
    }
}
