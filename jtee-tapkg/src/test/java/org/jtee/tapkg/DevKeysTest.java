package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void loadOrCreate_emptyPlace_createsPrivateFilesAndSaysSo() throws Exception {
        Path dir = tmp.resolve("a/keys");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (DevKeys keys = DevKeys.loadOrCreate(dir, new PrintStream(said, true, StandardCharsets.UTF_8))) {
            assertEquals("rwx------", mode(dir));
            assertEquals("rw-------", mode(dir.resolve("ta-signing.key")));
            assertEquals("rw-------", mode(dir.resolve("ta-encryption.key")));
            assertEquals(dir.resolve("ta-signing.pub"), keys.publicKeyFile());
            assertEquals(dir.resolve("ta-encryption.key"), keys.encryptionKeyFile());
            assertEquals("Ed25519", keys.publicKey().getAlgorithm().replace("EdDSA", "Ed25519"));
            assertTrue(keys.fingerprint().matches("SHA-256:[0-9a-f]{64}"), keys.fingerprint());
            String text = said.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(keys.fingerprint()) && text.contains("encryption key"), text);
        }
    }

    @Test
    void loadOrCreate_secondTime_loadsTheSameKeysSilently() throws Exception {
        Path dir = tmp.resolve("keys");
        String first;
        try (DevKeys keys = DevKeys.loadOrCreate(dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            first = keys.fingerprint();
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (DevKeys keys = DevKeys.loadOrCreate(dir, new PrintStream(said, true, StandardCharsets.UTF_8))) {
            assertEquals(first, keys.fingerprint());
            assertEquals("", said.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void createdKeys_signAnImageTheirPublicKeyFileVerifies() throws Exception {
        try (DevKeys keys = DevKeys.loadOrCreate(tmp.resolve("keys"), QUIET)) {
            byte[] image = TaSigner.withKey(keys.signingKey()).encryptedWith(keys.encryptionKey())
                    .sign(TestKeys.TA, 1, TestKeys.JAR);
            TrustStore trust = TrustStore.load(List.of(keys.publicKeyFile()));
            VerifiedTa ta = new TaVerifier(trust, keys.encryptionKey()).verify(TestKeys.TA, image);
            assertArrayEquals(TestKeys.JAR, ta.jar());
            assertTrue(ta.signer().endsWith(keys.fingerprint()), ta.signer());
        }
    }

    @Test
    void load_absent_refusesNamingTheFile() {
        var e = assertThrows(IOException.class, () -> DevKeys.load(tmp.resolve("none")));
        assertTrue(e.getMessage().contains("ta-signing.key"), e.getMessage());
    }

    @Test
    void load_privateKeyMode0644_refuses() throws Exception {
        Path dir = tmp.resolve("keys");
        DevKeys.loadOrCreate(dir, QUIET).close();
        Files.setPosixFilePermissions(dir.resolve("ta-signing.key"), PosixFilePermissions.fromString("rw-r--r--"));
        var e = assertThrows(IOException.class, () -> DevKeys.load(dir));
        assertTrue(e.getMessage().contains("group/others"), e.getMessage());
    }

    @Test
    void load_publicKeyOfAnotherPair_refuses() throws Exception {
        Path dir = tmp.resolve("keys");
        DevKeys.loadOrCreate(dir, QUIET).close();
        Pem.writePublicKey(TestKeys.other(TestKeys.Kind.ED25519).getPublic(), dir.resolve("ta-signing.pub"));
        var e = assertThrows(IOException.class, () -> DevKeys.load(dir));
        assertTrue(e.getMessage().contains("is not the public key of"), e.getMessage());
    }

    @Test
    void loadOrCreate_onlyPublicKeyPresent_refusesRatherThanReplacing() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("keys"));
        Pem.writePublicKey(TestKeys.other(TestKeys.Kind.ED25519).getPublic(), dir.resolve("ta-signing.pub"));
        var e = assertThrows(IOException.class, () -> DevKeys.loadOrCreate(dir, QUIET));
        assertTrue(e.getMessage().contains("exists without its pair"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("ta-encryption.key")));
    }
}
