package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaEncryptionKeyTest {
    @TempDir
    Path dir;

    @Test
    void storeThenLoad_sameKey_decryptsWhatItEncrypted() throws Exception {
        Path file = dir.resolve("k");
        byte[] image;
        try (TaEncryptionKey key = TaEncryptionKey.generate(new SecureRandom())) {
            key.store(file);
            image = TaSigner.withKey(TestKeys.pair(TestKeys.Kind.ED25519).getPrivate()).encryptedWith(key)
                    .sign(TestKeys.TA, 1, TestKeys.JAR);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, Files.size(file));
        try (TaEncryptionKey loaded = TaEncryptionKey.load(file)) {
            TaVerifier v = new TaVerifier(TestKeys.trusting(TestKeys.pair(TestKeys.Kind.ED25519)), loaded);
            assertArrayEquals(TestKeys.JAR, v.verify(TestKeys.TA, image).jar());
        }
    }

    @Test
    void store_existingFile_refuses() throws Exception {
        Path file = Files.writeString(dir.resolve("k"), "keep me");
        try (TaEncryptionKey key = TaEncryptionKey.generate(new SecureRandom())) {
            assertThrows(FileAlreadyExistsException.class, () -> key.store(file));
        }
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void load_wrongSize_refuses() throws Exception {
        Path file = privateFile(new byte[31]);
        assertTrue(assertThrows(IOException.class, () -> TaEncryptionKey.load(file)).getMessage().contains("31 bytes"));
    }

    @Test
    void load_allZero_refuses() throws Exception {
        Path file = privateFile(new byte[32]);
        assertTrue(assertThrows(IOException.class, () -> TaEncryptionKey.load(file)).getMessage().contains("all zero"));
    }

    @Test
    void load_groupReadable_refuses() throws Exception {
        Path file = privateFile(new byte[32]);
        Files.write(file, new SecureRandom().generateSeed(32));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        var e = assertThrows(IOException.class, () -> TaEncryptionKey.load(file));
        assertTrue(e.getMessage().contains("readable or writable by group/others"), e.getMessage());
    }

    @Test
    void use_afterClose_refuses() {
        TaEncryptionKey key = TaEncryptionKey.generate(new SecureRandom());
        key.close();
        TaSigner signer = TaSigner.withKey(TestKeys.pair(TestKeys.Kind.ED25519).getPrivate()).encryptedWith(key);
        assertThrows(IllegalStateException.class, () -> signer.sign(TestKeys.TA, 1, TestKeys.JAR));
        assertThrows(IllegalStateException.class, () -> key.store(dir.resolve("k")));
    }

    private Path privateFile(byte[] content) throws IOException {
        Path file = dir.resolve("k");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
