package org.jtee.tapkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.jtee.tapkg.TestKeys.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writeThenRead_privateAndPublicKey_roundTrips(Kind kind) throws Exception {
        KeyPair pair = TestKeys.pair(kind);
        Pem.writePrivateKey(pair.getPrivate(), dir.resolve("k.pem"));
        Pem.writePublicKey(pair.getPublic(), dir.resolve("k.pub"));
        assertEquals(pair.getPrivate(), Pem.readPrivateKey(dir.resolve("k.pem")));
        assertEquals(List.of(pair.getPublic()), Pem.readPublicKeys(dir.resolve("k.pub")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.pem"))));
    }

    @Test
    void readPrivateKey_groupReadable_refuses() throws Exception {
        Path file = dir.resolve("k.pem");
        Pem.writePrivateKey(TestKeys.pair(Kind.ED25519).getPrivate(), file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThrows(IOException.class, () -> Pem.readPrivateKey(file));
    }

    @Test
    void readPrivateKey_pkcs1Label_refusesWithAHint() throws Exception {
        Path file = dir.resolve("k.pem");
        String pem = Pem.encode("RSA " + Pem.PRIVATE_KEY, TestKeys.pair(Kind.RSA_2048).getPrivate().getEncoded());
        Files.writeString(file, pem);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        var e = assertThrows(IOException.class, () -> Pem.readPrivateKey(file));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void readCertificates_twoBlocksWithTextAround_readsBothInOrder() throws Exception {
        KeyPair root = TestKeys.pair(Kind.ED25519);
        var a = TestCertificates.issue("a", root.getPublic(), "a", root.getPrivate(), true);
        var b = TestCertificates.issue("b", root.getPublic(), "a", root.getPrivate(), true);
        Path file = Files.writeString(dir.resolve("c.pem"), "subject=a\n" + Pem.encode(Pem.CERTIFICATE, a.getEncoded())
                + "comment\n" + Pem.encode(Pem.CERTIFICATE, b.getEncoded()));
        assertEquals(List.of(a, b), Pem.readCertificates(file));
    }

    @Test
    void blocks_badBase64_refuses() {
        assertThrows(IOException.class, () -> Pem.blocks("-----BEGIN X-----\nab=cd\n-----END X-----\n"));
    }
}
