package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.jtee.tapkg.TestKeys.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {
    @TempDir
    Path dir;

    @Test
    void load_keyAndRootInOneFile_trustsBoth() throws Exception {
        KeyPair key = TestKeys.pair(Kind.EC_P256);
        KeyPair root = TestKeys.pair(Kind.ED25519);
        var cert = TestCertificates.issue("Root", root.getPublic(), "Root", root.getPrivate(), true);
        Path file = Files.writeString(dir.resolve("trust.pem"),
                Pem.encode(Pem.PUBLIC_KEY, key.getPublic().getEncoded()) + Pem.encode(Pem.CERTIFICATE, cert.getEncoded()));

        TrustStore trust = TrustStore.load(List.of(file));

        assertFalse(trust.isEmpty());
        String[] lines = trust.describe().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("key EC-P256 key SHA-256:"), lines[0]);
        assertTrue(lines[1].startsWith("root CN=Root (Ed25519 key SHA-256:"), lines[1]);
        byte[] image = TaSigner.withKey(key.getPrivate()).sign(TestKeys.TA, 1, TestKeys.JAR);
        new TaVerifier(trust, null).verify(TestKeys.TA, image);
    }

    @Test
    void load_privateKeyBlock_refuses() throws Exception {
        Path file = Files.writeString(dir.resolve("trust.pem"),
                Pem.encode(Pem.PRIVATE_KEY, TestKeys.pair(Kind.ED25519).getPrivate().getEncoded()));
        var e = assertThrows(IOException.class, () -> TrustStore.load(List.of(file)));
        assertTrue(e.getMessage().contains("not \"" + Pem.PRIVATE_KEY + "\""), e.getMessage());
    }

    @Test
    void load_fileWithoutBlocks_refuses() throws Exception {
        Path file = Files.writeString(dir.resolve("trust.pem"), "nothing here\n");
        assertThrows(IOException.class, () -> TrustStore.load(List.of(file)));
    }

    @Test
    void of_nothing_isEmptyAndSaysSo() {
        TrustStore empty = TrustStore.of(List.of(), List.of());
        assertTrue(empty.isEmpty());
        assertEquals("no trusted TA signing keys", empty.describe());
    }
}
